from battlefield import Robot


class Right(Robot):
    """Answers every question right."""

    def step(self, state):
        return eval(state["question"])
