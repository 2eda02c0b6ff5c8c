package checkinreminder_test

import (
	"context"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
)

// An invoke for a time far from the clock (the future, 1970, year one) is
// refused: it sends no nudge and no stalled alarm, and records none, so the
// real run for now still sends them all.
func TestRunForAFarTimeSendsAndRecordsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Now().UTC()
	sys, clock, _, addr := newSystem(t, now.AddDate(0, 0, -30))
	organizer := addr("organizer")
	svc := sys.Mentorship()
	run := jobs.Handler(wiring.CheckinReminderFunction(sys.App).Run)
	sys.Built()
	mentor, mentee := apply(t, svc, addr, "mentor", "mina"), apply(t, svc, addr, "mentee", "omid")
	if _, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentee.ID}); err != nil {
		t.Fatal(err)
	}
	clock.Set(now) // 30 days silent: overdue and stalled

	sent := func() (nudges, alarms int) {
		return testenv.CountEmails(t, addr("omid"), "Time to check in") + testenv.CountEmails(t, addr("mina"), "Time to check in"),
			testenv.CountEmails(t, organizer, "Mentorship stalled")
	}
	for _, at := range []string{"2100-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", now.AddDate(0, 0, 3).Format(time.RFC3339)} {
		if err := run(ctx, jobs.Event{Time: at}); err == nil {
			t.Errorf("a run for %s was not refused", at)
		}
		if n, a := sent(); n+a != 0 {
			t.Fatalf("a run for %s sent %d nudges and %d alarms", at, n, a)
		}
	}
	if err := run(ctx, jobs.Event{Time: now.Format(time.RFC3339)}); err != nil {
		t.Fatal(err)
	}
	if n, a := sent(); n != 2 || a != 1 {
		t.Errorf("the run for now sent %d nudges and %d stalled alarms, want 2 and 1", n, a)
	}
}
