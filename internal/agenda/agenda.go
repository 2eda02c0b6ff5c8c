// Package agenda is what needs the organizers' action, found one way for
// every place that shows it: the weekly digest, the console's dashboard and
// any organizer email. It finds meetups with no talk at their alarm step,
// speakers who have not confirmed, talks waiting for a decision, mentorship
// pairs at risk or stalled, long waitlists, league matches the runner failed
// on, and then the week (the coming meetups with their seats and
// programme, the running leagues, the pairs, the new members).
//
// An Agenda holds facts, not sentences: each Item has a level, a kind, what
// it is about, and the console page where it is acted on (package
// consolepath). Item.Text writes it in English or Persian.
package agenda

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/topics"
)

// How far ahead the agenda looks, and what counts as a long waitlist.
const (
	HorizonDays      = 60
	LongWaitlistSize = 10
)

// Agenda is what needs action at one moment, then the week.
type Agenda struct {
	At time.Time // when it was built, in the group's zone
	// Items are the urgent items first, then those needing action, then
	// the week; in each level in the order they were found.
	Items []Item
	// Meetups are the meetups starting within the horizon, soonest first.
	Meetups []Meetup
}

// Of is the items at level l.
func (a Agenda) Of(l Level) []Item {
	var out []Item
	for _, it := range a.Items {
		if it.Level == l {
			out = append(out, it)
		}
	}
	return out
}

// Red reports whether anything needs action now.
func (a Agenda) Red() bool { return len(a.Of(Urgent)) > 0 }

// Store reads what the agenda reports.
type Store interface {
	MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error)
	ListTalks(ctx context.Context, f talks.Filter, cursor string, limit int) ([]talks.Talk, string, error)
	// MembersConfirmedSince lists members who confirmed at or after since.
	MembersConfirmedSince(ctx context.Context, since time.Time) ([]members.Member, error)
	// OpenTopics lists the wishlist's open topics (at most topics.MaxOpen,
	// one query).
	OpenTopics(ctx context.Context) ([]topics.Topic, error)
	// RunningLeagues lists the leagues not finished (two queries of the
	// leagues to draw and those playing).
	RunningLeagues(ctx context.Context) ([]leagues.League, error)
	// LeagueFixtures lists every fixture of one league (one query).
	LeagueFixtures(ctx context.Context, id string) ([]leagues.Fixture, error)
}

// Pairs lists the pairs that have not ended, with their state at now, and
// counts the answers to why pairs faded.
type Pairs interface {
	OpenPairs(ctx context.Context, now time.Time) ([]Pair, error)
	FadeCounts(ctx context.Context) (mentorship.FadeCounts, error)
}

// Service builds agendas. Build it with New.
type Service struct {
	store Store
	pairs Pairs
	zone  *time.Location
}

// Deps is what a Service is built from.
type Deps struct {
	Store Store
	Pairs Pairs
	Zone  *time.Location // the group's
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("agenda", deps.Given("Store", d.Store), deps.Given("Pairs", d.Pairs), deps.Given("Zone", d.Zone))
	if err != nil {
		return nil, err
	}
	return &Service{store: d.Store, pairs: d.Pairs, zone: d.Zone}, nil
}

// Build finds what needs action at now. It reads the meetups starting in
// the next HorizonDays days (one query) and the programme of each (two),
// the talks waiting for a decision, the pairs that have not ended, the
// running leagues (two queries) and the fixtures of each league playing
// (one), the members confirmed in the last week and the wishlist's open
// topics (one query of at most topics.MaxOpen): what is due, never the
// history.
func (s *Service) Build(ctx context.Context, now time.Time) (Agenda, error) {
	a := Agenda{At: now.In(s.zone)}
	ms, err := s.meetups(ctx, now)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	a.Meetups = ms
	undecided, err := s.talks(ctx, talks.Filter{Status: talks.Submitted})
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	// The capstone talks waiting in the backlog, the longest waiting
	// first: an empty slot's first candidates.
	var capstones []talks.Talk
	for _, t := range undecided {
		if t.InBacklog() && t.Capstone != "" {
			capstones = append(capstones, t)
		}
	}
	slices.SortStableFunc(capstones, func(x, y talks.Talk) int { return x.WaitingSince().Compare(y.WaitingSince()) })
	for _, m := range ms {
		items := meetupItems(m)
		for i := range items {
			if items[i].Kind == NoTalk && len(capstones) > 0 {
				items[i].Count, items[i].Talk = len(capstones), s.talk(capstones[0])
			}
		}
		a.Items = append(a.Items, items...)
	}
	if len(ms) == 0 {
		a.Items = append(a.Items, Item{Level: Urgent, Kind: NoMeetup, Path: consolepath.Meetups(), Count: HorizonDays})
	}

	if n := len(undecided); n > 0 {
		oldest := slices.MinFunc(undecided, func(x, y talks.Talk) int { return x.CreatedAt.Compare(y.CreatedAt) })
		a.Items = append(a.Items, Item{Level: Action, Kind: UndecidedTalks, Path: consolepath.Talks(string(talks.Submitted)),
			Talk: s.talk(oldest), Count: n})
	}

	pairs, err := s.pairs.OpenPairs(ctx, now)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	var tally PairTally
	for _, p := range pairs {
		if !p.LastCheckIn.IsZero() {
			p.LastCheckIn = p.LastCheckIn.In(s.zone)
		}
		tally.All++
		switch p.State {
		case mentorship.StateActive:
			tally.Active++
		case mentorship.StateOverdue:
			tally.Overdue++
		case mentorship.StateAtRisk:
			tally.AtRisk++
			a.Items = append(a.Items, Item{Level: Action, Kind: AtRiskPair, Path: consolepath.Mentorships(string(p.State)), Pair: p})
		case mentorship.StateStalled:
			tally.Stalled++
			a.Items = append(a.Items, Item{Level: Urgent, Kind: StalledPair, Path: consolepath.Mentorships(string(p.State)), Pair: p})
		}
	}
	leagueItems, err := s.leagueItems(ctx, now)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	a.Items = append(a.Items, leagueItems...)
	for _, m := range ms {
		a.Items = append(a.Items, Item{Level: Info, Kind: ComingMeetup, Path: m.Path, Meetup: m})
	}
	a.Items = append(a.Items, Item{Level: Info, Kind: PairCounts, Path: consolepath.Mentorships(""), Pairs: tally})
	fades, err := s.pairs.FadeCounts(ctx)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	if fades.Total() > 0 {
		a.Items = append(a.Items, Item{Level: Info, Kind: FadeReasons, Path: consolepath.Mentorships(""), Fades: fades})
	}

	joined, err := s.store.MembersConfirmedSince(ctx, now.Add(-7*24*time.Hour))
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: new members: %w", err)
	}
	names := make([]string, 0, len(joined))
	for _, m := range joined {
		names = append(names, m.Name)
	}
	a.Items = append(a.Items, Item{Level: Info, Kind: NewMembers, Count: len(names), Names: names})

	open, err := s.store.OpenTopics(ctx)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: wanted topics: %w", err)
	}
	if len(open) > 0 {
		a.Items = append(a.Items, Item{Level: Info, Kind: WantedTopics, Path: consolepath.Topics, Topics: Wanted(open)})
	}

	slices.SortStableFunc(a.Items, func(x, y Item) int { return cmp.Compare(x.Level, y.Level) })
	return a, nil
}
