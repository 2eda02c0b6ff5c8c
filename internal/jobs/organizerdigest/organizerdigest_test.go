package organizerdigest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/jobs/organizerdigest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// pairs is a fixed set of mentorship pairs (the state rules are tested with
// the mentorship package).
type pairs []organizerdigest.Pair

func (p pairs) OpenPairs(context.Context, time.Time) ([]organizerdigest.Pair, error) { return p, nil }

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
	create("Later", 50, 50)
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

	organizers := []string{"o1-" + tag + "@example.org", "o2-" + tag + "@example.org"}
	// Built from the system's parts, with a fixed set of pairs.
	d, err := organizerdigest.New(organizerdigest.Deps{
		Store: store, Zone: tehran, Organizers: organizers, Language: "en",
		Pairs:   pairs{{Mentor: "Mina", Mentee: "Omid", State: "stalled"}, {Mentor: "Reza", Mentee: "Sara", State: "at_risk", LastCheckinAt: now.AddDate(0, 0, -20)}, {Mentor: "A", Mentee: "B", State: "active"}},
		Deliver: sys.Deliverer(),
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
		for _, want := range []string{"No talk for \"Empty " + tag, "Sina has not confirmed \"Typing\"", "Mina and Omid has stalled"} {
			if !strings.Contains(urgent, want) {
				t.Errorf("urgent part lacks %q:\n%s", want, text)
			}
		}
		for _, want := range []string{"Undecided " + tag, "Waiting for a seat at \"Soon " + tag + "\": 10 people", "Reza and Sara is at risk"} {
			if !strings.Contains(actions, want) {
				t.Errorf("actions lack %q:\n%s", want, text)
			}
		}
		for _, want := range []string{"Later " + tag, newcomer, "Mentorship pairs: 3 (1 active, 0 overdue, 1 at risk, 1 stalled)"} {
			if !strings.Contains(week, want) {
				t.Errorf("the week lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "No talk yet for \"Later") {
			t.Errorf("a meetup 50 days away with no talk is not yet an action:\n%s", text)
		}
	}
	_ = empty
}

// TestPhrasesInEveryLanguage formats every line of the digest in every
// organizer language with the arguments English takes.
func TestPhrasesInEveryLanguage(t *testing.T) {
	args := map[string][]any{
		"noTalkRed": {"M", 3, "w"}, "noTalk": {"M", 30, "w"}, "unconfirmed": {"S", "T", "M", 5},
		"waitlist": {"M", 12, 50}, "meetup": {"M", "w", 1, 50, 0, 2, 1}, "noMeetup": nil,
		"undecided": {3, "T", "S", "1 December"}, "never": nil, "stalled": {"A", "B", "never"},
		"atRisk": {"A", "B", "never"}, "pairs": {5, 1, 1, 1, 2}, "newMembers": {2, "A, B"}, "noNewMembers": nil,
	}
	for _, lang := range []string{"en", "fa"} {
		for key, a := range args {
			t.Run(lang+"/"+key, func(t *testing.T) {
				got := organizerdigest.Say(lang, key, a...)
				if got == "" || strings.Contains(got, "%!") {
					t.Errorf("%q", got)
				}
			})
		}
	}
}
