package membersapi_test

import (
	"context"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// pageToken is the token of the link to the member's page an email
// carries, if any.
var pageToken = regexp.MustCompile(`/me\?token=([A-Za-z0-9_%-]+)`)

// toMembers are the kinds of email that go to a member as one: every kind
// the group sends but the confirmation of a membership or of a held place
// (to an address nobody has proven) and the organizers' emails.
var toMembers = []string{
	"call-for-speakers", "meetup-cancelled", "meetup-changed", "meetup-reminder", "member-erase", "member-page", "member-welcome",
	"mentor-applied-as-mentee", "mentor-applied-as-mentor", "mentor-capstone-invite", "mentor-checkin-reminder", "mentor-cospeaker-ask",
	"mentor-fade-ask", "mentor-intro-to-mentee", "mentor-intro-to-mentor",
	"registration-confirmed", "registration-promoted", "registration-waitlisted",
	"speaker-backlog-ask", "speaker-confirm-ask",
	"talk-accepted", "talk-confirmed", "talk-rejected", "talk-returned", "talk-submitted", "talk-withdrawn",
}

// TestEveryEmailToAMemberOpensTheirPage walks members through everything
// that emails them — joining, registering, waiting, the reminder, a meetup
// changed and cancelled, talks submitted, decided, confirmed, returned and
// withdrawn, the call for speakers and its asks, a mentorship from the
// application to its end, an erase request — and opens the page link of
// every email they got, in the order sent: each opens the page of the
// member it went to, and nobody else's. Emails to a stranger and to the
// organizers carry none. No page token reaches the logs.
func TestEveryEmailToAMemberOpensTheirPage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := time.Date(2027, 3, 1, 6, 0, 0, 0, time.UTC)
	clock := wiringtest.NewClock(start)
	tag := testenv.RandomHex(4)
	addr := func(who string) string { return who + "-" + tag + "@example.org" }
	organizer := addr("organizer")
	// mail keeps what the system sent, kind and all, on its way to the SES
	// emulator.
	mail, logged := &emailtest.Recorder{}, &apitest.Logs{}
	sys := wiringtest.NewWith(t, map[string]string{"OrganizerEmails": organizer, "DailyEmailLimit": "50"}, wiring.WithClock(clock.Now),
		wiring.WithLogger(slog.New(slog.NewTextHandler(logged, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer { mail.Sender = next; return mail }))
	api := apitest.New(t, sys, wiring.MembersFunction)
	ms, ts, mentors, people := sys.Meetups(), sys.Talks(), sys.Mentorship(), sys.Members()
	reminder, alarm, checkins := sys.MeetupReminder(), sys.CallForSpeakers(), sys.CheckinReminder()
	sys.Built()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	day := func(d int) time.Time { return start.AddDate(0, 0, d) }
	// last is the token of the link to route in the last email to address.
	last := func(address, route string) string {
		t.Helper()
		re := regexp.MustCompile(regexp.QuoteMeta(route) + `\?token=([A-Za-z0-9_%-]+)`)
		all := mail.Sent()
		for i := len(all) - 1; i >= 0; i-- {
			if m := re.FindStringSubmatch(all[i].Text); m != nil && all[i].To == address {
				raw, err := url.QueryUnescape(m[1])
				must(err)
				return raw
			}
		}
		t.Fatalf("no %s link to %s", route, address)
		return ""
	}
	names := map[string]string{}
	for _, who := range []string{"ana", "bob", "mina", "omid"} {
		names[addr(who)] = "Name" + who + tag
	}
	ana, bob, mina, omid := addr("ana"), addr("bob"), addr("mina"), addr("omid")
	for _, a := range []string{bob, mina, omid} {
		sys.ConfirmedMember(names[a], a)
	}

	// Joining and asking for one's page.
	must(people.Join(ctx, members.JoinInput{Name: names[ana], Email: ana, Language: "en", WantsToSpeak: true, Mentorship: "none"}))
	_, err := people.Confirm(ctx, last(ana, "/members/confirm"))
	must(err)
	must(people.RequestPageLink(ctx, members.PageLinkRequestInput{Email: ana}))

	// A seat taken, a place in line, promoted, the meetup moved, reminded.
	near := sys.CreateMeetup(wiringtest.Meetup{Title: "Near " + tag, StartsAt: "2027-03-02T18:00:00+03:30", EndsAt: "2027-03-02T21:00:00+03:30", Capacity: 1})
	must(ms.Register(ctx, near.ID, meetups.RegisterInput{Name: names[bob], Email: bob}))
	must(ms.Register(ctx, near.ID, meetups.RegisterInput{Name: names[ana], Email: ana}))
	must(ms.CancelFor(ctx, person.Key(bob), near.ID))
	venue := "Another room"
	_, _, err = ms.Update(ctx, near.ID, meetups.MeetupInput{Venue: &venue})
	must(err)
	must(reminder.Run(ctx, day(0)))

	// A talk submitted and confirmed by its link, accepted, confirmed,
	// back from a cancelled meetup, withdrawn; another rejected; a stranger
	// holds a place at the meetup that is cancelled.
	later := sys.CreateMeetup(wiringtest.Meetup{Title: "Later " + tag, StartsAt: "2027-03-10T18:00:00+03:30", EndsAt: "2027-03-10T21:00:00+03:30", Capacity: 10})
	must(ms.Register(ctx, later.ID, meetups.RegisterInput{Name: names[ana], Email: ana}))
	must(ms.Register(ctx, later.ID, meetups.RegisterInput{Name: "Stranger", Email: addr("stranger")}))
	submit := func(title string) talks.Talk {
		t.Helper()
		tk, err := ts.Submit(ctx, talks.SubmitInput{Name: names[ana], Email: ana, Title: title + " " + tag, Abstract: "About it.", Format: "short", Level: "beginner", Language: "en"})
		must(err)
		_, err = ts.Verify(ctx, last(ana, "/talks/verify"))
		must(err)
		return tk
	}
	t1 := submit("Returned")
	_, err = ts.Decide(ctx, t1.ID, talks.DecisionInput{Decision: "accept", MeetupID: later.ID})
	must(err)
	must(ts.ConfirmFor(ctx, person.Key(ana), t1.ID))
	_, _, err = ms.CancelMeetup(ctx, later.ID)
	must(err)
	must(ts.WithdrawFor(ctx, person.Key(ana), t1.ID))
	t2 := submit("Rejected")
	_, err = ts.Decide(ctx, t2.ID, talks.DecisionInput{Decision: "reject"})
	must(err)

	// The confirmation ladder, the backlog ask and the call for speakers.
	ladder := sys.CreateMeetup(wiringtest.Meetup{Title: "Ladder " + tag, StartsAt: "2027-03-20T18:00:00+03:30", EndsAt: "2027-03-20T21:00:00+03:30", Capacity: 10})
	t3 := submit("Laddered")
	_, err = ts.Decide(ctx, t3.ID, talks.DecisionInput{Decision: "accept", MeetupID: ladder.ID})
	must(err)
	submit("Waiting")
	sys.CreateMeetup(wiringtest.Meetup{Title: "Empty " + tag, StartsAt: "2027-04-04T18:00:00+03:30", EndsAt: "2027-04-04T21:00:00+03:30", Capacity: 10})
	clock.Set(day(7))
	must(alarm.Run(ctx, day(7)))

	// A mentorship completed, with a capstone talk and its co-speaker, and
	// another dropped.
	two := 2
	mentor, err := mentors.Apply(ctx, mentorship.ApplyInput{Role: "mentor", Name: names[mina], Email: mina, Topics: []string{"web"}, Capacity: &two, Availability: "evenings"})
	must(err)
	mentee, err := mentors.Apply(ctx, mentorship.ApplyInput{Role: "mentee", Name: names[ana], Email: ana, Topics: []string{"web"}, Goals: "deploy an app"})
	must(err)
	other, err := mentors.Apply(ctx, mentorship.ApplyInput{Role: "mentee", Name: names[omid], Email: omid, Topics: []string{"web"}, Goals: "write tests"})
	must(err)
	p1, _, err := mentors.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentee.ID})
	must(err)
	p2, _, err := mentors.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: other.ID})
	must(err)
	clock.Set(day(23))
	must(checkins.Run(ctx, day(23)))
	_, err = mentors.End(ctx, p1.ID, mentorship.EndInput{Outcome: "completed", Reason: "deployed"})
	must(err)
	_, err = mentors.End(ctx, p2.ID, mentorship.EndInput{Outcome: "dropped", Reason: "quiet"})
	must(err)
	clock.Set(day(24))
	must(checkins.Run(ctx, day(24)))
	_, _, err = mentors.ProposeCapstone(ctx, mentorship.CapstoneInput{Token: last(ana, "/mentorship/capstone"), Title: "What I deployed " + tag, Abstract: "An app.", CoSpeaker: "yes"})
	must(err)

	// Asking to erase it all.
	must(people.RequestErase(ctx, members.EraseRequestInput{Email: ana}))

	// Every email, in the order sent.
	all := mail.Sent()
	var kinds, tokens []string
	for _, m := range all {
		if !strings.HasSuffix(m.To, tag+"@example.org") {
			continue
		}
		name, member := names[m.To]
		member = member && m.Kind != "member-confirm"
		found := pageToken.FindStringSubmatch(m.Text)
		if !member {
			if found != nil {
				t.Errorf("%s to %s, who is no member, links to a member page", m.Kind, m.To)
			}
			continue
		}
		kinds = append(kinds, m.Kind)
		if !slices.Contains(toMembers, m.Kind) {
			t.Errorf("%s went to the member %s: not a kind that goes to members", m.Kind, m.To)
		}
		if found == nil {
			t.Errorf("%s to the member %s carries no link to their page", m.Kind, m.To)
			continue
		}
		tokens = append(tokens, found[1])
		if !strings.Contains(m.HTML, "/me?token="+found[1]) {
			t.Errorf("%s: the HTML part lacks the page link of the text", m.Kind)
		}
		resp := api.Do("GET", "/me?token="+found[1], "", "", "Accept", "text/html")
		if resp.StatusCode != 200 || !strings.Contains(resp.Body, name) {
			t.Errorf("%s to %s: its page link answers %d without their name", m.Kind, m.To, resp.StatusCode)
			continue
		}
		for other, n := range names {
			if other != m.To && strings.Contains(resp.Body, n) {
				t.Errorf("%s to %s: its page shows %s", m.Kind, m.To, n)
			}
		}
	}
	text := logged.String()
	if text == "" {
		t.Error("nothing was logged: the test cannot tell what the logs hold")
	}
	for _, tok := range tokens {
		if strings.Contains(text, tok) {
			t.Errorf("a page token is in the logs")
			break
		}
	}
	slices.Sort(kinds)
	kinds = slices.Compact(kinds)
	if !slices.Equal(kinds, toMembers) {
		t.Errorf("the members got %v,\nwant every kind that goes to members: %v", kinds, toMembers)
	}
}
