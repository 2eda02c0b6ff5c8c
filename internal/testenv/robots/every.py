# A duel robot that answers right only on the rounds divisible by N, and
# one too many on the others, so its score is known before the match: of
# the 20 rounds, 20 // N are answered right. The league tests enter it as
# every1 to every4, with N set to 1 to 4.
from battlefield import Robot

N = 1


class Every(Robot):
    def step(self, state):
        right = eval(state["question"])
        if state["round"] % N == 0:
            return right
        return right + 1
