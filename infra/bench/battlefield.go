package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/tehpug/backend/infra/local"
)

// runnerID is Battlefield's match runner, the template's Python function.
const runnerID = "MatchRunnerFunction"

// battlefield holds the match runner's numbers.
type battlefield struct {
	coldStarts []time.Duration // INIT durations, each a fresh environment
	firstCalls []time.Duration // the whole first invocation of a fresh environment, INIT included
	warmGames  []time.Duration // {"action": "games"} on a warm environment
	warmChecks []time.Duration // a check of the duel starter, warm
	matches    []matchRate
}

// matchRate is one kind of match, played n times in a row through the
// Invoke API, each with its own seed.
type matchRate struct {
	game, robots string
	n            int
	elapsed      time.Duration
	turns        int
}

// measureBattlefield measures the match runner through the local stack:
// its cold start (INIT, and the whole first invocation) over rounds fresh
// environments, warm invocations, and matches per minute for each game,
// house robot against house robot and starter against house robot, n of
// each in a row on one environment.
func measureBattlefield(ctx context.Context, s *local.Stack, root string, rounds, n int) (battlefield, error) {
	var b battlefield
	games := []byte(`{"action":"games"}`)
	for i := 0; i <= rounds; i++ { // the first round reads everything from disk: discarded
		start := time.Now()
		d, err := s.ColdStart(ctx, runnerID, "", games)
		if err != nil {
			return b, err
		}
		if i > 0 {
			b.coldStarts = append(b.coldStarts, d)
			b.firstCalls = append(b.firstCalls, time.Since(start))
		}
	}
	progress("battlefield: %d cold starts", rounds)
	client := &http.Client{Timeout: time.Minute}
	invoke := func(payload any) (map[string]any, time.Duration, error) {
		body, _ := json.Marshal(payload)
		start := time.Now()
		req, err := http.NewRequestWithContext(ctx, "POST", s.InvokeURL()+"/2015-03-31/functions/"+runnerID+"/invocations", bytes.NewReader(body))
		if err != nil {
			return nil, 0, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, 0, err
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		took := time.Since(start)
		if err != nil {
			return nil, 0, err
		}
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Amz-Function-Error") != "" {
			return nil, 0, fmt.Errorf("%s: status %d, %s", runnerID, resp.StatusCode, out)
		}
		var m map[string]any
		return m, took, json.Unmarshal(out, &m)
	}
	starters := map[string]string{}
	for _, game := range []string{"duel", "grid"} {
		src, err := os.ReadFile(filepath.Join(root, "battlefield", "starters", game+".py"))
		if err != nil {
			return b, err
		}
		starters[game] = string(src)
	}
	if _, _, err := invoke(map[string]any{"action": "games"}); err != nil { // warms one environment
		return b, err
	}
	for range 30 {
		_, d, err := invoke(map[string]any{"action": "games"})
		if err != nil {
			return b, err
		}
		b.warmGames = append(b.warmGames, d)
		_, d, err = invoke(map[string]any{"action": "check", "game": "duel", "code": starters["duel"]})
		if err != nil {
			return b, err
		}
		b.warmChecks = append(b.warmChecks, d)
	}
	house := map[string][2]string{"duel": {"sloppy", "calculator"}, "grid": {"straight", "flood"}}
	for _, game := range []string{"duel", "grid"} {
		for _, kind := range []string{"house", "starter"} {
			first := map[string]any{"house": house[game][0]}
			label := house[game][0] + " vs " + house[game][1]
			if kind == "starter" {
				first = map[string]any{"code": starters[game]}
				label = "starter vs " + house[game][1]
			}
			r := matchRate{game: game, robots: label, n: n}
			start := time.Now()
			for seed := range n {
				out, _, err := invoke(map[string]any{"action": "play", "game": game, "seed": seed + 1,
					"robots": []any{first, map[string]any{"house": house[game][1]}}})
				if err != nil {
					return b, err
				}
				if out["forfeit"] != nil {
					return b, fmt.Errorf("%s %s seed %d: forfeit %v", game, label, seed+1, out["forfeit"])
				}
				t, _ := out["turns"].(float64)
				r.turns += int(t)
			}
			r.elapsed = time.Since(start)
			b.matches = append(b.matches, r)
			progress("battlefield: %d %s matches, %s", n, game, label)
		}
	}
	return b, nil
}

func printBattlefield(w io.Writer, b battlefield) {
	fmt.Fprintf(w, "\n## Battlefield's match runner\n\n")
	fmt.Fprintf(w, "`%s` (Python) under the Lambda Runtime Interface Emulator with the local stack's runtime, in ms. "+
		"Cold: %d fresh environments (one discarded first); warm: %d invocations on one environment.\n\n", runnerID, len(b.coldStarts), len(b.warmGames))
	fmt.Fprintf(w, "| What | Samples | Min | Median | p90 | Max |\n|---|--:|--:|--:|--:|--:|\n")
	for _, row := range []struct {
		what string
		s    []time.Duration
	}{
		{"cold start: INIT (interpreter, handler's imports)", b.coldStarts},
		{"cold start: a fresh environment (emulator, INIT, first `games`)", b.firstCalls},
		{"warm: `games`", b.warmGames},
		{"warm: `check` of the duel starter (a sandboxed parser process)", b.warmChecks},
	} {
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", row.what, len(row.s),
			ms(percentile(row.s, 0)), ms(percentile(row.s, 50)), ms(percentile(row.s, 90)), ms(percentile(row.s, 100)))
	}
	fmt.Fprintf(w, "\nMatches played one after another through the Invoke API on one environment, each with its own seed:\n\n")
	fmt.Fprintf(w, "| Game | Robots | Matches | Turns in all | Mean per match (ms) | Matches per minute |\n|---|---|--:|--:|--:|--:|\n")
	for _, r := range b.matches {
		per := r.elapsed / time.Duration(r.n)
		fmt.Fprintf(w, "| %s | %s | %d | %d | %s | %.0f |\n", r.game, r.robots, r.n, r.turns, ms(per), float64(r.n)/r.elapsed.Minutes())
	}
}
