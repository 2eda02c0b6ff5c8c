# A duel robot that answers right only on the rounds divisible by 1, and
# one too many on the others, so its score is known before the match: the
# 20 rounds hold 20 such rounds.
from battlefield import Robot


class Every1(Robot):
    def step(self, state):
        right = eval(state["question"])
        if state["round"] % 1 == 0:
            return right
        return right + 1
