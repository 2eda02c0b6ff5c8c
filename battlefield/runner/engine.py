"""Plays one match: two robots in their sandboxes, one game, turn by turn.

The engine is the only place that talks to robot processes. It sends each
robot its state as one JSON line, waits for both answers against the turn's
deadline, and ends the match early when a robot forfeits: the reason codes
are listed in REASONS (and in docs/BATTLEFIELD.md).
"""

import collections
import fcntl
import json
import os
import selectors
import time

from . import games, sandbox

REASONS = {
    "timeout": "too slow: late on too many turns, or out of thinking time",
    "crash": "step (or loading the robot) raised an exception, or the process died",
    "memory": "ran out of memory",
    "cpu": "used more CPU time than the match allows",
    "output": "printed more than the output cap, or wrote a file over the size limit",
    "garbage": "answered something that is not the protocol or not JSON",
    "illegal": "answered a value that is not a move of the game",
    "forbidden": "tried something the sandbox forbids (files, processes, network, signals...)",
    "load": "the code could not be loaded: a syntax error, or no class derived from Robot",
}

MAX_LINE = 1 << 20


def _nonblocking(fd):
    fl = fcntl.fcntl(fd, fcntl.F_GETFL)
    fcntl.fcntl(fd, fcntl.F_SETFL, fl | os.O_NONBLOCK)


class Player:
    """One robot's process and what the runner knows of it."""

    def __init__(self, side, source, seed, parent, limits, on_output=None):
        self.side, self.limits, self.on_output = side, limits, on_output
        self.dir = sandbox.make_dir(parent)
        with open(os.path.join(self.dir, "robot.py"), "wb") as f:
            f.write(source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source)
        to_r, self.to = os.pipe()      # runner -> robot
        self.frm, from_w = os.pipe()   # robot -> runner
        try:
            self.proc, self.out = sandbox.spawn(
                [os.path.join(sandbox.lib_dir(parent), "child.py"), str(to_r), str(from_w), str(seed), str(side),
                 sandbox.lib_dir(parent)],
                cwd=self.dir, limits=limits, pass_fds=(to_r, from_w))
        except BaseException:
            for fd in (self.to, self.frm):
                os.close(fd)
            raise
        finally:
            os.close(to_r)
            os.close(from_w)
        for fd in (self.to, self.frm, self.out):
            _nonblocking(fd)
        self.buf = b""
        self.messages = collections.deque()
        self.proto_open = self.out_open = True
        self.printed = 0
        self.tail = b""
        self.clock = 0.0
        self.late = 0
        self.forfeit = None  # (reason, detail)
        self.name = None

    def fail(self, reason, detail):
        if self.forfeit is None:
            self.forfeit = (reason, detail)

    def send(self, msg):
        data = sandbox.encode(msg)
        try:
            n = os.write(self.to, data)
        except BlockingIOError:
            n = 0
        except BrokenPipeError:
            self.died()
            return
        if n < len(data):
            self.fail("timeout", "stopped reading its turns")

    def read_proto(self):
        try:
            chunk = os.read(self.frm, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            self.proto_open = False
            return
        self.buf += chunk
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            try:
                msg = json.loads(line)
            except ValueError:
                msg = None
            if not isinstance(msg, dict):
                self.fail("garbage", "sent something that is not the protocol")
                continue
            self.messages.append(msg)
        if len(self.buf) > MAX_LINE:
            self.fail("garbage", "sent a line over 1 MiB")
            self.buf = b""

    def read_output(self):
        try:
            chunk = os.read(self.out, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            self.out_open = False
            return
        self.printed += len(chunk)
        self.tail = (self.tail + chunk)[-2048:]
        if self.on_output is not None and self.printed <= self.limits.output_bytes:
            self.on_output(self.side, chunk)
        if self.printed > self.limits.output_bytes:
            self.fail("output", "printed more than %d KiB" % (self.limits.output_bytes // 1024))

    def last_line(self):
        lines = [l for l in self.tail.decode("utf-8", "replace").splitlines() if l.strip()]
        return lines[-1].strip()[:300] if lines else ""

    def died(self):
        """The robot's process ended (or closed its pipe) without saying why."""
        self.proto_open = False
        try:
            code = self.proc.wait(timeout=1)
        except Exception:
            code = None
        how = sandbox.death(code)
        last = self.last_line()
        if how is None:
            if code == 4 or "MemoryError" in last:
                how = ("memory", "ran out of memory")
            else:
                how = ("crash", "exited" + (": " + last if last else ""))
        self.fail(*how)

    def take(self, turn):
        """The next protocol message that matters for turn (None for the
        ready message), applying forfeits; returns ("ready", name),
        ("move", value) or None."""
        while self.messages and self.forfeit is None:
            msg = self.messages.popleft()
            if "forbidden" in msg:
                self.fail("forbidden", "forbidden: " + str(msg["forbidden"])[:200])
            elif "load" in msg:
                kind = msg.get("kind")
                self.fail(kind if kind in ("memory", "output") else "load", str(msg["load"])[:300])
            elif "crash" in msg:
                kind = msg.get("kind")
                self.fail(kind if kind in ("memory", "output") else "crash", "crashed: " + str(msg["crash"])[:300])
            elif turn is None and msg.get("ready") is True:
                self.name = str(msg.get("class", ""))[:100]
                return ("ready", self.name)
            elif turn is not None and isinstance(msg.get("turn"), int) and msg["turn"] < turn:
                continue  # an answer to a turn already played without it
            elif turn is not None and msg.get("turn") == turn and "bad" in msg:
                self.fail("garbage", str(msg["bad"])[:300])
            elif turn is not None and msg.get("turn") == turn and "move" in msg:
                return ("move", msg["move"])
            else:
                self.fail("garbage", "sent something that is not the protocol")
        return None

    def close(self):
        sandbox.kill(self.proc)
        for fd in (self.to, self.frm, self.out):
            try:
                os.close(fd)
            except OSError:
                pass
        sandbox.remove_dir(self.dir)


def _wait(players, turn, deadline):
    """Reads from every robot until each one has answered turn (or is ready,
    for turn None), forfeited, or the deadline passed. Returns
    {side: (answer, seconds)} for those that answered in time."""
    got = {}
    start = time.monotonic()
    sel = selectors.DefaultSelector()
    try:
        for p in players:
            sel.register(p.frm, selectors.EVENT_READ, (p, "proto"))
            sel.register(p.out, selectors.EVENT_READ, (p, "out"))
        while True:
            for p in players:
                if p.side in got or p.forfeit is not None:
                    continue
                answer = p.take(turn)
                if answer is not None:
                    got[p.side] = (answer[1], time.monotonic() - start)
                elif not p.proto_open and not p.messages:
                    p.died()
            if all(p.side in got or p.forfeit is not None for p in players):
                return got
            left = deadline - time.monotonic()
            if left <= 0:
                return got
            for key, _ in sel.select(left):
                p, which = key.data
                if which == "proto":
                    p.read_proto()
                    if not p.proto_open:
                        sel.unregister(p.frm)
                else:
                    p.read_output()
                    if not p.out_open:
                        sel.unregister(p.out)
    finally:
        sel.close()


def _drain_output(players):
    for p in players:
        while p.out_open and p.forfeit is None:
            before = p.printed
            p.read_output()
            if p.printed == before:
                break


def play(game_name, seed, sources, names=None, limits=sandbox.DEFAULT_LIMITS, on_turn=None, on_output=None):
    """Plays a match of game_name between the two robot sources and returns
    the result dict of the runner contract ("replay" is the replay's JSON
    string). on_turn(record) is called after each turn, on_output(side,
    bytes) with what a robot prints, up to the output cap."""
    cls = games.get(game_name)
    if cls is None:
        raise ValueError("unknown game")
    sandbox.sandbox_filter()  # no sandbox, no match
    game = cls(seed)
    parent = sandbox.match_dir()
    players = []
    turns = []
    try:
        for side in (0, 1):
            players.append(Player(side, sources[side], seed, parent, limits, on_output))
        _wait(players, None, time.monotonic() + limits.load_seconds)
        for p in players:
            if p.name is None:
                p.fail("load", "did not start within %g s" % limits.load_seconds)
        while not game.over() and all(p.forfeit is None for p in players):
            n = game.turn + 1
            for p in players:
                p.send({"turn": n, "state": game.state(p.side)})
            budget = limits.first_turn_seconds if n == 1 else limits.turn_seconds
            got = _wait(players, n, time.monotonic() + budget)
            _drain_output(players)
            moves = [None, None]
            for p in players:
                if p.forfeit is not None:
                    continue
                if p.side in got:
                    move, took = got[p.side]
                    p.clock += took
                    if not game.legal(move):
                        p.fail("illegal", "answered %s, which is not a move" % json.dumps(move)[:80])
                    moves[p.side] = move
                else:
                    p.clock += budget
                    p.late += 1
                    if p.late >= limits.late_turns:
                        p.fail("timeout", "too slow: late on %d turns" % p.late)
                if p.forfeit is None and p.clock > limits.clock_seconds:
                    p.fail("timeout", "too slow: thought for more than %g s in all" % limits.clock_seconds)
            if any(p.forfeit is not None for p in players):
                break
            record = game.play(moves)
            turns.append(record)
            if on_turn is not None:
                on_turn(record)
    finally:
        for p in players:
            p.close()
        sandbox.remove_dir(parent)

    forfeit = None
    lost = [p for p in players if p.forfeit is not None]
    if len(players) < 2:  # the sandbox failed to start a robot
        raise sandbox.SandboxError("a robot process could not be started")
    if lost:
        first = lost[0]
        forfeit = {"robot": first.side, "reason": first.forfeit[0], "detail": first.forfeit[1]}
        if len(lost) == 2:
            winner, scores = None, [0, 0]
        else:
            winner = 1 - first.side
            scores = game.scores()
            scores[first.side] = 0
            scores[winner] = max(scores[winner], 1)
    else:
        scores = game.scores()
        winner = game.winner()
    names = [n if n is not None else (p.name or "") for n, p in zip(names or [None, None], players)]
    replay = {"v": 1, "game": game_name, "seed": seed, "names": list(names), "setup": game.setup(),
              "turns": turns, "result": {"winner": winner, "scores": scores, "forfeit": forfeit}}
    return {"game": game_name, "seed": seed, "winner": winner, "scores": scores, "forfeit": forfeit,
            "turns": len(turns), "replay": json.dumps(replay, sort_keys=True, separators=(",", ":"))}
