package organizerdigest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/organizerdigest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// pairs is a fixed set of mentorship pairs (the state rules are tested with
// the mentorship package).
type pairs []agenda.Pair

func (p pairs) OpenPairs(context.Context, time.Time) ([]agenda.Pair, error) { return p, nil }

func (p pairs) FadeCounts(context.Context) (mentorship.FadeCounts, error) { return nil, nil }

func TestDigestLeadsWithWhatNeedsAction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tehran, _ := time.LoadLocation("Asia/Tehran")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, tehran) // a Saturday
	created := now.Add(-24 * time.Hour)
	sys := wiringtest.New(t, wiringtest.At(created))
	store, msvc := sys.Store(), sys.Meetups()

	tag := testenv.RandomHex(4)
	create := func(title string, days, capacity int) meetups.Meetup {
		start := now.AddDate(0, 0, days).Add(9 * time.Hour).Format(time.RFC3339)
		end := now.AddDate(0, 0, days).Add(12 * time.Hour).Format(time.RFC3339)
		return sys.CreateMeetup(wiringtest.Meetup{Title: title + " " + tag, StartsAt: start, EndsAt: end, Capacity: capacity})
	}
	empty := create("Empty", 10, 50)
	soon := create("Soon", 5, 1)
	later := create("Later", 50, 50)
	for i := range 11 {
		addr := fmt.Sprintf("wait-%s-%d@example.org", tag, i)
		sys.ConfirmedMember("P", addr)
		if err := msvc.Register(ctx, soon.ID, meetups.RegisterInput{Name: "P", Email: addr}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tk := range []talks.Talk{
		{ID: "silent-" + tag, Owner: "P#x", Name: "Sina", Email: "s@example.org", Title: "Typing", Format: talks.Long, Level: talks.Advanced, Language: "en", MeetupID: soon.ID, Status: talks.Accepted, CreatedAt: created},
		{ID: "wait-" + tag, Owner: "P#y", Name: "Bahar", Email: "b@example.org", Title: "Undecided " + tag, Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted, CreatedAt: created},
	} {
		if err := store.CreateTalk(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	newcomer := "Newcomer " + tag
	key := person.Key(newcomer + "@example.org")
	if err := store.CreateMember(ctx, members.Member{Key: key, Name: newcomer, Email: "n-" + tag + "@example.org", Language: "en", Mentorship: "none", CreatedAt: created}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.ConfirmMember(ctx, key, created); err != nil {
		t.Fatal(err)
	}

	league := wiringtest.WriteLeague(t, store, wiringtest.League{ID: "lg-" + tag, Title: "Cup " + tag, Closes: now.AddDate(0, 0, -3), Robots: 2,
		Drawn: true, Played: 1, Failed: true, Zone: tehran, Labels: []string{"Ant v1", "Bee v1"}})

	organizers := []string{"o1-" + tag + "@example.org", "o2-" + tag + "@example.org"}
	// Built from the system's parts, with a fixed set of pairs.
	ag, err := agenda.New(agenda.Deps{Store: store, Zone: tehran,
		Pairs: pairs{{Mentor: "Mina", Mentee: "Omid", State: "stalled"}, {Mentor: "Reza", Mentee: "Sara", State: "at_risk", LastCheckIn: now.AddDate(0, 0, -20)}, {Mentor: "A", Mentee: "B", State: "active"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := organizerdigest.New(organizerdigest.Deps{
		Agenda: ag, Zone: tehran, Links: sys.Links(), Deliver: sys.Deliverer(),
		Organizers: jobs.Organizers{Emails: organizers, Fallback: "en", Chosen: store},
	})
	if err != nil {
		t.Fatal(err)
	}
	sys.Built()
	for range 2 {
		if err := d.Run(ctx, now); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range organizers {
		mails := testenv.EmailsTo(t, o)
		if len(mails) != 1 {
			t.Fatalf("%s got %d digests, want 1", o, len(mails))
		}
		text := mails[0].Text
		if !strings.HasPrefix(mails[0].Subject, "RED: ") {
			t.Errorf("subject %q is not red", mails[0].Subject)
		}
		urgent, rest, _ := strings.Cut(text, "Needs action\n")
		actions, week, _ := strings.Cut(rest, "This week\n")
		// Each line names what it is about and links to the console page
		// where it is acted on.
		for _, want := range []line{
			{"No talk for \"Empty " + tag, consolepath.Meetup(empty.ID)},
			{"Sina has not confirmed \"Typing\"", consolepath.Meetup(soon.ID)},
			{"Mina and Omid has stalled", consolepath.Mentorships("stalled")},
		} {
			want.in(t, "urgent part", urgent)
		}
		for _, want := range []line{
			{"Undecided " + tag, consolepath.Talks("submitted")},
			{"Waiting for a seat at \"Soon " + tag + "\": 10 people", consolepath.Meetup(soon.ID)},
			{"Reza and Sara is at risk", consolepath.Mentorships("at_risk")},
			{"League \"Cup " + tag + "\": the match runner failed on Bee v1 against Ant v1 (round 2); failures: 1, the last on", consolepath.League(league.ID)},
		} {
			want.in(t, "actions", actions)
		}
		for _, want := range []line{
			{"Later " + tag, consolepath.Meetup(later.ID)},
			{"Mentorship pairs: 3 (1 active, 0 overdue, 1 at risk, 1 stalled)", consolepath.Mentorships("")},
			{"League \"Cup " + tag + "\" (duel): 1 of 2 matches played; the next match day", consolepath.League(league.ID)},
		} {
			want.in(t, "the week", week)
		}
		if !strings.Contains(week, "- New members this week (1): "+newcomer+".\n") {
			t.Errorf("the week lacks the new member, on a line of its own with no link:\n%s", text)
		}
		if strings.Contains(text, "No talk yet for \"Later") {
			t.Errorf("a meetup 50 days away with no talk is not yet an action:\n%s", text)
		}
		for _, href := range emailtest.Hrefs(mails[0].HTML) {
			if !strings.HasPrefix(href, wiringtest.BaseURL+consolepath.Root+"/") {
				t.Errorf("the digest links to %s, not to a console page", href)
			}
		}
	}
}

// line is a line of the digest's text: it holds text and ends with the link
// to the console page at path.
type line struct{ text, path string }

func (l line) in(t *testing.T, part, body string) {
	t.Helper()
	for s := range strings.SplitSeq(body, "\n") {
		if strings.Contains(s, l.text) {
			if !strings.HasSuffix(s, ": "+wiringtest.BaseURL+l.path) {
				t.Errorf("%s: %q does not link to %s", part, s, l.path)
			}
			return
		}
	}
	t.Errorf("%s lacks %q:\n%s", part, l.text, body)
}
