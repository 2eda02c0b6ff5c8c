package agenda

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/leagues"
)

// A league whose registration closes within ClosingDays days with fewer
// than leagues.MinRobots robots entered is a ThinLeague.
const ClosingDays = 3

// League is a running league (not finished) as the agenda shows it. Its
// times are in the group's zone.
type League struct {
	ID, Title, Game string
	Status          leagues.Status
	// Entrants is how many robots entered, of MaxRobots.
	Entrants, MaxRobots int
	// RegistrationOpens and RegistrationCloses bound the entries.
	RegistrationOpens, RegistrationCloses time.Time
	// Played is how many of its Fixtures are played (both 0 until the
	// draw).
	Played, Fixtures int
	// NextMatch is when the next scheduled fixture is due; zero when none.
	NextMatch time.Time
	Path      string // its console page
}

// LeagueMatch is a league fixture the match runner failed on, waiting to
// be played again.
type LeagueMatch struct {
	Fixture     string // its id in the league: round and place
	Round       int
	Home, Away  string // the robots, as the league shows them
	At          time.Time
	Attempts    int
	LastFailure string
	FailedAt    time.Time
}

// leagueItems reads the running leagues and what needs action about them:
// the leagues to draw and those playing (two queries), and the fixtures
// of each league playing (one query a league).
func (s *Service) leagueItems(ctx context.Context, now time.Time) ([]Item, error) {
	ls, err := s.store.RunningLeagues(ctx)
	if err != nil {
		return nil, fmt.Errorf("running leagues: %w", err)
	}
	slices.SortStableFunc(ls, func(a, b leagues.League) int { return a.CreatedAt.Compare(b.CreatedAt) })
	var out []Item
	for _, l := range ls {
		al := League{
			ID: l.ID, Title: l.Title, Game: l.Game, Status: l.Status, Entrants: len(l.Entries), MaxRobots: l.MaxRobots,
			RegistrationOpens: l.RegistrationOpens.In(s.zone), RegistrationCloses: l.RegistrationCloses.In(s.zone),
			Path: consolepath.League(l.ID),
		}
		var failed []Item
		if l.Status == leagues.Drawn {
			fs, err := s.store.LeagueFixtures(ctx, l.ID)
			if err != nil {
				return nil, fmt.Errorf("league %s: %w", l.ID, err)
			}
			slices.SortFunc(fs, func(a, b leagues.Fixture) int {
				if c := a.At.Compare(b.At); c != 0 {
					return c
				}
				return a.Index - b.Index
			})
			al.Fixtures = len(fs)
			for _, f := range fs {
				if f.Status == leagues.Played {
					al.Played++
					continue
				}
				if al.NextMatch.IsZero() {
					al.NextMatch = f.At.In(s.zone)
				}
				if f.Attempts > 0 {
					home, _ := l.Entry(f.Home)
					away, _ := l.Entry(f.Away)
					m := LeagueMatch{Fixture: f.ID(), Round: f.Round, Home: home.Shown(), Away: away.Shown(), At: f.At.In(s.zone),
						Attempts: f.Attempts, LastFailure: f.LastFailure, FailedAt: f.FailedAt.In(s.zone)}
					failed = append(failed, Item{Level: Action, Kind: FailedLeagueMatch, Path: al.Path, Match: m})
				}
			}
		}
		for i := range failed {
			failed[i].League = al // with the matches played and the next, counted above
		}
		out = append(out, failed...)
		if l.Status == leagues.Open && len(l.Entries) < leagues.MinRobots && now.Before(l.RegistrationCloses) &&
			l.RegistrationCloses.Sub(now) <= ClosingDays*24*time.Hour {
			out = append(out, Item{Level: Info, Kind: ThinLeague, Path: al.Path, League: al, Count: leagues.MinRobots})
		}
		out = append(out, Item{Level: Info, Kind: RunningLeague, Path: al.Path, League: al})
	}
	return out, nil
}
