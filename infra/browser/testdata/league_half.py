from battlefield import Robot


class Half(Robot):
    """Answers the even rounds right and the odd ones one off."""

    def step(self, state):
        answer = eval(state["question"])
        if state["round"] % 2:
            return answer + 1
        return answer
