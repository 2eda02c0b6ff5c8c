"""A house robot for grid that rides straight on, and turns (right first)
only when the next cell is blocked."""

from battlefield import Robot

STEPS = {"N": (0, -1), "E": (1, 0), "S": (0, 1), "W": (-1, 0)}
RIGHT = {"N": "E", "E": "S", "S": "W", "W": "N"}


class Straight(Robot):
    def step(self, state):
        me, grid = state["me"], state["grid"]

        def free(d):
            x, y = me["x"] + STEPS[d][0], me["y"] + STEPS[d][1]
            return 0 <= x < state["width"] and 0 <= y < state["height"] and grid[y][x] == "."

        d = me["heading"]
        for _ in range(4):
            if free(d):
                return d
            d = RIGHT[d]
        return me["heading"]
