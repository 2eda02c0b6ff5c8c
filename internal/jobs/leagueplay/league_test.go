package leagueplay_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// flaky is the real runner, failing once on the match whose seed is
// failSeed (set before any match is played), and counting the matches it
// is asked to play.
type flaky struct {
	battlefield.Runner
	failSeed atomic.Int64
	failed   atomic.Bool
	plays    atomic.Int64
}

func (f *flaky) Play(ctx context.Context, game string, seed int64, sides [2]battlefield.Contender) (battlefield.Result, error) {
	f.plays.Add(1)
	if seed == f.failSeed.Load() && f.failed.CompareAndSwap(false, true) {
		return battlefield.Result{}, errors.New("the runner ran out of memory")
	}
	return f.Runner.Play(ctx, game, seed, sides)
}

// robot stores a confirmed duel robot of the member at addr, as sending
// it and confirming its link would, and returns it with its link's token.
func robot(t *testing.T, sys *wiringtest.System, addr, name, src string, at time.Time) (battlefield.Robot, string) {
	t.Helper()
	ctx := context.Background()
	store := sys.Store()
	owner := person.Key(addr)
	v, err := store.NextRobotVersion(ctx, owner, "duel", name)
	if err != nil {
		t.Fatal(err)
	}
	r := battlefield.Robot{
		ID: name + "-" + testenv.RandomHex(6), Owner: owner, Email: addr, OwnerName: "Owner of " + name, Lang: "en", Game: "duel",
		Name: name, Version: v, Code: src, Status: battlefield.Confirmed, CreatedAt: at, ConfirmedAt: at,
	}
	if err := store.CreateRobot(ctx, r); err != nil {
		t.Fatal(err)
	}
	raw, err := sys.Tokens().Issue(ctx, token.Robot, r.ID, owner, "en", 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return r, raw
}

// tehran is the group's zone in the tests (the template's default).
var tehran = func() *time.Location {
	z, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		panic(err)
	}
	return z
}()

// TestAFullLeague plays a whole league of six robots with the real match
// runner: four that answer right on every k-th round (k = 1, 2, 3, 4: 20,
// 10, 6 and 5 right answers out of 20), one that loops forever while it
// loads and one that answers garbage. Registration, the draw, ten match
// days (one round each), the table, the emails, and every job run again
// for the same times: nothing is played or sent twice. The runner fails
// once on a match of the first day; it is played on the second.
func TestAFullLeague(t *testing.T) {
	ctx := context.Background()
	clock := wiringtest.NewClock(time.Date(2027, 1, 1, 10, 0, 0, 0, tehran))
	run := &flaky{Runner: matchrunner.Process(filepath.Join(testenv.Root(), "battlefield"), matchrunner.Patient(2*time.Second))}
	sys := wiringtest.New(t, wiring.WithRunner(run), wiring.WithClock(clock.Now))
	svc, draw, play := sys.Leagues(), sys.LeagueDraw(), sys.LeaguePlay()
	api := apitest.New(t, sys, wiring.LeaguesFunction)

	l, err := svc.Create(ctx, leagues.CreateInput{
		Title: "Winter duel", Game: "duel", RegistrationOpens: "2027-01-01T09:00:00+03:30", RegistrationCloses: "2027-01-02T10:00:00+03:30",
		FirstMatchDay: "2027-01-03", MatchDays: []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, MatchTime: "18:00", MaxRobots: 6,
	})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"every1", "every2", "every3", "every4", "looper", "garbage"}
	addrs := map[string]string{}
	keys := map[string]string{}
	for i, n := range names {
		addrs[n] = apitest.UniqueEmail("league-" + n)
		_, raw := robot(t, sys, addrs[n], n, testenv.LeagueRobot(t, n), clock.Now())
		clock.Advance(time.Minute) // entry order: as listed
		if _, e, err := svc.Enter(ctx, l.ID, raw); err != nil {
			t.Fatalf("entering %s: %v", n, err)
		} else {
			keys[n] = e.Key
		}
		_ = i
	}
	// The first fixture of the first day fails once in the runner.
	run.failSeed.Store(leagues.Seed(l.ID, leagues.Fixture{Round: 1, Index: 1}))

	// The draw, at the hour registration closes.
	closes := time.Date(2027, 1, 2, 10, 0, 0, 0, tehran)
	clock.Set(closes)
	if err := draw.Run(ctx, closes); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Page(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.League.Status != leagues.Drawn || len(p.Fixtures) != 30 {
		t.Fatalf("after the draw: %s with %d fixtures, want drawn with 30", p.League.Status, len(p.Fixtures))
	}
	for _, n := range names {
		if got := len(testenv.EmailsTo(t, addrs[n])); got != 1 {
			t.Errorf("%s's owner got %d emails after the draw, want their fixtures once", n, got)
		}
	}

	// Ten match days, 18:00 from 3 January; a run an hour later each day.
	day := func(i int) time.Time { return time.Date(2027, 1, 3+i, 18, 0, 0, 0, tehran) }
	for i := range 10 {
		for _, at := range []time.Time{day(i), day(i).Add(time.Hour)} {
			clock.Set(at)
			if err := play.Run(ctx, at); err != nil {
				t.Fatalf("match day %d at %s: %v", i+1, at.Format(time.TimeOnly), err)
			}
		}
		p, err := svc.Page(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		playedBy := 0
		for _, f := range p.Fixtures {
			if f.Status == leagues.Played {
				playedBy++
			}
		}
		// The failed match of day one waits for day two.
		want := 3*(i+1) - map[bool]int{true: 1}[i == 0]
		if playedBy != want {
			t.Fatalf("after match day %d: %d fixtures played, want %d", i+1, playedBy, want)
		}
		if i == 0 {
			f := p.Fixtures[0]
			if f.Round != 1 || f.Index != 1 || f.Status != leagues.Scheduled || f.Attempts != 1 || f.LastFailure == "" {
				t.Fatalf("the failed fixture after day one: %+v", f)
			}
			page := api.Serve("GET", "/leagues/{leagueId}", "/leagues/"+l.ID+"?lang=en", "", "", "Accept", "text/html")
			if !strings.Contains(page.Body, "the match runner failed on this match") {
				t.Errorf("the league's page does not say the first match waits for a later day")
			}
		}
	}
	if got := run.plays.Load(); got != 31 {
		t.Errorf("the runner was asked to play %d matches, want 31 (30, one of them twice)", got)
	}

	p, err = svc.Page(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The table, worked out by hand. A forfeit scores 0 for the robot
	// that forfeits and 1 for its opponent (at least 1: no round was
	// played). Each pair met twice.
	want := []leagues.Row{
		// every1 beats every2 20:10, every3 20:6, every4 20:5, and the two
		// hostile robots 1:0: ten wins, 2×(20+20+20+1+1) for, 2×(10+6+5) against.
		{Entry: keys["every1"], Name: "every1 v1", Played: 10, Won: 10, For: 124, Against: 42, Difference: 82, Points: 30},
		// every2 loses 10:20 to every1, beats every3 10:6, every4 10:5, hostile 1:0.
		{Entry: keys["every2"], Name: "every2 v1", Played: 10, Won: 8, Lost: 2, For: 64, Against: 62, Difference: 2, Points: 24},
		// every3 loses 6:20 and 6:10, beats every4 6:5, hostile 1:0.
		{Entry: keys["every3"], Name: "every3 v1", Played: 10, Won: 6, Lost: 4, For: 40, Against: 70, Difference: -30, Points: 18},
		// every4 loses 5:20, 5:10, 5:6, beats the hostile two 1:0.
		{Entry: keys["every4"], Name: "every4 v1", Played: 10, Won: 4, Lost: 6, For: 34, Against: 72, Difference: -38, Points: 12},
		// garbage forfeits on the first round against the four (0:1), and
		// beats the looper, which never starts (1:0).
		{Entry: keys["garbage"], Name: "garbage v1", Played: 10, Won: 2, Lost: 8, For: 2, Against: 8, Difference: -6, Points: 6},
		// looper forfeits every match 0:1.
		{Entry: keys["looper"], Name: "looper v1", Played: 10, Lost: 10, For: 0, Against: 10, Difference: -10, Points: 0},
	}
	for i := range want {
		if i >= len(p.Table) || p.Table[i] != want[i] {
			t.Errorf("table row %d:\n got %+v\nwant %+v", i+1, p.Table, want[i])
			break
		}
	}
	if p.League.Status != leagues.Finished || p.League.Champion != keys["every1"] {
		t.Errorf("the league is %s with champion %q, want finished with every1", p.League.Status, p.League.Champion)
	}
	// Every match the runner played has its replay, listed as a league
	// match.
	for _, f := range p.Fixtures {
		m, err := sys.Store().GetMatch(ctx, f.Match)
		if err != nil || m.Kind != "league" || m.Replay == "" {
			t.Fatalf("fixture %s: match %q: %v %+v", f.ID(), f.Match, err, m.Kind)
		}
	}

	// Each owner: the fixtures, one email per match day, the final standings.
	emails := func() map[string]int {
		out := map[string]int{}
		for _, n := range names {
			out[n] = len(testenv.EmailsTo(t, addrs[n]))
		}
		return out
	}
	before := emails()
	for _, n := range names {
		if before[n] != 12 {
			t.Errorf("%s's owner got %d emails, want 12 (fixtures, ten match days, final standings)", n, before[n])
		}
	}

	// Every job again, for every time it ran: nothing more is played or sent.
	if err := draw.Run(ctx, closes); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		clock.Set(day(i))
		if err := play.Run(ctx, day(i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := run.plays.Load(); got != 31 {
		t.Errorf("running again played %d more matches", got-31)
	}
	after := emails()
	for _, n := range names {
		if after[n] != before[n] {
			t.Errorf("running again sent %s's owner %d more emails", n, after[n]-before[n])
		}
	}
}
