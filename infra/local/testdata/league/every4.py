# A duel robot that answers right only on the rounds divisible by 4, and
# one too many on the others, so its score is known before the match: the
# 20 rounds hold 5 such rounds.
from battlefield import Robot


class Every4(Robot):
    def step(self, state):
        right = eval(state["question"])
        if state["round"] % 4 == 0:
            return right
        return right + 1
