"""grid: light cycles.

Two cycles race on a WIDTH x HEIGHT grid with walls, each leaving a trail
behind it. Every turn both robots choose a heading at the same time, "N",
"E", "S" or "W", and both cycles move one cell. A cycle that moves off the
grid, into a wall, or into any trail (its own or the other's, heads
included) crashes; so does turning straight back. Two cycles that move into
the same cell both crash. The match ends at the first crash, or after
MAX_TURNS turns.

The walls come from the seed and are symmetric under a half turn of the
grid ((x, y) and (WIDTH-1-x, HEIGHT-1-y) are both walls or both free); so
are the starts: robot 0 at (3, 7) heading "E", robot 1 at (21, 7) heading
"W". Coordinates: x from 0 (left) to WIDTH-1, y from 0 (top) to HEIGHT-1;
"N" is y - 1, "S" is y + 1, "E" is x + 1, "W" is x - 1.

State given to a robot each turn (a dict):
  "game":      "grid"
  "turn":      this turn, from 1
  "max_turns": MAX_TURNS (200)
  "width", "height": the grid's size (25, 15)
  "me", "them": {"x": int, "y": int, "heading": "N"|"E"|"S"|"W"}, each
               cycle's head and the way it last moved
  "grid":      HEIGHT strings of WIDTH characters, row y is grid[y] and
               cell (x, y) is grid[y][x]: "." free, "#" wall, "m" my trail
               (my head included), "t" their trail
Move: "N", "E", "S" or "W". A late robot keeps its heading.

Scores: each robot scores one point per move it made without crashing; the
winner (the one still riding when the other crashed) gets BONUS more. Both
crashing on the same turn, or both riding at MAX_TURNS, is a draw with
equal scores.
"""

import random

from .base import Game

WIDTH, HEIGHT = 25, 15
MAX_TURNS = 200
BONUS = 10
STEPS = {"N": (0, -1), "E": (1, 0), "S": (0, 1), "W": (-1, 0)}
STARTS = ((3, 7), (21, 7))
HEADINGS = ("E", "W")


def mirror(x, y):
    return WIDTH - 1 - x, HEIGHT - 1 - y


def walls(seed):
    """The walls of the match with this seed: a sorted list of (x, y)."""
    rng = random.Random(seed)
    out = set()
    near = lambda x, y: any(abs(x - sx) + abs(y - sy) <= 2 for sx, sy in STARTS)
    for _ in range(rng.randint(6, 12)):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        dx, dy = rng.choice(list(STEPS.values()))
        for _ in range(rng.randint(1, 5)):
            if 0 <= x < WIDTH and 0 <= y < HEIGHT and not near(x, y) and not near(*mirror(x, y)):
                out.add((x, y))
                out.add(mirror(x, y))
            x, y = x + dx, y + dy
    return sorted(out)


class Grid(Game):
    name = "grid"
    title = "Light cycles"

    def __init__(self, seed):
        super().__init__(seed)
        self.walls = walls(seed)
        # cell -> "#" or the side (0, 1) whose trail it is
        self.cells = {c: "#" for c in self.walls}
        self.pos = [list(STARTS[0]), list(STARTS[1])]
        self.heading = list(HEADINGS)
        self.alive = [True, True]
        self.moves_made = [0, 0]
        for side in (0, 1):
            self.cells[tuple(self.pos[side])] = side

    def setup(self):
        return {"width": WIDTH, "height": HEIGHT, "max_turns": MAX_TURNS,
                "walls": [list(c) for c in self.walls],
                "starts": [list(STARTS[0]), list(STARTS[1])], "headings": list(HEADINGS)}

    def over(self):
        return not all(self.alive) or self.turn >= MAX_TURNS

    def state(self, side):
        rows = []
        marks = {"#": "#", side: "m", 1 - side: "t"}
        for y in range(HEIGHT):
            rows.append("".join(marks[self.cells[(x, y)]] if (x, y) in self.cells else "."
                                for x in range(WIDTH)))
        me, them = side, 1 - side
        return {"game": self.name, "turn": self.turn + 1, "max_turns": MAX_TURNS,
                "width": WIDTH, "height": HEIGHT,
                "me": {"x": self.pos[me][0], "y": self.pos[me][1], "heading": self.heading[me]},
                "them": {"x": self.pos[them][0], "y": self.pos[them][1], "heading": self.heading[them]},
                "grid": rows}

    def legal(self, move):
        return type(move) is str and move in STEPS

    def play(self, moves):
        late = [m is None for m in moves]
        applied = [self.heading[s] if moves[s] is None else moves[s] for s in (0, 1)]
        new = []
        for side in (0, 1):
            dx, dy = STEPS[applied[side]]
            new.append((self.pos[side][0] + dx, self.pos[side][1] + dy))
        crashed = [not (0 <= x < WIDTH and 0 <= y < HEIGHT) or (x, y) in self.cells for x, y in new]
        if new[0] == new[1]:
            crashed = [True, True]
        for side in (0, 1):
            self.pos[side] = list(new[side])
            self.heading[side] = applied[side]
            if crashed[side]:
                self.alive[side] = False
            else:
                self.moves_made[side] += 1
                self.cells[new[side]] = side
        self.turn += 1
        return {"turn": self.turn, "moves": applied, "late": late,
                "pos": [list(p) for p in self.pos], "alive": list(self.alive)}

    def scores(self):
        s = list(self.moves_made)
        if self.alive[0] != self.alive[1]:
            s[0 if self.alive[0] else 1] += BONUS
        return s
