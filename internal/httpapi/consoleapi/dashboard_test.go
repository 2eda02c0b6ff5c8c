package consoleapi_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

const hostile = `<script>alert(1)</script>`

func TestTheDashboardLeadsWithWhatNeedsAction(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	// Ten days before a meetup with no talk: the last alarm step, red.
	m := c.CreateMeetup(wiringtest.Meetup{Title: hostile, StartsAt: "2026-12-05T18:00:00+03:30", EndsAt: "2026-12-05T21:00:00+03:30", Capacity: 30})
	for i := range 2 {
		if err := c.Meetups().Register(context.Background(), m.ID, meetups.RegisterInput{Name: hostile, Email: fmt.Sprintf("r%d-%s", i, apitest.UniqueEmail("dash"))}); err != nil {
			t.Fatal(err)
		}
	}
	b := c.SignedIn()
	home := b.Get("/console")
	link := `href="` + consolepath.Meetup(m.ID) + `"`
	apitest.WantContains(t, section(t, home.Body, `id="urgent"`), "the red section", link, "No talk for")
	apitest.WantContains(t, section(t, home.Body, `id="coming"`), "the coming meetups", link, "2 / 30", "No talk yet")
	if strings.Contains(home.Body, hostile) || !strings.Contains(home.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the meetup's title is not escaped on the dashboard")
	}

	b.Post("/console/language", url.Values{"lang": {"fa"}, "next": {"/console"}})
	fa := b.Get("/console")
	apitest.WantContains(t, section(t, fa.Body, `id="urgent"`), "the Persian red section", link, "هیچ ارائه‌ای ندارد")
	apitest.WantContains(t, section(t, fa.Body, `id="coming"`), "the Persian coming meetups", "۲ / ۳۰")
}

// section is the <section> of page whose heading has attr.
func section(t *testing.T, page, attr string) string {
	t.Helper()
	i := strings.Index(page, attr)
	if i < 0 {
		t.Fatalf("the page has no section with %s:\n%s", attr, page)
	}
	start := strings.LastIndex(page[:i], "<section")
	end := strings.Index(page[i:], "</section>")
	return page[start : i+end]
}

// dashboardBound is the most DynamoDB requests the dashboard may make on
// a table with one coming meetup and one league playing: the session's
// token, then the agenda's eight (the upcoming meetups, the two statuses of
// the one meetup's programme, the talks waiting, the open pairs and their
// applications, the counts of why pairs faded, the new members, the
// wishlist's open topics), two of the running leagues (to draw, playing)
// and one of the fixtures of the one league playing.
const dashboardBound = 1 + 8 + 2 + 1

var tehran, _ = time.LoadLocation("Asia/Tehran")

// TestTheDashboardShowsTheLeagues: a league playing is the week, with its
// matches played and its next match day; the match the runner failed on
// needs action; both lead to the league's console page, in English and in
// Persian, its title escaped.
func TestTheDashboardShowsTheLeagues(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	id := "lg-" + testenv.RandomHex(4)
	wiringtest.WriteLeague(t, c.Store(), wiringtest.League{ID: id, Title: hostile, Closes: apitest.ConsoleStart.AddDate(0, 0, -5),
		Robots: 3, Drawn: true, Played: 2, Failed: true, Zone: tehran, Labels: []string{"Ant v1", "Bee v1", "Cat v1"}})
	b := c.SignedIn()
	home := b.Get("/console")
	link := `href="` + consolepath.League(id) + `"`
	apitest.WantContains(t, section(t, home.Body, `id="action"`), "the actions", link, "the match runner failed on", "the runner timed out")
	// Three robots: six rounds of one match (the third robot rests).
	apitest.WantContains(t, section(t, home.Body, `id="week"`), "the week", link, "2 of 6 matches played; the next match day")
	if strings.Contains(home.Body, hostile) {
		t.Error("the league's title is not escaped on the dashboard")
	}
	b.Post("/console/language", url.Values{"lang": {"fa"}, "next": {"/console"}})
	fa := b.Get("/console")
	apitest.WantContains(t, section(t, fa.Body, `id="week"`), "the Persian week", link, "۲ از ۶ مسابقه انجام شده")
	apitest.WantContains(t, section(t, fa.Body, `id="action"`), "the Persian actions", "اجراکنندهٔ مسابقه")
}

func TestTheDashboardCostsTheSameWhateverTheHistory(t *testing.T) {
	t.Parallel()
	counts := map[bool]int64{}
	for _, withHistory := range []bool{false, true} {
		var n atomic.Int64
		c := newConsole(t, wiringtest.CountRequests(&n))
		c.CreateMeetup(wiringtest.Meetup{Title: "Soon", StartsAt: "2026-12-05T18:00:00+03:30", EndsAt: "2026-12-05T21:00:00+03:30", Capacity: 30})
		wiringtest.WriteLeague(t, c.Store(), wiringtest.League{ID: "playing-" + testenv.RandomHex(4), Title: "Playing", Closes: apitest.ConsoleStart.AddDate(0, 0, -5),
			Robots: 3, Drawn: true, Played: 1, Failed: true, Zone: tehran})
		if withHistory {
			wiringtest.History(t, c.Store(), apitest.ConsoleStart, "dash")
			wiringtest.LeagueHistory(t, c.Store(), apitest.ConsoleStart, "dash", 20)
		}
		b := c.SignedIn()
		n.Store(0)
		apitest.WantStatus(t, b.Get("/console"), 200)
		counts[withHistory] = n.Load()
	}
	t.Logf("GET /console: %d DynamoDB requests; with a hundred times the history: %d", counts[false], counts[true])
	if counts[true] != counts[false] || counts[false] > dashboardBound {
		t.Errorf("the dashboard made %d requests, %d with history; want the same, at most %d", counts[false], counts[true], dashboardBound)
	}
}
