package meetupsapi_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
)

// A browser opening a meetup's address gets its page in the reader's
// language; a script at the same address gets the JSON it always had.
func TestMeetupPageForBrowsers(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 3, "Typing <in> Python")
	h.registerNew(id, "A")
	route, path := "/meetups/{meetupId}", "/meetups/"+id
	// An accepted talk is on the programme, with its speaker's name.
	talks, speaker := apitest.New(t, h.System, wiring.TalksFunction), apitest.UniqueEmail("speaker")
	submitted := talks.Serve("POST", "/talks", "/talks", "application/json", `{"name":"Sara <i>M</i>","email":"`+speaker+
		`","title":"Typing in Python","abstract":"Why and how.","format":"short","level":"beginner","language":"en","meetup_id":"`+id+`"}`)
	apitest.WantStatus(t, submitted, 201)
	var talk struct{ ID string }
	_ = json.Unmarshal([]byte(submitted.Body), &talk)
	// The speaker confirms the proposal by the emailed link.
	verify := apitest.LinkIn(t, testenv.EmailsTo(t, speaker)[0], "/talks/verify")
	apitest.WantStatus(t, talks.Serve("POST", "/talks/verify", "/talks/verify", "application/json", `{"token":"`+verify+`"}`), 200)
	apitest.WantStatus(t, talks.Serve("POST", "/talks/{talkId}/decision", "/talks/"+talk.ID+"/decision", "application/json",
		`{"decision":"accept","meetup_id":"`+id+`"}`, talks.Organizer()...), 200)
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

	fa := h.Serve("GET", route, path, "", "", "Accept", browser, "Accept-Language", "fa-IR,fa;q=0.9,en;q=0.5")
	apitest.WantStatus(t, fa, 200)
	for _, want := range []string{`<html lang="fa" dir="rtl">`, "Typing &lt;in&gt; Python", "جای خالی: ۲", "۲۰۲۶/۱۲/۲۰", "۱۸:۰۰–۲۱:۰۰",
		`action="/meetups/` + id + `/registrations"`, `name="language" value="fa"`, `name="lang" value="fa"`, `name="website" value=""`,
		`href="/meetups/` + id + `/calendar.ics"`, `href="webcal://`, `/calendar.ics"`, `href="/meetups/` + id + `?lang=en"`,
		"<strong>Typing in Python</strong> — <bdi>Sara &lt;i&gt;M&lt;/i&gt;</bdi> (۲۰ دقیقه)"} {
		if !strings.Contains(fa.Body, want) {
			t.Errorf("the Persian page lacks %s", want)
		}
	}
	if ct := fa.Headers["Content-Type"]; !strings.HasPrefix(ct, "text/html") || !strings.Contains(fa.Headers["Vary"], "Accept") {
		t.Errorf("Content-Type %q, Vary %q", ct, fa.Headers["Vary"])
	}
	if csp := fa.Headers["Content-Security-Policy"]; !strings.Contains(csp, "form-action 'self'") || strings.Contains(csp, "script-src") {
		t.Errorf("policy %q", csp)
	}

	en := h.Serve("GET", route, path+"?lang=en", "", "", "Accept", browser, "Accept-Language", "fa")
	apitest.WantStatus(t, en, 200)
	apitest.WantContains(t, en.Body, "the English page", `lang="en" dir="ltr"`, "Seats left: 2", "Sunday 20 December 2026, 18:00–21:00 (Asia/Tehran)", "Register")

	for _, accept := range []string{"", "*/*", "application/json"} {
		js := h.Serve("GET", route, path, "", "", "Accept", accept)
		apitest.WantStatus(t, js, 200)
		if !strings.HasPrefix(js.Headers["Content-Type"], "application/json") || !strings.Contains(js.Body, `"seats_left":2`) || js.Headers["Vary"] != "Accept" {
			t.Errorf("Accept %q: %s %s", accept, js.Headers["Content-Type"], js.Body)
		}
	}

	// Cancelled: the page says so and offers no form.
	apitest.WantStatus(t, h.Serve("POST", "/meetups/{meetupId}/cancel", path+"/cancel", "application/json", "", h.Organizer()...), 200)
	gone := h.Serve("GET", route, path, "", "", "Accept", browser)
	if !strings.Contains(gone.Body, "This meetup is cancelled.") || strings.Contains(gone.Body, "<form") {
		t.Errorf("the cancelled meetup's page:\n%s", gone.Body)
	}
}

// The calendar feed is iCalendar a strict reader accepts: each upcoming
// meetup once, by a UID that does not change; a moved meetup comes back
// with a higher SEQUENCE, a cancelled one as CANCELLED with a higher one
// still. A meetup's own .ics says the same.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	h, moved := newMeetup(t, 10, "December; with, commas")
	cancelled := h.createMeetup(10, "Called off")

	before := feedEvents(t, h)
	if len(before) != 2 || before[moved].sequence != 0 || before[cancelled].status != "CONFIRMED" {
		t.Fatalf("feed before: %+v", before)
	}
	apitest.WantStatus(t, h.patch(moved, `{"starts_at":"2026-12-21T18:00:00+03:30","ends_at":"2026-12-21T21:00:00+03:30"}`), 200)
	apitest.WantStatus(t, h.Serve("POST", "/meetups/{meetupId}/cancel", "/meetups/"+cancelled+"/cancel", "application/json", "", h.Organizer()...), 200)
	after := feedEvents(t, h)
	if len(after) != 2 {
		t.Fatalf("feed after: %+v", after)
	}
	if e := after[moved]; e.sequence <= before[moved].sequence || e.start != "20261221T143000Z" || e.summary != "December; with, commas" {
		t.Errorf("the moved meetup: %+v, before %+v", e, before[moved])
	}
	if e := after[cancelled]; e.status != "CANCELLED" || e.sequence <= before[cancelled].sequence {
		t.Errorf("the cancelled meetup: %+v", e)
	}

	// Once it has ended, a meetup leaves the feed.
	h.clock.Advance(40 * 24 * time.Hour)
	if left := feedEvents(t, h); len(left) != 0 {
		t.Errorf("ended meetups in the feed: %+v", left)
	}

	one := h.Serve("GET", "/meetups/{meetupId}/calendar.ics", "/meetups/"+moved+"/calendar.ics", "", "")
	apitest.WantStatus(t, one, 200)
	if d := one.Headers["Content-Disposition"]; !strings.HasPrefix(d, "attachment;") {
		t.Errorf("Content-Disposition %q", d)
	}
	if evs := parseCalendar(t, one.Body); len(evs) != 1 || evs[moved+"@tehpug"].sequence != after[moved].sequence {
		t.Errorf("the meetup's .ics: %+v", evs)
	}
}

// icsEvent is what a test reads of one VEVENT.
type icsEvent struct {
	sequence               int
	status, start, summary string
}

// feedEvents fetches the feed and returns its events by meetup id.
func feedEvents(t *testing.T, h *meetupHarness) map[string]icsEvent {
	t.Helper()
	resp := h.Serve("GET", "/calendar.ics", "/calendar.ics", "", "")
	apitest.WantStatus(t, resp, 200)
	if ct := resp.Headers["Content-Type"]; ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	out := map[string]icsEvent{}
	for uid, e := range parseCalendar(t, resp.Body) {
		id, ok := strings.CutSuffix(uid, "@tehpug")
		if !ok {
			t.Errorf("UID %q", uid)
		}
		out[id] = e
	}
	return out
}

// parseCalendar reads body with an iCalendar library of its own (not the
// one that wrote it), checks it by encoding it again, which validates each
// component, and returns its events by UID.
func parseCalendar(t *testing.T, body string) map[string]icsEvent {
	t.Helper()
	if strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\n") {
		t.Error("a line ends in a bare LF")
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("parse:\n%s\n%v", body, err)
	}
	// (An empty feed has no component at all, which that encoder refuses;
	// calendar programs take it as a calendar with nothing in it.)
	if err := ical.NewEncoder(&bytes.Buffer{}).Encode(cal); err != nil && len(cal.Children) > 0 {
		t.Errorf("not valid iCalendar: %v", err)
	}
	out := map[string]icsEvent{}
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		var e icsEvent
		if p := ev.Props.Get(ical.PropSequence); p != nil {
			e.sequence, _ = p.Int()
		}
		e.status, _ = ev.Props.Text(ical.PropStatus)
		e.summary, _ = ev.Props.Text(ical.PropSummary)
		if p := ev.Props.Get(ical.PropDateTimeStart); p != nil {
			e.start = p.Value
		}
		if _, dup := out[uid]; dup {
			t.Errorf("UID %s twice", uid)
		}
		out[uid] = e
	}
	return out
}
