package leagues

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/shortid"
	"github.com/tehpug/backend/internal/validate"
)

// Service runs leagues: creating them, entering robots, and what the
// league's page shows. Build it with New.
type Service struct {
	store  Store
	robots func(ctx context.Context, raw string) (battlefield.Robot, error)
	log    *slog.Logger
	now    func() time.Time
	zone   *time.Location
}

// Deps is what a Service is built from.
type Deps struct {
	Store Store
	// Robot reads the robot a robot's emailed link opens (the battlefield's
	// LinkedRobot): an entry is made with that link.
	Robot func(ctx context.Context, raw string) (battlefield.Robot, error)
	Log   *slog.Logger
	Now   func() time.Time
	Zone  *time.Location
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	if err := deps.Require("leagues", deps.Given("Store", d.Store), deps.Given("Robot", d.Robot), deps.Given("Log", d.Log),
		deps.Given("Now", d.Now), deps.Given("Zone", d.Zone)); err != nil {
		return nil, err
	}
	return &Service{store: d.Store, robots: d.Robot, log: d.Log, now: d.Now, zone: d.Zone}, nil
}

// Zone is the group's zone, the league's dates and times are in.
func (s *Service) Zone() *time.Location { return s.zone }

// CreateInput is an organizer's new league.
type CreateInput struct {
	Title              string   `json:"title"`
	Game               string   `json:"game"`
	RegistrationOpens  string   `json:"registration_opens"`  // RFC 3339
	RegistrationCloses string   `json:"registration_closes"` // RFC 3339
	FirstMatchDay      string   `json:"first_match_day"`     // 2006-01-02, in the group's zone
	MatchDays          []string `json:"match_days"`          // weekdays: "sat", "sun", …
	MatchTime          string   `json:"match_time"`          // 15:04, in the group's zone
	MaxRobots          int      `json:"max_robots"`
}

// weekdays are the names match_days takes.
var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// WeekdayName is the name match_days gives d.
func WeekdayName(d time.Weekday) string { return weekdays[d] }

// Create validates and stores a new league, open for entries between its
// registration times.
func (s *Service) Create(ctx context.Context, in CreateInput) (League, error) {
	now := s.now()
	in.Title = strings.TrimSpace(in.Title)
	v := validate.New()
	v.RequiredLine("title", in.Title, MaxTitle)
	names := make([]string, len(battlefield.Games))
	for i, g := range battlefield.Games {
		names[i] = g.Name
	}
	v.OneOf("game", in.Game, names...)
	opens := v.Time("registration_opens", in.RegistrationOpens)
	closes := v.Time("registration_closes", in.RegistrationCloses)
	if !v.Failed("registration_opens") && !v.Failed("registration_closes") {
		v.Check("registration_closes", closes.After(opens), problem.AfterOpens)
	}
	if !v.Failed("registration_closes") {
		v.Check("registration_closes", closes.After(now), problem.Future)
	}
	first, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(in.FirstMatchDay), s.zone)
	if v.Check("first_match_day", err == nil, problem.Date) && !closes.IsZero() {
		closeDay := closes.In(s.zone)
		closeDate := time.Date(closeDay.Year(), closeDay.Month(), closeDay.Day(), 0, 0, 0, 0, s.zone)
		v.Check("first_match_day", first.After(closeDate), problem.AfterCloses)
	}
	var days []time.Weekday
	if v.Check("match_days", len(in.MatchDays) > 0, problem.Required) {
		for _, d := range in.MatchDays {
			i := slices.Index(weekdays, strings.ToLower(strings.TrimSpace(d)))
			if !v.Check("match_days", i >= 0, problem.OneOf, problem.Choices(weekdays...)) {
				break
			}
			if !slices.Contains(days, time.Weekday(i)) {
				days = append(days, time.Weekday(i))
			}
		}
	}
	in.MatchTime = strings.TrimSpace(in.MatchTime)
	_, _, ok := clock(in.MatchTime)
	v.Check("match_time", ok, problem.ClockTime)
	v.Range("max_robots", in.MaxRobots, MinRobots, MaxRobots)
	if err := v.Err(); err != nil {
		return League{}, err
	}
	slices.Sort(days)
	l := League{
		ID: newID(), Title: in.Title, Game: in.Game, RegistrationOpens: opens.UTC(), RegistrationCloses: closes.UTC(),
		FirstMatchDay: first.Format(time.DateOnly), MatchDays: days, MatchTime: in.MatchTime, MaxRobots: in.MaxRobots,
		Status: Open, CreatedAt: now,
	}
	if err := s.store.CreateLeague(ctx, l); err != nil {
		return League{}, fmt.Errorf("create league: %w", err)
	}
	s.log.InfoContext(ctx, "league created", "league", l.ID, "game", l.Game)
	return l, nil
}

// List lists one page of the leagues, the newest first, and the cursor of
// the next page.
func (s *Service) List(ctx context.Context, cursor string, limit int) ([]League, string, error) {
	ls, next, err := s.store.ListLeagues(ctx, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list leagues: %w", err)
	}
	return ls, next, nil
}

// OpenFor lists the leagues of game taking entries now.
func (s *Service) OpenFor(ctx context.Context, game string) ([]League, error) {
	now := s.now()
	ls, err := s.store.OpenLeagues(ctx, game, now)
	if err != nil {
		return nil, fmt.Errorf("open leagues: %w", err)
	}
	return slices.DeleteFunc(ls, func(l League) bool { return !l.Taking(now) }), nil
}

// Taking reports whether l takes new entries at now: open, and within its
// registration window.
func (l League) Taking(now time.Time) bool {
	return l.Status == Open && !now.Before(l.RegistrationOpens) && now.Before(l.RegistrationCloses)
}

// Page is what a league's page shows.
type Page struct {
	League   League
	Fixtures []Fixture
	Table    []Row
}

// Entry returns the entry called key.
func (l League) Entry(key string) (Entry, bool) {
	i := slices.IndexFunc(l.Entries, func(e Entry) bool { return e.Key == key })
	if i < 0 {
		return Entry{}, false
	}
	return l.Entries[i], true
}

// Page reads a league, its fixtures and its table.
func (s *Service) Page(ctx context.Context, id string) (Page, error) {
	l, fs, err := s.store.LeagueWithFixtures(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Page{}, apperr.New(apperr.NotFound, "No such league.")
	}
	if err != nil {
		return Page{}, fmt.Errorf("league %s: %w", id, err)
	}
	return Page{League: l, Fixtures: fs, Table: Standings(l.Entries, fs)}, nil
}

// Fixtures reads the fixtures of l, a league read already (from List).
func (s *Service) Fixtures(ctx context.Context, l League) ([]Fixture, error) {
	fs, err := s.store.LeagueFixtures(ctx, l.ID)
	if err != nil {
		return nil, fmt.Errorf("league %s fixtures: %w", l.ID, err)
	}
	return fs, nil
}

// EntryKey is the key of owner's entry in any league: their person key's
// digest.
func EntryKey(owner string) string { return strings.TrimPrefix(owner, "P#") }

// Enter enters the robot a robot's link opens into a league. A member
// enters one robot per league: entering again with a newer version of the
// same robot (the same name) swaps the version, until the league's first
// match; entering another robot is refused (409). New entries are taken
// only while registration is open, and only up to MaxRobots: the entry is
// one conditional write on the league, so two at once never both take the
// last place, and an entry and the closing of registration never both
// happen.
func (s *Service) Enter(ctx context.Context, id, raw string) (League, Entry, error) {
	r, err := s.robots(ctx, raw)
	if err != nil {
		return League{}, Entry{}, err
	}
	if r.Status != battlefield.Confirmed {
		return League{}, Entry{}, apperr.New(apperr.Conflict, "Confirm the robot first: it plays once confirmed.")
	}
	for attempt := 0; ; attempt++ {
		l, err := s.store.GetLeague(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return League{}, Entry{}, apperr.New(apperr.NotFound, "No such league.")
		}
		if err != nil {
			return League{}, Entry{}, fmt.Errorf("league %s: %w", id, err)
		}
		e, w, err := s.entryWrite(l, r)
		if err != nil || w == nil {
			return l, e, err
		}
		err = s.store.PutEntry(ctx, l.ID, *w)
		if errors.Is(err, ErrConflict) && attempt == 0 {
			continue // the league changed meanwhile: read it again and say why
		}
		if errors.Is(err, ErrConflict) {
			return l, Entry{}, apperr.New(apperr.Conflict, "The league changed meanwhile. Try again.")
		}
		if err != nil {
			return l, Entry{}, fmt.Errorf("enter league %s: %w", id, err)
		}
		s.log.InfoContext(ctx, "league entry", "league", l.ID, "robot", r.ID, "swap", w.Replace != "")
		return l, e, nil
	}
}

// entryWrite decides what entering r into l writes: nil when r is in
// already, an error when it may not go in.
func (s *Service) entryWrite(l League, r battlefield.Robot) (Entry, *EntryWrite, error) {
	if r.Game != l.Game {
		return Entry{}, nil, apperr.New(apperr.Conflict, "This robot plays another game than the league's.")
	}
	now := s.now()
	e := Entry{
		Key: EntryKey(r.Owner), Owner: r.Owner, Robot: r.ID, Name: r.Name, Label: r.Label(),
		Email: r.Email, OwnerName: r.OwnerName, Lang: r.Lang, EnteredAt: now,
	}
	first := l.FirstMatch(s.zone)
	old, in := l.Entry(e.Key)
	switch {
	case !in:
		if !l.Taking(now) {
			return Entry{}, nil, apperr.New(apperr.Conflict, "This league takes no entries now: registration is closed.")
		}
		if len(l.Entries) >= l.MaxRobots {
			return Entry{}, nil, apperr.New(apperr.Conflict, "This league is full.")
		}
		return e, &EntryWrite{Entry: e, Now: now, FirstMatch: first}, nil
	case old.Robot == r.ID:
		return old, nil, nil
	case old.Withdrawn || !strings.EqualFold(old.Name, r.Name):
		return Entry{}, nil, apperr.New(apperr.Conflict, "You entered another robot into this league: a member enters one robot per league.")
	case r.Version < versionOf(old):
		return Entry{}, nil, apperr.New(apperr.Conflict, "A newer version of this robot is in the league already.")
	case l.Status == Finished || !now.Before(first):
		return Entry{}, nil, apperr.New(apperr.Conflict, "The league's matches have begun: its robots can no longer change.")
	}
	e.EnteredAt = old.EnteredAt
	return e, &EntryWrite{Entry: e, Replace: old.Robot, Now: now, FirstMatch: first}, nil
}

// versionOf reads the version from an entry's label ("name vN").
func versionOf(e Entry) int {
	i := strings.LastIndex(e.Label, " v")
	n := 0
	if i >= 0 {
		_, _ = fmt.Sscanf(e.Label[i+2:], "%d", &n)
	}
	return n
}

// Withdrawals is what withdrawing an erased member's entries needs.
type Withdrawals interface {
	OwnerEntries(ctx context.Context, owner string) ([]string, error)
	WithdrawEntry(ctx context.Context, league, key string) error
}

// Withdraw marks every entry of owner withdrawn, keeping no name: run
// before an erased member's data goes, so their robots' remaining
// matches are forfeits and the others' results stay.
func Withdraw(ctx context.Context, store Withdrawals, owner string) error {
	ids, err := store.OwnerEntries(ctx, owner)
	if err != nil {
		return fmt.Errorf("withdraw entries: %w", err)
	}
	for _, id := range ids {
		if err := store.WithdrawEntry(ctx, id, EntryKey(owner)); err != nil {
			return fmt.Errorf("withdraw entry in %s: %w", id, err)
		}
	}
	return nil
}

// Seed is the seed of a fixture's match: derived from the league and the
// fixture, so a match played again after the runner failed is the same
// match.
func Seed(league string, f Fixture) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(league + "#" + f.ID()))
	return int64(h.Sum64() & 0x7fffffff)
}

// MatchID is the id of a fixture's match: one per fixture, so a match is
// stored once however often its run is repeated.
func MatchID(league string, f Fixture) string { return league + "-" + f.ID() }

// newID returns a short random identifier.
func newID() string { return shortid.New(14) }
