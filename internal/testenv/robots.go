package testenv

import (
	"embed"
	"strconv"
	"strings"
	"testing"
)

//go:embed robots/*.py
var robots embed.FS

// LeagueRobot is the code of a duel robot the league tests enter, by name:
// "every1" to "every9" answer right only on the rounds divisible by their
// number, so their scores are known before a match (robots/every.py);
// "looper" never starts and "garbage" answers what no round asks (hostile
// robots, robots/looper.py and robots/garbage.py).
func LeagueRobot(tb testing.TB, name string) string {
	tb.Helper()
	file := name
	n, isEvery := strings.CutPrefix(name, "every")
	if isEvery {
		file = "every"
	}
	b, err := robots.ReadFile("robots/" + file + ".py")
	if err != nil {
		tb.Fatalf("no test robot %q: %v", name, err)
	}
	code := string(b)
	if isEvery {
		if d, err := strconv.Atoi(n); err != nil || d < 1 || d > 9 {
			tb.Fatalf("no test robot %q: every1 to every9", name)
		}
		const one = "\nN = 1\n"
		if !strings.Contains(code, one) {
			tb.Fatalf("robots/every.py no longer sets N = 1 on a line of its own")
		}
		code = strings.Replace(code, one, "\nN = "+n+"\n", 1)
	}
	return code
}
