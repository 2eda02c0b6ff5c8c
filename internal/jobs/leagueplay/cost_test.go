package leagueplay_test

import (
	"context"
	"fmt"
	"path/filepath"
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

// pastLeague writes a league of eight robots played to the end a year
// ago: 56 played and told fixtures, finished. It is what the table holds
// once the group has run leagues for a while.
func pastLeague(t *testing.T, sys *wiringtest.System, i int) {
	t.Helper()
	ctx := context.Background()
	store := sys.Store()
	at := time.Date(2026, 1, 1, 10, 0, 0, 0, tehran)
	l := leagues.League{
		ID: fmt.Sprintf("past-%d-%s", i, testenv.RandomHex(4)), Title: "Past", Game: "duel", RegistrationOpens: at, RegistrationCloses: at.Add(time.Hour),
		FirstMatchDay: "2026-01-03", MatchDays: []time.Weekday{time.Saturday}, MatchTime: "18:00", MaxRobots: 8, Status: leagues.Open, CreatedAt: at,
	}
	if err := store.CreateLeague(ctx, l); err != nil {
		t.Fatal(err)
	}
	for k := range 8 {
		e := leagues.Entry{Key: fmt.Sprintf("e%d", k), Owner: fmt.Sprintf("P#past%d", k), Robot: "r", Name: "r", Label: "r v1", EnteredAt: at}
		if err := store.PutEntry(ctx, l.ID, leagues.EntryWrite{Entry: e, Now: at}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := store.CloseLeague(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range l.Draw(tehran) {
		f.Winner, f.Scores = 0, [2]int{3, 1}
		if err := store.PutFixture(ctx, f); err != nil {
			t.Fatal(err)
		}
		if err := store.RecordResult(ctx, f); err != nil {
			t.Fatal(err)
		}
		if err := store.MarkTold(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.DrawDone(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	if err := store.FinishLeague(ctx, l.ID, "e0", at.AddDate(0, 1, 0)); err != nil {
		t.Fatal(err)
	}
}

// TestLeagueJobsCostIsIndependentOfHistory: the draw and a match day
// make the same DynamoDB requests whether the table holds nothing else or
// three finished leagues of 56 matches each: a run reads the leagues to
// draw and the fixtures due, never the past.
func TestLeagueJobsCostIsIndependentOfHistory(t *testing.T) {
	ctx := context.Background()
	costs := map[bool][2]int64{}
	for _, history := range []bool{false, true} {
		var n atomic.Int64
		clock := wiringtest.NewClock(time.Date(2027, 4, 1, 10, 0, 0, 0, tehran))
		sys := wiringtest.New(t, wiringtest.CountRequests(&n), wiring.WithClock(clock.Now),
			wiring.WithRunner(matchrunner.Process(filepath.Join(testenv.Root(), "battlefield"), matchrunner.Patient(2*time.Second))))
		svc, draw, play := sys.Leagues(), sys.LeagueDraw(), sys.LeaguePlay()
		sys.Built()
		if history {
			for i := range 3 {
				pastLeague(t, sys, i)
			}
		}
		l, err := svc.Create(ctx, leagues.CreateInput{
			Title: "Now", Game: "duel", RegistrationOpens: "2027-04-01T09:00:00+03:30", RegistrationCloses: "2027-04-02T10:00:00+03:30",
			FirstMatchDay: "2027-04-03", MatchDays: []string{"sat"}, MatchTime: "18:00", MaxRobots: 4,
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range []string{"every1", "every2", "every3"} {
			_, raw := robot(t, sys, apitest.UniqueEmail(fmt.Sprintf("cost-%d", i)), name, testenv.LeagueRobot(t, name), clock.Now())
			clock.Advance(time.Minute)
			if _, _, err := svc.Enter(ctx, l.ID, raw); err != nil {
				t.Fatal(err)
			}
		}
		closes := time.Date(2027, 4, 2, 10, 0, 0, 0, tehran)
		clock.Set(closes)
		before := n.Load()
		if err := draw.Run(ctx, closes); err != nil {
			t.Fatal(err)
		}
		drawCost := n.Load() - before
		day := time.Date(2027, 4, 3, 18, 0, 0, 0, tehran)
		clock.Set(day)
		before = n.Load()
		if err := play.Run(ctx, day); err != nil {
			t.Fatal(err)
		}
		costs[history] = [2]int64{drawCost, n.Load() - before}
	}
	t.Logf("draw: %d requests without history, %d with; a match day: %d without, %d with",
		costs[false][0], costs[true][0], costs[false][1], costs[true][1])
	if costs[false] != costs[true] {
		t.Errorf("the league jobs' requests grow with the history: %v without, %v with", costs[false], costs[true])
	}
	if costs[false][0] == 0 || costs[false][1] == 0 {
		t.Error("a job made no requests: the test sets up nothing for it")
	}
}
