package wiringtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/leagues"
)

// League is a league written straight to the table, in the state its
// fields say: open with Robots entries, or (Drawn) closed and drawn with
// the first Played fixtures played (home wins 3 : 1) and, when Failed,
// the next one failed by the runner once; Finished plays every fixture
// and finishes it at FinishedAt.
type League struct {
	ID, Title string
	// Closes is when registration closes; it opened a week before.
	Closes         time.Time
	Robots, Played int
	Drawn, Failed  bool
	Finished       bool
	FinishedAt     time.Time
	FirstMatchDay  string // "2006-01-02", a day after Closes
	MatchTime      string // "18:00" unless set
	Zone           *time.Location
	Labels         []string // the robots' labels, "robot<i> v1" unless set
	Champion       string   // the champion's entry key when Finished; "e0" unless set
	MatchDays      []time.Weekday
}

// WriteLeague writes l as its fields say and returns it as stored.
func WriteLeague(t testing.TB, store *dynamo.Table, l League) leagues.League {
	t.Helper()
	ctx := context.Background()
	if l.MatchTime == "" {
		l.MatchTime = "18:00"
	}
	if len(l.MatchDays) == 0 {
		l.MatchDays = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	}
	if l.FirstMatchDay == "" {
		l.FirstMatchDay = l.Closes.In(l.Zone).AddDate(0, 0, 1).Format(time.DateOnly)
	}
	opens := l.Closes.AddDate(0, 0, -7)
	lg := leagues.League{
		ID: l.ID, Title: l.Title, Game: "duel", RegistrationOpens: opens, RegistrationCloses: l.Closes,
		FirstMatchDay: l.FirstMatchDay, MatchDays: l.MatchDays, MatchTime: l.MatchTime, MaxRobots: 8, Status: leagues.Open, CreatedAt: opens,
	}
	if err := store.CreateLeague(ctx, lg); err != nil {
		t.Fatal(err)
	}
	for k := range l.Robots {
		label := fmt.Sprintf("robot%d v1", k)
		if k < len(l.Labels) {
			label = l.Labels[k]
		}
		e := leagues.Entry{Key: fmt.Sprintf("e%d", k), Owner: fmt.Sprintf("P#%s-%d", l.ID, k), Robot: fmt.Sprintf("r%d", k), Name: label, Label: label,
			EnteredAt: opens.Add(time.Duration(k) * time.Minute)}
		if err := store.PutEntry(ctx, l.ID, leagues.EntryWrite{Entry: e, Now: opens}); err != nil {
			t.Fatal(err)
		}
	}
	if !l.Drawn && !l.Finished {
		got, err := store.GetLeague(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	lg, err := store.CloseLeague(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	fs := lg.Draw(l.Zone)
	for i, f := range fs {
		if err := store.PutFixture(ctx, f); err != nil {
			t.Fatal(err)
		}
		switch {
		case l.Finished || i < l.Played:
			f.Winner, f.Scores = 0, [2]int{3, 1}
			if err := store.RecordResult(ctx, f); err != nil {
				t.Fatal(err)
			}
			if err := store.MarkTold(ctx, f); err != nil {
				t.Fatal(err)
			}
		case i == l.Played && l.Failed:
			if err := store.RecordFailure(ctx, f, "the runner timed out", f.At.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := store.DrawDone(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	if l.Finished {
		champion := l.Champion
		if champion == "" {
			champion = "e0"
		}
		if err := store.FinishLeague(ctx, l.ID, champion, l.FinishedAt); err != nil {
			t.Fatal(err)
		}
	}
	got, err := store.GetLeague(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// LeagueHistory writes n leagues of two robots finished a year and more
// before at, their fixtures played: the leagues a group has run.
func LeagueHistory(t testing.TB, store *dynamo.Table, at time.Time, tag string, n int) {
	t.Helper()
	zone, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		closes := at.AddDate(-1, 0, -7*i)
		WriteLeague(t, store, League{ID: fmt.Sprintf("oldleague-%s-%d", tag, i), Title: "Old", Closes: closes, Robots: 2, Finished: true,
			FinishedAt: closes.AddDate(0, 0, 3), Zone: zone})
	}
}
