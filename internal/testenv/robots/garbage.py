# A hostile robot: it answers something that is not JSON, so it forfeits
# every match on the first round.
from battlefield import Robot


class Garbage(Robot):
    def step(self, state):
        return object()
