"""The games' rules, by hand-checked cases, without robots."""

import random
import unittest

from tests import helpers  # noqa: F401  (sets the path)
from runner.games import duel, grid


class DuelTest(unittest.TestCase):
    def test_questions_are_right_and_harder(self):
        rng = random.Random(7)
        for r in range(1, duel.ROUNDS + 1):
            text, answer = duel.question(rng, r)
            self.assertEqual(eval(text), answer, text)  # the questions mean what Python means
            if r <= 5:
                self.assertIn("+", text)
                self.assertNotIn("(", text)
            if r > 15:
                self.assertTrue("//" in text or "%" in text, text)

    def test_scoring(self):
        g = duel.Duel(1)
        right = g.questions[0][1]
        rec = g.play([right, right + 1])
        self.assertEqual(rec["scores"], [1, 0])
        self.assertEqual(rec["answers"], [right, right + 1])
        st = g.state(1)
        self.assertEqual(st["round"], 2)
        self.assertEqual(st["scores"], {"me": 0, "them": 1})
        self.assertEqual(st["last"]["mine"], right + 1)
        self.assertEqual(st["last"]["theirs"], right)
        g.play([None, g.questions[1][1]])  # a late answer scores nothing
        self.assertEqual(g.scores(), [1, 1])
        while not g.over():
            g.play([None, None])
        self.assertEqual(g.turn, duel.ROUNDS)
        self.assertIsNone(g.winner())

    def test_legal(self):
        g = duel.Duel(1)
        self.assertTrue(g.legal(-3))
        for bad in (True, 1.0, "1", [1], None):
            self.assertFalse(g.legal(bad), bad)

    def test_same_seed_same_questions(self):
        self.assertEqual(duel.Duel(5).questions, duel.Duel(5).questions)
        self.assertNotEqual(duel.Duel(5).questions, duel.Duel(6).questions)


class GridTest(unittest.TestCase):
    def test_walls_are_symmetric_and_starts_free(self):
        for seed in range(50):
            walls = set(grid.walls(seed))
            self.assertTrue(walls, seed)
            for x, y in walls:
                self.assertIn(grid.mirror(x, y), walls)
            for s in grid.STARTS:
                self.assertNotIn(s, walls)
        self.assertNotEqual(grid.walls(1), grid.walls(2))

    def empty(self):
        g = grid.Grid(0)
        g.cells = {tuple(p): side for side, p in enumerate(g.pos)}
        g.walls = []
        return g

    def test_state(self):
        g = self.empty()
        st = g.state(1)
        self.assertEqual(len(st["grid"]), grid.HEIGHT)
        self.assertEqual(len(st["grid"][0]), grid.WIDTH)
        self.assertEqual(st["me"], {"x": 21, "y": 7, "heading": "W"})
        self.assertEqual(st["grid"][7][21], "m")
        self.assertEqual(st["grid"][7][3], "t")

    def test_moves_and_late_keeps_heading(self):
        g = self.empty()
        rec = g.play(["N", None])
        self.assertEqual(rec["pos"], [[3, 6], [20, 7]])
        self.assertEqual(rec["moves"], ["N", "W"])
        self.assertEqual(rec["late"], [False, True])
        self.assertEqual(rec["alive"], [True, True])
        self.assertEqual(g.cells[(3, 6)], 0)

    def test_turning_back_crashes_into_own_trail(self):
        g = self.empty()
        g.play(["E", "W"])
        rec = g.play(["W", "W"])
        self.assertEqual(rec["alive"], [False, True])
        self.assertTrue(g.over())
        self.assertEqual(g.winner(), 1)
        self.assertEqual(g.scores(), [1, 2 + grid.BONUS])

    def test_edge_and_wall(self):
        g = self.empty()
        g.pos[0] = [0, 0]
        g.cells[(22, 7)] = "#"  # robot 1 rides into a wall
        rec = g.play(["N", "E"])
        self.assertEqual(rec["alive"], [False, False])
        self.assertIsNone(g.winner())
        self.assertEqual(g.scores(), [0, 0])

    def test_head_on_is_a_draw(self):
        g = self.empty()
        g.pos = [[10, 7], [12, 7]]
        rec = g.play(["E", "W"])
        self.assertEqual(rec["pos"], [[11, 7], [11, 7]])
        self.assertEqual(rec["alive"], [False, False])
        self.assertIsNone(g.winner())

    def test_turn_cap_is_a_draw(self):
        g = self.empty()
        g.turn = grid.MAX_TURNS - 1
        g.play(["N", "S"])
        self.assertTrue(g.over())
        self.assertEqual(g.scores(), [1, 1])
        self.assertIsNone(g.winner())

    def test_winner_always_scores_more(self):
        for seed in range(20):
            g = grid.Grid(seed)
            rng = random.Random(seed)
            while not g.over():
                g.play([rng.choice("NESW"), rng.choice("NESW")])
            s, w = g.scores(), g.winner()
            if w is not None:
                self.assertGreater(s[w], s[1 - w])
            else:
                self.assertEqual(s[0], s[1])


if __name__ == "__main__":
    unittest.main()
