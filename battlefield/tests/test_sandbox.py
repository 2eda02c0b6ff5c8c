"""The kernel's layers of the sandbox, without the audit hook: what a
robot's process could do with native code is still refused."""

import json
import os
import threading
import time
import unittest

from tests import helpers
from runner import engine, handler, sandbox, seccomp

PROBE = r'''
import json, os, socket, sys
out = {"uid": os.getuid(), "env": sorted(os.environ)}
def attempt(name, f):
    try:
        f()
        out[name] = "allowed"
    except OSError as e:
        out[name] = e.errno
attempt("fork", lambda: os._exit(0) if os.fork() == 0 else None)
attempt("socket", lambda: socket.socket())
attempt("kill", lambda: os.kill(os.getppid(), 0))
attempt("environ", lambda: open("/proc/%d/environ" % os.getppid(), "rb").read())
attempt("symlink", lambda: os.symlink("/etc/passwd", "link"))
print(json.dumps(out))
'''


class KernelLayersTest(unittest.TestCase):
    def probe(self):
        os.environ["AWS_SECRET_ACCESS_KEY"] = "not-for-robots"
        parent = sandbox.match_dir()
        try:
            work = sandbox.make_dir(parent)
            proc, out = sandbox.spawn(["-c", PROBE], cwd=work, limits=helpers.FAST)
            proc.wait(timeout=20)
            with os.fdopen(out, "rb") as f:
                data = f.read()
        finally:
            os.environ.pop("AWS_SECRET_ACCESS_KEY", None)
            sandbox.remove_dir(parent)
        return json.loads(data.decode().strip().splitlines()[-1])

    def test_refused_by_the_kernel(self):
        got = self.probe()
        eperm, eacces = 1, 13
        self.assertEqual(got["fork"], eperm)
        self.assertEqual(got["socket"], eperm)
        self.assertEqual(got["kill"], eperm)
        self.assertEqual(got["symlink"], eperm)
        self.assertIn(got["environ"], (eperm, eacces))
        self.assertNotIn("AWS_SECRET_ACCESS_KEY", got["env"])
        self.assertEqual(got["env"], sorted(sandbox.environment()))
        if os.geteuid() == 0:
            self.assertEqual(got["uid"], sandbox.NOBODY)

    def test_robots_cannot_read_each_other(self):
        # Both robots run as one user (nobody here, the runtime's user on
        # Lambda): each makes itself non-dumpable, so that even native code
        # in one cannot read the other's memory through /proc.
        src = helpers.robot("import time\ntime.sleep(0.05)\nreturn 0")
        done = {}
        match = threading.Thread(target=lambda: done.update(engine.play("duel", 1, [src, src])))
        match.start()
        try:
            pids = []
            deadline = time.monotonic() + 5
            while len(pids) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
                pids = []
                for pid in os.listdir("/proc"):
                    try:
                        with open("/proc/%s/cmdline" % pid, "rb") as f:
                            if b"child.py" in f.read():
                                pids.append(int(pid))
                    except (OSError, ValueError):
                        continue
            self.assertEqual(len(pids), 2, "no robot processes found")
            probe = "import json\nout = {}\nfor p in %r:\n    try:\n        open('/proc/%%d/mem' %% p, 'rb')\n" \
                    "        out[p] = 'readable'\n    except OSError as e:\n        out[p] = e.errno\nprint(json.dumps(out))\n" % pids
            parent = sandbox.match_dir()
            try:
                proc, out = sandbox.spawn(["-c", probe], cwd=sandbox.make_dir(parent), limits=helpers.FAST)
                proc.wait(timeout=20)
                with os.fdopen(out, "rb") as f:
                    got = json.loads(f.read().decode().strip().splitlines()[-1])
            finally:
                sandbox.remove_dir(parent)
        finally:
            match.join(timeout=30)
        self.assertEqual(sorted(got.values()), [13, 13], got)  # EACCES
        self.assertIsNone(done["forfeit"])

    def test_filter_program(self):
        for machine in ("x86_64", "aarch64"):
            prog = seccomp.program(machine)
            self.assertEqual(len(prog) % 8, 0)
            self.assertLess(len(prog) // 8, 256)
        with self.assertRaises(seccomp.Unavailable):
            seccomp.program("sparc")
        # the two tables differ where the architectures do
        self.assertNotIn("fork", seccomp.SYSCALLS["aarch64"])
        self.assertEqual(seccomp.SYSCALLS["x86_64"]["clone"], 56)
        self.assertEqual(seccomp.SYSCALLS["aarch64"]["clone"], 220)


class NoSandboxNoMatchTest(unittest.TestCase):
    def test_fails_loudly(self):
        saved = sandbox._filter, sandbox._filter_error
        sandbox._filter, sandbox._filter_error = None, seccomp.Unavailable("no seccomp on this kernel")
        try:
            for event in ({"action": "play", "game": "duel", "seed": 1, "robots": [{"house": "sloppy"}] * 2},
                          {"action": "check", "game": "duel", "code": "x = 1"}):
                with self.assertRaises(sandbox.SandboxError) as cm:
                    handler.handle(event, None)
                self.assertIn("no seccomp", str(cm.exception))
        finally:
            sandbox._filter, sandbox._filter_error = saved


if __name__ == "__main__":
    unittest.main()
