"""A house robot for grid that moves where the most cells stay reachable
(a flood fill from each free neighbour), avoiding cells the other cycle
could also enter this turn when it can."""

from collections import deque

from battlefield import Robot

STEPS = {"N": (0, -1), "E": (1, 0), "S": (0, 1), "W": (-1, 0)}


class Flood(Robot):
    def step(self, state):
        w, h, grid = state["width"], state["height"], state["grid"]
        me, them = state["me"], state["them"]
        blocked = {(x, y) for y in range(h) for x in range(w) if grid[y][x] != "."}
        danger = {(them["x"] + dx, them["y"] + dy) for dx, dy in STEPS.values()}

        def free(c):
            return 0 <= c[0] < w and 0 <= c[1] < h and c not in blocked

        def room(start):
            seen, todo = {start}, deque([start])
            while todo:
                x, y = todo.popleft()
                for dx, dy in STEPS.values():
                    c = (x + dx, y + dy)
                    if free(c) and c not in seen:
                        seen.add(c)
                        todo.append(c)
            return len(seen)

        best, best_score = me["heading"], None
        for d in ("N", "E", "S", "W"):
            c = (me["x"] + STEPS[d][0], me["y"] + STEPS[d][1])
            if not free(c):
                continue
            score = (c not in danger, room(c), d == me["heading"])
            if best_score is None or score > best_score:
                best, best_score = d, score
        return best
