package leaguesapi_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// leagueForm is the console's form for a league opening two days after
// the console's clock starts, its first match day two days later.
func leagueForm(title string) url.Values {
	return url.Values{
		"title": {title}, "game": {"duel"}, "registration_opens": {"2026-11-25T09:00"}, "registration_closes": {"2026-11-27T18:00"},
		"first_match_day": {"2026-11-29"}, "match_days": {"sun", "wed"}, "match_time": {"18:30"}, "max_robots": {"4"},
	}
}

func TestOrganizersOpenAndFollowALeagueInTheConsole(t *testing.T) {
	c := apitest.NewConsole(t, []wiring.Function{wiring.LeaguesFunction, wiring.ConsoleFunction, wiring.AuthFunction, wiring.BattlefieldFunction},
		wiring.WithRunner(matchrunner.Process(filepath.Join(testenv.Root(), "battlefield"), matchrunner.Patient(2*time.Second))))
	ctx := context.Background()
	b := c.SignedIn()
	list := b.Get("/console/leagues")
	apitest.WantStatus(t, list, http.StatusOK)
	if !strings.Contains(list.Body, `<a href="/console/leagues" aria-current="page">Leagues</a>`) || !strings.Contains(list.Body, "No league has been opened yet.") {
		t.Fatalf("the leagues page is not the navigation's current, empty page:\n%s", list.Body)
	}

	// A refused form: every problem next to its field, what was typed
	// kept, nothing stored.
	bad := url.Values{"title": {""}, "game": {"chess"}, "registration_opens": {"2026-11-26T09:00"}, "registration_closes": {"2026-11-25T09:00"},
		"first_match_day": {"someday"}, "match_time": {"25:00"}, "max_robots": {"40"}}
	resp := b.Post("/console/leagues", maps.Clone(bad))
	apitest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	for _, f := range []string{"title", "game", "registration_closes", "first_match_day", "match_days", "match_time", "max_robots"} {
		if !strings.Contains(resp.Body, `id="f-`+f+`-error"`) || !strings.Contains(resp.Body, `href="#f-`+f+`"`) {
			t.Errorf("the refused form says nothing next to %s", f)
		}
	}
	if !strings.Contains(resp.Body, `value="25:00"`) || !strings.Contains(resp.Body, `value="2026-11-26T09:00"`) {
		t.Error("the refused form lost what was typed")
	}
	resp = b.Post("/console/leagues", url.Values{"title": {"x"}, "max_robots": {"many"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `id="f-max_robots-error"`) {
		t.Errorf("a number of robots that is no number: %d", resp.StatusCode)
	}
	// In Persian, the problems are Persian.
	fa := c.Browser()
	fa.Lang = "fa"
	fa.SignIn(c.Organizer).Get("/console/leagues")
	resp = fa.Post("/console/leagues", maps.Clone(bad))
	apitest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	errs := regexp.MustCompile(`<p class="field-error" id="f-[a-z_]+-error">([^<]*)</p>`).FindAllStringSubmatch(resp.Body, -1)
	if len(errs) != 7 || !strings.Contains(resp.Body, `<html lang="fa" dir="rtl">`) {
		t.Fatalf("the Persian form shows %d problems", len(errs))
	}
	for _, e := range errs {
		if regexp.MustCompile(`[A-Za-z]`).MatchString(e[1]) {
			t.Errorf("a Persian problem in Latin letters: %q", e[1])
		}
	}
	// A post without the form token changes nothing.
	resp = b.PostFrom("/console/leagues", leagueForm("No token"), "same-origin", apitest.BaseURL)
	apitest.WantStatus(t, resp, http.StatusForbidden)
	if ls, _, err := c.Leagues().List(ctx, "", 10); err != nil || len(ls) != 0 {
		t.Fatalf("refused posts stored %d leagues (%v)", len(ls), err)
	}

	resp = b.Post("/console/leagues", leagueForm("Winter <b>duel</b>"))
	apitest.WantStatus(t, resp, http.StatusSeeOther)
	ls, _, err := c.Leagues().List(ctx, "", 10)
	if err != nil || len(ls) != 1 {
		t.Fatalf("%d leagues (%v)", len(ls), err)
	}
	l := ls[0]
	if loc := resp.Headers["Location"]; loc != "/console/leagues/"+l.ID+"?notice=created" {
		t.Errorf("opened, sent to %q", loc)
	}
	if l.Title != "Winter <b>duel</b>" || l.MatchTime != "18:30" || l.FirstMatchDay != "2026-11-29" || len(l.MatchDays) != 2 || l.MaxRobots != 4 ||
		!l.RegistrationCloses.Equal(time.Date(2026, 11, 27, 18, 0, 0, 0, c.Leagues().Zone())) {
		t.Errorf("the league stored: %+v", l)
	}
	page := b.Get(resp.Headers["Location"])
	apitest.WantStatus(t, page, http.StatusOK)
	for _, want := range []string{"Winter &lt;b&gt;duel&lt;/b&gt;", "The league is open", "No robot has entered yet.", `href="/leagues/` + l.ID + `?lang=en"`,
		"Sunday, Wednesday at 18:30", "The fixtures are drawn when registration closes."} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the league's page does not say %q", want)
		}
	}
	// The record says who opened it, and links its page.
	rec := b.Get("/console/record")
	if !strings.Contains(rec.Body, "opened a league") || !strings.Contains(rec.Body, `href="/console/leagues/`+l.ID+`"`) {
		t.Errorf("the record does not show the league opened:\n%s", rec.Body)
	}

	// Two robots enter; registration closes; the draw; the runner fails
	// on one fixture: the list counts it, the league's page shows it.
	for _, who := range []string{"sara", "ali"} {
		_, raw := robot(t, c.Client, apitest.UniqueEmail(who), strings.ToUpper(who[:1])+who[1:], battlefield.Confirmed)
		c.Clock.Advance(time.Minute)
		if got := c.Serve("POST", "/leagues/{leagueId}/entries", "/leagues/"+l.ID+"/entries", "application/json", `{"token":"`+raw+`"}`).StatusCode; got != 201 {
			t.Fatalf("entering: %d", got)
		}
	}
	c.Clock.Advance(3 * 24 * time.Hour)
	if err := c.App.LeagueDraw().Run(ctx, c.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, fs, err := c.Store().LeagueWithFixtures(ctx, l.ID)
	if err != nil || len(fs) != 2 {
		t.Fatalf("%d fixtures drawn (%v)", len(fs), err)
	}
	if err := c.Store().RecordFailure(ctx, fs[0], "the runner timed out", c.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	b = c.SignedIn() // three days on: the session is over
	list = b.Get("/console/leagues")
	if !strings.Contains(list.Body, "being played") || !strings.Contains(list.Body, `<td class="num">2 of 4</td><td class="num">0 of 2</td><td class="num">1</td>`) {
		t.Errorf("the list does not count the entrants, matches and the failure:\n%s", list.Body)
	}
	page = b.Get("/console/leagues/" + l.ID)
	if !strings.Contains(page.Body, `id="failures"`) || !strings.Contains(page.Body, "the runner timed out") || !strings.Contains(page.Body, "Sara v") {
		t.Errorf("the league's page does not show the failed match:\n%s", page.Body)
	}
	// No such league: the console's not-found page.
	apitest.WantStatus(t, b.Get("/console/leagues/nope"), http.StatusNotFound)
}

// The console's league pages cost the same however many leagues there
// were before, but for the list's one read of each drawn league it shows:
// at most a page's worth (20).
func TestConsoleLeaguePagesCost(t *testing.T) {
	ctx := context.Background()
	var bareN, fullN atomic.Int64
	fns := []wiring.Function{wiring.LeaguesFunction, wiring.ConsoleFunction, wiring.AuthFunction}
	bare := apitest.NewConsole(t, fns, wiringtest.CountRequests(&bareN))
	full := apitest.NewConsole(t, fns, wiringtest.CountRequests(&fullN))
	// The history: 30 leagues finished a year ago, older than the present.
	for i := range 30 {
		at := full.Clock.Now().AddDate(-1, 0, 0).Add(time.Duration(i) * time.Hour)
		l := leagues.League{ID: testenv.RandomHex(7), Title: "Old", Game: "duel", RegistrationOpens: at, RegistrationCloses: at.Add(time.Hour),
			FirstMatchDay: at.AddDate(0, 0, 1).Format(time.DateOnly), MatchDays: []time.Weekday{time.Sunday}, MatchTime: "18:00", MaxRobots: 4,
			Status: leagues.Open, CreatedAt: at}
		if err := full.Store().CreateLeague(ctx, l); err != nil {
			t.Fatal(err)
		}
		if err := full.Store().FinishLeague(ctx, l.ID, "", at.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	costs := func(c *apitest.Console, n *atomic.Int64) (list, league int64) {
		b := c.SignedIn()
		apitest.WantStatus(t, b.Post("/console/leagues", leagueForm("Present")), http.StatusSeeOther)
		ls, _, err := c.Leagues().List(ctx, "", 1)
		if err != nil || len(ls) != 1 {
			t.Fatalf("%d leagues (%v)", len(ls), err)
		}
		n.Store(0)
		apitest.WantStatus(t, b.Get("/console/leagues"), http.StatusOK)
		list = n.Swap(0)
		apitest.WantStatus(t, b.Get("/console/leagues/"+ls[0].ID), http.StatusOK)
		return list, n.Load()
	}
	bareList, bareLeague := costs(bare, &bareN)
	fullList, fullLeague := costs(full, &fullN)
	t.Logf("the list: %d requests without history, %d with 30 finished leagues; a league's page: %d and %d", bareList, fullList, bareLeague, fullLeague)
	if bareLeague != fullLeague || bareLeague > 3 {
		t.Errorf("a league's page: %d requests without history, %d with", bareLeague, fullLeague)
	}
	if bareList > 3 || fullList != bareList+19 {
		t.Errorf("the list: %d requests without history, %d with: want one more for each of the 19 finished leagues on the page", bareList, fullList)
	}
}
