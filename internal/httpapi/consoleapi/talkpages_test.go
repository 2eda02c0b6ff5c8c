package consoleapi_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// Organizers never see a pending talk: not on the board, and its page is
// not found.
func TestAPendingTalkIsNotFound(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	tk := c.proposal(talks.Talk{Title: "Whose?", Status: talks.Pending})
	b := c.SignedIn()
	apitest.WantStatus(t, b.Get("/console/talks/"+tk.ID), http.StatusNotFound)
	apitest.WantStatus(t, b.Get("/console/talks/"+tk.ID+"?decision=reject"), http.StatusNotFound)
	apitest.WantStatus(t, b.Post("/console/talks/"+tk.ID+"/reject", url.Values{}), http.StatusNotFound)
	apitest.WantStatus(t, b.Get("/console/talks/nope"), http.StatusNotFound)
	if got := c.storedTalk(tk.ID); got.Status != talks.Pending {
		t.Errorf("the pending talk is %s", got.Status)
	}
}

// A meetup with no talk says its programme is empty, plainly.
func TestAnEmptyProgrammeIsSaidPlainly(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Nobody yet", 10)
	body := c.SignedIn().Get("/console/meetups/" + m.ID).Body
	apitest.WantContains(t, body, "the meetup's page", "The programme is empty: no talk is accepted for this meetup yet.", "0 of 180 minutes taken")
}

// Whatever a talk's title, name, abstract or message holds is text on the
// board, on the talk's page, in the preview and in the email.
func TestTalkPagesShowWhatPeopleTypedAsText(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	const evil = "<script>alert(1)</script>"
	const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
	m := c.newMeetup(evil, 10)
	addr := apitest.UniqueEmail("evil")
	tk := c.proposal(talks.Talk{Title: evil, Name: evil, Email: addr, Abstract: evil, MeetupID: m.ID})
	c.proposal(talks.Talk{Title: evil, Name: evil, Status: talks.Accepted, MeetupID: m.ID})
	b := c.SignedIn()
	for _, p := range []string{
		"/console/talks", "/console/talks?status=accepted", "/console/talks/" + tk.ID,
		"/console/talks/" + tk.ID + "?decision=accept&meetup=" + m.ID + "&message=" + url.QueryEscape(evil),
		"/console/talks/" + tk.ID + "?decision=reject&message=" + url.QueryEscape(evil), "/console/meetups/" + m.ID,
	} {
		resp := b.Get(p)
		apitest.WantStatus(t, resp, http.StatusOK)
		if strings.Contains(resp.Body, "<script>alert") || !strings.Contains(resp.Body, escaped) {
			t.Errorf("%s does not show the typed text as text", p)
		}
	}
	wantSeeOther(t, b.Post("/console/talks/"+tk.ID+"/reject", url.Values{"message": {evil}}), "/console/talks/")
	mails := testenv.EmailsTo(t, addr)
	if len(mails) != 1 || strings.Contains(mails[0].HTML, "<script>alert") || !strings.Contains(mails[0].HTML, escaped) {
		t.Errorf("the email does not carry the title as text: %d emails", len(mails))
	}
}

// The board and a talk's page make the same, bounded number of DynamoDB
// requests with a hundred times more history in the table.
func TestTalkPagesCostIsIndependentOfHistory(t *testing.T) {
	t.Parallel()
	var bareN, fullN atomic.Int64
	bare, full := newConsole(t, wiringtest.CountRequests(&bareN)), newConsole(t, wiringtest.CountRequests(&fullN))
	pages := func(c *console) []costPage {
		m, _ := costPresent(c)
		tk := c.proposal(talks.Talk{Title: "Under review", MeetupID: m})
		c.proposal(talks.Talk{Title: "Their other talk", Email: tk.Email, Status: talks.Rejected, MeetupID: m})
		return []costPage{
			{"undecided talks", "/console/talks", nil},
			{"undecided talks, filtered", "/console/talks?format=short&level=beginner&language=en", nil},
			{"accepted talks", "/console/talks?status=accepted", nil},
			{"rejected talks", "/console/talks?status=rejected", nil},
			{"a talk's page", "/console/talks/" + tk.ID, nil},
			{"its acceptance email", "/console/talks/" + tk.ID + "?decision=accept&meetup=" + m, nil},
			{"its rejection email", "/console/talks/" + tk.ID + "?decision=reject", nil},
		}
	}
	barePages, fullPages := pages(bare), pages(full)
	costHistory(full)
	without, with := pageCosts(t, bare, &bareN, barePages), pageCosts(t, full, &fullN, fullPages)
	wantCostsIndependentOfHistory(t, barePages, without, with, 16, 16)
}

// A Persian organizer's talk pages are in Persian, with Persian digits;
// the conflict page says what happened in Persian, without the domain's
// English words.
func TestPersianTalkPages(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("دورهمی آذر", 10)
	c.proposal(talks.Talk{Title: "On it", Status: talks.Accepted, MeetupID: m.ID, Format: talks.Long})
	tk := c.proposal(talks.Talk{Title: "یک ارائه", Name: "سارا"})
	b := c.Browser()
	b.Lang = "fa"
	b.SignIn(c.Organizer)
	for p, want := range map[string][]string{
		"/console/talks":                               {"بی‌تصمیم", "فهرست انتظار: برای هیچ دورهمی خاصی", "هر قالبی"},
		"/console/talks/" + tk.ID:                      {"۴۰ از ۱۸۰ دقیقه پر شده", "پیش‌نمایش ایمیل رد", "۱."},
		"/console/talks/" + tk.ID + "?decision=reject": {"رد کردن: ایمیلی که ارائه‌دهنده می‌گیرد", "About your talk proposal: یک ارائه"},
		"/console/meetups/" + m.ID:                     {"۴۰ از ۱۸۰ دقیقه پر شده", "۱۴۰ دقیقه خالی."},
	} {
		body := b.Get(p).Body
		if !strings.Contains(body, `<html lang="fa" dir="rtl">`) {
			t.Errorf("%s is not a right-to-left Persian page", p)
		}
		apitest.WantContains(t, body, p, want...)
	}
	wantSeeOther(t, b.Post("/console/talks/"+tk.ID+"/reject", url.Values{}), "/console/talks/")
	again := b.Post("/console/talks/"+tk.ID+"/reject", url.Values{})
	apitest.WantStatus(t, again, http.StatusConflict)
	apitest.WantContains(t, again.Body, "the Persian conflict page", "کس دیگری دربارهٔ این ارائه تصمیم گرفت")
	wantNotIn(t, "the Persian conflict page", again.Body, "already")
}

// A decision posted from another site, or without the session's form
// token, is refused with 403 and changes nothing: the talk stays
// undecided and its speaker hears nothing.
func TestACrossSiteDecisionIsRefused(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Talk night", 10)
	addr := apitest.UniqueEmail("target")
	tk := c.proposal(talks.Talk{Title: "Target", Email: addr})
	b := c.SignedIn()
	b.Get("/console/talks/" + tk.ID)
	form := func(token string) url.Values {
		return url.Values{"form_token": {token}, "meetup": {m.ID}}
	}
	for _, action := range []string{"/accept", "/reject"} {
		target := "/console/talks/" + tk.ID + action
		for name, status := range map[string]int{
			"from another site":   b.PostFrom(target, form(b.FormToken), "cross-site", "https://evil.example").StatusCode,
			"from an old browser": b.PostFrom(target, form(b.FormToken), "", "https://evil.example").StatusCode,
			"without the token":   b.PostFrom(target, url.Values{"meetup": {m.ID}}, "same-origin", apitest.BaseURL).StatusCode,
		} {
			if status != http.StatusForbidden {
				t.Errorf("%s %s: %d, want 403", action, name, status)
			}
		}
	}
	if got := c.storedTalk(tk.ID); got.Status != talks.Submitted || got.Version != 0 {
		t.Errorf("a refused decision moved the talk to %s", got.Status)
	}
	if n := len(testenv.EmailsTo(t, addr)); n != 0 {
		t.Errorf("a refused decision emailed the speaker %d times", n)
	}
}

// Capstone talks come first in the whole backlog, not only in each of its
// pages: with more talks in the backlog than a page holds, a capstone talk
// proposed after all of them opens the first page, and the next page goes
// on with the rest, showing it no more. Reading the first page costs the
// same however long the backlog is (once it is long enough that the list
// of talks for a meetup, which reads past the backlog's with a filter,
// makes its most queries: three).
func TestCapstoneTalksComeFirstAcrossTheBacklog(t *testing.T) {
	t.Parallel()
	firstPage := map[int]int64{}
	for _, backlog := range []int{65, 130} {
		var n atomic.Int64
		c := newConsole(t, wiringtest.CountRequests(&n))
		now := c.Clock.Now()
		for i := range backlog {
			c.proposal(talks.Talk{Title: fmt.Sprintf("Backlog talk %03d", i), CreatedAt: now.Add(time.Duration(i-backlog-10) * time.Hour)})
		}
		capstone := c.proposal(talks.Talk{Title: "What my mentorship led to", Format: talks.Lightning, Capstone: "pair-" + testenv.RandomHex(4),
			CreatedAt: now.Add(-time.Hour)})
		b := c.SignedIn()

		before := n.Load()
		page := b.Get("/console/talks")
		firstPage[backlog] = n.Load() - before
		apitest.WantStatus(t, page, http.StatusOK)
		_, inBacklog, _ := strings.Cut(page.Body, "<h2>The backlog: for no particular meetup</h2>")
		i, j := strings.Index(inBacklog, "<bdi>What my mentorship led to</bdi>"), strings.Index(inBacklog, "<bdi>Backlog talk 000</bdi>")
		if i < 0 || j < 0 || i > j {
			t.Fatalf("%d talks in the backlog: the capstone talk does not open its first page, before the oldest talk", backlog)
		}
		if k := strings.Index(inBacklog, "<bdi>Backlog talk 019</bdi>"); k >= 0 {
			t.Errorf("%d talks in the backlog: its first page holds more than a page", backlog)
		}
		next := regexp.MustCompile(`href="([^"]*backlog_cursor=[^"]*)"`).FindStringSubmatch(inBacklog)
		if next == nil {
			t.Fatalf("%d talks in the backlog: no link to its next page", backlog)
		}
		second := b.Get(html.UnescapeString(next[1]))
		apitest.WantStatus(t, second, http.StatusOK)
		_, inBacklog, _ = strings.Cut(second.Body, "<h2>The backlog: for no particular meetup</h2>")
		apitest.WantContains(t, inBacklog, "the backlog's second page", "<bdi>Backlog talk 019</bdi>", "<bdi>Backlog talk 020</bdi>")
		wantNotIn(t, "the backlog's second page", inBacklog, "What my mentorship led to", "<bdi>Backlog talk 018</bdi>")
		if got := c.storedTalk(capstone.ID); got.Capstone == "" || !got.InBacklog() {
			t.Errorf("the capstone talk is stored as %+v", got)
		}
	}
	t.Logf("the board's first page: %d requests with 65 talks in the backlog, %d with 130", firstPage[65], firstPage[130])
	if firstPage[65] != firstPage[130] {
		t.Errorf("the first page costs %d requests with 65 talks in the backlog, %d with 130", firstPage[65], firstPage[130])
	}
}
