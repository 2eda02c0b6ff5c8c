"""The base class of every Battlefield robot.

A robot is one Python file, standard library only, that defines a class
derived from ``Robot``::

    from battlefield import Robot

    class MyBot(Robot):
        def step(self, state):
            return ...          # this turn's move

The match creates one instance of the first such class in the file, then
calls ``step`` once a turn with ``state``, a dict of plain JSON values
(dicts, lists, strings, integers, booleans, None) describing the game as
this robot sees it. ``step`` returns the move: for ``duel`` an integer, the
answer to the question; for ``grid`` one of the strings "N", "E", "S", "W".
Each game's state and moves are described in docs/BATTLEFIELD.md.

Rules every robot plays by:

- ``step`` must answer within the turn's time (200 ms; the first turn
  1 s). A late answer is lost and the game applies its default move; a
  robot that is late too often, or thinks for more than its clock allows
  over the whole match, loses by forfeit.
- Raising an exception, answering something that is not a move, or
  printing more than 64 KiB loses by forfeit.
- The robot runs alone, in a sandbox: no files but its own folder and the
  standard library, no network, no other processes, no threads.
- The ``random`` module is seeded by the match, so the same match plays
  the same way every time; ``self.side`` is 0 or 1, which robot this is.
"""

__all__ = ["Robot"]


class Robot:
    """Derive from this class and define ``step(self, state) -> move``."""

    #: 0 or 1: which of the match's two robots this is (set before the
    #: first turn).
    side = 0

    def step(self, state):
        """Return this turn's move for ``state``."""
        raise NotImplementedError("a robot must define step(self, state)")
