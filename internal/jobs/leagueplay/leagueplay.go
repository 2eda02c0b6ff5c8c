// Package leagueplay is LeaguePlayFunction: it plays every league fixture
// that is due, records each result once, emails each entrant who played
// one email per match day, and finishes a league when its last fixture is
// played, with the final standings to every entrant.
package leagueplay

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/leaguedraw"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/leagues"
)

// Name is the name the match-day emails are recorded under.
const Name = "league-play"

// TableTop is how many rows of the table a match day's email shows.
const TableTop = 3

// Store is what the play job reads and writes.
type Store interface {
	GetLeague(ctx context.Context, id string) (leagues.League, error)
	LeagueWithFixtures(ctx context.Context, id string) (leagues.League, []leagues.Fixture, error)
	DueFixtures(ctx context.Context, now time.Time) ([]leagues.Fixture, error)
	RecordResult(ctx context.Context, f leagues.Fixture) error
	RecordFailure(ctx context.Context, f leagues.Fixture, reason string, at time.Time) error
	UntoldFixtures(ctx context.Context) ([]leagues.Fixture, error)
	MarkTold(ctx context.Context, f leagues.Fixture) error
	FinishLeague(ctx context.Context, id, champion string, at time.Time) error
	GetRobot(ctx context.Context, id string) (battlefield.Robot, error)
	CreateMatch(ctx context.Context, m battlefield.Match) error
	GetMatch(ctx context.Context, id string) (battlefield.Match, error)
}

// Job plays the league fixtures due. Build it with New.
type Job struct {
	store   Store
	runner  battlefield.Runner
	deliver *jobs.Deliverer
	zone    *time.Location
	links   email.Links
	pages   email.MemberPages
	log     *slog.Logger
	clock   func() time.Time
}

// Deps is what a Job is built from.
type Deps struct {
	Store   Store
	Runner  battlefield.Runner
	Deliver *jobs.Deliverer
	Zone    *time.Location
	Links   email.Links
	// Pages gives the emails to a member the link to their own page.
	Pages email.MemberPages
	Log   *slog.Logger
	// Clock is the wall clock, for the match's time of play.
	Clock func() time.Time
}

// New builds the Job, refusing to without any of its dependencies.
func New(d Deps) (*Job, error) {
	if err := deps.Require(Name, deps.Given("Store", d.Store), deps.Given("Runner", d.Runner), deps.Given("Deliver", d.Deliver),
		deps.Given("Zone", d.Zone), deps.That("Links", d.Links.Valid()), deps.Given("Pages", d.Pages), deps.Given("Log", d.Log), deps.Given("Clock", d.Clock)); err != nil {
		return nil, err
	}
	return &Job{store: d.Store, runner: d.Runner, deliver: d.Deliver, zone: d.Zone, links: d.Links, pages: d.Pages, log: d.Log, clock: d.Clock}, nil
}

// margin is how long before the function's deadline a run starts no
// other match: a match takes seconds, a few more cover its records.
const margin = 60 * time.Second

// Run plays every fixture due by now that is not played, then tells the
// entrants. A fixture the runner failed on (an error, not a robot's
// forfeit) is recorded with the failure and tried again by the first run
// on a later day in the group's zone, the same match (its seed is the
// fixture's). A run that stops part-way leaves the rest due for the next.
func (j *Job) Run(ctx context.Context, now time.Time) error {
	due, err := j.store.DueFixtures(ctx, now)
	if err != nil {
		return fmt.Errorf("%s: %w", Name, err)
	}
	slices.SortFunc(due, func(a, b leagues.Fixture) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.League+a.ID(), b.League+b.ID())
	})
	var errs []error
	cache := map[string]leagues.League{}
	left := 0
	for i, f := range due {
		if dl, ok := ctx.Deadline(); ok && j.clock().Add(margin).After(dl) {
			left = len(due) - i
			break
		}
		if !f.FailedAt.IsZero() && sameDay(f.FailedAt, now, j.zone) {
			continue // failed today: tried again on a later day
		}
		l, ok := cache[f.League]
		if !ok {
			if l, err = j.store.GetLeague(ctx, f.League); err != nil {
				errs = append(errs, fmt.Errorf("%s: league %s: %w", Name, f.League, err))
				continue
			}
			cache[f.League] = l
		}
		if err := j.play(ctx, l, f, now); err != nil {
			errs = append(errs, fmt.Errorf("%s: fixture %s/%s: %w", Name, f.League, f.ID(), err))
		}
	}
	if err := j.tellAll(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if left > 0 {
		errs = append(errs, fmt.Errorf("%s: %d fixtures left before the deadline: %w", Name, left, jobs.ErrIncomplete))
	}
	return errors.Join(errs...)
}

func sameDay(a, b time.Time, zone *time.Location) bool {
	ya, ma, da := a.In(zone).Date()
	yb, mb, db := b.In(zone).Date()
	return ya == yb && ma == mb && da == db
}

// play plays one fixture and records its result once.
func (j *Job) play(ctx context.Context, l leagues.League, f leagues.Fixture, now time.Time) error {
	var sides [2]leagues.Entry
	var robots [2]battlefield.Robot
	gone := [2]bool{}
	for i, k := range []string{f.Home, f.Away} {
		e, ok := l.Entry(k)
		sides[i] = e
		if !ok || e.Withdrawn {
			gone[i] = true
			continue
		}
		r, err := j.store.GetRobot(ctx, e.Robot)
		if errors.Is(err, battlefield.ErrNotFound) {
			gone[i] = true // erased with its owner
			continue
		}
		if err != nil {
			return err
		}
		robots[i] = r
	}
	switch {
	case gone[0] && gone[1]:
		f.Winner, f.Scores, f.Forfeit = -1, [2]int{0, 0}, leagues.Withdrawn
		return j.record(ctx, f)
	case gone[0] || gone[1]:
		w := 0
		if gone[0] {
			w = 1
		}
		f.Winner, f.Forfeit = w, leagues.Withdrawn
		f.Scores = [2]int{}
		f.Scores[w] = 1
		return j.record(ctx, f)
	}
	id := leagues.MatchID(l.ID, f)
	m, err := j.store.GetMatch(ctx, id)
	if errors.Is(err, battlefield.ErrNotFound) {
		m = battlefield.Match{
			ID: id, Kind: "league", Game: l.Game, Seed: leagues.Seed(l.ID, f),
			Sides: [2]battlefield.Side{{Robot: robots[0].ID, Label: robots[0].Label()}, {Robot: robots[1].ID, Label: robots[1].Label()}},
		}
		start := time.Now()
		m.Result, err = j.runner.Play(ctx, l.Game, m.Seed, [2]battlefield.Contender{{Code: robots[0].Code}, {Code: robots[1].Code}})
		if err != nil {
			j.log.ErrorContext(ctx, "league match: the runner failed", "league", l.ID, "fixture", f.ID(), "attempt", f.Attempts+1, "err", err)
			return j.store.RecordFailure(ctx, f, err.Error(), now)
		}
		m.PlayedAt = j.clock()
		err = j.store.CreateMatch(ctx, m)
		if errors.Is(err, battlefield.ErrExists) {
			// Another run played it at the same moment and stored it
			// first: its match is the fixture's, whatever this one saw.
			m, err = j.store.GetMatch(ctx, id)
		}
		if err != nil {
			return err
		}
		j.log.InfoContext(ctx, "league match played", "league", l.ID, "fixture", f.ID(), "match", id, "winner", m.Winner,
			"ms", time.Since(start).Milliseconds())
	} else if err != nil {
		return err
	}
	f.Match, f.Winner, f.Scores = m.ID, m.Winner, m.Scores
	if m.Forfeit != nil {
		f.Forfeit = m.Sides[m.Forfeit.Side].Label + ": " + m.Forfeit.Detail
	}
	return j.record(ctx, f)
}

func (j *Job) record(ctx context.Context, f leagues.Fixture) error {
	err := j.store.RecordResult(ctx, f)
	if errors.Is(err, leagues.ErrConflict) {
		return nil // recorded by another run
	}
	return err
}

// tellAll emails the entrants of every played fixture not yet told: one
// email per entrant and match day (round), and the final standings once a
// league's last fixture is played (the league finished at now). A fixture is marked told only once its
// emails are all out, so a run that failed is made good by the next.
func (j *Job) tellAll(ctx context.Context, now time.Time) error {
	untold, err := j.store.UntoldFixtures(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", Name, err)
	}
	byLeague := map[string][]leagues.Fixture{}
	var order []string
	for _, f := range untold {
		if _, ok := byLeague[f.League]; !ok {
			order = append(order, f.League)
		}
		byLeague[f.League] = append(byLeague[f.League], f)
	}
	var errs []error
	for _, id := range order {
		if err := j.tell(ctx, id, byLeague[id], now); err != nil {
			errs = append(errs, fmt.Errorf("%s: league %s: %w", Name, id, err))
		}
	}
	return errors.Join(errs...)
}

func (j *Job) tell(ctx context.Context, id string, untold []leagues.Fixture, now time.Time) error {
	l, all, err := j.store.LeagueWithFixtures(ctx, id)
	if err != nil {
		return err
	}
	table := leagues.Standings(l.Entries, all)
	finished := len(all) > 0 && !slices.ContainsFunc(all, func(f leagues.Fixture) bool { return f.Status != leagues.Played })
	if finished {
		if l.Status != leagues.Finished {
			if err := j.store.FinishLeague(ctx, l.ID, table[0].Entry, now); err != nil {
				return err
			}
			l.Champion = table[0].Entry
		}
		if err := j.final(ctx, l, table); err != nil {
			return err
		}
	}
	rounds := map[int][]leagues.Fixture{}
	for _, f := range untold {
		rounds[f.Round] = append(rounds[f.Round], f)
	}
	keys := make([]int, 0, len(rounds))
	for r := range rounds {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	var errs []error
	for _, r := range keys {
		if err := j.day(ctx, l, rounds[r], table); err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range rounds[r] {
			if err := j.store.MarkTold(ctx, f); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// day emails each entrant of the played fixtures of one round their
// results and the table's top.
func (j *Job) day(ctx context.Context, l leagues.League, fs []leagues.Fixture, table []leagues.Row) error {
	g, _ := battlefield.GameNamed(l.Game)
	var sends []jobs.Send
	for _, e := range l.Reachable() {
		var mine []leagues.Fixture
		for _, f := range fs {
			if f.Home == e.Key || f.Away == e.Key {
				mine = append(mine, f)
			}
		}
		if len(mine) == 0 {
			continue
		}
		sends = append(sends, jobs.Send{Key: e.Key, Owner: e.Owner, Message: func(ctx context.Context) (email.Message, error) {
			n, err := leaguedraw.LeagueNews(ctx, l, e, g, j.links, j.pages)
			if err != nil {
				return email.Message{}, err
			}
			n.Kind = email.LeagueDay
			for _, f := range mine {
				n.Matches = append(n.Matches, j.result(l, e, f))
			}
			n.Table = rows(table, TableTop)
			return email.Compose(email.Recipient{Address: e.Email, Name: e.OwnerName, Lang: lang.Parse(e.Lang)}, n)
		}})
	}
	_, err := j.deliver.Deliver(ctx, Name, l.ID+"#r"+strconv.Itoa(fs[0].Round), sends)
	return err
}

// final emails every entrant the final standings.
func (j *Job) final(ctx context.Context, l leagues.League, table []leagues.Row) error {
	g, _ := battlefield.GameNamed(l.Game)
	champion, _ := l.Entry(l.Champion)
	var sends []jobs.Send
	for _, e := range l.Reachable() {
		sends = append(sends, jobs.Send{Key: e.Key, Owner: e.Owner, Message: func(ctx context.Context) (email.Message, error) {
			n, err := leaguedraw.LeagueNews(ctx, l, e, g, j.links, j.pages)
			if err != nil {
				return email.Message{}, err
			}
			n.Kind, n.Champion, n.Table = email.LeagueFinal, champion.Shown(), rows(table, len(table))
			return email.Compose(email.Recipient{Address: e.Email, Name: e.OwnerName, Lang: lang.Parse(e.Lang)}, n)
		}})
	}
	_, err := j.deliver.Deliver(ctx, Name, l.ID+"#final", sends)
	return err
}

// result is fixture f as entry e played it.
func (j *Job) result(l leagues.League, e leagues.Entry, f leagues.Fixture) email.LeagueMatch {
	side, other := 0, f.Away
	if f.Away == e.Key {
		side, other = 1, f.Home
	}
	o, _ := l.Entry(other)
	m := battlefield.Match{Result: battlefield.Result{Winner: f.Winner}}
	out := email.LeagueMatch{
		When: leaguedraw.When(f.At, j.zone, lang.Parse(e.Lang)), Opponent: o.Shown(), Outcome: m.Outcome(side),
		Scores: strconv.Itoa(f.Scores[side]) + " : " + strconv.Itoa(f.Scores[1-side]), Forfeit: f.Forfeit,
	}
	if f.Match != "" {
		out.ReplayLink = j.links.Match(f.Match, e.Lang)
	}
	return out
}

func rows(table []leagues.Row, n int) []email.LeagueRow {
	var out []email.LeagueRow
	for i, r := range table[:min(n, len(table))] {
		out = append(out, email.LeagueRow{Place: i + 1, Robot: r.Name, Played: r.Played, Points: r.Points})
	}
	return out
}
