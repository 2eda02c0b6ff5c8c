"""What every game provides to the engine."""


class Game:
    """One match of a game, from a seed.

    The engine asks ``state(side)`` for each robot, collects both moves
    (``None`` for a robot that answered late), checks each with ``legal``,
    and calls ``play`` with both; ``play`` returns the turn's record for
    the replay. The match ends when ``over()``.
    """

    name = ""
    title = ""

    def __init__(self, seed):
        self.seed = seed
        self.turn = 0

    def setup(self):
        """What the replay needs before the first turn."""
        return {}

    def over(self):
        raise NotImplementedError

    def state(self, side):
        raise NotImplementedError

    def legal(self, move):
        """Whether move is a move of this game (None is never passed)."""
        raise NotImplementedError

    def play(self, moves):
        raise NotImplementedError

    def scores(self):
        raise NotImplementedError

    def winner(self):
        """0 or 1, or None for a draw, once over()."""
        a, b = self.scores()
        return 0 if a > b else 1 if b > a else None
