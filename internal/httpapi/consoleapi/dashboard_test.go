package consoleapi_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
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
	urgent := section(t, home.Body, `id="urgent"`)
	link := `href="` + consolepath.Meetup(m.ID) + `"`
	if !strings.Contains(urgent, link) || !strings.Contains(urgent, "No talk for") {
		t.Errorf("the red section does not lead to the meetup without a talk:\n%s", urgent)
	}
	coming := section(t, home.Body, `id="coming"`)
	for _, want := range []string{link, "2 / 30", "No talk yet"} {
		if !strings.Contains(coming, want) {
			t.Errorf("the coming meetups lack %q:\n%s", want, coming)
		}
	}
	if strings.Contains(home.Body, hostile) || !strings.Contains(home.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the meetup's title is not escaped on the dashboard")
	}

	b.Post("/console/language", url.Values{"lang": {"fa"}, "next": {"/console"}})
	fa := b.Get("/console")
	if urgent := section(t, fa.Body, `id="urgent"`); !strings.Contains(urgent, link) || !strings.Contains(urgent, "هیچ ارائه‌ای ندارد") {
		t.Errorf("the Persian red section:\n%s", urgent)
	}
	if coming := section(t, fa.Body, `id="coming"`); !strings.Contains(coming, "۲ / ۳۰") {
		t.Errorf("the Persian seats are not in Persian digits:\n%s", coming)
	}
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
// a table with one coming meetup: the session's token, then the agenda's
// eight (the upcoming meetups, the two statuses of the one meetup's
// programme, the talks waiting, the open pairs and their applications, the
// counts of why pairs faded, the new members, the wishlist's open topics).
const dashboardBound = 1 + 8

func TestTheDashboardCostsTheSameWhateverTheHistory(t *testing.T) {
	t.Parallel()
	counts := map[bool]int64{}
	for _, withHistory := range []bool{false, true} {
		var n atomic.Int64
		c := newConsole(t, wiringtest.CountRequests(&n))
		c.CreateMeetup(wiringtest.Meetup{Title: "Soon", StartsAt: "2026-12-05T18:00:00+03:30", EndsAt: "2026-12-05T21:00:00+03:30", Capacity: 30})
		if withHistory {
			wiringtest.History(t, c.Store(), apitest.ConsoleStart, "dash")
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
