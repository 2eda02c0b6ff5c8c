# A starter robot for duel, the arithmetic duel.
#
# Each round your robot gets a question such as "12 + 30" and answers an
# integer. One point per right answer; 20 rounds. Try it:
#
#     make match GAME=duel ROBOT=battlefield/starters/duel.py
#
# Everything about the game is in docs/BATTLEFIELD.md.

# Every robot starts with this line: Robot is the class to build on.
from battlefield import Robot


# Your robot is a class derived from Robot. The name is yours to choose.
class Starter(Robot):

    # step is called once per round. `state` is a dict; the parts you need:
    #   state["question"]  the question, e.g. "12 + 30" or "(7 - 2) * 3"
    #   state["round"]     which round this is, from 1 to 20
    #   state["scores"]    {"me": your points, "them": the other robot's}
    # Return the answer, an int, within 200 milliseconds.
    def step(self, state):
        words = state["question"].split()   # "12 + 30" -> ["12", "+", "30"]

        # The first rounds only ask sums of two numbers: this handles those.
        if len(words) == 3 and words[1] == "+":
            return int(words[0]) + int(words[2])

        # Later rounds ask for -, *, // (floor division) and % (remainder),
        # with parentheses. Teach your robot the rest here! Until then it
        # answers 0, which is wrong but still a valid answer.
        return 0
