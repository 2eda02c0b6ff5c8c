"""The robot's side of a match: run by the sandbox as a script, in the
robot's own process, folder and limits.

    python3 -P -s -S -B child.py IN_FD OUT_FD SEED SIDE PACKAGE_ROOT

It imports the Robot base class, installs the audit hook, then loads
robot.py from the working directory and answers the runner's turns on the
protocol pipes (never on stdout, which the robot may print to):

    runner -> robot   {"turn": n, "state": {...}}
    robot  -> runner  {"ready": true, "class": "MyBot"}    once loaded
                      {"turn": n, "move": ...}              an answer
                      {"turn": n, "bad": "..."}             a move that is not JSON
                      {"load": "..."}                       could not load
                      {"crash": "...", "kind": "..."}       step raised (kind: crash,
                                                      memory, or output for a file
                                                      over the size limit)
                      {"forbidden": "..."}                  the audit hook stopped it

Each message is one line of JSON. After "load", "crash" or "forbidden" the
process exits at once.
"""

import json
import os
import random
import sys
import traceback

IN_FD, OUT_FD, SEED, SIDE, ROOT = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]

sys.path.insert(0, ROOT)
import battlefield  # noqa: E402  (the only module robots import from outside the standard library)
del sys.path[0]

_write, _exit = os.write, os._exit


def send(msg):
    data = (json.dumps(msg, separators=(",", ":")) + "\n").encode()
    while data:
        n = _write(OUT_FD, data)
        data = data[n:]


def _install_hook(robot_dir):
    """Turns every forbidden operation into a recorded violation and an
    immediate exit. The hook keeps only immutable values and C functions
    bound now, so that a robot replacing os.path or builtins later changes
    nothing it uses."""
    stdlib = tuple(p for p in sys.path if p)
    native = tuple(p.rstrip("/") + "/" for p in stdlib)  # where native modules may load from
    readable = native + (robot_dir + "/", ROOT.rstrip("/") + "/")
    writable = (robot_dir + "/",)
    path0 = tuple(sys.path)
    meta0, hooks0 = tuple(sys.meta_path), tuple(sys.path_hooks)
    fspath, write, exit_, encode = os.fspath, os.write, os._exit, str.encode
    startswith, split, join, rstrip = str.startswith, str.split, "/".join, str.rstrip
    decode = bytes.decode
    sys_, repr_, Exception_ = sys, repr, Exception
    str_, bytes_, int_, tuple_, len_, isinstance_ = str, bytes, int, tuple, len, isinstance
    out_fd = OUT_FD
    denied_modules = frozenset({
        "ctypes", "_ctypes", "_posixsubprocess", "subprocess", "multiprocessing", "_multiprocessing",
        "socket", "_socket", "ssl", "_ssl", "concurrent", "asyncio", "_asyncio", "mmap", "fcntl",
        "resource", "pty", "termios",
        "_posixshmem", "cffi", "_testcapi", "_testinternalcapi", "_xxsubinterpreters", "_interpreters",
        "_xxinterpchannels", "faulthandler", "urllib", "http", "ftplib", "smtplib",
        "telnetlib", "xmlrpc", "webbrowser", "sqlite3", "_sqlite3", "dbm", "readline", "_tkinter",
    })
    denied_events = frozenset({
        "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "os.kill",
        "os.killpg", "os.putenv", "os.unsetenv", "os.chdir", "os.chmod", "os.chown", "os.chflags",
        "os.link", "os.symlink", "os.mknod", "os.setxattr", "os.removexattr", "os.truncate",
        "subprocess.Popen", "signal.pthread_kill", "_thread.start_new_thread",
        "gc.get_objects", "gc.get_referrers", "gc.get_referents", "resource.setrlimit",
        "resource.prlimit", "sys.addaudithook", "ctypes.dlopen", "ctypes.dlsym", "ctypes.cdata",
        "ctypes.call_function", "mmap.__new__", "pty.spawn", "shutil.chown",
        "sys.remote_exec", "sys._current_frames", "sys._current_exceptions",
    })
    path_events = {  # event -> whether it writes
        "open": None, "os.listdir": False, "os.scandir": False, "os.mkdir": True, "os.remove": True,
        "os.rmdir": True, "os.rename": True, "os.utime": True, "glob.glob": False,
        "glob.glob/2": False, "os.listxattr": False, "os.getxattr": False, "shutil.copyfile": True,
        "shutil.rmtree": True, "shutil.move": True, "shutil.copytree": True,
    }
    code_attrs = frozenset({"__code__", "__closure__", "__globals__", "__defaults__", "__kwdefaults__"})

    def forbid(what):
        data = encode('{"forbidden":' + _quote(what) + "}\n", "utf-8", "replace")
        try:
            write(out_fd, data)
        finally:
            exit_(3)

    def _quote(s):
        out = '"'
        for ch in s[:200]:
            if ch == '"' or ch == "\\":
                out += "\\" + ch
            elif ch < " " or ch > "~":
                out += "?"
            else:
                out += ch
        return out + '"'

    def normal(p):
        if isinstance_(p, int_):
            return None  # an open file descriptor: nothing new is opened
        p = fspath(p)
        if isinstance_(p, bytes_):
            p = decode(p, "utf-8", "surrogateescape")
        if not startswith(p, "/"):
            p = robot_dir + "/" + p
        parts = []
        for part in split(p, "/"):
            if part == "..":
                return ""  # never needed, never allowed
            if part and part != ".":
                parts.append(part)
        return "/" + join(parts)

    def allowed(p, writing):
        n = normal(p)
        if n is None:
            return True
        for prefix in (writable if writing else readable):
            if startswith(n + "/", prefix):
                return True
        return False

    def hook(event, args):
        if event in denied_events or startswith(event, "socket.") or startswith(event, "ctypes.") \
                or startswith(event, "winreg.") or startswith(event, "os.exec") or startswith(event, "os.spawn"):
            forbid(event)
        if event == "import":
            top = split(args[0], ".")[0] if isinstance_(args[0], str_) else ""
            if top in denied_modules:
                forbid("import " + top)
            # A native module names its file: only the standard library's load.
            if len_(args) > 1 and args[1] is not None:
                try:
                    n = normal(args[1])
                except Exception_:
                    n = ""
                ok = False
                for prefix in native:
                    if n is not None and startswith(n + "/", prefix):
                        ok = True
                if not ok:
                    forbid("import of native code from " + (args[1] if isinstance_(args[1], str_) else repr_(args[1])))
            if tuple_(sys_.path) != path0 or tuple_(sys_.meta_path) != meta0 or tuple_(sys_.path_hooks) != hooks0:
                forbid("import with a changed import path")
            return
        if event == "object.__setattr__" and len_(args) >= 2 and args[1] in code_attrs:
            forbid("setting " + str_(args[1]))
        if event in path_events:
            writing = path_events[event]
            paths = args[:2] if event in ("os.rename", "shutil.copyfile", "shutil.move", "shutil.copytree") else args[:1]
            if event == "open":
                mode = args[1] if len_(args) > 1 else "r"
                flags = args[2] if len_(args) > 2 and isinstance_(args[2], int_) else 0
                writing = (flags & 3) != 0 or (flags & 0o100) != 0  # O_WRONLY/O_RDWR, O_CREAT
                if isinstance_(mode, str_):
                    for c in mode:
                        if c in "wax+":
                            writing = True
            i = -1
            for p in paths:
                i += 1
                if p is None and event in ("os.listdir", "os.scandir"):
                    p = robot_dir
                if event in ("os.rename", "shutil.copyfile", "shutil.move", "shutil.copytree") and i == 0:
                    w = writing if event != "shutil.copyfile" and event != "shutil.copytree" else False
                else:
                    w = writing
                try:
                    ok = allowed(p, w)
                except Exception_:
                    ok = False
                if not ok:
                    forbid(event + " " + (p if isinstance_(p, str_) else repr_(p)))

    sys.addaudithook(hook)


def _where(tb):
    """The robot's line a traceback ended on, or 0."""
    line = 0
    for frame in traceback.StackSummary.extract(traceback.walk_tb(tb), lookup_lines=False):
        if frame.filename == "robot.py":
            line = frame.lineno
    return line


def _describe(e):
    text = type(e).__name__
    msg = str(e)
    if msg:
        text += ": " + msg
    line = _where(e.__traceback__)
    if line:
        text += " (line %d)" % line
    return text[:300]


def _kind(e):
    if isinstance(e, MemoryError):
        return "memory"
    if isinstance(e, OSError) and e.errno == 27:  # EFBIG: a file over RLIMIT_FSIZE
        return "output"
    return "crash"


def main():
    robot_dir = os.getcwd()
    with open("robot.py", "rb") as f:
        source = f.read()
    random.seed(SEED * 2 + SIDE)
    inp = os.fdopen(IN_FD, "rb", buffering=0)
    try:
        code = compile(source, "robot.py", "exec")
    except (SyntaxError, ValueError) as e:
        send({"load": "syntax error: %s (line %s)" % (getattr(e, "msg", str(e)), getattr(e, "lineno", 0) or 0)})
        _exit(2)
    _install_hook(robot_dir)
    module = type(sys)("robot")
    module.__file__ = "robot.py"
    sys.modules["robot"] = module
    try:
        exec(code, module.__dict__)
        cls = None
        for value in list(module.__dict__.values()):
            if isinstance(value, type) and issubclass(value, battlefield.Robot) \
                    and value is not battlefield.Robot and value.__module__ == "robot":
                cls = value
                break
        if cls is None:
            send({"load": "no class derived from Robot"})
            _exit(2)
        robot = cls()
        robot.side = SIDE
    except MemoryError:
        try:
            send({"load": "MemoryError", "kind": "memory"})
        finally:
            _exit(4)
    except BaseException as e:  # noqa: B036 (anything the robot raises while loading)
        try:
            send({"load": _describe(e), "kind": _kind(e)})
        finally:
            _exit(2)
    send({"ready": True, "class": cls.__name__})

    buf = b""
    while True:
        while b"\n" not in buf:
            chunk = inp.read(1 << 16)
            if not chunk:
                _exit(0)
            buf += chunk
        line, buf = buf.split(b"\n", 1)
        msg = json.loads(line)
        turn = msg["turn"]
        try:
            move = robot.step(msg["state"])
        except MemoryError:
            try:
                send({"turn": turn, "crash": "MemoryError", "kind": "memory"})
            finally:
                _exit(4)
        except BaseException as e:  # noqa: B036
            try:
                sys.stdout.flush()
                send({"turn": turn, "crash": _describe(e), "kind": _kind(e)})
            finally:
                _exit(1)
        sys.stdout.flush()
        try:
            send({"turn": turn, "move": move})
        except (TypeError, ValueError, RecursionError) as e:
            send({"turn": turn, "bad": "the move is not JSON: " + type(move).__name__})


main()
