"""Robot processes: each robot runs child.py in its own process, with
rlimits, the seccomp filter, another user when the runner is root, an
empty environment and a new empty folder; the runner talks to it over two
private pipes and reads what it prints from a third, with a cap."""

import atexit
import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from . import seccomp

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_SOURCE = os.path.dirname(HERE)  # holds the battlefield package
CHILD_SOURCE = os.path.join(HERE, "child.py")
NOBODY = 65534
MAX_CODE = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """A match's limits. Tests shorten the clocks; the defaults are what
    the Lambda function plays with."""
    load_seconds: float = 2.0        # to start, load the code and create the robot
    first_turn_seconds: float = 1.0
    turn_seconds: float = 0.2
    clock_seconds: float = 4.0       # thinking time over the whole match
    late_turns: int = 10             # late turns allowed before a forfeit
    output_bytes: int = 64 * 1024    # stdout and stderr together
    cpu_seconds: int = 8             # RLIMIT_CPU (soft; SIGKILL one second later)
    memory_bytes: int = 256 * 1024 * 1024
    file_bytes: int = 1024 * 1024
    open_files: int = 32


DEFAULT_LIMITS = Limits()

_filter = None
_filter_error = None


def sandbox_filter():
    """The seccomp filter for this machine; raises seccomp.Unavailable if
    there is none, in which case no robot may run."""
    global _filter, _filter_error
    if _filter is None and _filter_error is None:
        try:
            _filter = seccomp.Filter()
            _filter.protect_self()
        except seccomp.Unavailable as e:
            _filter_error = e
    if _filter_error is not None:
        raise seccomp.Unavailable(str(_filter_error))
    return _filter


class SandboxError(Exception):
    """The sandbox itself failed (not a robot's fault): the invocation fails."""


def _preexec(limits, filt):
    """Runs in the child between fork and exec: the limits, then the
    filter. Anything failing here fails the exec, and Popen raises in the
    runner: no robot ever runs without them."""
    def run():
        for res, soft, hard in (
            (resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1),
            (resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes),
            (resource.RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes),
            (resource.RLIMIT_NOFILE, limits.open_files, limits.open_files),
            (resource.RLIMIT_NPROC, 0, 0),
            (resource.RLIMIT_CORE, 0, 0),
        ):
            resource.setrlimit(res, (soft, hard))
        filt.die_with_parent()
        err = filt.install()
        if err:
            raise OSError(err, "cannot install the seccomp filter")
    return run


def _others_can_use(path):
    """Whether a user other than the owner can reach and read path: every
    folder above it searchable by others, the file itself readable."""
    path = os.path.realpath(path)
    parts = path.split("/")
    for i in range(2, len(parts)):
        try:
            if not os.stat("/".join(parts[:i])).st_mode & 0o001:
                return False
        except OSError:
            return False
    try:
        return bool(os.stat(path).st_mode & 0o004)
    except OSError:
        return False


_python = None


def _prefix(interpreter):
    """The installation prefix of interpreter (its PYTHONHOME)."""
    if os.path.realpath(interpreter) == os.path.realpath(sys.executable):
        return sys.base_prefix
    out = subprocess.run([interpreter, "-S", "-c", "import sys; print(sys.base_prefix)"],
                         capture_output=True, text=True, timeout=30, env={})
    return out.stdout.strip()


def python():
    """The interpreter robots run with, and its PYTHONHOME.

    It is the runner's own interpreter, unless the runner is root and the
    robots' user could not run it (a Python installed under /root), then
    the system's python3; in both cases run from an execute-only copy made
    once per runner process. A process that runs a program it may not read
    is not dumpable: no other process of its user (the other robot, when
    both run as one user) can read its /proc files or memory."""
    global _python
    if _python is None:
        candidates = [sys.executable]
        if os.geteuid() == 0:
            candidates = [c for c in (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3")
                          if _others_can_use(c) and _others_can_use(os.path.join(os.path.dirname(os.path.realpath(c)), ".."))]
        chosen = next((c for c in candidates if os.access(c, os.X_OK)), None)
        if chosen is None:
            raise SandboxError("no Python the robots' user (nobody) can run: install python3 in /usr/bin")
        home = _prefix(chosen)
        d = tempfile.mkdtemp(prefix="battlefield-%d-python-" % os.getpid())
        atexit.register(shutil.rmtree, d, True)
        os.chmod(d, 0o711)
        copy = os.path.join(d, "python3")
        shutil.copyfile(os.path.realpath(chosen), copy)
        os.chmod(copy, 0o111)
        env = {"PYTHONHOME": home}
        if os.environ.get("LD_LIBRARY_PATH"):
            env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
        try:
            check = subprocess.run([copy, "-S", "-c", "import json, random"], env=env,
                                   capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError) as e:
            raise SandboxError("the robots' interpreter does not start: %s" % e) from e
        if check.returncode != 0:
            raise SandboxError("the robots' interpreter does not start: %s"
                               % check.stderr.decode("utf-8", "replace").strip()[-300:])
        _python = (copy, home)
    return _python


def environment():
    """The robot's whole environment: nothing of the runner's but where
    the interpreter is installed (PYTHONHOME, as it runs from a copy) and
    where its shared libraries are (LD_LIBRARY_PATH, which Lambda's
    runtimes set and need)."""
    env = {"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
           "LC_ALL": "C.UTF-8", "PYTHONHOME": python()[1]}
    if os.environ.get("LD_LIBRARY_PATH"):
        env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return env


def spawn(args, cwd, limits, pass_fds=(), stdin=subprocess.DEVNULL, stdout=None):
    """Starts sys.executable with args in the sandbox. Returns the Popen and
    the read end of its output pipe (stdout and stderr together) unless
    stdout is given."""
    filt = sandbox_filter()
    out_r = None
    if stdout is None:
        out_r, out_w = os.pipe()
    else:
        out_w = stdout
    root = os.geteuid() == 0
    try:
        proc = subprocess.Popen(
            [python()[0], "-P", "-s", "-S", "-B", "-u"] + args,
            cwd=cwd, env=environment(), stdin=stdin, stdout=out_w, stderr=out_w,
            pass_fds=pass_fds, close_fds=True, start_new_session=True,
            user=NOBODY if root else None, group=NOBODY if root else None,
            extra_groups=[] if root else None,
            preexec_fn=_preexec(limits, filt))
    except (OSError, subprocess.SubprocessError) as e:
        if out_r is not None:
            os.close(out_r)
        raise SandboxError("cannot start a robot process: %s" % e) from e
    finally:
        if stdout is None:
            os.close(out_w)
    return proc, out_r


def make_dir(parent):
    """A new empty folder for one robot, owned by its user."""
    d = tempfile.mkdtemp(prefix="robot-", dir=parent)
    if os.geteuid() == 0:
        os.chown(d, NOBODY, NOBODY)
    os.chmod(d, 0o700)
    return d


def match_dir():
    """The folder a match's robots live in; others may only pass through it.
    It holds lib/, a copy of child.py and of the battlefield package that
    the robots' user can read wherever the runner is installed."""
    _remove_stale()
    d = tempfile.mkdtemp(prefix="battlefield-%d-" % os.getpid())
    os.chmod(d, 0o711)
    lib = os.path.join(d, "lib")
    os.makedirs(os.path.join(lib, "battlefield"))
    shutil.copyfile(CHILD_SOURCE, os.path.join(lib, "child.py"))
    shutil.copyfile(os.path.join(PACKAGE_SOURCE, "battlefield", "__init__.py"),
                    os.path.join(lib, "battlefield", "__init__.py"))
    for dirpath, dirnames, filenames in os.walk(lib):
        os.chmod(dirpath, 0o755)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o444)
    return d


def _remove_stale():
    """Removes the match folders of runner processes that no longer exist
    (killed in the middle of a match: a timeout, the local stack stopping)."""
    tmp = tempfile.gettempdir()
    try:
        names = os.listdir(tmp)
    except OSError:
        return
    for name in names:
        parts = name.split("-")
        if len(parts) >= 3 and parts[0] == "battlefield" and parts[1].isdigit() and int(parts[1]) != os.getpid():
            if not os.path.exists("/proc/" + parts[1]):
                shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)


def lib_dir(match):
    """Where a match's copy of child.py and the battlefield package are."""
    return os.path.join(match, "lib")


def remove_dir(d):
    shutil.rmtree(d, ignore_errors=True)


def kill(proc):
    """Kills the robot's process (and its group) and reaps it."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError as e:
            if e.errno != errno.ESRCH:
                proc.kill()
    proc.wait()


def death(returncode):
    """How a process that ended by itself died: a reason code and detail,
    or None for a normal exit."""
    if returncode is None or returncode >= 0:
        return None
    sig = -returncode
    if sig in (signal.SIGXCPU, signal.SIGKILL):
        return "cpu", "used more than its CPU time"
    if sig == signal.SIGXFSZ:
        return "output", "wrote a file over the size limit"
    if sig == signal.SIGSYS:
        return "forbidden", "made a system call the sandbox refuses"
    try:
        name = signal.Signals(sig).name
    except ValueError:
        name = "signal %d" % sig
    return "crash", "killed by " + name


def encode(msg):
    return (json.dumps(msg, sort_keys=True, separators=(",", ":")) + "\n").encode()
