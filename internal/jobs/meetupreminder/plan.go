package meetupreminder

import (
	"time"

	"github.com/tehpug/backend/internal/meetups"
)

// When the reminder goes out, and to whom: the rules Run follows, also read
// by the organizers' console to say what the reminder will send.

// Ahead is how far a run looks ahead: it reminds of the meetups starting
// within Ahead of its time.
const Ahead = 48 * time.Hour

// DailyAt is the time of day, in the group's zone, at which the reminder
// runs: MeetupReminderFunction's schedule in template.yaml, which a test
// holds to it.
const DailyAt = 9 * time.Hour

// FirstRun is the first daily run that reminds of a meetup starting at
// start: the first run less than Ahead before it, in zone.
func FirstRun(start time.Time, zone *time.Location) time.Time {
	return NextRun(start.Add(-Ahead), zone)
}

// NextRun is the first daily run after t, in zone.
func NextRun(t time.Time, zone *time.Location) time.Time {
	t = t.In(zone)
	for day := 0; ; day++ {
		run := time.Date(t.Year(), t.Month(), t.Day()+day, 0, 0, 0, 0, zone).Add(DailyAt)
		if run.After(t) {
			return run
		}
	}
}

// Recipients is who a meetup's reminder goes to.
type Recipients struct {
	// Seats are everyone holding a seat, in the order they took it; not
	// those whose seat is only held for an address nobody has proven (yet:
	// once confirmed, the next run, still before the meetup, reminds them).
	Seats []string
	// Speakers are the talks of the programme (indexes) whose speakers are
	// reminded on their own: each speaker once, for their first talk; not
	// one who erased their data, nor one in Seats, whose seat's reminder
	// names their talk instead.
	Speakers []int
	// TalkOf is each speaker's first talk (an index), by person key, seated
	// or not: what their reminder names.
	TalkOf map[string]int
}

// RecipientsOf is who the reminder of m goes to, speakers[i] being the
// person key of the speaker of the i-th talk of its programme ("" once they
// erased their data).
func RecipientsOf(m meetups.Meetup, speakers []string) Recipients {
	to := Recipients{TalkOf: map[string]int{}}
	seated := make(map[string]bool, len(m.Seats))
	for _, k := range m.Seats {
		if !m.Held(k) {
			to.Seats = append(to.Seats, k)
			seated[k] = true
		}
	}
	for i, key := range speakers {
		if key == "" {
			continue // the speaker erased their data
		}
		if _, seen := to.TalkOf[key]; seen {
			continue // a second talk of the same speaker: one reminder
		}
		to.TalkOf[key] = i
		if !seated[key] {
			to.Speakers = append(to.Speakers, i)
		}
	}
	return to
}
