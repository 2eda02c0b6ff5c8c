"""A house robot for duel that knows sums and differences only; for
anything harder it answers the first number of the question."""

from battlefield import Robot


class Sloppy(Robot):
    def step(self, state):
        words = state["question"].replace("(", " ").replace(")", " ").split()
        if len(words) == 3 and words[1] == "+":
            return int(words[0]) + int(words[2])
        if len(words) == 3 and words[1] == "-":
            return int(words[0]) - int(words[2])
        return int(words[0])
