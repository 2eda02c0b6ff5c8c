"""Matches through the sandbox: determinism, and the hostile-robot matrix.
Every hostile robot must lose by forfeit with its reason code, the other
robot must be unaffected, and the next match in this process must be fine."""

import json
import os
import resource
import tempfile
import time
import unittest

from tests import helpers
from tests.helpers import FAST, RELAXED, limits, robot
from runner import engine, house

SECRET = "do-not-leak-" + "0123456789"


def play(game, r0, r1=None, seed=1, limits=FAST):
    if r1 is None:
        r1 = house.source(game, "calculator" if game == "duel" else "flood")
    start = time.monotonic()
    res = engine.play(game, seed, [r0, r1], limits=limits)
    res["seconds"] = time.monotonic() - start
    return res


def leftovers():
    tmp = tempfile.gettempdir()
    return {d for d in os.listdir(tmp) if d.startswith("battlefield-%d-" % os.getpid()) and "-python-" not in d}


def zombies():
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/stat" % pid) as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[1] == str(os.getpid()):
                out.append((pid, fields[0]))
    return out


class DeterminismTest(unittest.TestCase):
    def test_same_seed_same_replay(self):
        for game in ("duel", "grid"):
            for a, b in ((house.names(game)[0], house.names(game)[1]), (None, house.names(game)[1])):
                src_a = helpers.starter(game) if a is None else house.source(game, a)
                src_b = house.source(game, b)
                r1 = engine.play(game, 77, [src_a, src_b])
                r2 = engine.play(game, 77, [src_a, src_b])
                self.assertIsNone(r1["forfeit"])
                self.assertEqual(r1["replay"], r2["replay"])
                self.assertNotEqual(r1["replay"], engine.play(game, 78, [src_a, src_b])["replay"])
                self.assertLess(len(r1["replay"]), 100 * 1024)

    def test_robots_random_is_seeded(self):
        src = robot("import random\nreturn random.choice('NESW') if state['turn'] > 1 else state['me']['heading']")
        r1 = engine.play("grid", 5, [src, src])
        r2 = engine.play("grid", 5, [src, src])
        self.assertEqual(r1["replay"], r2["replay"])

    def test_replay_shape(self):
        res = engine.play("grid", 3, [house.source("grid", "flood"), house.source("grid", "straight")])
        rep = json.loads(res["replay"])
        self.assertEqual(rep["v"], 1)
        self.assertEqual(rep["names"], ["Flood", "Straight"])
        self.assertEqual(rep["setup"]["width"], 25)
        self.assertEqual(len(rep["turns"]), res["turns"])
        self.assertEqual(rep["result"], {"winner": res["winner"], "scores": res["scores"], "forfeit": None})
        self.assertEqual(res["replay"], json.dumps(rep, sort_keys=True, separators=(",", ":")))
        if res["winner"] is not None:
            self.assertGreater(res["scores"][res["winner"]], res["scores"][1 - res["winner"]])


class HostileTest(unittest.TestCase):
    """Each case: the hostile robot (side 0) forfeits with the reason, the
    house robot (side 1) wins, and nothing is left behind."""

    @classmethod
    def setUpClass(cls):
        os.environ["AWS_SECRET_ACCESS_KEY"] = SECRET
        cls.before = leftovers()

    @classmethod
    def tearDownClass(cls):
        os.environ.pop("AWS_SECRET_ACCESS_KEY", None)

    def assertForfeit(self, res, reason, detail=None, seconds=10):
        self.assertIsNotNone(res["forfeit"], res)
        self.assertEqual(res["forfeit"]["robot"], 0, res["forfeit"])
        self.assertEqual(res["forfeit"]["reason"], reason, res["forfeit"])
        if detail:
            self.assertIn(detail, res["forfeit"]["detail"])
        self.assertEqual(res["winner"], 1)
        self.assertGreater(res["scores"][1], res["scores"][0])
        self.assertNotIn(SECRET, res["replay"])
        self.assertLess(res["seconds"], seconds)
        self.assertEqual(json.loads(res["replay"])["result"]["forfeit"], res["forfeit"])
        self.assertEqual(leftovers(), self.before)
        self.assertEqual(zombies(), [])
        # the runner is fine: a normal match right after
        ok = play("duel", house.source("duel", "sloppy"), house.source("duel", "calculator"), limits=RELAXED)
        self.assertIsNone(ok["forfeit"])
        self.assertEqual(ok["winner"], 1)

    def test_infinite_loop(self):
        self.assertForfeit(play("duel", robot("while True: pass")), "timeout", "too slow")

    def test_infinite_loop_while_loading(self):
        src = "from battlefield import Robot\nwhile True: pass\n"
        self.assertForfeit(play("duel", src), "load", "did not start")

    def test_sleeping_past_the_turn(self):
        src = robot("import time\ntime.sleep(0.4)\nreturn 0")
        res = play("duel", src, limits=limits(first_turn_seconds=2.0))
        self.assertForfeit(res, "timeout", "late on 3 turns")
        # on time for the first turn (which allows more), then two late
        # turns are lost and the third late one ends the match
        self.assertEqual(res["turns"], 3)
        rep = json.loads(res["replay"])
        self.assertEqual([t["answers"][0] for t in rep["turns"]], [0, None, None])

    def test_sometimes_late_then_fine(self):
        # late once: the turn is lost, the match goes on to the end
        src = robot("import time\nif state['round'] == 2: time.sleep(1.5)\nreturn 0")
        res = play("duel", src, limits=RELAXED)
        self.assertIsNone(res["forfeit"])
        self.assertEqual(res["turns"], 20)
        self.assertIsNone(json.loads(res["replay"])["turns"][1]["answers"][0])

    def test_cpu(self):
        res = play("duel", robot("while True: pass"), limits=limits(turn_seconds=5.0, clock_seconds=30.0, cpu_seconds=1))
        self.assertForfeit(res, "cpu")

    def test_memory_hog(self):
        self.assertForfeit(play("duel", robot("x = []\nwhile True: x.append(' ' * 10**7)")), "memory")

    def test_fork(self):
        self.assertForfeit(play("duel", robot("import os\nos.fork()\nreturn 0")), "forbidden", "os.fork")

    def test_fork_bomb_subprocess(self):
        src = robot("import subprocess\nsubprocess.Popen(['sh', '-c', ':(){ :|:& };:'])\nreturn 0")
        self.assertForfeit(play("duel", src), "forbidden", "subprocess")

    def test_fork_bomb_multiprocessing(self):
        src = robot("import multiprocessing\nwhile True: multiprocessing.Process(target=print).start()")
        self.assertForfeit(play("duel", src), "forbidden", "multiprocessing")

    def test_posix_fork_directly(self):
        # reaching the posix module without importing anything new
        src = robot("import sys\nsys.modules['posix'].fork()\nreturn 0")
        self.assertForfeit(play("duel", src), "forbidden", "os.fork")

    def test_thread(self):
        # clone() answers EPERM under the seccomp filter
        src = robot("import threading\nthreading.Thread(target=lambda: None).start()\nreturn 0")
        self.assertForfeit(play("duel", src), "crash", "can't start new thread")

    def test_environment_is_empty(self):
        # what it sees of os.environ is the robot's own, and holds nothing of the runner's
        src = robot("""
            import os
            leaked = [k for k in os.environ if k.startswith('AWS')] or [v for v in os.environ.values() if 'leak' in v]
            if leaked:
                raise RuntimeError('saw ' + ','.join(leaked))
            return 1 / 0
        """)
        self.assertForfeit(play("duel", src), "crash", "ZeroDivisionError: division by zero (line 11)")

    def test_proc_self_environ(self):
        src = robot("return len(open('/proc/self/environ').read())")
        self.assertForfeit(play("duel", src), "forbidden", "open /proc/self/environ")

    def test_parent_environ(self):
        src = robot("import os\nreturn len(open('/proc/%d/environ' % os.getppid(), 'rb').read())")
        self.assertForfeit(play("duel", src), "forbidden", "/environ")

    def test_parent_environ_with_os_open(self):
        src = robot("import os\nfd = os.open('/proc/%d/environ' % os.getppid(), os.O_RDONLY)\nreturn len(os.read(fd, 99999))")
        self.assertForfeit(play("duel", src), "forbidden", "/environ")

    def test_etc_passwd(self):
        self.assertForfeit(play("duel", robot("return len(open('/etc/passwd').read())")), "forbidden", "/etc/passwd")

    def test_runner_source(self):
        path = os.path.join(helpers.ROOT, "runner", "engine.py")
        src = robot("return len(open(%r).read())" % path)
        self.assertForfeit(play("duel", src), "forbidden", "engine.py")

    def test_dot_dot(self):
        src = robot("import os\nreturn len(os.listdir('../..'))")
        self.assertForfeit(play("duel", src), "forbidden", "os.listdir")

    def test_socket(self):
        src = robot("import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 9))\nreturn 0")
        self.assertForfeit(play("duel", src), "forbidden", "socket")

    def test_kill_parent(self):
        src = robot("import os\nos.kill(os.getppid(), 9)\nreturn 0")
        self.assertForfeit(play("duel", src), "forbidden", "os.kill")

    def test_ctypes(self):
        src = robot("import ctypes\nctypes.CDLL(None).kill(ctypes.CDLL(None).getppid(), 9)\nreturn 0")
        self.assertForfeit(play("duel", src), "forbidden", "import ctypes")

    def test_underscore_ctypes_by_importlib(self):
        src = robot("import importlib\nimportlib.import_module('_ctypes')\nreturn 0")
        self.assertForfeit(play("duel", src), "forbidden", "_ctypes")

    def test_native_library_from_its_folder(self):
        src = robot("""
            import importlib.machinery, importlib.util
            open('evil.so', 'wb').write(b'\\x7fELF' + bytes(60))
            loader = importlib.machinery.ExtensionFileLoader('evil', 'evil.so')
            spec = importlib.util.spec_from_file_location('evil', 'evil.so', loader=loader)
            importlib.util.module_from_spec(spec)
            return 0
        """)
        self.assertForfeit(play("duel", src), "forbidden", "native code")

    def test_changing_the_import_path(self):
        src = robot("import sys\nsys.path.insert(0, '.')\nimport evil\nreturn 0")
        self.assertForfeit(play("duel", src), "forbidden", "import")

    def test_printing_megabytes(self):
        src = robot("print('x' * 4 * 1024 * 1024)\nreturn 0")
        self.assertForfeit(play("duel", src), "output", "printed more than 64 KiB")

    def test_printing_a_little_is_fine(self):
        printed = []
        res = engine.play("duel", 1, [robot("print('thinking', state['round'])\nreturn 0"), house.source("duel", "sloppy")],
                          limits=RELAXED, on_output=lambda side, b: printed.append((side, b)))
        self.assertIsNone(res["forfeit"])
        self.assertEqual({side for side, _ in printed}, {0})
        text = b"".join(b for _, b in printed).decode()
        self.assertEqual(text.splitlines(), ["thinking %d" % r for r in range(1, 21)])

    def test_garbage_on_the_protocol(self):
        src = robot("import os, sys\nos.write(int(sys.argv[2]), b'not json\\n')\nreturn 0")
        self.assertForfeit(play("duel", src), "garbage")

    def test_answer_not_json(self):
        self.assertForfeit(play("duel", robot("return object()")), "garbage", "not JSON")

    def test_illegal_move(self):
        self.assertForfeit(play("duel", robot("return 'forty-two'")), "illegal", '"forty-two"')
        self.assertForfeit(play("grid", robot("return 'UP'")), "illegal")

    def test_exception(self):
        res = play("duel", robot("x = 1\nreturn x // 0"))
        self.assertForfeit(res, "crash", "crashed: ZeroDivisionError: integer division or modulo by zero (line 7)")

    def test_exit(self):
        self.assertForfeit(play("duel", robot("raise SystemExit(0)")), "crash", "SystemExit")

    def test_syntax_error(self):
        self.assertForfeit(play("duel", "from battlefield import Robot\nclass Bot(Robot)\n"), "load", "syntax")

    def test_no_robot_class(self):
        self.assertForfeit(play("duel", "def step(state):\n    return 1\n"), "load", "no class derived from Robot")

    def test_write_a_big_file(self):
        # Python ignores SIGXFSZ: the write fails with EFBIG, which, uncaught,
        # is an output forfeit
        src = robot("open('big', 'w').write('x' * 4 * 1024 * 1024)\nreturn 0")
        self.assertForfeit(play("duel", src), "output", "File too large")

    def test_both_forfeit(self):
        src = robot("return 1 / 0")
        res = engine.play("duel", 1, [src, src], limits=FAST)
        self.assertIsNone(res["winner"])
        self.assertEqual(res["scores"], [0, 0])
        self.assertEqual(res["forfeit"]["robot"], 0)


class LimitsTest(unittest.TestCase):
    def test_a_match_ends_within_seconds_at_default_limits(self):
        # two robots thinking just under the turn's limit every turn: the
        # clock ends the match, not the 200 turns
        src = house.source("grid", "flood").replace("def step(self, state):", "def step(self, state):\n        __import__('time').sleep(0.18)")
        start = time.monotonic()
        res = engine.play("grid", 1, [src, house.source("grid", "flood")])
        if res["forfeit"] is not None:
            self.assertEqual(res["forfeit"]["reason"], "timeout", res["forfeit"])
        self.assertLess(time.monotonic() - start, 15)

    def test_thinking_clock(self):
        # on time every turn, but out of thinking time over the match
        res = engine.play("duel", 1, [robot("__import__('time').sleep(0.13)\nreturn 0"), house.source("duel", "sloppy")],
                          limits=limits(turn_seconds=0.6))
        self.assertEqual(res["forfeit"]["reason"], "timeout", res["forfeit"])
        self.assertIn("thought for more than 1 s", res["forfeit"]["detail"])
        self.assertLess(res["turns"], 10)

    def test_runner_limits_untouched(self):
        self.assertNotEqual(resource.getrlimit(resource.RLIMIT_CPU)[0], FAST.cpu_seconds)


if __name__ == "__main__":
    unittest.main()
