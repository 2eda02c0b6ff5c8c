package consoleapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// talk stores a talk by name (its speaker's address made from the name)
// on meetup (or the backlog, ""), in status, submitted at created.
func (c *console) talk(title, name, meetup string, status talks.Status, created time.Time) string {
	c.T.Helper()
	addr := apitest.UniqueEmail("speaker")
	id := "talk-" + strings.ToLower(strings.Split(addr, "@")[0])
	err := c.Store().CreateTalk(context.Background(), talks.Talk{
		ID: id, Owner: person.Key(addr), Name: name, Email: addr, Title: title, Format: talks.Short, Level: talks.Beginner,
		Language: "en", MeetupID: meetup, Status: status, CreatedAt: created, UpdatedAt: created,
	})
	if err != nil {
		c.T.Fatal(err)
	}
	return addr
}

// pair pairs a new mentor with a new mentee, both named name.
func (c *console) pair(name string) {
	c.T.Helper()
	c.pairUp(c.apply(mentorship.Mentor, name, "", 1, "web"), c.apply(mentorship.Mentee, name, "", 0, "web"))
}

// crowd stores a meetup whose seats and waitlist hold seats and waiting
// people, registered directly in the table, named Guest 1, Guest 2, … in
// the order of their places.
func (c *console) crowd(id string, seats, waiting int) []string {
	c.T.Helper()
	ctx, store := context.Background(), c.Store()
	start := time.Date(2026, 12, 20, 14, 30, 0, 0, time.UTC)
	var keys, addrs []string
	for i := range seats + waiting {
		addr := fmt.Sprintf("guest-%s-%d@example.org", id, i+1)
		keys, addrs = append(keys, person.Key(addr)), append(addrs, addr)
		r := meetups.Registration{MeetupID: id, Key: person.Key(addr), Name: fmt.Sprintf("Guest %d", i+1), Email: addr, Language: "en", Status: meetups.RegConfirmed, CreatedAt: c.Clock.Now()}
		if err := store.PutRegistration(ctx, r); err != nil {
			c.T.Fatal(err)
		}
	}
	err := store.CreateMeetup(ctx, meetups.Meetup{
		ID: id, Title: "Crowded " + id, StartsAt: start, EndsAt: start.Add(3 * time.Hour), Venue: "Tehran", Capacity: seats,
		Status: meetups.Scheduled, Seats: keys[:seats], Waitlist: keys[seats:], Version: 1, CreatedAt: c.Clock.Now(), UpdatedAt: c.Clock.Now(),
	})
	if err != nil {
		c.T.Fatal(err)
	}
	return addrs
}

// A meetup's page lists the seats in the order they were taken, then the
// waitlist in line, fifty to a page; its programme; and what the reminder
// will send, and when, as the reminder's own rules say.
func TestAMeetupsPage(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	c.crowd("crowd", 52, 3)
	created := c.Clock.Now().Add(-50 * time.Hour)
	c.talk("Typing in Python", "Sara Speaker", "crowd", talks.Accepted, created)
	b := c.SignedIn()

	page := b.Get("/console/meetups/crowd")
	apitest.WantStatus(t, page, http.StatusOK)
	for _, want := range []string{
		"52 of 52", "<bdi>Guest 1</bdi>", "<bdi>Guest 50</bdi>", `href="/console/meetups/crowd?from=50#places"`,
		"<bdi>Typing in Python</bdi>", "On Sat 19 Dec 2026, 09:00 the reminder goes to everyone then holding a seat (52 now)",
		"<bdi>Sara Speaker</bdi> (<bdi>Typing in Python</bdi>)", `href="/console/meetups/crowd/registrations.csv"`, `href="/console/meetups/crowd/door"`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the meetup's page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "<bdi>Guest 51</bdi>") {
		t.Error("the first page shows more than fifty places")
	}
	next := b.Get("/console/meetups/crowd?from=50")
	apitest.WantContains(t, next.Body, "the second page", "<bdi>Guest 51</bdi>", "<bdi>Guest 52</bdi>", "<bdi>Guest 53</bdi>", "Waitlist 1", "Waitlist 3", `href="/console/meetups/crowd#places"`)
	if i, j := strings.Index(next.Body, "Guest 52"), strings.Index(next.Body, "Guest 53"); i < 0 || j < i {
		t.Error("the waitlist does not follow the seats")
	}
	apitest.WantStatus(t, b.Get("/console/meetups/crowd?from=-1"), http.StatusUnprocessableEntity)
	apitest.WantStatus(t, b.Get("/console/meetups/nosuchmeetup"), http.StatusNotFound)

	for at, want := range map[time.Time]string{
		time.Date(2026, 12, 19, 8, 30, 0, 0, time.UTC):  "The reminder is due: the next daily run, on Sun 20 Dec 2026, 09:00, sends it",
		time.Date(2026, 12, 20, 6, 30, 0, 0, time.UTC):  "The meetup starts before the next daily run",
		time.Date(2026, 12, 20, 15, 30, 0, 0, time.UTC): "The meetup has begun",
	} {
		c.Clock.Set(at)
		if body := c.SignedIn().Get("/console/meetups/crowd").Body; !strings.Contains(body, want) {
			t.Errorf("at %s the page does not say %q", at, want)
		}
	}
}

// The meetups page lists one tab at a time: upcoming soonest first, past
// and cancelled the latest first.
func TestTheMeetupLists(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	soon := c.newMeetup("Soon", 10)
	later := c.CreateMeetup(wiringMeetup("Later", "2027-01-17"))
	gone := c.CreateMeetup(wiringMeetup("Gone", "2027-02-14"))
	if _, _, err := c.Meetups().CancelMeetup(context.Background(), gone.ID); err != nil {
		t.Fatal(err)
	}
	b := c.SignedIn()
	upcoming := b.Get("/console/meetups").Body
	if i, j := strings.Index(upcoming, soon.Title), strings.Index(upcoming, later.Title); i < 0 || j < i || strings.Contains(upcoming, "Gone") {
		t.Errorf("upcoming lists Soon then Later and not the cancelled one:\n%s", upcoming)
	}
	if body := b.Get("/console/meetups?show=cancelled").Body; !strings.Contains(body, "Gone") || strings.Contains(body, "Soon") {
		t.Error("the cancelled tab does not list just the cancelled meetup")
	}
	c.Clock.Set(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	b = c.SignedIn() // a session lasts hours, not months
	past := b.Get("/console/meetups?show=past").Body
	if i, j := strings.Index(past, later.Title), strings.Index(past, soon.Title); i < 0 || j < i {
		t.Errorf("past lists Later then Soon:\n%s", past)
	}
	apitest.WantStatus(t, b.Get("/console/meetups?show=someday"), http.StatusUnprocessableEntity)
}

// The registrations download is the JSON API's CSV: a file to save, with a
// byte-order mark, Persian names as they are, and no cell a spreadsheet
// would run as a formula.
func TestTheRegistrationsDownload(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Export", 1)
	persian := apitest.UniqueEmail("persian")
	c.register(m.ID, "مریم کاظمی", persian)
	c.register(m.ID, `=HYPERLINK("http://x")`, apitest.UniqueEmail("formula"))
	resp := c.SignedIn().Get("/console/meetups/" + m.ID + "/registrations.csv")
	apitest.WantStatus(t, resp, http.StatusOK)
	if ct, cd := resp.Headers["Content-Type"], resp.Headers["Content-Disposition"]; ct != "text/csv; charset=utf-8" || cd != "attachment; filename=registrations-"+m.ID+".csv" {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}
	if !strings.HasPrefix(resp.Body, "\ufeffname,email,status,waitlist_position,attended,registered_at\n") {
		t.Errorf("no byte-order mark and header: %q", resp.Body[:min(len(resp.Body), 80)])
	}
	apitest.WantContains(t, resp.Body, "the CSV", "مریم کاظمی,"+persian+",confirmed,,,2026-11-25T13:30:00+03:30", `"'=HYPERLINK(""http://x"")"`, ",waitlisted,1,")
}

// The talks page lists the talks in one state with their speaker, format,
// meetup and time in that state; the mentorships page the pairs by health.
func TestTheTalksAndMentorshipsPages(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Talk night", 10)
	c.talk("Async Python", "Ali", m.ID, talks.Accepted, c.Clock.Now().Add(-72*time.Hour))
	c.talk("Packaging", "Sara", "", talks.Submitted, c.Clock.Now().Add(-5*time.Hour))
	c.pair("Reza")
	b := c.SignedIn()
	submitted := b.Get("/console/talks")
	apitest.WantContains(t, submitted.Body, "the submitted talks", "<bdi>Packaging</bdi>", "<bdi>Sara</bdi>", "Short (20 min)", "Backlog (no meetup)", "5 hours", `aria-current="page">Undecided`)
	accepted := b.Get("/console/talks?status=accepted")
	apitest.WantContains(t, accepted.Body, "the accepted talks", "<bdi>Async Python</bdi>", `<a href="/console/meetups/`+m.ID+`"><bdi>Talk night</bdi></a>`, "3 days")
	apitest.WantStatus(t, b.Get("/console/talks?status=lost"), http.StatusUnprocessableEntity)
	pairs := b.Get("/console/mentorships")
	apitest.WantContains(t, pairs.Body, "the mentorships", "<td><bdi>Reza</bdi></td><td><bdi>Reza</bdi></td>", "On track", "Never", "25 Nov 2026")
	if body := b.Get("/console/mentorships?health=stalled").Body; strings.Contains(body, "Reza") || !strings.Contains(body, "No mentorships here.") {
		t.Error("a new pair is listed as stalled")
	}
}

// wiringMeetup is a meetup on day (YYYY-MM-DD), 18:00–21:00 in Tehran.
func wiringMeetup(title, day string) wiringtest.Meetup {
	return wiringtest.Meetup{Title: title, StartsAt: day + "T18:00:00+03:30", EndsAt: day + "T21:00:00+03:30", Capacity: 10}
}

// The console's own text and a person's text never mix: whatever a title
// or a name holds is shown as text on every page.
func TestEveryPageShowsWhatPeopleTypedAsText(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	const evil = "<script>alert(1)</script>"
	m := c.newMeetup(evil, 1)
	c.register(m.ID, evil, apitest.UniqueEmail("evil"))
	c.register(m.ID, evil, apitest.UniqueEmail("evil-waiting"))
	c.talk(evil, evil, m.ID, talks.Accepted, c.Clock.Now())
	c.talk(evil, evil, m.ID, talks.Submitted, c.Clock.Now())
	c.pair(evil)
	b := c.SignedIn()
	pages := []string{
		"/console/meetups", "/console/meetups/" + m.ID, "/console/meetups/" + m.ID + "/edit", "/console/meetups/" + m.ID + "/cancel",
		"/console/meetups/" + m.ID + "/door", "/console/meetups/" + m.ID + "/door?q=" + url.QueryEscape(evil),
		"/console/talks", "/console/talks?status=accepted", "/console/mentorships",
	}
	for _, p := range pages {
		resp := b.Get(p)
		apitest.WantStatus(t, resp, http.StatusOK)
		if strings.Contains(resp.Body, "<script>alert") || !strings.Contains(resp.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the typed text as text", p)
		}
	}
	refused := b.Post("/console/meetups", with(validMeetup(), "title", evil+strings.Repeat("x", 120)))
	if strings.Contains(refused.Body, "<script>alert") {
		t.Error("the refused form echoes the title as markup")
	}
}

// A Persian organizer's pages are right to left, in Persian, with Persian
// digits and dates; what they type with a Persian keyboard reads as the
// same numbers.
func TestPersianPages(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("دورهمی آذر", 40)
	c.register(m.ID, "مریم", apitest.UniqueEmail("maryam"))
	b := c.Browser()
	b.Lang = "fa"
	b.SignIn(c.Organizer)
	for p, want := range map[string][]string{
		"/console/meetups":                     {"پیش رو", "یکشنبه ۲۰۲۶/۱۲/۲۰، ۱۸:۰۰ تا ۲۱:۰۰", "۱ از ۴۰"},
		"/console/meetups/" + m.ID:             {"برنامه", "یادآوری", "در شنبه ۲۰۲۶/۱۲/۱۹، ۰۹:۰۰ یادآوری", "جاها، سپس فهرست انتظار"},
		"/console/meetups/" + m.ID + "/door":   {"۰ حاضر از ۱", "حاضر"},
		"/console/meetups/" + m.ID + "/cancel": {"به ۱ نفر ایمیل زده می‌شود"},
		"/console/meetups/new":                 {"دورهمی تازه", "Asia/Tehran"},
		"/console/talks":                       {"بی‌تصمیم"},
		"/console/mentorships?health=at_risk":  {"در خطر", "منتورشیپی اینجا نیست."},
	} {
		body := b.Get(p).Body
		if !strings.Contains(body, `<html lang="fa" dir="rtl">`) {
			t.Errorf("%s is not a right-to-left Persian page", p)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", p, w)
			}
		}
	}
	bad := b.Post("/console/meetups", with(validMeetup(), "capacity", "۰"))
	apitest.WantStatus(t, bad, http.StatusUnprocessableEntity)
	if got := fieldError(bad.Body, "capacity"); got != "باید عددی درست از ۱ تا ۱۰۰۰ باشد." {
		t.Errorf("next to the capacity: %q", got)
	}
	form := with(with(validMeetup(), "starts_at", "۲۰۲۶-۱۲-۲۰T۱۸:۰۰"), "capacity", "۴۰")
	to := wantSeeOther(t, b.Post("/console/meetups", form), "/console/meetups/")
	if got := c.meetup(idFrom(to)); got.Capacity != 40 || !got.StartsAt.Equal(time.Date(2026, 12, 20, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("Persian digits read as %d seats at %s", got.Capacity, got.StartsAt)
	}
	if !strings.Contains(b.Get(to).Body, "دورهمی ساخته شد.") {
		t.Error("the notice is not in Persian")
	}
}
