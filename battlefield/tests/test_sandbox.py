"""The kernel's layers of the sandbox, without the audit hook: what a
robot's process could do with native code is still refused."""

import json
import os
import struct
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
                for pid in os.listdir("/proc"):  # this match's robots: children of this process
                    try:
                        with open("/proc/%s/stat" % pid) as f:
                            ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                        with open("/proc/%s/cmdline" % pid, "rb") as f:
                            if ppid == os.getpid() and b"child.py" in f.read():
                                pids.append(int(pid))
                    except (OSError, ValueError, IndexError):
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


def run_bpf(prog, arch, nr):
    """Evaluates a seccomp program (the subset it uses) for one call."""
    insns = [struct.unpack("HBBI", prog[i:i + 8]) for i in range(0, len(prog), 8)]
    data = struct.pack("iI", nr, arch)
    acc, pc = 0, 0
    while True:
        code, jt, jf, k = insns[pc]
        if code == seccomp.BPF_LD_W_ABS:
            acc = struct.unpack_from("I", data, k)[0]
            pc += 1
        elif code == seccomp.BPF_JEQ_K:
            pc += 1 + (jt if acc == k else jf)
        elif code == seccomp.BPF_JGE_K:
            pc += 1 + (jt if acc >= k else jf)
        elif code == seccomp.BPF_RET_K:
            return k
        else:
            raise AssertionError("unknown instruction %#x" % code)


class FilterProgramTest(unittest.TestCase):
    """The filter's logic on both architectures, this one's or not."""

    def test_both_architectures(self):
        errno = seccomp.SECCOMP_RET_ERRNO | seccomp.EPERM
        cases = {
            "x86_64": {"arch": seccomp.AUDIT_ARCH_X86_64, "other": seccomp.AUDIT_ARCH_AARCH64,
                       "allowed": [0, 1, 2, 3, 9, 59, 60, 231],   # read write open close mmap execve exit exit_group
                       "denied": [56, 57, 58, 435, 62, 234, 41, 42, 101, 310, 88]},
            "aarch64": {"arch": seccomp.AUDIT_ARCH_AARCH64, "other": seccomp.AUDIT_ARCH_X86_64,
                        "allowed": [63, 64, 56, 57, 222, 221, 93, 94],  # read write openat close mmap execve exit exit_group
                        "denied": [220, 435, 129, 131, 198, 203, 117, 270, 36]},
        }
        for machine, c in cases.items():
            prog = seccomp.program(machine)
            for nr in c["allowed"]:
                self.assertEqual(run_bpf(prog, c["arch"], nr), seccomp.SECCOMP_RET_ALLOW, (machine, nr))
            for nr in c["denied"]:
                self.assertEqual(run_bpf(prog, c["arch"], nr), errno, (machine, nr))
            for name, nr in seccomp.SYSCALLS[machine].items():
                self.assertEqual(run_bpf(prog, c["arch"], nr), errno, (machine, name))
            self.assertEqual(run_bpf(prog, c["other"], 0), seccomp.SECCOMP_RET_KILL_PROCESS, machine)
            self.assertEqual(run_bpf(prog, 0x40000003, 0), seccomp.SECCOMP_RET_KILL_PROCESS, machine)  # i386
        x32_read = seccomp.X32_SYSCALL_BIT | 0
        self.assertEqual(run_bpf(seccomp.program("x86_64"), seccomp.AUDIT_ARCH_X86_64, x32_read), errno)


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
