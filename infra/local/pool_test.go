package local

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPool sends more concurrent requests than the pool may have
// environments: all succeed (the emulator never sees two at once), no more
// than PoolMax environments start, and they serve requests side by side.
func TestPool(t *testing.T) {
	const requests, poolMax, sleepMS = 8, 3, 300
	o := testOptions(t)
	o.PoolMax = poolMax
	rec := newRecorder(o.Log.Handler())
	o.Log = slog.New(rec)
	s := startStack(t, o)

	start := time.Now()
	var wg sync.WaitGroup
	pids := make([]int, requests)
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := newRequest(t, "POST", s.HTTPURL()+"/echo", strings.NewReader(`{}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Echo-Sleep-Ms", "300")
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("request %d: status %d", i, resp.StatusCode)
				return
			}
			var r reply
			if err := decodeJSON(resp.Body, &r); err != nil {
				t.Error(err)
				return
			}
			pids[i] = r.PID
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	started, live := s.pools["EchoFunction"].stats()
	distinct := map[int]int{}
	for _, pid := range pids {
		distinct[pid]++
	}
	t.Logf("%d requests of %d ms on at most %d environments: %s (one by one: %s); environments started %d, live %d; requests per runtime %v",
		requests, sleepMS, poolMax, elapsed.Round(time.Millisecond), time.Duration(requests*sleepMS)*time.Millisecond, started, live, distinct)
	if started != poolMax || live != poolMax {
		t.Errorf("started %d and kept %d environments, want %d: the pool should grow to its limit under load and no further", started, live, poolMax)
	}
	if len(distinct) != poolMax {
		t.Errorf("requests ran in %d runtimes, want %d", len(distinct), poolMax)
	}
	inits := rec.records("init")
	if len(inits) != poolMax {
		t.Errorf("logged %d init durations, want one per environment (%d)", len(inits), poolMax)
	}
	for _, r := range inits {
		if r["function"] != "EchoFunction" || r["durationMs"].(float64) <= 0 {
			t.Errorf("init record %v: want function EchoFunction and a positive durationMs", r)
		}
	}

	// Warm environments are reused: a further request starts nothing.
	req := newRequest(t, "POST", s.HTTPURL()+"/echo", strings.NewReader(`{}`))
	if resp, body := do(t, req); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if started, _ := s.pools["EchoFunction"].stats(); started != poolMax {
		t.Errorf("a request to an idle pool started an environment (%d started)", started)
	}
}
