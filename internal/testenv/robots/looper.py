# A hostile robot: it loops forever while it loads, so it never starts and
# forfeits every match before the first round.
from battlefield import Robot

while True:
    pass


class Looper(Robot):
    def step(self, state):
        return 0
