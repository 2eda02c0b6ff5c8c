// Package leaguedraw is LeagueDrawFunction: when a league's registration
// has closed, it closes the league, draws its double round-robin and
// emails each entrant their fixtures, once.
package leaguedraw

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/leagues"
)

// Name is the name the draw's emails are recorded under.
const Name = "league-draw"

// Store is what the draw reads and writes.
type Store interface {
	LeaguesToDraw(ctx context.Context, now time.Time) ([]leagues.League, error)
	CloseLeague(ctx context.Context, id string) (leagues.League, error)
	GetLeague(ctx context.Context, id string) (leagues.League, error)
	PutFixture(ctx context.Context, f leagues.Fixture) error
	DrawDone(ctx context.Context, id string) error
	FinishLeague(ctx context.Context, id, champion string, at time.Time) error
}

// Job draws the leagues whose registration has closed. Build it with New.
type Job struct {
	store   Store
	deliver *jobs.Deliverer
	zone    *time.Location
	links   email.Links
	pages   email.MemberPages
}

// Deps is what a Job is built from.
type Deps struct {
	Store   Store
	Deliver *jobs.Deliverer
	Zone    *time.Location
	Links   email.Links
	// Pages gives the emails to a member the link to their own page.
	Pages email.MemberPages
}

// New builds the Job, refusing to without any of its dependencies.
func New(d Deps) (*Job, error) {
	if err := deps.Require(Name, deps.Given("Store", d.Store), deps.Given("Deliver", d.Deliver), deps.Given("Zone", d.Zone),
		deps.That("Links", d.Links.Valid()), deps.Given("Pages", d.Pages)); err != nil {
		return nil, err
	}
	return &Job{store: d.Store, deliver: d.Deliver, zone: d.Zone, links: d.Links, pages: d.Pages}, nil
}

// Run draws every league whose registration closed by now and whose draw
// is not done. A league is closed by one conditional write: an entry that
// arrives at the same moment is either in the league when it closes, and
// so in the draw, or refused. The fixtures have keys of their own (round
// and place), so a run repeated after a failure writes none twice, and
// the emails go through the ledger, so none goes twice.
func (j *Job) Run(ctx context.Context, now time.Time) error {
	ls, err := j.store.LeaguesToDraw(ctx, now)
	if err != nil {
		return fmt.Errorf("%s: %w", Name, err)
	}
	var errs []error
	for _, l := range ls {
		if err := j.draw(ctx, l, now); err != nil {
			errs = append(errs, fmt.Errorf("%s: league %s: %w", Name, l.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (j *Job) draw(ctx context.Context, l leagues.League, now time.Time) error {
	if l.Status == leagues.Open {
		closed, err := j.store.CloseLeague(ctx, l.ID)
		if errors.Is(err, leagues.ErrConflict) {
			closed, err = j.store.GetLeague(ctx, l.ID) // closed by another run
		}
		if err != nil {
			return err
		}
		l = closed
	}
	if len(l.Entries) < leagues.MinRobots {
		if err := j.tell(ctx, l, nil); err != nil {
			return err
		}
		return j.store.FinishLeague(ctx, l.ID, "", now)
	}
	fixtures := l.Draw(j.zone)
	for _, f := range fixtures {
		if err := j.store.PutFixture(ctx, f); err != nil && !errors.Is(err, leagues.ErrExists) {
			return err
		}
	}
	if err := j.tell(ctx, l, fixtures); err != nil {
		return err
	}
	return j.store.DrawDone(ctx, l.ID)
}

// tell emails every entrant (not withdrawn) their fixtures, or that the
// league ends with no matches.
func (j *Job) tell(ctx context.Context, l leagues.League, fixtures []leagues.Fixture) error {
	g, _ := battlefield.GameNamed(l.Game)
	var sends []jobs.Send
	for _, e := range l.Reachable() {
		sends = append(sends, jobs.Send{Key: e.Key, Owner: e.Owner, Message: func(ctx context.Context) (email.Message, error) {
			lt := lang.Parse(e.Lang)
			n, err := LeagueNews(ctx, l, e, g, j.links, j.pages)
			if err != nil {
				return email.Message{}, err
			}
			n.Kind = email.LeagueNoMatches
			if len(fixtures) > 0 {
				n.Kind = email.LeagueDrawn
				for _, f := range fixtures {
					if f.Home != e.Key && f.Away != e.Key {
						continue
					}
					other := f.Away
					if f.Away == e.Key {
						other = f.Home
					}
					o, _ := l.Entry(other)
					n.Matches = append(n.Matches, email.LeagueMatch{When: When(f.At, j.zone, lt), Opponent: o.Shown()})
				}
			}
			return email.Compose(email.Recipient{Address: e.Email, Name: e.OwnerName, Lang: lt}, n)
		}})
	}
	_, err := j.deliver.Deliver(ctx, Name, l.ID+"#draw", sends)
	return err
}

// LeagueNews is the email's common part for entry e of league l, with the
// link to the owner's own page when they are a member.
func LeagueNews(ctx context.Context, l leagues.League, e leagues.Entry, g battlefield.Game, links email.Links, pages email.MemberPages) (email.LeagueNews, error) {
	i := 0
	if lang.Parse(e.Lang) == lang.Persian {
		i = 1
	}
	page, _, err := pages.PageLink(ctx, e.Owner)
	if err != nil {
		return email.LeagueNews{}, err
	}
	return email.LeagueNews{Name: e.OwnerName, League: l.Title, Robot: e.Label, Game: g.Title[i], LeagueLink: links.League(l.ID, e.Lang), PageLink: page}, nil
}

// When writes a match's time for an email in language l, in zone.
func When(t time.Time, zone *time.Location, l lang.Tag) string {
	t = t.In(zone)
	if l == lang.Persian {
		return lang.Persian.Number(t.Year()) + "-" + lang.Persian.Number(int(t.Month())) + "-" + lang.Persian.Number(t.Day()) +
			" " + lang.Persian.Number(t.Hour()) + ":" + pad(t.Minute(), l)
	}
	return t.Format("Mon 2 Jan 2006, 15:04")
}

func pad(n int, l lang.Tag) string {
	if n < 10 {
		return l.Number(0) + l.Number(n)
	}
	return l.Number(n)
}
