package mentorship

import (
	"testing"
	"time"
)

const day = 24 * time.Hour

var paired = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// at is a moment d after the pairing.
func at(d time.Duration) time.Time { return paired.Add(d) }

// checkedIn is a side whose last check-in came d after the pairing.
func checkedIn(d time.Duration) Side { return Side{LastCheckIn: at(d)} }

func helpAt(d time.Duration) Side { return Side{LastCheckIn: at(d), AskedForHelp: true} }

func TestAssess(t *testing.T) {
	tests := []struct {
		name           string
		mentor, mentee Side
		ended          bool
		now            time.Duration // after the pairing
		want           State
	}{
		// Nobody has checked in: counted from the pairing.
		{name: "new pair", now: 0, want: StateActive},
		{name: "13 days after pairing", now: 13 * day, want: StateActive},
		{name: "exactly 14 days after pairing", now: 14 * day, want: StateActive},
		{name: "14 days and a nanosecond", now: 14*day + 1, want: StateOverdue},
		{name: "15 days after pairing", now: 15 * day, want: StateOverdue},
		{name: "27 days after pairing", now: 27 * day, want: StateOverdue},
		{name: "exactly 28 days after pairing", now: 28 * day, want: StateOverdue},
		{name: "28 days and a nanosecond", now: 28*day + 1, want: StateStalled},
		{name: "29 days after pairing", now: 29 * day, want: StateStalled},

		// Both sides check in: counted from the latest check-in.
		{name: "both answered, 13 days since", mentor: checkedIn(10 * day), mentee: checkedIn(10 * day), now: 23 * day, want: StateActive},
		{name: "both answered, 14 days since", mentor: checkedIn(10 * day), mentee: checkedIn(10 * day), now: 24 * day, want: StateActive},
		{name: "both answered, 15 days since", mentor: checkedIn(10 * day), mentee: checkedIn(10 * day), now: 25 * day, want: StateOverdue},
		{name: "both answered, 27 days since", mentor: checkedIn(10 * day), mentee: checkedIn(10 * day), now: 37 * day, want: StateOverdue},
		{name: "both answered, 28 days since", mentor: checkedIn(10 * day), mentee: checkedIn(10 * day), now: 38 * day, want: StateOverdue},
		{name: "both answered, 29 days since", mentor: checkedIn(10 * day), mentee: checkedIn(10 * day), now: 39 * day, want: StateStalled},
		{name: "sides a few days apart", mentor: checkedIn(20 * day), mentee: checkedIn(12 * day), now: 25 * day, want: StateActive},

		// Only one side answers.
		{name: "mentee answered, mentor still has time", mentee: checkedIn(10 * day), now: 14 * day, want: StateActive},
		{name: "mentee answered, mentor silent 15 days", mentee: checkedIn(10 * day), now: 15 * day, want: StateAtRisk},
		{name: "mentor answered, mentee never", mentor: checkedIn(day), now: 15 * day, want: StateAtRisk},
		{name: "other side's check-in over 14 days older", mentor: checkedIn(day), mentee: checkedIn(16 * day), now: 16 * day, want: StateAtRisk},
		{name: "other side's check-in exactly 14 days older", mentor: checkedIn(day), mentee: checkedIn(15 * day), now: 15 * day, want: StateActive},
		{name: "one-sided for long: stalled wins", mentee: checkedIn(day), now: 30 * day, want: StateStalled},
		{name: "both late: overdue, not one-sided", mentor: checkedIn(day), mentee: checkedIn(2 * day), now: 20 * day, want: StateOverdue},

		// Asking for help.
		{name: "need help", mentee: helpAt(3 * day), mentor: checkedIn(2 * day), now: 4 * day, want: StateAtRisk},
		{name: "help asked, then the other side met", mentee: helpAt(3 * day), mentor: checkedIn(5 * day), now: 6 * day, want: StateActive},
		{name: "help asked by both at once", mentee: helpAt(3 * day), mentor: helpAt(3 * day), now: 4 * day, want: StateAtRisk},
		{name: "help asked and then overdue: at risk wins", mentee: helpAt(3 * day), mentor: checkedIn(2 * day), now: 18 * day, want: StateAtRisk},
		{name: "help asked and then silent 29 days: stalled wins", mentee: helpAt(3 * day), mentor: checkedIn(2 * day), now: 32 * day, want: StateStalled},

		// Ended pairs are ended, whatever else holds.
		{name: "ended", ended: true, now: day, want: StateEnded},
		{name: "ended while stalled", ended: true, now: 60 * day, want: StateEnded},
		{name: "ended while asking for help", ended: true, mentee: helpAt(day), now: 2 * day, want: StateEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Pair{Status: PairActive, StartedAt: paired, CreatedAt: paired, Mentor: tt.mentor, Mentee: tt.mentee}
			if tt.ended {
				p.Status = PairEnded
			}
			if got := Assess(p, at(tt.now)).State; got != tt.want {
				t.Errorf("state = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAssessDetails(t *testing.T) {
	p := Pair{Status: PairActive, StartedAt: paired, Mentor: checkedIn(2 * day), Mentee: helpAt(5 * day)}
	h := Assess(p, at(6*day))
	if !h.LastCheckIn.Equal(at(5*day)) || !h.Since.Equal(at(5*day)) || !h.DueAt.Equal(at(19*day)) {
		t.Errorf("last %v, since %v, due %v", h.LastCheckIn, h.Since, h.DueAt)
	}
	if !h.AskedForHelp || h.OneSided || h.Overdue || h.Stalled {
		t.Errorf("flags %+v", h)
	}

	fresh := Assess(Pair{Status: PairActive, StartedAt: paired}, at(20*day))
	if !fresh.LastCheckIn.IsZero() || !fresh.Since.Equal(paired) || !fresh.Overdue || fresh.OneSided {
		t.Errorf("a pair nobody checked in on: %+v", fresh)
	}

	// The flags say everything that holds even when the state shows only
	// the most urgent, so the reminder job can remind an at-risk pair.
	both := Assess(Pair{Status: PairActive, StartedAt: paired, Mentee: helpAt(day)}, at(20*day))
	if both.State != StateAtRisk || !both.Overdue || !both.AskedForHelp {
		t.Errorf("at risk and overdue: %+v", both)
	}
}

func TestAssessIsPure(t *testing.T) {
	p := Pair{Status: PairActive, StartedAt: paired, Mentor: checkedIn(day), Mentee: helpAt(2 * day)}
	before := p
	a, b := Assess(p, at(9*day)), Assess(p, at(9*day))
	if a != b || p != before {
		t.Errorf("Assess gave %+v then %+v, or changed its pair", a, b)
	}
}
