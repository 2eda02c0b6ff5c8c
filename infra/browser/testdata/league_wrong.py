from battlefield import Robot


class Wrong(Robot):
    """Answers every question one off."""

    def step(self, state):
        return eval(state["question"]) - 1
