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
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// proposal stores t, a talk as its speaker proposed it, filling in what
// it leaves out: a new speaker of its own, short, for beginners, in
// English, verified when it was created. It returns the talk as stored.
func (c *console) proposal(t talks.Talk) talks.Talk {
	c.T.Helper()
	if t.Email == "" {
		t.Email = apitest.UniqueEmail("speaker")
	}
	t.ID = "talk-" + strings.ToLower(strings.Split(t.Email, "@")[0]) + fmt.Sprint(time.Now().UnixNano()%1000000)
	t.Owner = person.Key(t.Email)
	if t.Name == "" {
		t.Name = "Speaker"
	}
	if t.Abstract == "" {
		t.Abstract = "What it is about."
	}
	t.Format, t.Level = cmpOr(t.Format, talks.Short), cmpOr(t.Level, talks.Beginner)
	t.Language = cmpOr(t.Language, "en")
	t.Status = cmpOr(t.Status, talks.Submitted)
	if t.CreatedAt.IsZero() {
		t.CreatedAt = c.Clock.Now()
	}
	t.UpdatedAt = cmpOr(t.UpdatedAt, t.CreatedAt)
	if t.Status != talks.Pending && t.VerifiedAt.IsZero() {
		t.VerifiedAt = t.CreatedAt
	}
	if t.Status == talks.Pending {
		t.PendingUntil, t.VerifiedAt = t.CreatedAt.Add(7*24*time.Hour), time.Time{}
	}
	if err := c.Store().CreateTalk(context.Background(), t); err != nil {
		c.T.Fatal(err)
	}
	return t
}

func cmpOr[T comparable](v, otherwise T) T {
	var zero T
	if v == zero {
		return otherwise
	}
	return v
}

// storedTalk reads talk id as it is now.
func (c *console) storedTalk(id string) talks.Talk {
	c.T.Helper()
	return apitest.Read(c.T, c.Store().GetTalk, id)
}

func wantNotIn(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s has %q", what, w)
		}
	}
}

// The board shows the undecided talks for a meetup and the backlog apart,
// each with how long it has waited; never a pending one; and narrows by
// format, level and language with a form that needs no script.
func TestTheTalkBoard(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Talk night", 10)
	now := c.Clock.Now()
	c.proposal(talks.Talk{Title: "For the meetup", MeetupID: m.ID, Format: talks.Long, CreatedAt: now.Add(-5 * time.Hour)})
	c.proposal(talks.Talk{Title: "In the backlog", Level: talks.Advanced, Language: "fa", CreatedAt: now.Add(-72 * time.Hour)})
	c.proposal(talks.Talk{Title: "Not confirmed yet", Status: talks.Pending})
	c.proposal(talks.Talk{Title: "Turned down", Status: talks.Rejected})
	b := c.SignedIn()

	board := b.Get("/console/talks")
	apitest.WantStatus(t, board, http.StatusOK)
	apitest.WantContains(t, board.Body, "the board", `aria-current="page">Undecided`, "<h2>Proposed for a meetup</h2>", "<h2>The backlog: for no particular meetup</h2>",
		"<bdi>For the meetup</bdi>", "<bdi>Talk night</bdi>", "Long (40 min)", "5 hours", "<bdi>In the backlog</bdi>", "3 days", "Persian", "Advanced",
		`<select id="filter-format" name="format">`, `<form method="get" action="/console/talks"`)
	if i, j := strings.Index(board.Body, "For the meetup"), strings.Index(board.Body, "In the backlog"); i < 0 || j < i {
		t.Error("the backlog is not shown after, and apart from, the talks for a meetup")
	}
	wantNotIn(t, "the board", board.Body, "Not confirmed yet", "Turned down")

	long := b.Get("/console/talks?status=submitted&format=long")
	apitest.WantContains(t, long.Body, "long talks", "For the meetup", `<option value="long" selected>`, "Clear the filters")
	wantNotIn(t, "long talks", long.Body, "In the backlog")
	persian := b.Get("/console/talks?language=fa&level=advanced")
	apitest.WantContains(t, persian.Body, "Persian advanced talks", "In the backlog", `href="/console/talks?language=fa&amp;level=advanced&amp;status=rejected"`)
	wantNotIn(t, "Persian advanced talks", persian.Body, "For the meetup")
	apitest.WantContains(t, b.Get("/console/talks?status=rejected").Body, "rejected talks", "Turned down")
	for _, bad := range []string{"?status=pending", "?status=lost", "?format=epic", "?level=guru", "?language=de"} {
		apitest.WantStatus(t, b.Get("/console/talks"+bad), http.StatusUnprocessableEntity)
	}
}

// An accepted talk's row says where its speaker stands on the confirmation
// ladder, as the call-for-speakers job recorded its asks, and when the job
// reports them silent.
func TestTheBoardShowsTheConfirmationLadder(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	soon := c.CreateMeetup(wiringtest.Meetup{Title: "Soon", StartsAt: "2026-11-30T18:00:00+03:30", EndsAt: "2026-11-30T21:00:00+03:30", Capacity: 10})
	later := c.newMeetup("Later", 10)
	now := c.Clock.Now()
	silent := c.proposal(talks.Talk{Title: "Silent one", Status: talks.Accepted, MeetupID: soon.ID, UpdatedAt: now.Add(-10 * 24 * time.Hour)})
	c.proposal(talks.Talk{Title: "Far off", Status: talks.Accepted, MeetupID: later.ID})
	ctx := context.Background()
	for _, ask := range []string{"@confirm-14", "@confirm-7"} {
		at := now.Add(-time.Hour)
		if ask == "@confirm-14" {
			at = now.Add(-7 * 24 * time.Hour)
		}
		if _, err := c.Store().ClaimSend(ctx, callforspeakers.Name, silent.ID+ask, silent.Owner, silent.Owner, at, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := c.Store().MarkSent(ctx, callforspeakers.Name, silent.ID+ask, silent.Owner, at); err != nil {
			t.Fatal(err)
		}
	}
	body := c.SignedIn().Get("/console/talks?status=accepted").Body
	apitest.WantContains(t, body, "the accepted talks", "<th scope=\"col\">Confirmation</th>",
		"Asked 14 days before, on 18 Nov 2026", "Asked again 7 days before, on 25 Nov 2026", "Silent: the organizers are told", "Meetup in 5 days",
		"Not asked yet", "Meetup in 25 days")
	rows := map[string]string{}
	for _, row := range strings.Split(body, "<tr>") {
		for _, title := range []string{"Silent one", "Far off"} {
			if strings.Contains(row, "<bdi>"+title+"</bdi>") {
				rows[title] = row
			}
		}
	}
	apitest.WantContains(t, rows["Silent one"], "the silent speaker's row", "Asked again 7 days before", "Silent: the organizers are told", "Meetup in 5 days")
	apitest.WantContains(t, rows["Far off"], "the far-off talk's row", "Not asked yet", "Meetup in 25 days")
	wantNotIn(t, "the far-off talk's row", rows["Far off"], "Silent", "Asked")
}

// A talk's page shows the talk, its speaker's other talks and the upcoming
// meetups it can be accepted into with their programmes and minutes; a
// chosen meetup shows the very email the speaker will get, in their
// language, and the button that sends it; the decision sends it once.
func TestReviewingAndAcceptingATalk(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Talk night", 10)
	c.proposal(talks.Talk{Title: "Already on", Name: "Reza", Status: talks.Accepted, MeetupID: m.ID, Format: talks.Long, CreatedAt: c.Clock.Now().Add(-time.Hour)})
	addr := apitest.UniqueEmail("sara")
	tk := c.proposal(talks.Talk{Title: "Typing Python", Name: "سارا", Email: addr, Language: "fa", Format: talks.Short, Abstract: "Line one\nLine two"})
	c.proposal(talks.Talk{Title: "An older idea", Email: addr, Status: talks.Rejected})
	c.proposal(talks.Talk{Title: "Unconfirmed idea", Email: addr, Status: talks.Pending})
	b := c.SignedIn()

	page := b.Get("/console/talks/" + tk.ID)
	apitest.WantStatus(t, page, http.StatusOK)
	apitest.WantContains(t, page.Body, "the talk's page", "<h1>Typing Python · Console</h1>"[4:18], "<bdi>سارا</bdi>", "Short (20 min)", "Beginner", "Persian",
		"<bdi>Line one</bdi><br> <bdi>Line two</bdi>", "<bdi>An older idea</bdi>", "<h4><bdi>Talk night</bdi></h4>", "40 of 180 minutes taken",
		"<bdi>Already on</bdi>", "Preview the email for this meetup", "Preview the rejection email")
	wantNotIn(t, "the talk's page", page.Body, "Unconfirmed idea")

	preview := b.Get("/console/talks/" + tk.ID + "?decision=accept&meetup=" + m.ID + "&message=" + url.QueryEscape("خوش آمدید"))
	apitest.WantStatus(t, preview, http.StatusOK)
	apitest.WantContains(t, preview.Body, "the preview", "Accept into Talk night: the email the speaker will get", "ارائهٔ شما پذیرفته شد: Typing Python",
		`<blockquote lang="fa" dir="rtl">`, "خوش آمدید", `action="/console/talks/`+tk.ID+`/accept"`, `name="meetup" value="`+m.ID+`"`, "Accept and send this email")
	if n := len(testenv.EmailsTo(t, addr)); n != 0 {
		t.Fatalf("the preview sent %d emails", n)
	}

	to := wantSeeOther(t, b.Post("/console/talks/"+tk.ID+"/accept", url.Values{"meetup": {m.ID}, "message": {"خوش آمدید"}}), "/console/talks/"+tk.ID)
	if !strings.Contains(to, "notice=accepted") {
		t.Errorf("after accepting: %s", to)
	}
	apitest.WantContains(t, b.Get(to).Body, "the page after", "The talk is accepted and its speaker emailed.", "There is nothing to decide."[len("There is "):])
	if got := c.storedTalk(tk.ID); got.Status != talks.Accepted || got.MeetupID != m.ID || got.Message != "خوش آمدید" {
		t.Errorf("the talk is %s for %q with %q", got.Status, got.MeetupID, got.Message)
	}
	mails := testenv.EmailsTo(t, addr)
	if len(mails) != 1 || mails[0].Subject != "ارائهٔ شما پذیرفته شد: Typing Python" || !strings.Contains(mails[0].Text, "خوش آمدید") {
		t.Fatalf("the speaker got %d emails: %+v", len(mails), mails)
	}
	// The preview was the email, but for the links made when it was sent.
	if !strings.Contains(preview.Body, strings.Split(mails[0].Text, "\n")[0]) {
		t.Errorf("the preview does not begin as the email does: %q", strings.Split(mails[0].Text, "\n")[0])
	}
	// The meetup's programme now holds both talks, in order, with their minutes.
	prog := b.Get("/console/meetups/" + m.ID).Body
	apitest.WantContains(t, prog, "the meetup's programme", "60 of 180 minutes taken", "120 minutes free.")
	if i, j := strings.Index(prog, "Already on"), strings.Index(prog, "Typing Python"); i < 0 || j < i {
		t.Error("the programme is not in order")
	}
}

// Rejecting shows the email with the organizers' message, and sends it.
func TestRejectingATalkWithAMessage(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	addr := apitest.UniqueEmail("ali")
	tk := c.proposal(talks.Talk{Title: "Too long", Name: "Ali", Email: addr})
	b := c.SignedIn()
	preview := b.Get("/console/talks/" + tk.ID + "?decision=reject&message=" + url.QueryEscape("Try a lightning talk?"))
	apitest.WantContains(t, preview.Body, "the rejection preview", "Reject: the email the speaker will get", "About your talk proposal: Too long",
		"Try a lightning talk?", `action="/console/talks/`+tk.ID+`/reject"`, "Reject and send this email")
	wantSeeOther(t, b.Post("/console/talks/"+tk.ID+"/reject", url.Values{"message": {"Try a lightning talk?"}}), "/console/talks/"+tk.ID)
	mails := testenv.EmailsTo(t, addr)
	if len(mails) != 1 || mails[0].Subject != "About your talk proposal: Too long" || !strings.Contains(mails[0].Text, "Try a lightning talk?") {
		t.Fatalf("the speaker got: %+v", mails)
	}
	if got := c.storedTalk(tk.ID); got.Status != talks.Rejected {
		t.Errorf("the talk is %s", got.Status)
	}
	// Deciding it again is a conflict, said on a page of its own.
	again := b.Post("/console/talks/"+tk.ID+"/reject", url.Values{})
	apitest.WantStatus(t, again, http.StatusConflict)
	apitest.WantContains(t, again.Body, "deciding again", "Someone else decided this talk", `href="/console/talks/`+tk.ID+`"`)
	if n := len(testenv.EmailsTo(t, addr)); n != 1 {
		t.Errorf("the speaker got %d emails", n)
	}
}

// Two organizers accepting the same talk into two meetups at the same
// moment: one wins; the other is told someone else decided it, with a link
// to the talk as it is now; the talk is on one programme, whole; the
// speaker gets exactly one email.
func TestTwoOrganizersAcceptingATalkAtOnce(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m1 := c.newMeetup("First", 10)
	m2 := c.CreateMeetup(wiringtest.Meetup{Title: "Second", StartsAt: "2027-01-17T18:00:00+03:30", EndsAt: "2027-01-17T21:00:00+03:30", Capacity: 10})
	first, second := c.SignedIn(), c.Browser().SignIn(c.Other)
	for round := range 4 {
		addr := apitest.UniqueEmail(fmt.Sprintf("race%d", round))
		tk := c.proposal(talks.Talk{Title: fmt.Sprintf("Raced %d", round), Email: addr})
		into := []string{m1.ID, m2.ID}
		statuses, bodies := make([]int, 2), make([]string, 2)
		apitest.AtOnce(2, func(i int) {
			b := first
			if i == 1 {
				b = second
			}
			resp := b.Post("/console/talks/"+tk.ID+"/accept", url.Values{"meetup": {into[i]}})
			statuses[i], bodies[i] = resp.StatusCode, resp.Body
		})
		if n := apitest.Winners(t, statuses, http.StatusSeeOther, http.StatusConflict); n != 1 {
			t.Fatalf("round %d: %d acceptances won", round, n)
		}
		winner := 0
		if statuses[1] == http.StatusSeeOther {
			winner = 1
		}
		loser := bodies[1-winner]
		apitest.WantContains(t, loser, "the loser's page", "Someone else decided this talk", "your decision was not made", `href="/console/talks/`+tk.ID+`"`)
		got := c.storedTalk(tk.ID)
		if got.Status != talks.Accepted || got.MeetupID != into[winner] || got.Version != 1 {
			t.Errorf("round %d: the talk is %s for %q at version %d, want accepted for the winner's %q", round, got.Status, got.MeetupID, got.Version, into[winner])
		}
		mails := testenv.EmailsTo(t, addr)
		if len(mails) != 1 || !strings.Contains(mails[0].Text, []string{"First", "Second"}[winner]) {
			t.Errorf("round %d: the speaker got %d emails", round, len(mails))
		}
	}
}
