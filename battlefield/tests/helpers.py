"""What the tests share: short limits and robots written inline."""

import dataclasses
import os
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from runner import sandbox  # noqa: E402

# Short clocks, so that slow robots cost the suite little.
FAST = sandbox.Limits(load_seconds=1.0, first_turn_seconds=0.5, turn_seconds=0.15, clock_seconds=1.0,
                      late_turns=3, cpu_seconds=2)


def limits(**changes):
    """FAST with some limits changed."""
    return dataclasses.replace(FAST, **changes)


# For matches that must play normally even on a busy machine: a robot's
# ordinary answer never comes near these.
RELAXED = limits(load_seconds=5.0, first_turn_seconds=2.0, turn_seconds=1.0, clock_seconds=20.0, cpu_seconds=8)


def robot(body, imports=""):
    """A robot whose step is body (indented code using state)."""
    return textwrap.dedent(imports) + "\nfrom battlefield import Robot\n\nclass Bot(Robot):\n" \
        "    def step(self, state):\n" + textwrap.indent(textwrap.dedent(body), "        ")


def starter(game):
    with open(os.path.join(ROOT, "starters", game + ".py"), encoding="utf-8") as f:
        return f.read()
