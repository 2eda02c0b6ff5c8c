package mentorship

import "time"

// This file holds the state rules, in one place: the API, the check-in
// reminders and the organizer digest all ask Assess. They are pure: a pair
// (its start, its end, and the last check-in of each side) and a "now" in,
// a verdict out. docs/MENTORSHIP.md states the same rules in prose.

// State is what the rules make of a pair at a moment.
type State string

// States, from the most to the least urgent once a pair has ended:
// ended > stalled > at_risk > overdue > active.
const (
	StateActive  State = "active"
	StateOverdue State = "overdue"
	StateAtRisk  State = "at_risk"
	StateStalled State = "stalled"
	StateEnded   State = "ended"
)

// States lists every state, for validating filters.
var States = []State{StateActive, StateOverdue, StateAtRisk, StateStalled, StateEnded}

// The rhythm of the program.
const (
	// CheckInEvery is how often each side owes a check-in.
	CheckInEvery = 14 * 24 * time.Hour
	// StalledAfter is how long a pair may be silent before it is stalled.
	StalledAfter = 28 * 24 * time.Hour
)

// Health is the verdict of the rules on one pair at one moment. State is the
// one word organizers see; the flags say everything that holds, so a job can
// act on one (e.g. remind every overdue pair, at risk or not).
type Health struct {
	State State
	// LastCheckIn is the pair's latest check-in, either side; zero if none.
	LastCheckIn time.Time
	// Since is when the pair was last heard from: the latest check-in, or
	// the pairing when nobody has checked in yet.
	Since time.Time
	// DueAt is when the pair becomes overdue: Since + CheckInEvery.
	DueAt time.Time
	// Overdue: nobody checked in for more than CheckInEvery.
	Overdue bool
	// Stalled: nobody checked in for more than StalledAfter.
	Stalled bool
	// OneSided: one side keeps checking in and the other has been silent for
	// more than CheckInEvery.
	OneSided bool
	// AskedForHelp: the pair's latest check-in asks for help (need_help, or
	// blocked on the full form).
	AskedForHelp bool
}

// Assess applies the state rules to p at now. Durations are exact: "more
// than 14 days" means more than 14×24 hours, so at exactly 14 days a pair is
// still on time and one nanosecond later it is overdue.
//
//   - ended: the pair has ended, whatever else holds.
//   - stalled: nobody has checked in for more than 28 days (counted from the
//     pairing if nobody ever has).
//   - at_risk: only one side answers — one side is late (no check-in for more
//     than 14 days, counted from the pairing if it never checked in) while the
//     other is not — or the latest check-in asks for help.
//   - overdue: nobody has checked in for more than 14 days.
//   - active: otherwise.
//
// A side that never checked in is judged from the pairing, so a mentor who
// has not answered yet is not "one-sided" until the 14 days it was given
// have passed.
func Assess(p Pair, now time.Time) Health {
	start := p.StartedAt
	if start.IsZero() {
		start = p.CreatedAt
	}
	mentorSince, menteeSince := since(p.Mentor, start), since(p.Mentee, start)

	h := Health{Since: later(mentorSince, menteeSince)}
	h.DueAt = h.Since.Add(CheckInEvery)
	switch {
	case p.Mentor.LastCheckIn.After(p.Mentee.LastCheckIn):
		h.LastCheckIn, h.AskedForHelp = p.Mentor.LastCheckIn, p.Mentor.AskedForHelp
	case p.Mentee.LastCheckIn.After(p.Mentor.LastCheckIn):
		h.LastCheckIn, h.AskedForHelp = p.Mentee.LastCheckIn, p.Mentee.AskedForHelp
	default: // both at the same instant, or neither ever
		h.LastCheckIn = p.Mentor.LastCheckIn
		h.AskedForHelp = !h.LastCheckIn.IsZero() && (p.Mentor.AskedForHelp || p.Mentee.AskedForHelp)
	}
	silent := now.Sub(h.Since)
	h.Overdue = silent > CheckInEvery
	h.Stalled = silent > StalledAfter
	h.OneSided = late(mentorSince, now) != late(menteeSince, now)

	switch {
	case p.Status == PairEnded:
		h.State = StateEnded
	case h.Stalled:
		h.State = StateStalled
	case h.OneSided || h.AskedForHelp:
		h.State = StateAtRisk
	case h.Overdue:
		h.State = StateOverdue
	default:
		h.State = StateActive
	}
	return h
}

// since is when a side was last heard from: its last check-in, or the
// pairing if it never checked in.
func since(s Side, start time.Time) time.Time {
	return later(s.LastCheckIn, start)
}

// late reports whether a side last heard from at t owes an overdue check-in.
func late(t, now time.Time) bool {
	return now.Sub(t) > CheckInEvery
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
