package agenda

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/talks"
)

// An accepted speaker who has not confirmed needs action from
// unconfirmedAction calendar days before the meetup, and now from fewer
// than unconfirmedUrgent.
const (
	unconfirmedAction = 14
	unconfirmedUrgent = 7
)

// Meetup is a meetup starting within the horizon, as the agenda read it.
// Its times are in the group's zone.
type Meetup struct {
	ID, Title string
	StartsAt  time.Time
	When      string // as people read it, in the group's zone
	Days      int    // calendar days away in the group's zone
	Capacity  int
	Seats     int // seats taken
	Waiting   int // on the waitlist
	// Programme is its accepted and confirmed talks, in the order they
	// were submitted.
	Programme []Talk
	Path      string // its console page
}

// SeatsLeft is how many seats are free.
func (m Meetup) SeatsLeft() int { return max(0, m.Capacity-m.Seats) }

// Confirmed is how many talks of its programme the speakers confirmed.
func (m Meetup) Confirmed() int {
	n := 0
	for _, t := range m.Programme {
		if t.Status == talks.Confirmed {
			n++
		}
	}
	return n
}

// Talk is a talk as the agenda shows it.
type Talk struct {
	ID, Title string
	Speaker   string // "" once the speaker erased their data
	Status    talks.Status
	Submitted time.Time // in the group's zone
}

// meetupItems is what needs action about one coming meetup.
func meetupItems(m Meetup) []Item {
	var out []Item
	switch step := callforspeakers.StepFor(m.Days); {
	case len(m.Programme) > 0:
	case step == callforspeakers.TwoWeeks:
		out = append(out, Item{Level: Urgent, Kind: NoTalk, Path: m.Path, Meetup: m})
	case step != callforspeakers.None:
		out = append(out, Item{Level: Action, Kind: NoTalk, Path: m.Path, Meetup: m})
	}
	for _, t := range m.Programme {
		if t.Status != talks.Accepted {
			continue
		}
		it := Item{Kind: UnconfirmedSpeaker, Path: m.Path, Meetup: m, Talk: t}
		switch {
		case m.Days < unconfirmedUrgent:
			it.Level = Urgent
		case m.Days <= unconfirmedAction:
			it.Level = Action
		default:
			continue
		}
		out = append(out, it)
	}
	if m.Waiting >= LongWaitlistSize {
		out = append(out, Item{Level: Action, Kind: LongWaitlist, Path: m.Path, Meetup: m})
	}
	return out
}

// meetups reads the meetups starting within the horizon, each with its
// programme, soonest first.
func (s *Service) meetups(ctx context.Context, now time.Time) ([]Meetup, error) {
	ms, err := s.store.MeetupsStarting(ctx, now, now.Add(HorizonDays*24*time.Hour))
	if err != nil {
		return nil, fmt.Errorf("meetups: %w", err)
	}
	slices.SortStableFunc(ms, func(x, y meetups.Meetup) int { return x.StartsAt.Compare(y.StartsAt) })
	out := make([]Meetup, 0, len(ms))
	for _, m := range ms {
		m = m.AsOf(now) // seats held past their time count as free
		var programme []Talk
		for _, st := range []talks.Status{talks.Accepted, talks.Confirmed} {
			ts, err := s.talks(ctx, talks.Filter{MeetupID: m.ID, Status: st})
			if err != nil {
				return nil, fmt.Errorf("programme of %s: %w", m.ID, err)
			}
			for _, t := range ts {
				programme = append(programme, s.talk(t))
			}
		}
		slices.SortStableFunc(programme, func(x, y Talk) int { return x.Submitted.Compare(y.Submitted) })
		out = append(out, Meetup{
			ID: m.ID, Title: m.Title, StartsAt: m.StartsAt.In(s.zone), When: m.When(s.zone),
			Days: callforspeakers.DaysUntil(now, m.StartsAt, s.zone), Capacity: m.Capacity, Seats: len(m.Seats),
			Waiting: len(m.Waitlist), Programme: programme, Path: consolepath.Meetup(m.ID),
		})
	}
	return out, nil
}

func (s *Service) talk(t talks.Talk) Talk {
	return Talk{ID: t.ID, Title: t.Title, Speaker: t.Name, Status: t.Status, Submitted: t.CreatedAt.In(s.zone)}
}

// talks reads every talk f selects, page by page.
func (s *Service) talks(ctx context.Context, f talks.Filter) ([]talks.Talk, error) {
	ts, err := talks.ListAll(ctx, s.store, f)
	if err != nil {
		return nil, fmt.Errorf("talks: %w", err)
	}
	return ts, nil
}
