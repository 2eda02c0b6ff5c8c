"""duel: an arithmetic duel.

ROUNDS rounds; in each, both robots get the same question, an arithmetic
expression on integers generated from the seed, harder as the rounds go:
sums, then differences and products, then mixed expressions with
parentheses, floor division (//) and remainder (%), with Python's meaning.
A robot answers an integer. One point per right answer; a late answer
scores nothing. Higher score wins; equal scores draw.

State given to a robot each round (a dict):
  "game":     "duel"
  "round":    this round, 1 to "rounds"
  "rounds":   how many rounds the match has (20)
  "question": the expression, e.g. "(7 + 5) * 3"
  "scores":   {"me": points so far, "them": the other robot's}
  "last":     null in round 1, then the previous round:
              {"question": str, "answer": the right answer,
               "mine": my answer or null, "theirs": theirs or null}
Move: an int (True and False are not integers here).
"""

import random

from .base import Game

ROUNDS = 20


class _Expr:
    def __init__(self, text, value, atom):
        self.text, self.value, self.atom = text, value, atom


def _num(rng, lo, hi):
    v = rng.randint(lo, hi)
    return _Expr(str(v), v, True)


def _bin(a, op, b):
    def wrap(e):
        return e.text if e.atom else "(" + e.text + ")"
    value = {"+": a.value + b.value, "-": a.value - b.value, "*": a.value * b.value,
             "//": a.value // b.value if b.value else None,
             "%": a.value % b.value if b.value else None}[op]
    return _Expr(wrap(a) + " " + op + " " + wrap(b), value, False)


def question(rng, rnd):
    """The question of round rnd (1-based): (text, right answer)."""
    if rnd <= 5:
        e = _bin(_num(rng, 1, 20 * rnd), "+", _num(rng, 1, 20 * rnd))
    elif rnd <= 10:
        op = rng.choice(["-", "*"])
        if op == "-":
            e = _bin(_num(rng, 1, 100), "-", _num(rng, 1, 100))
        else:
            e = _bin(_num(rng, 2, 12), "*", _num(rng, 2, 12))
    elif rnd <= 15:
        a = _bin(_num(rng, 1, 30), rng.choice(["+", "-"]), _num(rng, 1, 30))
        e = _bin(a, "*", _num(rng, 2, 9)) if rng.random() < 0.5 else _bin(_num(rng, 2, 9), "*", a)
    else:
        a = _bin(_num(rng, 10, 99), "*", _num(rng, 2, 19))
        b = _num(rng, 2, 9)
        e = _bin(a, rng.choice(["//", "%"]), b)
        e = _bin(e, rng.choice(["+", "-"]), _num(rng, 1, 50))
    return e.text, e.value


class Duel(Game):
    name = "duel"
    title = "Arithmetic duel"
    default_move = None

    def __init__(self, seed):
        super().__init__(seed)
        rng = random.Random(seed)
        self.questions = [question(rng, r) for r in range(1, ROUNDS + 1)]
        self.points = [0, 0]
        self.last = None

    def setup(self):
        return {"rounds": ROUNDS}

    def over(self):
        return self.turn >= ROUNDS

    def state(self, side):
        other = 1 - side
        last = None
        if self.last is not None:
            last = {"question": self.last["question"], "answer": self.last["answer"],
                    "mine": self.last["answers"][side], "theirs": self.last["answers"][other]}
        return {"game": self.name, "round": self.turn + 1, "rounds": ROUNDS,
                "question": self.questions[self.turn][0],
                "scores": {"me": self.points[side], "them": self.points[other]}, "last": last}

    def legal(self, move):
        return type(move) is int

    def play(self, moves):
        text, answer = self.questions[self.turn]
        for side in (0, 1):
            if moves[side] is not None and moves[side] == answer:
                self.points[side] += 1
        self.turn += 1
        self.last = {"round": self.turn, "question": text, "answer": answer,
                     "answers": list(moves), "scores": list(self.points)}
        return self.last

    def scores(self):
        return list(self.points)
