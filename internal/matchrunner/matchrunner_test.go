package matchrunner_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/testenv"
)

func runner() matchrunner.Runner {
	return matchrunner.Process(filepath.Join(testenv.Root(), "battlefield"))
}

// The runner's answers arrive as package battlefield's types: a check's
// verdict with its line, a match with its winner (a draw as -1), scores,
// forfeit and replay; the runner failing (an event it refuses) is an
// error, never a result.
func TestTheRunnersContract(t *testing.T) {
	r := runner()
	chk, err := r.Check(t.Context(), "duel", "from battlefield import Robot\nclass A(Robot):\n    def step(self, state):\n        return (\n")
	if err != nil || chk.OK || chk.Line != 4 {
		t.Errorf("check of an unclosed parenthesis: %+v, %v; want refused on line 4", chk, err)
	}
	chk, err = r.Check(t.Context(), "duel", "from battlefield import Robot\nclass A(Robot):\n    def step(self, state):\n        return 1\n")
	if err != nil || !chk.OK || chk.Class != "A" {
		t.Errorf("check of a robot: %+v, %v", chk, err)
	}

	res, err := r.Play(t.Context(), "duel", 7, [2]battlefield.Contender{{House: "calculator"}, {House: "calculator"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Winner != -1 || res.Scores[0] != res.Scores[1] || res.Forfeit != nil || res.Turns == 0 || !strings.HasPrefix(res.Replay, "{") {
		t.Errorf("calculator against itself: %+v, want a draw with a replay", res)
	}
	again, err := r.Play(t.Context(), "duel", 7, [2]battlefield.Contender{{House: "calculator"}, {House: "calculator"}})
	if err != nil || again.Replay != res.Replay {
		t.Errorf("the same match twice gave different replays (%v)", err)
	}

	res, err = r.Play(t.Context(), "duel", 7, [2]battlefield.Contender{{Code: "from battlefield import Robot\nclass A(Robot):\n    def step(self, state):\n        return 1 / 0\n"}, {House: "sloppy"}})
	if err != nil || res.Winner != 1 || res.Forfeit == nil || res.Forfeit.Side != 0 || res.Forfeit.Reason != "crash" {
		t.Errorf("a robot that raises: %+v %v, want side 0's crash forfeit", res, err)
	}

	if _, err := r.Play(t.Context(), "duel", 7, [2]battlefield.Contender{{House: "nobody"}, {House: "sloppy"}}); err == nil {
		t.Error("an unknown house robot was played, not refused by the runner")
	}
	if _, err := r.Check(t.Context(), "chess", "x = 1"); err != nil {
		t.Errorf("an unknown game is the runner's verdict, not its failure: %v", err)
	}
}

// A patient runner stretches the robots' clocks: a robot that thinks 400
// ms on round 2 is late for the runner's 200 ms (so it scores at most 19,
// less if a loaded machine makes it late elsewhere too), and on time for a
// patient one (all 20).
func TestPatient(t *testing.T) {
	slow := "import time\nfrom battlefield import Robot\nclass Slow(Robot):\n    def step(self, state):\n" +
		"        if state['round'] == 2:\n            time.sleep(0.4)\n        return eval(state['question'])\n"
	dir := filepath.Join(testenv.Root(), "battlefield")
	for _, tt := range []struct {
		r        matchrunner.Runner
		min, max int
	}{{matchrunner.Process(dir), 0, 19}, {matchrunner.Process(dir, matchrunner.Patient(2*time.Second)), 20, 20}} {
		res, err := tt.r.Play(t.Context(), "duel", 3, [2]battlefield.Contender{{Code: slow}, {House: "sloppy"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Scores[0] < tt.min || res.Scores[0] > tt.max {
			t.Errorf("the slow robot scored %d, want %d to %d", res.Scores[0], tt.min, tt.max)
		}
	}
}
