# A starter robot for grid, the light cycles.
#
# Your cycle moves one cell every turn and leaves a trail. Hitting a wall,
# a trail (yours too) or the edge of the grid crashes it; the last cycle
# riding wins. Try it:
#
#     make match GAME=grid ROBOT=battlefield/starters/grid.py
#
# Everything about the game is in docs/BATTLEFIELD.md.

from battlefield import Robot

# How each move changes (x, y). y grows downwards: "N" is up the screen.
STEPS = {"N": (0, -1), "E": (1, 0), "S": (0, 1), "W": (-1, 0)}


class Starter(Robot):

    # step is called once per turn. The parts of `state` used here:
    #   state["me"]      {"x": ..., "y": ..., "heading": "N"/"E"/"S"/"W"}
    #   state["grid"]    a list of strings, one per row: state["grid"][y][x]
    #                    is "." when that cell is free
    #   state["width"], state["height"]   the size of the grid
    # Return "N", "E", "S" or "W" within 200 milliseconds.
    def step(self, state):
        me = state["me"]

        # Keep going the same way when the next cell is free; otherwise
        # take the first free direction.
        for move in [me["heading"], "N", "E", "S", "W"]:
            dx, dy = STEPS[move]
            x, y = me["x"] + dx, me["y"] + dy
            if self.free(state, x, y):
                return move

        # Nowhere to go: this is the end of the ride.
        return me["heading"]

    def free(self, state, x, y):
        inside = 0 <= x < state["width"] and 0 <= y < state["height"]
        return inside and state["grid"][y][x] == "."

    # Ideas to win more: look two or more steps ahead, count how many cells
    # you can still reach after each move (a flood fill), and keep away from
    # where the other cycle ("them") can go next.
