package jobs

import (
	"context"
	"fmt"
	"time"
)

// Event is the payload EventBridge Scheduler delivers: template.yaml sets
// its input to {"time": "<aws.scheduler.scheduled-time>"}. A person rerunning
// a failed run by hand adds "recover": true to run a time further back.
type Event struct {
	Time string `json:"time"`
	// Recover allows a Time up to MaxRecover in the past, never one to come:
	// the scheduler never sends it, so a late time is only ever run on purpose.
	Recover bool `json:"recover,omitempty"`
}

// The window a run's time must fall in, around the wall clock. A run
// records every email it sends as sent for its time's rounds (the meetup,
// the overdue period, the week), so a run for a time far off would send
// what is not yet due and keep the run that is due from sending it, or send
// for a past long over.
const (
	// MaxLate is how long after its time a scheduled run may start. The
	// scheduler retries an invoke it could not make for up to an hour (its
	// RetryPolicy), and Lambda may hold an asynchronous event for up to six
	// hours, retries included; a flexible window, were one set, would add
	// its own minutes. Eight hours holds all of these.
	MaxLate = 8 * time.Hour
	// MaxEarly is how far ahead of the wall clock a time may be: a scheduled
	// time is never ahead, so this is only the clocks' disagreement.
	MaxEarly = 5 * time.Minute
	// MaxRecover is how far back a recovery run ("recover": true) may go:
	// the two weeks the failures queue keeps a failed run's event.
	MaxRecover = 14 * 24 * time.Hour
)

// Now is the run's "now": the event's time, so a retry of the same event is
// the same run; the wall clock only when the event has none. A time that is
// not RFC 3339, or outside the window (more than MaxEarly ahead of the wall
// clock, or more than MaxLate behind it; with Recover, ahead at all or more
// than MaxRecover behind), is an error that says which, and runs nothing.
func (e Event) Now(wall func() time.Time) (time.Time, error) {
	clock := wall().UTC()
	if e.Time == "" {
		return clock, nil
	}
	t, err := time.Parse(time.RFC3339, e.Time)
	if err != nil {
		return time.Time{}, fmt.Errorf("event time %q is not RFC 3339", e.Time)
	}
	t = t.UTC()
	ahead, behind := MaxEarly, MaxLate
	if e.Recover {
		ahead, behind = 0, MaxRecover
	}
	// Compared as times: a difference from year one or 2500 does not fit
	// in a Duration (Sub saturates), a time does.
	switch {
	case t.After(clock.Add(ahead)):
		return time.Time{}, fmt.Errorf("event time %s is %s after the clock (%s): a run is never for a time to come (at most %s ahead); nothing was run",
			e.Time, span(t.Sub(clock)), clock.Format(time.RFC3339), span(ahead))
	case t.Before(clock.Add(-behind)) && e.Recover:
		return time.Time{}, fmt.Errorf("event time %s is %s before the clock (%s): a recovery run goes back at most %s; nothing was run",
			e.Time, span(clock.Sub(t)), clock.Format(time.RFC3339), span(MaxRecover))
	case t.Before(clock.Add(-behind)):
		return time.Time{}, fmt.Errorf("event time %s is %s before the clock (%s), more than the %s a scheduled run can be late; nothing was run. "+
			`To rerun a past time on purpose, send {"time": %q, "recover": true} (up to %s back)`,
			e.Time, span(clock.Sub(t)), clock.Format(time.RFC3339), span(MaxLate), e.Time, span(MaxRecover))
	}
	return t, nil
}

// span writes a duration for a person: "19h46m", "4m30s", or days once it
// is long (a saturated one, from year one, reads "106751 days").
func span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	return fmt.Sprintf("%dm%02ds", d/time.Minute, d%time.Minute/time.Second)
}

// Handler adapts a job's run to the Lambda handler of its scheduled
// function: the event's time (or the wall clock) is the run's now, and an
// event whose time is outside the window (Event.Now) fails without running.
func Handler(run func(ctx context.Context, now time.Time) error) func(context.Context, Event) error {
	return func(ctx context.Context, ev Event) error {
		now, err := ev.Now(time.Now)
		if err != nil {
			return err
		}
		return run(ctx, now)
	}
}
