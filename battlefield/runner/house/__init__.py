"""House robots: robots every player can fight, one file each, played in
the sandbox like any member's robot. house/<game>/<name>.py."""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def names(game):
    """The house robots of game, sorted."""
    d = os.path.join(HERE, game)
    if not os.path.isdir(d):
        return []
    return sorted(f[:-3] for f in os.listdir(d) if f.endswith(".py") and not f.startswith("_"))


def source(game, name):
    """The code of a house robot, or None."""
    if name not in names(game):
        return None
    with open(os.path.join(HERE, game, name + ".py"), encoding="utf-8") as f:
        return f.read()
