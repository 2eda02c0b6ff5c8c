#!/usr/bin/env python3
"""Plays one Battlefield match on this machine, in the same sandbox the
match runner uses, and prints it turn by turn.

    python3 battlefield/match.py duel my_robot.py
    python3 battlefield/match.py grid my_robot.py --against straight --seed 7 --replay out.json

--against takes a house robot's name (the default is the game's first) or
another robot's file; --output shows what the robots print.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from runner import engine, games, house, sandbox  # noqa: E402


def show_duel(rec):
    a = ["-" if x is None else x for x in rec["answers"]]
    print("round %2d  %-28s = %-6s  answers %6s %6s   score %d-%d" % (
        rec["round"], rec["question"], rec["answer"], a[0], a[1], rec["scores"][0], rec["scores"][1]))


def show_grid(rec):
    def one(side):
        x, y = rec["pos"][side]
        late = " (late)" if rec["late"][side] else ""
        crash = "" if rec["alive"][side] else " CRASH"
        return "%s -> (%2d,%2d)%s%s" % (rec["moves"][side], x, y, late, crash)
    print("turn %3d  robot 0 %-26s robot 1 %s" % (rec["turn"], one(0), one(1)))


def load(game, arg):
    if os.path.isfile(arg):
        with open(arg, encoding="utf-8") as f:
            return f.read(), None
    src = house.source(game, arg)
    if src is None:
        sys.exit("%s is neither a file nor a house robot of %s (%s)" % (arg, game, ", ".join(house.names(game))))
    return src, "house:" + arg


def main():
    ap = argparse.ArgumentParser(description="Play a Battlefield match locally.")
    ap.add_argument("game", choices=sorted(games.GAMES))
    ap.add_argument("robot", help="your robot's file")
    ap.add_argument("--against", help="a house robot's name or another robot's file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--replay", help="write the replay (JSON) to this file")
    ap.add_argument("--quiet", action="store_true", help="print only the result")
    ap.add_argument("--output", action="store_true", help="show what the robots print, as [robot 0] ...")
    args = ap.parse_args()
    if not 0 <= args.seed <= 2 ** 31 - 1:
        sys.exit("--seed must be from 0 to 2147483647")
    mine, mine_name = load(args.game, args.robot)
    theirs, theirs_name = load(args.game, args.against or house.names(args.game)[0])
    show = show_duel if args.game == "duel" else show_grid
    pending = [b"", b""]

    def printed(side, chunk):
        pending[side] += chunk
        *lines, pending[side] = pending[side].split(b"\n")
        for line in lines:
            print("[robot %d] %s" % (side, line.decode("utf-8", "replace")))

    try:
        res = engine.play(args.game, args.seed, [mine, theirs], names=[mine_name, theirs_name],
                          on_turn=None if args.quiet else show, on_output=printed if args.output else None)
    except sandbox.SandboxError as e:
        sys.exit("the sandbox failed: %s" % e)
    if args.replay:
        with open(args.replay, "w", encoding="utf-8") as f:
            f.write(res["replay"])
    names = json.loads(res["replay"])["names"]
    print()
    print("robot 0: %s   robot 1: %s" % (names[0], names[1]))
    print("scores: %d - %d after %d turns" % (res["scores"][0], res["scores"][1], res["turns"]))
    if res["forfeit"]:
        f = res["forfeit"]
        print("robot %d forfeits (%s): %s" % (f["robot"], f["reason"], f["detail"]))
    print("winner: " + ("draw" if res["winner"] is None else "robot %d (%s)" % (res["winner"], names[res["winner"]])))


if __name__ == "__main__":
    main()
