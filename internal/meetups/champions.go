package meetups

import (
	"context"
	"fmt"
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
	if m.Status != Scheduled {
		return []Champion{}, nil
	}
	from := m.StartsAt.AddDate(0, 0, -ChampionDays)
	prev, ok, err := s.champions.MeetupBefore(ctx, m.StartsAt)
	if err != nil {
		return nil, fmt.Errorf("champions at %s: %w", m.ID, err)
	}
	if ok && prev.StartsAt.After(from) {
		from = prev.StartsAt
	}
	cs, err := s.champions.ChampionsFinished(ctx, from, m.StartsAt)
	if err != nil {
		return nil, fmt.Errorf("champions at %s: %w", m.ID, err)
	}
	if cs == nil {
		cs = []Champion{}
	}
	return cs, nil
}
