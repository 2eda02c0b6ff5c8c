"""The seccomp-bpf filter every robot process runs under.

Installed in the child between fork and exec (so it holds from the first
instruction of the robot's interpreter, and is inherited by anything it
could exec), after PR_SET_NO_NEW_PRIVS. System calls on the list answer
EPERM; every other one runs. A call made with another architecture's
convention (32-bit calls on x86_64, x32 numbers) kills the process.
"""

import ctypes
import ctypes.util
import os
import platform
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
X32_SYSCALL_BIT = 0x40000000

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
EPERM = 1

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
PR_SET_DUMPABLE = 4
PR_SET_PDEATHSIG = 1
SIGKILL = 9
SECCOMP_MODE_FILTER = 2

# BPF opcodes
BPF_LD_W_ABS = 0x20   # BPF_LD | BPF_W | BPF_ABS
BPF_JEQ_K = 0x15      # BPF_JMP | BPF_JEQ | BPF_K
BPF_JGE_K = 0x35      # BPF_JMP | BPF_JGE | BPF_K
BPF_RET_K = 0x06      # BPF_RET | BPF_K

# What a robot may not do, by name: new processes or threads, signals to
# anyone, networking, looking into or changing other processes, the kernel's
# administration, and calls Python never needs that widen what native code
# could do (io_uring, bpf, links, memfd, execveat...).
DENIED = (
    "fork", "vfork", "clone", "clone3",
    "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
    "pidfd_send_signal", "pidfd_open", "pidfd_getfd",
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
    "reboot", "swapon", "swapoff", "iopl", "ioperm", "personality",
    "symlink", "symlinkat", "link", "linkat", "mknod", "mknodat",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "open_by_handle_at", "name_to_handle_at", "memfd_create", "execveat",
)

# System call numbers: arch/x86/entry/syscalls/syscall_64.tbl and
# include/uapi/asm-generic/unistd.h (arm64). A name missing from a table
# does not exist on that architecture.
SYSCALLS = {
    "x86_64": {
        "fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
        "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
        "pidfd_send_signal": 424, "pidfd_open": 434, "pidfd_getfd": 438,
        "socket": 41, "socketpair": 53, "connect": 42, "bind": 49, "listen": 50, "accept": 43, "accept4": 288,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
        "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "keyctl": 250, "add_key": 248, "request_key": 249,
        "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308,
        "init_module": 175, "finit_module": 313, "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320,
        "reboot": 169, "swapon": 167, "swapoff": 168, "iopl": 172, "ioperm": 173, "personality": 135,
        "symlink": 88, "symlinkat": 266, "link": 86, "linkat": 265, "mknod": 133, "mknodat": 259,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 304, "name_to_handle_at": 303, "memfd_create": 319, "execveat": 322,
    },
    "aarch64": {
        "clone": 220, "clone3": 435,
        "kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
        "pidfd_send_signal": 424, "pidfd_open": 434, "pidfd_getfd": 438,
        "socket": 198, "socketpair": 199, "connect": 203, "bind": 200, "listen": 201, "accept": 202, "accept4": 242,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272,
        "bpf": 280, "perf_event_open": 241, "userfaultfd": 282, "keyctl": 219, "add_key": 217, "request_key": 218,
        "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "unshare": 97, "setns": 268,
        "init_module": 105, "finit_module": 273, "delete_module": 106, "kexec_load": 104, "kexec_file_load": 294,
        "reboot": 142, "swapon": 224, "swapoff": 225, "personality": 92,
        "symlinkat": 36, "linkat": 37, "mknodat": 33,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 265, "name_to_handle_at": 264, "memfd_create": 279, "execveat": 281,
    },
}
ARCHES = {"x86_64": AUDIT_ARCH_X86_64, "aarch64": AUDIT_ARCH_AARCH64}


class Unavailable(Exception):
    """The filter cannot be built or installed here: robots must not run."""


def _insn(code, jt, jf, k):
    return struct.pack("HBBI", code, jt, jf, k)


def program(machine):
    """The filter for machine ("x86_64" or "aarch64"), as BPF bytes."""
    if machine not in SYSCALLS:
        raise Unavailable("no system call table for " + machine)
    table = SYSCALLS[machine]
    numbers = sorted({table[name] for name in DENIED if name in table})
    insns = [
        _insn(BPF_LD_W_ABS, 0, 0, 4),                     # seccomp_data.arch
        _insn(BPF_JEQ_K, 1, 0, ARCHES[machine]),
        _insn(BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS),
        _insn(BPF_LD_W_ABS, 0, 0, 0),                     # seccomp_data.nr
    ]
    # After the checks: [ALLOW, ERRNO]. Each check jumps to ERRNO on a match.
    checks = len(numbers) + (1 if machine == "x86_64" else 0)
    remaining = checks
    if machine == "x86_64":
        remaining -= 1
        insns.append(_insn(BPF_JGE_K, remaining + 1, 0, X32_SYSCALL_BIT))
    for nr in numbers:
        remaining -= 1
        insns.append(_insn(BPF_JEQ_K, remaining + 1, 0, nr))
    insns.append(_insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    insns.append(_insn(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM))
    return b"".join(insns)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class Filter:
    """The filter for this machine, prepared in the parent so that the
    child only makes two prctl calls between fork and exec."""

    def __init__(self):
        if os.uname().sysname != "Linux":
            raise Unavailable("seccomp needs Linux")
        machine = platform.machine()
        code = program(machine)
        libc_name = ctypes.util.find_library("c") or "libc.so.6"
        try:
            self._libc = ctypes.CDLL(libc_name, use_errno=True)
        except OSError as e:
            raise Unavailable("cannot load the C library: %s" % e) from e
        self._prctl = self._libc.prctl
        self._prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        self._prctl.restype = ctypes.c_int
        self._buf = ctypes.create_string_buffer(code, len(code))
        self._prog = _SockFprog(len(code) // 8, ctypes.cast(self._buf, ctypes.c_void_p))
        self._prog_addr = ctypes.addressof(self._prog)

    def install(self):
        """Installs the filter on the calling process: in the child, before exec.
        Returns 0, or the errno that stopped it."""
        if self._prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return ctypes.get_errno() or -1
        if self._prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, self._prog_addr, 0, 0) != 0:
            return ctypes.get_errno() or -1
        return 0

    def die_with_parent(self):
        """Has the kernel kill the calling process (a robot, in the child
        before exec) when the runner's thread that started it ends."""
        self._prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0)

    def protect_self(self):
        """Makes the calling process (the runner) non-dumpable: no process
        of the same user can read its /proc files (environ, mem) or
        ptrace it."""
        self._prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
