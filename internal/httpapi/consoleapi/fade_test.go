package consoleapi_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
)

// fadeToken is the token of the fade question's links in the last email
// to address.
func fadeToken(t *testing.T, address string) string {
	t.Helper()
	mails := testenv.EmailsTo(t, address)
	if len(mails) == 0 {
		t.Fatalf("no email to %s", address)
	}
	link := regexp.MustCompile(`/mentorship/fade\?token=[A-Za-z0-9_%-]+`).FindString(mails[len(mails)-1].Text)
	u, err := url.Parse(link)
	if err != nil || link == "" {
		t.Fatalf("no fade link in the email to %s:\n%s", address, mails[len(mails)-1].Text)
	}
	return u.Query().Get("token")
}

// A dropped pair's two sides are asked why; their answers, given on the
// pages the links open, show in the mentorship health: counted on the
// pairs by health, each on the pair's page, and in the weekly digest.
func TestDroppedPairAnswersShowInTheHealth(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	ctx := context.Background()
	mentor, mentee := c.apply(mentorship.Mentor, "Mina", "en", 1, "web"), c.apply(mentorship.Mentee, "Omid", "fa", 0, "web")
	p := c.pairUp(mentor, mentee)
	b := c.SignedIn()
	if resp := b.Post("/console/mentorships/"+p.ID+"/end", url.Values{"outcome": {"dropped"}, "reason": {"Silence"}}); resp.StatusCode >= 400 {
		t.Fatalf("ending answered %d", resp.StatusCode)
	}
	if err := c.CheckinReminder().Run(ctx, c.Clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	// The mentee opens the "other" link: a page with a field and a button
	// (the GET changes nothing); the post records the answer.
	menteeTok, mentorTok := fadeToken(t, mentee.address), fadeToken(t, mentor.address)
	page := b.Get("/mentorship/fade?token=" + url.QueryEscape(menteeTok) + "&reason=other")
	if page.StatusCode != 200 || !strings.Contains(page.Body, `name="other"`) || !strings.Contains(page.Body, `action="/mentorship/fade"`) ||
		!strings.Contains(page.Body, `dir="rtl"`) {
		t.Fatalf("the fade page answered %d:\n%s", page.StatusCode, page.Body)
	}
	if counts, _ := c.Mentorship().FadeCounts(ctx); counts.Total() != 0 {
		t.Fatalf("opening the page counted an answer: %v", counts)
	}
	if resp := b.Post("/mentorship/fade", url.Values{"token": {menteeTok}, "reason": {"other"}, "other": {"<script>alert(1)</script>"}}); resp.StatusCode != 303 {
		t.Fatalf("the mentee's answer answered %d:\n%s", resp.StatusCode, resp.Body)
	}
	if resp := b.Post("/mentorship/fade", url.Values{"token": {menteeTok}, "reason": {"no_time"}}); resp.StatusCode != 409 {
		t.Errorf("a second answer of the same side answered %d", resp.StatusCode)
	}
	if page := b.Get("/mentorship/fade?token=" + url.QueryEscape(mentorTok) + "&reason=no_answer"); page.StatusCode != 200 ||
		!strings.Contains(page.Body, "The other side did not answer") {
		t.Fatalf("the mentor's page answered %d:\n%s", page.StatusCode, page.Body)
	}
	if resp := b.Post("/mentorship/fade", url.Values{"token": {mentorTok}, "reason": {"no_answer"}}); resp.StatusCode != 303 {
		t.Fatalf("the mentor's answer answered %d", resp.StatusCode)
	}

	list := b.Get("/console/mentorships?health=ended")
	apitest.WantContains(t, list.Body, "the pairs by health", "Why pairs fade", "2 answers", "The other side did not answer</dt><dd>1</dd>", "Other</dt><dd>1</dd>", "No time</dt><dd>0</dd>")
	pair := b.Get("/console/mentorships/" + p.ID)
	apitest.WantContains(t, pair.Body, "the pair's page", "Why it faded", "The other side did not answer", "Other: <bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>")
	if strings.Contains(pair.Body, "<script>alert") {
		t.Errorf("an answer is not escaped")
	}

	if err := c.OrganizerDigest().Run(ctx, c.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range testenv.EmailsTo(t, c.Organizer) {
		if strings.Contains(m.Text, "Why pairs faded (2 answers)") && strings.Contains(m.Text, "the other side did not answer 1") && strings.Contains(m.Text, "other 1") {
			found = true
		}
	}
	if !found {
		t.Errorf("the digest does not count the answers")
	}
}

// The talk board marks a mentorship's capstone talk and lists it first in
// the backlog, before an older talk; its page says what it is and that its
// mentor agreed to be named.
func TestBoardListsCapstoneTalksFirst(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	now := c.Clock.Now()
	c.proposal(talks.Talk{Title: "An older talk", CreatedAt: now.Add(-72 * time.Hour)})
	capstone := c.proposal(talks.Talk{Title: "What I built <script>alert(1)</script>", Format: talks.Lightning, Capstone: "pair-1", CoSpeaker: true,
		CreatedAt: now.Add(-time.Hour)})
	b := c.SignedIn()
	board := b.Get("/console/talks")
	i, j := strings.Index(board.Body, "What I built"), strings.Index(board.Body, "An older talk")
	if i < 0 || j < 0 || i > j || !strings.Contains(board.Body, "Mentorship capstone") || strings.Contains(board.Body, "<script>alert") {
		t.Fatalf("the board does not list the capstone talk first, marked and escaped:\n%s", board.Body)
	}
	page := b.Get("/console/talks/" + capstone.ID)
	apitest.WantContains(t, page.Body, "the talk's page", "Mentorship capstone", "what their completed mentorship led to", "with their mentor as co-speaker")
}
