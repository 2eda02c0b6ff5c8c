package checkinreminder_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// tokenIn finds the token of the first link to route in the last email to
// address.
func tokenIn(t *testing.T, address, route string) string {
	t.Helper()
	mails := testenv.EmailsTo(t, address)
	if len(mails) == 0 {
		t.Fatalf("no email to %s", address)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(route) + `\?token=[A-Za-z0-9_%-]+`).FindString(mails[len(mails)-1].Text)
	u, err := url.Parse(link)
	if err != nil || link == "" {
		t.Fatalf("no %s link in the email to %s:\n%s", route, address, mails[len(mails)-1].Text)
	}
	return u.Query().Get("token")
}

// A pair that ends as completed leads to a capstone talk in the backlog,
// which the empty-slot alarm offers organizers before an older talk.
func TestCompletedPairLeadsToACapstoneTalkOfferedFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, clock, tag, addr := newSystem(t, start)
	organizer := addr("organizer")
	svc, job, alarm, store := sys.Mentorship(), sys.CheckinReminder(), sys.CallForSpeakers(), sys.Store()
	sys.Built()
	day := func(d float64) time.Time { return start.Add(time.Duration(d * 24 * float64(time.Hour))) }

	// An ordinary talk has waited in the backlog since before the pairing.
	older := talks.Talk{ID: "older-" + tag, Owner: "P#older-" + tag, Name: "Older", Email: addr("older"), Title: "An older talk " + tag,
		Abstract: "x", Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted,
		CreatedAt: start.Add(-time.Hour), UpdatedAt: start, VerifiedAt: start}
	if err := store.CreateTalk(ctx, older); err != nil {
		t.Fatal(err)
	}
	mentor, mentee := apply(t, svc, addr, "mentor", "mina"), apply(t, svc, addr, "mentee", "omid")
	p, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentee.ID})
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(day(10))
	if _, err := svc.End(ctx, p.ID, mentorship.EndInput{Outcome: "completed", Reason: "goal reached"}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the same run twice sends nothing twice
		if err := job.Run(ctx, day(11)); err != nil {
			t.Fatal(err)
		}
	}
	if n := testenv.CountEmails(t, addr("omid"), "lightning talk"); n != 1 {
		t.Fatalf("the mentee got %d capstone invitations, want 1", n)
	}
	if n := testenv.CountEmails(t, addr("mina"), "lightning talk"); n != 0 {
		t.Fatalf("the mentor got %d capstone invitations, want 0", n)
	}
	invite := tokenIn(t, addr("omid"), "/mentorship/capstone")

	// The page shows the form; pressing twice makes one talk.
	clock.Set(day(12))
	v, err := svc.CapstonePage(ctx, invite)
	if err != nil || v.Proposed.ID != "" || v.Goals != "learn" {
		t.Fatalf("capstone page: %+v %v", v, err)
	}
	title := "What I built <script>alert(1)</script> " + tag
	in := mentorship.CapstoneInput{Token: invite, Title: title, Abstract: "A Django app, deployed.", CoSpeaker: "yes"}
	first, _, err := svc.ProposeCapstone(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := svc.ProposeCapstone(ctx, in)
	if err != nil || again.ID != first.ID {
		t.Fatalf("proposing again: %+v %v", again, err)
	}
	if first.Capstone != p.ID || first.Format != talks.Lightning || !first.InBacklog() || first.VerifiedAt.IsZero() || first.CoSpeaker {
		t.Fatalf("the capstone talk: %+v", first)
	}
	backlog, _, err := store.ListTalks(ctx, talks.Filter{Backlog: true}, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(backlog); n != 2 {
		t.Fatalf("the backlog holds %d talks, want the older one and one capstone", n)
	}
	// The mentor is asked once, and named only once they agree.
	if n := testenv.CountEmails(t, addr("mina"), "co-speaker"); n != 1 {
		t.Fatalf("the mentor was asked %d times, want 1", n)
	}
	agree := tokenIn(t, addr("mina"), "/mentorship/cospeaker")
	if cv, err := svc.CoSpeakerPage(ctx, agree); err != nil || cv.TalkTitle != title || cv.Agreed {
		t.Fatalf("co-speaker page: %+v %v", cv, err)
	}
	if _, err := svc.AgreeCoSpeaker(ctx, agree); err != nil {
		t.Fatal(err)
	}
	if tk, err := store.GetTalk(ctx, first.ID); err != nil || !tk.CoSpeaker {
		t.Fatalf("after the mentor agreed: %+v %v", tk, err)
	}
	// The invitation's link is not the mentor's, nor the mentor's the invitation's.
	if _, err := svc.AgreeCoSpeaker(ctx, invite); err == nil {
		t.Errorf("the mentee's link agreed for the mentor")
	}
	if v, err := svc.CapstonePage(ctx, invite); err != nil || v.Proposed.ID != first.ID {
		t.Errorf("the invitation after proposing: %+v %v", v, err)
	}

	// A meetup 38 days away has no talk: the alarm offers the capstone first.
	sys.CreateMeetup(wiringtest.Meetup{Title: "Empty " + tag, StartsAt: "2026-12-20T18:00:00+03:30", EndsAt: "2026-12-20T21:00:00+03:30", Capacity: 10})
	if err := alarm.Run(ctx, day(12)); err != nil {
		t.Fatal(err)
	}
	var alarmMail string
	for _, m := range testenv.EmailsTo(t, organizer) {
		if strings.Contains(m.Subject, "No talk yet") {
			alarmMail = m.HTML
		}
	}
	capstoneAt, olderAt := strings.Index(alarmMail, "What I built"), strings.Index(alarmMail, older.Title)
	if capstoneAt < 0 || olderAt < 0 || capstoneAt > olderAt || !strings.Contains(alarmMail, "Mentorship capstone") {
		t.Fatalf("the empty-slot email does not offer the capstone talk first:\n%s", alarmMail)
	}
	if strings.Contains(alarmMail, "<script>alert") {
		t.Errorf("the talk's title is not escaped")
	}
}

// A dropped pair's two sides are asked why, once; each answers once, and
// the answers are counted per reason.
func TestDroppedPairIsAskedWhyOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, clock, _, addr := newSystem(t, start)
	svc, job := sys.Mentorship(), sys.CheckinReminder()
	sys.Built()
	before, err := svc.FadeCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mentor, mentee := apply(t, svc, addr, "mentor", "mina"), apply(t, svc, addr, "mentee", "omid")
	p, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentee.ID})
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(start.Add(5 * 24 * time.Hour))
	if _, err := svc.End(ctx, p.ID, mentorship.EndInput{Outcome: "dropped", Reason: "moved away"}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := job.Run(ctx, start.Add(6*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"mina", "omid"} {
		if n := testenv.CountEmails(t, addr(who), "One question about your mentorship"); n != 1 {
			t.Fatalf("%s was asked %d times, want 1", who, n)
		}
		if n := testenv.CountEmails(t, addr(who), "lightning talk"); n != 0 {
			t.Fatalf("%s of a dropped pair was invited to a capstone talk", who)
		}
	}
	mentorTok, menteeTok := tokenIn(t, addr("mina"), "/mentorship/fade"), tokenIn(t, addr("omid"), "/mentorship/fade")
	if v, err := svc.FadePage(ctx, menteeTok); err != nil || v.Side != mentorship.Mentee || v.Partner != "mina" {
		t.Fatalf("fade page: %+v %v", v, err)
	}
	if _, err := svc.AnswerFade(ctx, mentorship.FadeInput{Token: menteeTok, Reason: "other"}); err == nil {
		t.Fatalf("an 'other' answer without its line was taken")
	}
	if _, err := svc.AnswerFade(ctx, mentorship.FadeInput{Token: menteeTok, Reason: "other", Other: "<script>alert(1)</script>"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerFade(ctx, mentorship.FadeInput{Token: menteeTok, Reason: "no_time"}); err == nil {
		t.Fatalf("a second answer of the same side was taken")
	}
	if _, err := svc.AnswerFade(ctx, mentorship.FadeInput{Token: mentorTok, Reason: "no_answer"}); err != nil {
		t.Fatal(err)
	}
	after, err := svc.FadeCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after[mentorship.FadeOther]-before[mentorship.FadeOther] != 1 || after[mentorship.FadeNoAnswer]-before[mentorship.FadeNoAnswer] != 1 ||
		after.Total()-before.Total() != 2 {
		t.Fatalf("counts before %v, after %v", before, after)
	}
	m, err := svc.Get(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Mentee.Fade.Reason != mentorship.FadeOther || m.Mentee.Fade.Other != "<script>alert(1)</script>" || m.Mentor.Fade.Reason != mentorship.FadeNoAnswer {
		t.Fatalf("the pair's answers: %+v %+v", m.Mentor.Fade, m.Mentee.Fade)
	}
}
