package meetups

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// ChampionDays is how long before a meetup starts a league may have
// finished and still be announced at it, when no meetup came between.
const ChampionDays = 90

// Champion is a finished Battlefield league's champion: the robot, never
// its owner (a league shows robots, not people).
type Champion struct {
	League, LeagueTitle string
	Robot               string // its label: name and version
	FinishedAt          time.Time
}

// Champions reads what the champions announced at a meetup are found from.
type Champions interface {
	// ChampionsFinished lists the champions of the leagues that finished
	// at or after from and before to, the first to finish first.
	ChampionsFinished(ctx context.Context, from, to time.Time) ([]Champion, error)
	// MeetupBefore reads the scheduled meetup that ended last before at;
	// false when there is none.
	MeetupBefore(ctx context.Context, at time.Time) (Meetup, bool, error)
}

// ChampionsAt lists the champions m announces: a league's champion is
// announced at the first scheduled meetup to start after the league
// finished. So m announces the leagues that finished before it starts and
// once the meetup before it had started (at most ChampionDays before it
// starts); a cancelled meetup announces none, and its leagues go to the
// next one. It reads the meetup before m and the leagues finished in that
// window: two queries, whatever the history.
func (s *Service) ChampionsAt(ctx context.Context, m Meetup) ([]Champion, error) {
	byMeetup, err := s.ChampionsOf(ctx, []Meetup{m})
	if err != nil {
		return nil, err
	}
	if cs := byMeetup[m.ID]; cs != nil {
		return cs, nil
	}
	return []Champion{}, nil
}

// ChampionsOf lists the champions each of ms announces (as ChampionsAt),
// by meetup id, for a list of consecutive meetups (a page of the upcoming
// ones): the meetup before the first, and the leagues finished from its
// start to the last one's, two queries for the whole list.
func (s *Service) ChampionsOf(ctx context.Context, ms []Meetup) (map[string][]Champion, error) {
	var scheduled []Meetup
	for _, m := range ms {
		if m.Status == Scheduled {
			scheduled = append(scheduled, m)
		}
	}
	out := map[string][]Champion{}
	if len(scheduled) == 0 {
		return out, nil
	}
	slices.SortStableFunc(scheduled, func(a, b Meetup) int { return a.StartsAt.Compare(b.StartsAt) })
	first, last := scheduled[0], scheduled[len(scheduled)-1]
	from := first.StartsAt.AddDate(0, 0, -ChampionDays)
	prev, ok, err := s.champions.MeetupBefore(ctx, first.StartsAt)
	if err != nil {
		return nil, fmt.Errorf("champions at %s: %w", first.ID, err)
	}
	if ok && prev.StartsAt.After(from) {
		from = prev.StartsAt
	}
	cs, err := s.champions.ChampionsFinished(ctx, from, last.StartsAt)
	if err != nil {
		return nil, fmt.Errorf("champions at %s: %w", first.ID, err)
	}
	for _, c := range cs {
		// The first meetup to start after the league finished, if the
		// league finished within ChampionDays of its start.
		i := slices.IndexFunc(scheduled, func(m Meetup) bool { return m.StartsAt.After(c.FinishedAt) })
		if i >= 0 && !c.FinishedAt.Before(scheduled[i].StartsAt.AddDate(0, 0, -ChampionDays)) {
			out[scheduled[i].ID] = append(out[scheduled[i].ID], c)
		}
	}
	return out, nil
}
