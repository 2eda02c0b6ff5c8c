"""The Lambda handler's contract: games, check and play, and bad events."""

import json
import unittest

from tests import helpers
from runner import handler, house


class GamesTest(unittest.TestCase):
    def test_games(self):
        out = handler.handle({"action": "games"}, None)
        names = [g["name"] for g in out["games"]]
        self.assertEqual(names, ["duel", "grid"])
        for g in out["games"]:
            self.assertGreaterEqual(len(g["house"]), 2)
            self.assertTrue(g["title"])
        json.dumps(out)


class CheckTest(unittest.TestCase):
    def check(self, code, game="duel"):
        return handler.handle({"action": "check", "game": game, "code": code}, None)

    def test_good(self):
        self.assertEqual(self.check(helpers.starter("duel")), {"ok": True, "class": "Starter"})
        self.assertEqual(self.check("import battlefield\nclass A(battlefield.Robot):\n    def step(self, s): pass\n"),
                         {"ok": True, "class": "A"})

    def test_syntax_error_names_the_line(self):
        out = self.check("from battlefield import Robot\n\nclass Bot(Robot)\n    def step(self, s): return 1\n")
        self.assertFalse(out["ok"])
        self.assertEqual(out["line"], 3)
        self.assertTrue(out["message"])

    def test_no_robot_class(self):
        self.assertEqual(self.check("class Bot:\n    def step(self, s): return 1\n"),
                         {"ok": False, "line": 0, "message": "no class derived from Robot"})

    def test_no_step(self):
        out = self.check("from battlefield import Robot\nclass Bot(Robot):\n    pass\n")
        self.assertEqual(out, {"ok": False, "line": 2, "message": "class Bot has no step method"})

    def test_never_executed(self):
        out = self.check("raise SystemExit(9)\nfrom battlefield import Robot\nclass B(Robot):\n    def step(self, s): 0\n")
        self.assertTrue(out["ok"])

    def test_deeply_nested(self):
        for code in ("x = " + "(" * 100000 + ")" * 100000, "x = " + "-" * 1000000 + "1", "[" * 50000):
            out = self.check(code)
            self.assertFalse(out["ok"])
            self.assertIsInstance(out["line"], int)
            self.assertTrue(out["message"])

    def test_unknown_game(self):
        self.assertEqual(self.check("x", game="chess"), {"ok": False, "line": 0, "message": "unknown game"})

    def test_too_big(self):
        out = self.check("#" * (64 * 1024 + 1))
        self.assertEqual(out, {"ok": False, "line": 0, "message": "code is larger than 64 KiB"})


class PlayTest(unittest.TestCase):
    def test_play(self):
        out = handler.handle({"action": "play", "game": "duel", "seed": 123,
                              "robots": [{"code": helpers.starter("duel")}, {"house": "calculator"}]}, None)
        self.assertEqual(set(out), {"game", "seed", "winner", "scores", "forfeit", "turns", "replay"})
        self.assertEqual((out["game"], out["seed"], out["winner"], out["forfeit"], out["turns"]),
                         ("duel", 123, 1, None, 20))
        self.assertEqual(out["scores"][1], 20)
        rep = json.loads(out["replay"])
        self.assertEqual(rep["names"], ["Starter", "house:calculator"])
        t = rep["turns"][0]
        self.assertEqual(set(t), {"round", "question", "answer", "answers", "scores"})
        json.dumps(out)

    def test_house_vs_house(self):
        for game in ("duel", "grid"):
            a, b = house.names(game)[:2]
            out = handler.handle({"action": "play", "game": game, "seed": 9, "robots": [{"house": a}, {"house": b}]}, None)
            self.assertIsNone(out["forfeit"])

    def test_bad_events_raise(self):
        good = {"action": "play", "game": "duel", "seed": 1, "robots": [{"house": "sloppy"}, {"house": "sloppy"}]}
        bad = [
            "play", {}, {"action": "dance"},
            {**good, "game": "chess"}, {**good, "seed": -1}, {**good, "seed": 2 ** 31}, {**good, "seed": "1"},
            {**good, "seed": True}, {**good, "robots": [{"house": "sloppy"}]},
            {**good, "robots": [{"house": "nobody"}, {"house": "sloppy"}]},
            {**good, "robots": [{"code": 1}, {"house": "sloppy"}]},
            {**good, "robots": [{"code": "x", "house": "sloppy"}, {"house": "sloppy"}]},
            {**good, "robots": [{"code": "#" * 70000}, {"house": "sloppy"}]},
            {"action": "check", "game": "duel"},
        ]
        for event in bad:
            with self.assertRaises(ValueError, msg=str(event)[:80]):
                handler.handle(event, None)


if __name__ == "__main__":
    unittest.main()
