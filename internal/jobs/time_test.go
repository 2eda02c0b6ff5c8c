package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/jobs"
)

// A run is for a time near the wall clock: the scheduler's, or a hand-made
// recovery of a past one. A time outside the window runs nothing, so nothing
// is recorded sent for it, and the error says why.
func TestHandlerRefusesTimesFarFromTheClock(t *testing.T) {
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	tests := []struct {
		name    string
		ev      jobs.Event
		runs    bool
		errHas  string
		runsFor time.Duration // relative to now, when it runs with a time
	}{
		{"the scheduled time", jobs.Event{Time: at(0)}, true, "", 0},
		{"a retry an hour later", jobs.Event{Time: at(-time.Hour)}, true, "", -time.Hour},
		{"late within the window", jobs.Event{Time: at(-jobs.MaxLate + time.Minute)}, true, "", -jobs.MaxLate + time.Minute},
		{"a clock a little behind", jobs.Event{Time: at(time.Minute)}, true, "", time.Minute},
		{"no time", jobs.Event{}, true, "", 0},
		{"no time, recover", jobs.Event{Recover: true}, true, "", 0},
		{"the year 2100", jobs.Event{Time: "2100-01-01T00:00:00Z"}, false, "after the clock", 0},
		{"tomorrow", jobs.Event{Time: at(24 * time.Hour)}, false, "after the clock", 0},
		{"1970", jobs.Event{Time: "1970-01-01T00:00:00Z"}, false, "recover", 0},
		{"year one", jobs.Event{Time: "0001-01-01T00:00:00Z"}, false, "recover", 0},
		{"yesterday", jobs.Event{Time: at(-24 * time.Hour)}, false, `"recover": true`, 0},
		{"yesterday, recover", jobs.Event{Time: at(-24 * time.Hour), Recover: true}, true, "", -24 * time.Hour},
		{"recover at the bound", jobs.Event{Time: at(-jobs.MaxRecover + time.Minute), Recover: true}, true, "", -jobs.MaxRecover + time.Minute},
		{"recover too far back", jobs.Event{Time: at(-jobs.MaxRecover - time.Hour), Recover: true}, false, "before the clock", 0},
		{"recover 1970", jobs.Event{Time: "1970-01-01T00:00:00Z", Recover: true}, false, "before the clock", 0},
		{"recover the future", jobs.Event{Time: at(time.Minute), Recover: true}, false, "after the clock", 0},
		{"recover 2100", jobs.Event{Time: "2100-01-01T00:00:00Z", Recover: true}, false, "after the clock", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran := false
			var got time.Time
			h := jobs.Handler(func(_ context.Context, at time.Time) error { ran, got = true, at; return nil })
			err := h(context.Background(), tt.ev)
			if ran != tt.runs {
				t.Fatalf("ran %v (for %v), want %v; err %v", ran, got, tt.runs, err)
			}
			if !tt.runs {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err %v, want one that says %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := got.Sub(now.Add(tt.runsFor)); d < -2*time.Second || d > 2*time.Second {
				t.Errorf("ran for %v, want %v", got, now.Add(tt.runsFor))
			}
		})
	}
}
