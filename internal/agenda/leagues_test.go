package agenda_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// leagueItems is the items of kind about the league with id.
func leagueItems(a agenda.Agenda, kind agenda.Kind, id string) []agenda.Item {
	var out []agenda.Item
	for _, it := range a.Items {
		if it.Kind == kind && it.League.ID == id {
			out = append(out, it)
		}
	}
	return out
}

// TestRunningLeaguesAreOnTheAgenda: a league taking entries and one
// playing are the week, each with where it stands; a match the runner
// failed on needs action; a league closing in two days with one robot is
// a notice; a finished league is not on the agenda.
func TestRunningLeaguesAreOnTheAgenda(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	open := wiringtest.WriteLeague(t, w.store, wiringtest.League{ID: "open-" + w.tag, Title: "Open " + w.tag, Closes: now.AddDate(0, 0, 10), Robots: 3, Zone: tehran})
	thin := wiringtest.WriteLeague(t, w.store, wiringtest.League{ID: "thin-" + w.tag, Title: "Thin " + w.tag, Closes: now.AddDate(0, 0, 2), Robots: 1, Zone: tehran})
	playing := wiringtest.WriteLeague(t, w.store, wiringtest.League{ID: "play-" + w.tag, Title: "Playing " + w.tag, Closes: now.AddDate(0, 0, -3),
		Robots: 4, Drawn: true, Played: 3, Failed: true, Zone: tehran, Labels: []string{"Ant v1", "Bee v2", "Cat v1", "Dog v1"}})
	done := wiringtest.WriteLeague(t, w.store, wiringtest.League{ID: "done-" + w.tag, Title: "Done " + w.tag, Closes: now.AddDate(0, 0, -30),
		Robots: 2, Finished: true, FinishedAt: now.AddDate(0, 0, -20), Zone: tehran})
	a := w.build()

	for _, l := range []leagues.League{open, thin, playing} {
		items := leagueItems(a, agenda.RunningLeague, l.ID)
		if len(items) != 1 || items[0].Level != agenda.Info || items[0].Path != consolepath.League(l.ID) {
			t.Fatalf("the running league %s: %+v", l.ID, items)
		}
	}
	if got := leagueItems(a, agenda.RunningLeague, open.ID)[0].Text(lang.English); !strings.Contains(got, "robots entered: 3 of 8") {
		t.Errorf("the open league: %q", got)
	}
	p := leagueItems(a, agenda.RunningLeague, playing.ID)[0]
	// Four robots: six rounds of two, one a day from the day after
	// registration closed; three played, the fourth failed and waits.
	fs, err := w.store.LeagueFixtures(t.Context(), playing.ID)
	if err != nil {
		t.Fatal(err)
	}
	var failed leagues.Fixture
	for _, f := range fs {
		if f.Attempts > 0 {
			failed = f
		}
	}
	if p.League.Played != 3 || p.League.Fixtures != 12 || !p.League.NextMatch.Equal(failed.At) {
		t.Errorf("the league playing: %d of %d played, next %s; want 3 of 12, next %s", p.League.Played, p.League.Fixtures, p.League.NextMatch, failed.At)
	}
	if got := p.Text(lang.English); !strings.Contains(got, "3 of 12 matches played; the next match day "+failed.At.In(tehran).Format("Mon 2 January 15:04")) {
		t.Errorf("the league playing: %q", got)
	}
	if got := p.Text(lang.Persian); !strings.Contains(got, "۳ از ۱۲ مسابقه") {
		t.Errorf("the league playing in Persian: %q", got)
	}

	fails := leagueItems(a, agenda.FailedLeagueMatch, playing.ID)
	if len(fails) != 1 || fails[0].Level != agenda.Action || fails[0].Path != consolepath.League(playing.ID) {
		t.Fatalf("the failed match: %+v", fails)
	}
	m := fails[0].Match
	if m.Fixture != failed.ID() || m.Attempts != 1 || m.LastFailure != "the runner timed out" {
		t.Errorf("the failed match: %+v, want fixture %s", m, failed.ID())
	}
	home, _ := playing.Entry(failed.Home)
	away, _ := playing.Entry(failed.Away)
	if got := fails[0].Text(lang.English); !strings.Contains(got, home.Label+" against "+away.Label) || !strings.Contains(got, "the runner timed out") {
		t.Errorf("the failed match: %q", got)
	}

	if items := leagueItems(a, agenda.ThinLeague, thin.ID); len(items) != 1 || items[0].Level != agenda.Info ||
		!strings.Contains(items[0].Text(lang.English), "robots entered: 1, fewer than the 2 it needs") {
		t.Errorf("the thin league: %+v", items)
	}
	if items := leagueItems(a, agenda.ThinLeague, open.ID); len(items) != 0 {
		t.Errorf("a league with three robots is thin: %+v", items)
	}
	for _, it := range a.Items {
		if it.League.ID == done.ID {
			t.Errorf("a finished league is on the agenda: %+v", it)
		}
	}
}

// A league whose runner failed twice, the second time just now, shows
// both attempts and the last failure's time.
func TestTheFailedMatchSaysWhenItLastFailed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	l := wiringtest.WriteLeague(t, w.store, wiringtest.League{ID: "f-" + w.tag, Title: "F", Closes: now.AddDate(0, 0, -2), Robots: 2, Drawn: true, Failed: true, Zone: tehran})
	fs, err := w.store.LeagueFixtures(t.Context(), l.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := fs[0]
	if err := w.store.RecordFailure(t.Context(), f, "no answer", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	items := leagueItems(w.build(), agenda.FailedLeagueMatch, l.ID)
	if len(items) != 1 || items[0].Match.Attempts != 2 || !items[0].Match.FailedAt.Equal(now.Add(-time.Hour)) || items[0].Match.LastFailure != "no answer" {
		t.Fatalf("the failed match: %+v", items)
	}
}
