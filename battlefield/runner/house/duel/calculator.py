"""A house robot for duel that reads the expression properly: a small
recursive-descent parser for + - * // % and parentheses, no eval."""

from battlefield import Robot


def tokens(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            out.append(int(text[i:j]))
            i = j
        elif text.startswith("//", i):
            out.append("//")
            i += 2
        else:
            out.append(c)
            i += 1
    return out


class Calculator(Robot):
    def step(self, state):
        self.toks = tokens(state["question"])
        self.pos = 0
        return self.sum()

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def next(self):
        t = self.peek()
        self.pos += 1
        return t

    def sum(self):
        v = self.product()
        while self.peek() in ("+", "-"):
            v = v + self.product() if self.next() == "+" else v - self.product()
        return v

    def product(self):
        v = self.unary()
        while self.peek() in ("*", "//", "%"):
            op, w = self.next(), self.unary()
            v = v * w if op == "*" else v // w if op == "//" else v % w
        return v

    def unary(self):
        if self.peek() == "-":
            self.next()
            return -self.unary()
        t = self.next()
        if t == "(":
            v = self.sum()
            self.next()
            return v
        return t
