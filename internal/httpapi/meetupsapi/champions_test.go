package meetupsapi_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

var tehran, _ = time.LoadLocation("Asia/Tehran")

// announcement is one announcement as the API sends it, by field name.
type announcement map[string]string

// announcements is what GET /meetups/{id} announces.
func announcements(t *testing.T, c *apitest.Client, id string) []announcement {
	t.Helper()
	resp := c.Serve("GET", "/meetups/{meetupId}", "/meetups/"+id, "", "")
	apitest.WantStatus(t, resp, 200)
	var out struct {
		Announcements *[]announcement `json:"announcements"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &out); err != nil || out.Announcements == nil {
		t.Fatalf("no announcements list (%v): %s", err, resp.Body)
	}
	return *out.Announcements
}

func leaguesOf(as []announcement) []string {
	var out []string
	for _, a := range as {
		out = append(out, a["league"])
	}
	return out
}

// TestAFinishedLeaguesChampionIsAnnouncedAtTheNextMeetup: a league's
// champion is announced at the first scheduled meetup starting after the
// league finished, on its JSON and its page, and at no other meetup; a
// cancelled meetup passes its leagues on to the next; a league finished
// with no champion announces nothing.
func TestAFinishedLeaguesChampionIsAnnouncedAtTheNextMeetup(t *testing.T) {
	t.Parallel()
	clock := wiringtest.NewClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	sys := wiringtest.New(t, wiring.WithClock(clock.Now))
	c := apitest.New(t, sys, wiring.MeetupsFunction)
	meetup := func(title, day string) string {
		return sys.CreateMeetup(wiringtest.Meetup{Title: title, StartsAt: day + "T18:00:00+03:30", EndsAt: day + "T21:00:00+03:30", Capacity: 30}).ID
	}
	first, cancelled, next, later := meetup("First", "2026-12-10"), meetup("Cancelled", "2026-12-15"), meetup("Next", "2026-12-20"), meetup("Later", "2027-01-10")
	if _, _, err := sys.Meetups().CancelMeetup(context.Background(), cancelled); err != nil {
		t.Fatal(err)
	}
	tag := testenv.RandomHex(4)
	at := func(day string, hour int) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, day, tehran)
		return d.Add(time.Duration(hour) * time.Hour)
	}
	league := func(id, title, finished string, hour, robots int, labels ...string) string {
		wiringtest.WriteLeague(t, sys.Store(), wiringtest.League{ID: id + "-" + tag, Title: title, Closes: at(finished, 0).AddDate(0, 0, -10), Robots: robots,
			Finished: true, FinishedAt: at(finished, hour), Zone: tehran, Labels: labels, Champion: "e1"})
		return id + "-" + tag
	}
	before := league("before", "Autumn", "2026-12-05", 20, 2)
	// During the first meetup (it started at 18:00): the next one's news.
	during := league("during", "Short <b>cup</b>", "2026-12-10", 19, 2, "Ant v1", "Bee <i>v3</i>")
	onCancelled := league("oncancelled", "Winter", "2026-12-15", 19, 3)
	empty := league("empty", "Nobody", "2026-12-16", 10, 1)
	justBefore := league("justbefore", "Dawn", "2026-12-20", 17, 2)
	after := league("after", "Yalda", "2026-12-21", 10, 2)
	_ = empty

	for _, want := range []struct {
		meetup  string
		leagues []string
	}{
		{first, []string{before}},
		{next, []string{during, onCancelled, justBefore}},
		{later, []string{after}},
		{cancelled, nil},
	} {
		got := leaguesOf(announcements(t, c, want.meetup))
		if strings.Join(got, ",") != strings.Join(want.leagues, ",") {
			t.Errorf("meetup %s announces %v, want %v", want.meetup, got, want.leagues)
		}
	}
	// The list of upcoming meetups says the same of each, in two queries
	// for the whole page.
	list := c.Serve("GET", "/meetups", "/meetups", "", "")
	apitest.WantStatus(t, list, 200)
	var listed struct {
		Items []struct {
			ID            string         `json:"id"`
			Announcements []announcement `json:"announcements"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(list.Body), &listed); err != nil {
		t.Fatal(err)
	}
	inList := map[string][]string{}
	for _, m := range listed.Items {
		inList[m.ID] = leaguesOf(m.Announcements)
	}
	for id, want := range map[string][]string{first: {before}, next: {during, onCancelled, justBefore}, later: {after}} {
		if strings.Join(inList[id], ",") != strings.Join(want, ",") {
			t.Errorf("the list: meetup %s announces %v, want %v", id, inList[id], want)
		}
	}

	a := announcements(t, c, next)[0]
	if a["kind"] != "league-champion" || a["league_title"] != "Short <b>cup</b>" || a["champion"] != "Bee <i>v3</i>" || a["league_url"] != wiringtest.BaseURL+"/leagues/"+during {
		t.Errorf("the announcement: %+v", a)
	}
	if a["text_en"] != "Champion of the Battlefield league “Short <b>cup</b>”: Bee <i>v3</i>." || !strings.Contains(a["text_fa"], "قهرمان لیگ میدان نبرد") ||
		!strings.Contains(a["text_fa"], "Bee <i>v3</i>") {
		t.Errorf("the announcement's texts: %q, %q", a["text_en"], a["text_fa"])
	}

	// The meetup's page says it too, escaped, linking to the league.
	const browser = "text/html,application/xhtml+xml"
	for _, l := range []struct{ lang, heading, text string }{
		{"en", "Announcements", "Champion of the Battlefield league “Short &lt;b&gt;cup&lt;/b&gt;”: Bee &lt;i&gt;v3&lt;/i&gt;."},
		{"fa", "اعلان‌ها", "قهرمان لیگ میدان نبرد"},
	} {
		page := c.Serve("GET", "/meetups/{meetupId}", "/meetups/"+next+"?lang="+l.lang, "", "", "Accept", browser)
		apitest.WantStatus(t, page, 200)
		if !strings.Contains(page.Body, l.heading) || !strings.Contains(page.Body, l.text) ||
			!strings.Contains(page.Body, `href="/leagues/`+during+`?lang=`+l.lang+`"`) || strings.Contains(page.Body, "<b>cup</b>") {
			t.Errorf("the %s page does not announce the champion, escaped, linking to the league:\n%s", l.lang, page.Body)
		}
	}
	if page := c.Serve("GET", "/meetups/{meetupId}", "/meetups/"+later+"?lang=en", "", "", "Accept", browser); strings.Contains(page.Body, "Short &lt;b&gt;cup") {
		t.Error("a later meetup's page announces the champion too")
	}
}

// TestAnnouncingCostsTheSameWhateverTheHistory: a meetup's JSON, and the
// list of upcoming meetups, read the meetup before and the leagues
// finished since, never the leagues finished long before.
func TestAnnouncingCostsTheSameWhateverTheHistory(t *testing.T) {
	t.Parallel()
	counts, listCounts := map[bool]int64{}, map[bool]int64{}
	for _, history := range []bool{false, true} {
		var n atomic.Int64
		clock := wiringtest.NewClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
		sys := wiringtest.New(t, wiring.WithClock(clock.Now), wiringtest.CountRequests(&n))
		c := apitest.New(t, sys, wiring.MeetupsFunction)
		id := sys.CreateMeetup(wiringtest.Meetup{Title: "M", StartsAt: "2026-12-20T18:00:00+03:30", EndsAt: "2026-12-20T21:00:00+03:30", Capacity: 30}).ID
		wiringtest.WriteLeague(t, sys.Store(), wiringtest.League{ID: "now-" + testenv.RandomHex(4), Title: "Now", Closes: time.Date(2026, 12, 1, 0, 0, 0, 0, tehran),
			Robots: 2, Finished: true, FinishedAt: time.Date(2026, 12, 10, 0, 0, 0, 0, tehran), Zone: tehran})
		if history {
			wiringtest.History(t, sys.Store(), clock.Now(), "ann")
			wiringtest.LeagueHistory(t, sys.Store(), clock.Now(), "ann", 20)
		}
		n.Store(0)
		if got := announcements(t, c, id); len(got) != 1 {
			t.Fatalf("announcements: %+v", got)
		}
		counts[history] = n.Load()
		n.Store(0)
		list := c.Serve("GET", "/meetups", "/meetups", "", "")
		apitest.WantStatus(t, list, 200)
		if !strings.Contains(list.Body, `"kind":"league-champion"`) {
			t.Fatalf("the list announces nothing: %s", list.Body)
		}
		listCounts[history] = n.Load()
	}
	t.Logf("GET /meetups/{id}: %d DynamoDB requests, with history %d; GET /meetups: %d, with history %d",
		counts[false], counts[true], listCounts[false], listCounts[true])
	if counts[true] != counts[false] || listCounts[true] != listCounts[false] {
		t.Errorf("the meetup's JSON made %d requests with history, %d without; the list %d and %d", counts[true], counts[false], listCounts[true], listCounts[false])
	}
}
