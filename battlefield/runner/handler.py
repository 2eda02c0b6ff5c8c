"""The match runner's Lambda handler: handle(event, context).

Events (see docs/BATTLEFIELD.md for the whole contract):

    {"action": "games"}
    {"action": "check", "game": "duel", "code": "<python source>"}
    {"action": "play", "game": "grid", "seed": 123, "robots": [{"code": "..."}, {"house": "flood"}]}

A malformed event raises ValueError, and a sandbox that cannot be set up
raises SandboxError: either is a function error, which callers treat as the
runner failing, never as a robot's forfeit.
"""

import json
import os
import shutil
import subprocess

from . import engine, games, house, sandbox, seccomp

MAX_SEED = 2 ** 31 - 1
CHECK_SECONDS = 5
CHECK_SOURCE = os.path.join(sandbox.HERE, "check.py")


def handle(event, context=None):
    if not isinstance(event, dict):
        raise ValueError("the event must be a JSON object")
    action = event.get("action")
    try:
        if action == "games":
            return list_games()
        if action == "check":
            return check(event)
        if action == "play":
            return play(event)
    except seccomp.Unavailable as e:
        raise sandbox.SandboxError("the sandbox cannot be installed here: %s" % e) from e
    raise ValueError("unknown action %r" % (action,))


def list_games():
    return {"games": [{"name": name, "title": cls.title, "house": house.names(name)}
                      for name, cls in sorted(games.GAMES.items())]}


def _code(value):
    if not isinstance(value, str):
        raise ValueError("code must be a string")
    if len(value.encode("utf-8", "surrogatepass")) > sandbox.MAX_CODE:
        raise ValueError("code is larger than 64 KiB")
    return value


def check(event):
    code = event.get("code")
    if not isinstance(code, str):
        raise ValueError("code must be a string")
    if games.get(event.get("game")) is None:
        return {"ok": False, "line": 0, "message": "unknown game"}
    if len(code.encode("utf-8", "surrogatepass")) > sandbox.MAX_CODE:
        return {"ok": False, "line": 0, "message": "code is larger than 64 KiB"}
    return check_code(code)


def check_code(code, limits=sandbox.DEFAULT_LIMITS):
    """Parses code in a sandboxed process (the input is hostile: deep
    nesting can crash a parser) and returns the verdict."""
    sandbox.sandbox_filter()
    parent = sandbox.match_dir()
    try:
        script = os.path.join(sandbox.lib_dir(parent), "check.py")
        shutil.copyfile(CHECK_SOURCE, script)
        os.chmod(script, 0o444)
        work = sandbox.make_dir(parent)
        out_r, out_w = os.pipe()
        try:
            proc, _ = sandbox.spawn([script], cwd=work, limits=limits, stdin=subprocess.PIPE, stdout=out_w)
        finally:
            os.close(out_w)
        with os.fdopen(out_r, "rb") as out:
            try:
                proc.communicate(code.encode("utf-8", "surrogatepass"), timeout=CHECK_SECONDS)
            except subprocess.TimeoutExpired:
                sandbox.kill(proc)
                return {"ok": False, "line": 0, "message": "cannot be parsed in time"}
            finally:
                sandbox.kill(proc)
            data = out.read(65536)
    finally:
        sandbox.remove_dir(parent)
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict) and "ok" in v:
            return v
    return {"ok": False, "line": 0, "message": "cannot be parsed: too complex"}


def play(event):
    game = event.get("game")
    if games.get(game) is None:
        raise ValueError("unknown game %r" % (game,))
    seed = event.get("seed")
    if type(seed) is not int or not 0 <= seed <= MAX_SEED:
        raise ValueError("seed must be an integer from 0 to 2^31-1")
    robots = event.get("robots")
    if not isinstance(robots, list) or len(robots) != 2:
        raise ValueError("robots must be a list of two robots")
    sources, names = [], []
    for r in robots:
        if not isinstance(r, dict) or len(r) != 1:
            raise ValueError('a robot is {"code": ...} or {"house": ...}')
        if "code" in r:
            sources.append(_code(r["code"]))
            names.append(None)
        elif "house" in r:
            src = house.source(game, r["house"]) if isinstance(r["house"], str) else None
            if src is None:
                raise ValueError("unknown house robot %r" % (r["house"],))
            sources.append(src)
            names.append("house:" + r["house"])
        else:
            raise ValueError('a robot is {"code": ...} or {"house": ...}')
    return engine.play(game, seed, sources, names=names)
