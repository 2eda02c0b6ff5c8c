package leagueplay_test

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// TestEntryRaces: a member entering two robots at once gets one in; an
// entry arriving while registration closes is either in the draw or
// refused, never lost.
func TestEntryRaces(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2027, 2, 1, 10, 0, 0, 0, tehran)
	clock := wiringtest.NewClock(start)
	sys := wiringtest.New(t, wiring.WithRunner(matchrunner.Process(filepath.Join(testenv.Root(), "battlefield"), matchrunner.Patient(2*time.Second))), wiring.WithClock(clock.Now))
	svc, draw := sys.Leagues(), sys.LeagueDraw()
	sys.Built()
	const trials = 30
	newLeague := func(closes time.Time, max int) leagues.League {
		l, err := svc.Create(ctx, leagues.CreateInput{
			Title: "Race", Game: "duel", RegistrationOpens: start.Format(time.RFC3339), RegistrationCloses: closes.Format(time.RFC3339),
			FirstMatchDay: closes.AddDate(0, 0, 2).Format(time.DateOnly), MatchDays: []string{"mon"}, MatchTime: "18:00", MaxRobots: max,
		})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}

	t.Run("two robots of one member", func(t *testing.T) {
		l := newLeague(start.AddDate(0, 0, 5), 32)
		for i := range trials {
			addr := apitest.UniqueEmail("race-two")
			_, a := robot(t, sys, addr, "alpha", testenv.LeagueRobot(t, "every1"), start)
			_, b := robot(t, sys, addr, "beta", testenv.LeagueRobot(t, "every2"), start)
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for k, raw := range []string{a, b} {
				wg.Go(func() { _, _, errs[k] = svc.Enter(ctx, l.ID, raw) })
			}
			wg.Wait()
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("trial %d: both or neither entered: %v, %v", i, errs[0], errs[1])
			}
		}
		got, err := sys.Store().GetLeague(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Entries) != trials {
			t.Errorf("%d entries after %d members entered, want one each", len(got.Entries), trials)
		}
	})

	t.Run("the last place", func(t *testing.T) {
		l := newLeague(start.AddDate(0, 0, 5), 2)
		var wg sync.WaitGroup
		var in atomic.Int64
		for range 6 {
			_, raw := robot(t, sys, apitest.UniqueEmail("race-full"), "gamma", testenv.LeagueRobot(t, "every3"), start)
			wg.Go(func() {
				if _, _, err := svc.Enter(ctx, l.ID, raw); err == nil {
					in.Add(1)
				}
			})
		}
		wg.Wait()
		got, err := sys.Store().GetLeague(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if in.Load() != 2 || len(got.Entries) != 2 {
			t.Errorf("%d entries taken, %d stored, for a league of 2", in.Load(), len(got.Entries))
		}
	})

	t.Run("registration closing", func(t *testing.T) {
		_, first := robot(t, sys, apitest.UniqueEmail("race-close-a"), "delta", testenv.LeagueRobot(t, "every1"), start)
		_, late := robot(t, sys, apitest.UniqueEmail("race-close-b"), "eps", testenv.LeagueRobot(t, "every2"), start)
		entered := 0
		for i := range trials {
			closes := start.Add(time.Duration(i+1) * time.Hour)
			l := newLeague(closes, 8)
			clock.Set(closes.Add(-time.Minute))
			if _, _, err := svc.Enter(ctx, l.ID, first); err != nil {
				t.Fatal(err)
			}
			// The entry is checked a second before registration closes;
			// the draw for the hour runs at the same moment.
			clock.Set(closes.Add(-time.Second))
			var enterErr, drawErr error
			var wg sync.WaitGroup
			wg.Go(func() { _, _, enterErr = svc.Enter(ctx, l.ID, late) })
			wg.Go(func() {
				// Started a little later on some trials, so that both
				// orders happen.
				time.Sleep(time.Duration(i%6) * time.Millisecond)
				drawErr = draw.Run(ctx, closes)
			})
			wg.Wait()
			if drawErr != nil {
				t.Fatal(drawErr)
			}
			p, err := svc.Page(ctx, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case enterErr == nil && (len(p.League.Entries) != 2 || len(p.Fixtures) != 2):
				t.Fatalf("trial %d: the entry was taken but the draw has %d robots and %d fixtures", i, len(p.League.Entries), len(p.Fixtures))
			case enterErr != nil && (len(p.League.Entries) != 1 || p.League.Status != leagues.Finished):
				t.Fatalf("trial %d: the entry was refused (%v) but the league has %d robots", i, enterErr, len(p.League.Entries))
			}
			if enterErr == nil {
				entered++
			}
		}
		t.Logf("%d of %d late entries made it into the draw, the others were refused", entered, trials)
	})
}

// TestTwoRunsAtOnce: the scheduler delivers at least once, so two runs of
// one match day can run together. Each fixture's result is its stored
// match's, recorded once, and each entrant gets one email a day.
func TestTwoRunsAtOnce(t *testing.T) {
	ctx := context.Background()
	clock := wiringtest.NewClock(time.Date(2027, 6, 1, 10, 0, 0, 0, tehran))
	sys := wiringtest.New(t, wiring.WithRunner(matchrunner.Process(filepath.Join(testenv.Root(), "battlefield"), matchrunner.Patient(2*time.Second))), wiring.WithClock(clock.Now))
	svc, draw, play := sys.Leagues(), sys.LeagueDraw(), sys.LeaguePlay()
	sys.Built()
	l, err := svc.Create(ctx, leagues.CreateInput{Title: "Twice", Game: "duel", RegistrationOpens: "2027-06-01T09:00:00+03:30",
		RegistrationCloses: "2027-06-02T10:00:00+03:30", FirstMatchDay: "2027-06-03", MatchDays: []string{"thu", "fri"}, MatchTime: "18:00", MaxRobots: 2})
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for _, n := range []string{"every1", "every3"} {
		addrs = append(addrs, apitest.UniqueEmail("twice"))
		_, raw := robot(t, sys, addrs[len(addrs)-1], n, testenv.LeagueRobot(t, n), clock.Now())
		clock.Advance(time.Minute)
		if _, _, err := svc.Enter(ctx, l.ID, raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := draw.Run(ctx, time.Date(2027, 6, 2, 10, 0, 0, 0, tehran)); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{time.Date(2027, 6, 3, 18, 0, 0, 0, tehran), time.Date(2027, 6, 4, 18, 0, 0, 0, tehran)} {
		clock.Set(at)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() { errs[i] = play.Run(ctx, at) })
		}
		wg.Wait()
		// A run that found an email held by the other reports itself
		// incomplete, as any job does; its retry finds it sent.
		if errs[0] != nil || errs[1] != nil {
			if err := play.Run(ctx, at); err != nil {
				t.Fatalf("the retry after two runs at once: %v (%v, %v)", err, errs[0], errs[1])
			}
		}
	}
	p, err := svc.Page(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.League.Status != leagues.Finished || len(p.Fixtures) != 2 {
		t.Fatalf("league %s with %d fixtures", p.League.Status, len(p.Fixtures))
	}
	for _, f := range p.Fixtures {
		m, err := sys.Store().GetMatch(ctx, f.Match)
		if err != nil || m.Scores != f.Scores || m.Winner != f.Winner {
			t.Errorf("fixture %s: %v %v, its match %v %v (%v)", f.ID(), f.Scores, f.Winner, m.Scores, m.Winner, err)
		}
	}
	for _, a := range addrs {
		// The draw, two match days, the final standings.
		if n := len(testenv.EmailsTo(t, a)); n != 4 {
			t.Errorf("%s got %d emails, want 4", a, n)
		}
	}
}
