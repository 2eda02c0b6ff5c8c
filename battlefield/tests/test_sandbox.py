"""The kernel's layers of the sandbox, without the audit hook: what a
robot's process could do with native code is still refused."""

import json
import os
import subprocess
import unittest

from tests import helpers  # noqa: F401
from runner import handler, sandbox, seccomp

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
