"""The games, by name. Each is trusted code and deterministic: everything
random comes from random.Random(seed)."""

from . import duel, grid

GAMES = {duel.Duel.name: duel.Duel, grid.Grid.name: grid.Grid}


def get(name):
    """Returns the game class called name, or None."""
    return GAMES.get(name) if isinstance(name, str) else None
