package local

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatchRunnerFunction runs the template's Python function, Battlefield's
// match runner, under the emulator with the stack's Python runtime, and
// invokes it through the Invoke API as its callers do: listing the games,
// checking code, playing matches, and a hostile robot after the runtime's
// credentials, which it must not get.
func TestMatchRunnerFunction(t *testing.T) {
	o := testOptions(t)
	o.Template = filepath.Join(o.Root, "template.yaml")
	o.Functions = []string{"MatchRunnerFunction"}
	o.Bootstraps = nil
	o.Params = nil
	s := startStack(t, o)
	invoke := func(t *testing.T, payload any) (*http.Response, map[string]any) {
		t.Helper()
		b, err := json.Marshal(payload)
		if err != nil {
			t.Fatal(err)
		}
		resp, body := do(t, newRequest(t, "POST", s.InvokeURL()+"/2015-03-31/functions/MatchRunnerFunction/invocations", strings.NewReader(string(b))))
		var out map[string]any
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("answer %s: %v", body, err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		return resp, out
	}
	ok := func(t *testing.T, payload any) map[string]any {
		t.Helper()
		resp, out := invoke(t, payload)
		if fe := resp.Header.Get("X-Amz-Function-Error"); fe != "" {
			t.Fatalf("function error %s: %v", fe, out)
		}
		return out
	}
	starter, err := os.ReadFile(filepath.Join(o.Root, "battlefield", "starters", "duel.py"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("games", func(t *testing.T) {
		out := ok(t, map[string]any{"action": "games"})
		games, _ := out["games"].([]any)
		if len(games) != 2 {
			t.Fatalf("games %v", out)
		}
		for _, g := range games {
			if house, _ := g.(map[string]any)["house"].([]any); len(house) < 2 {
				t.Errorf("game %v has fewer than two house robots", g)
			}
		}
	})

	t.Run("check", func(t *testing.T) {
		if out := ok(t, map[string]any{"action": "check", "game": "duel", "code": string(starter)}); out["ok"] != true || out["class"] != "Starter" {
			t.Errorf("the starter: %v", out)
		}
		out := ok(t, map[string]any{"action": "check", "game": "duel", "code": "from battlefield import Robot\nclass Bot(Robot)\n"})
		if out["ok"] != false || out["line"] != float64(2) {
			t.Errorf("a syntax error on line 2: %v", out)
		}
	})

	t.Run("play", func(t *testing.T) {
		out := ok(t, map[string]any{"action": "play", "game": "duel", "seed": 42,
			"robots": []any{map[string]any{"code": string(starter)}, map[string]any{"house": "calculator"}}})
		if out["winner"] != float64(1) || out["forfeit"] != nil || out["turns"] != float64(20) {
			t.Errorf("starter against the calculator: %v", out)
		}
		var replay map[string]any
		if err := json.Unmarshal([]byte(out["replay"].(string)), &replay); err != nil || replay["v"] != float64(1) {
			t.Errorf("replay %v (%v)", out["replay"], err)
		}
		again := ok(t, map[string]any{"action": "play", "game": "duel", "seed": 42,
			"robots": []any{map[string]any{"code": string(starter)}, map[string]any{"house": "calculator"}}})
		// The same seed and robots play the same match, move for move, as
		// long as every answer comes in time: a late one (null in the
		// replay, which only a machine too loaded to run a robot for 200 ms
		// makes) is part of the match.
		late := func(replay any) bool {
			return strings.Contains(replay.(string), `"answers":[null`) || strings.Contains(replay.(string), `,null]`)
		}
		switch {
		case late(out["replay"]) || late(again["replay"]):
			t.Logf("a robot was late (the machine is loaded): the two replays are not compared")
		case again["replay"] != out["replay"]:
			t.Error("the same match played twice gave two replays")
		}
	})

	hostile := []struct{ name, code, reason, detail string }{
		{"environment", "import os\nfrom battlefield import Robot\nclass Spy(Robot):\n    def step(self, state):\n" +
			"        raise RuntimeError('saw ' + os.environ.get('AWS_SECRET_ACCESS_KEY', 'nothing'))\n",
			"crash", "RuntimeError: saw nothing (line 5)"},
		{"parent's environ", "import os\nfrom battlefield import Robot\nclass Spy(Robot):\n    def step(self, state):\n" +
			"        return len(open('/proc/%d/environ' % os.getppid()).read())\n",
			"forbidden", "/environ"},
		{"kill the runtime", "import os\nfrom battlefield import Robot\nclass Spy(Robot):\n    def step(self, state):\n" +
			"        os.kill(os.getppid(), 9)\n",
			"forbidden", "os.kill"},
	}
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			out := ok(t, map[string]any{"action": "play", "game": "grid", "seed": 7,
				"robots": []any{map[string]any{"house": "flood"}, map[string]any{"code": h.code}}})
			f, _ := out["forfeit"].(map[string]any)
			if f == nil || f["robot"] != float64(1) || f["reason"] != h.reason || !strings.Contains(f["detail"].(string), h.detail) {
				t.Errorf("forfeit %v, want robot 1 %s %q", out["forfeit"], h.reason, h.detail)
			}
			if out["winner"] != float64(0) {
				t.Errorf("winner %v", out["winner"])
			}
			if strings.Contains(out["replay"].(string), "local") {
				t.Error("the replay holds the runtime's credentials")
			}
		})
	}

	t.Run("a bad event is a function error", func(t *testing.T) {
		resp, out := invoke(t, map[string]any{"action": "play", "game": "chess", "seed": 1})
		if resp.Header.Get("X-Amz-Function-Error") != "Unhandled" || out["errorType"] != "ValueError" {
			t.Errorf("function error %q: %v", resp.Header.Get("X-Amz-Function-Error"), out)
		}
		// and the runner still answers
		if out := ok(t, map[string]any{"action": "games"}); out["games"] == nil {
			t.Errorf("after the error: %v", out)
		}
	})
}
