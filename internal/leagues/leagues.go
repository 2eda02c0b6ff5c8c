// Package leagues is Battlefield's leagues: organizers open a league for a
// game, members enter one confirmed robot each while registration is open,
// a double round-robin is drawn when it closes, its matches are played on
// the league's match days by the match runner, and the table shows who
// leads. docs/LEAGUES.md has the rules.
package leagues

import (
	"context"
	"errors"
	"time"
)

// Status is where a league stands.
type Status string

// League statuses, in the order a league passes through them.
const (
	// Open: registration may be open (between its opens and closes); the
	// league takes entries only then.
	Open Status = "open"
	// Drawn: registration closed and the fixtures are drawn; matches are
	// played on the match days.
	Drawn Status = "drawn"
	// Finished: every fixture is played (or fewer than two robots entered).
	Finished Status = "finished"
)

// Limits of a league.
const (
	MinRobots = 2
	MaxRobots = 32
	MaxTitle  = 100
)

// Withdrawn is how a robot whose owner erased their membership is named.
const Withdrawn = "withdrawn robot"

// League is one league of one game.
type League struct {
	ID                 string
	Title              string
	Game               string
	RegistrationOpens  time.Time
	RegistrationCloses time.Time
	// FirstMatchDay is a date in the group's zone, "2006-01-02".
	FirstMatchDay string
	// MatchDays are the weekdays matches are played on.
	MatchDays []time.Weekday
	// MatchTime is the time of day in the group's zone, "15:04".
	MatchTime string
	MaxRobots int
	Status    Status
	CreatedAt time.Time
	// Entries are the robots entered, in entry order.
	Entries []Entry
	// Champion is the key of the entry that won, once finished.
	Champion string
	// FinishedAt is when it finished (zero until then).
	FinishedAt time.Time
}

// Entry is one member's robot in a league.
type Entry struct {
	// Key identifies the entry within the league: derived from the
	// owner's person key, it stays when the owner is erased.
	Key   string
	Owner string // the owner's person key; empty once withdrawn
	Robot string // the robot version's id
	// Name is the robot's name (every version shares it); Label its name
	// and version.
	Name, Label string
	// Email, OwnerName and Lang are where the owner's emails go.
	Email, OwnerName, Lang string
	EnteredAt              time.Time
	// Withdrawn is set when the owner erased their membership: the
	// entry keeps no name, and its remaining matches are forfeits.
	Withdrawn bool
}

// Shown is how the entry is named to people.
func (e Entry) Shown() string {
	if e.Withdrawn {
		return Withdrawn
	}
	return e.Label
}

// Reachable is the entries whose owners can be told by email: not
// withdrawn, and with an address.
func (l League) Reachable() []Entry {
	var out []Entry
	for _, e := range l.Entries {
		if !e.Withdrawn && e.Email != "" {
			out = append(out, e)
		}
	}
	return out
}

// FixtureStatus is where a fixture stands.
type FixtureStatus string

// Fixture statuses.
const (
	Scheduled FixtureStatus = "scheduled"
	Played    FixtureStatus = "played"
)

// Fixture is one match of a league: Home and Away are entry keys.
type Fixture struct {
	League string
	Round  int // 1-based
	Index  int // its place in the round, 1-based
	At     time.Time
	Home   string
	Away   string
	Status FixtureStatus
	// Attempts counts the runner's failures on this fixture; LastFailure
	// is the last one's words and FailedAt when it happened.
	Attempts    int
	LastFailure string
	FailedAt    time.Time
	// Match is the played match's id (empty for a forfeit by a withdrawn
	// robot, which no runner played).
	Match string
	// Winner is 0 (home), 1 (away) or -1 (a draw); Scores are home's, then
	// away's.
	Winner  int
	Scores  [2]int
	Forfeit string // the side's reason, when a side forfeited
	// Told is set once every entrant of the fixture got the match day's
	// email about it.
	Told bool
}

// ID names the fixture within its league: round and place.
func (f Fixture) ID() string { return fixtureID(f.Round, f.Index) }

func fixtureID(round, index int) string {
	return "r" + pad2(round) + "m" + pad2(index)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

// Errors a Store returns.
var (
	ErrNotFound = errors.New("leagues: not found")
	ErrExists   = errors.New("leagues: exists")
	// ErrConflict: a conditional write found the record in another state.
	ErrConflict = errors.New("leagues: changed meanwhile")
)

// EntryWrite is how a robot goes into a league: Replace names the robot
// version a swap replaces ("" for a new entry).
type EntryWrite struct {
	Entry   Entry
	Replace string
	// Now, with the league's status, bounds the write: a new entry needs
	// the league open and not full; a swap needs it before its first match.
	Now time.Time
	// FirstMatch is the league's first match's time.
	FirstMatch time.Time
}

// Store keeps leagues, their entries and their fixtures: what the
// service reads and writes (the draw and play jobs declare their own).
type Store interface {
	CreateLeague(ctx context.Context, l League) error
	// GetLeague reads a league, its entries with it.
	GetLeague(ctx context.Context, id string) (League, error)
	// LeagueWithFixtures reads a league and all its fixtures.
	LeagueWithFixtures(ctx context.Context, id string) (League, []Fixture, error)
	// LeagueFixtures reads a league's fixtures, for a league read already.
	LeagueFixtures(ctx context.Context, id string) ([]Fixture, error)
	// ListLeagues lists one page of the leagues, the newest first, and the
	// cursor of the next page ("" after the last).
	ListLeagues(ctx context.Context, cursor string, limit int) ([]League, string, error)
	// OpenLeagues lists the open leagues of a game whose registration
	// closes after now.
	OpenLeagues(ctx context.Context, game string, now time.Time) ([]League, error)
	// PutEntry writes an entry into the league in one conditional write:
	// ErrConflict when the league is not open, full, or the entry is not
	// the one Replace names.
	PutEntry(ctx context.Context, league string, w EntryWrite) error
}
