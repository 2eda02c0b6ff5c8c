# A duel robot that answers right only on the rounds divisible by 3, and
# one too many on the others, so its score is known before the match: the
# 20 rounds hold 6 such rounds.
from battlefield import Robot


class Every3(Robot):
    def step(self, state):
        right = eval(state["question"])
        if state["round"] % 3 == 0:
            return right
        return right + 1
