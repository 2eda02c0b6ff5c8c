package callforspeakers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// proposing builds a test's system (newSystem) with the talks API, through
// which the test proposes talks in anyone's name as the website's form
// does, and the call for speakers with its table.
func proposing(t *testing.T) (sys *wiringtest.System, tag string, c *apitest.Client, store *dynamo.Table, job *callforspeakers.Job) {
	t.Helper()
	sys, tag, _ = newSystem(t)
	c = apitest.New(t, sys, wiring.TalksFunction)
	store, job = sys.Store(), sys.CallForSpeakers()
	sys.Built()
	return sys, tag, c, store, job
}

// Talks proposed in someone else's name, which that address never
// confirmed, bring it nothing but the submission emails (at most the daily
// cap of them): no backlog ask, however many meetups are empty and however
// often the alarm runs. A proposal past the cap is not stored at all, and
// every stored one can be withdrawn with the link its email carried.
func TestForgedTalksMailNobody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, tag, c, store, job := proposing(t)

	// Three empty meetups, all six weeks or less away on the 9th of December.
	for _, day := range []int{10, 15, 20} {
		wiringtest.StoreMeetup(t, store, fmt.Sprintf("jan%d-%s", day, tag), fmt.Sprintf("January %d", day), time.Date(2027, 1, day, 18, 0, 0, 0, tehran), created)
	}
	// One victim is a confirmed member (asked at every empty meetup), the
	// other is nobody the group knows (asked once per talk).
	member, stranger := "member-"+tag+"@example.org", "stranger-"+tag+"@example.org"
	confirmedMember(t, store, "Member", member, false)

	const forged = 5
	for _, victim := range []string{member, stranger} {
		for i := range forged {
			resp := c.PostJSON("/talks", map[string]string{"name": "Victim", "email": victim, "title": fmt.Sprint("Forged talk ", i),
				"abstract": "Never proposed.", "format": "short", "level": "beginner", "language": "en"})
			apitest.WantStatus(t, resp, 201)
		}
	}

	for _, daysBefore := range []int{42, 41} {
		if err := job.Run(ctx, nineAM(daysBefore)); err != nil {
			t.Fatal(err)
		}
	}

	backlog, _, err := sys.Talks().List(ctx, talks.ListQuery{Backlog: "true"}, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	submitted, _, err := sys.Talks().List(ctx, talks.ListQuery{}, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, victim := range []string{member, stranger} {
		if n := testenv.CountEmails(t, victim, "Could you give your talk"); n != 0 {
			t.Errorf("%s was asked %d times to give talks it never proposed", victim, n)
		}
		receipts := testenv.EmailsTo(t, victim)
		if len(receipts) != 3 {
			t.Errorf("%s got %d emails, want the day's 3 submission emails", victim, len(receipts))
		}
		stored := 0
		for _, pk := range c.OwnerKeys(victim) {
			if strings.HasPrefix(pk, "TALK#") {
				stored++
			}
		}
		if stored != len(receipts) {
			t.Errorf("%s: %d talks stored for %d submission emails: a talk past the cap has no withdraw link", victim, stored, len(receipts))
		}
		for _, list := range [][]talks.Talk{backlog, submitted} {
			for _, tk := range list {
				if tk.Email == victim {
					t.Errorf("organizers see %q, which %s never confirmed, as submitted", tk.Title, victim)
				}
			}
		}
		// Every stored talk goes with the link its email carried.
		for _, e := range receipts {
			apitest.WantStatus(t, c.PostJSON("/talks/withdraw", map[string]string{"token": apitest.LinkIn(t, e, "/talks/withdraw")}), 200)
		}
	}
}

// A speaker who confirmed their proposal with the link of its email is asked
// to give it at an empty meetup; a backlog talk whose address nobody ever
// confirmed (one submitted before proposals were confirmed) is not.
func TestOnlyConfirmedSpeakersAreAsked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, tag, c, store, job := proposing(t)
	wiringtest.StoreMeetup(t, store, "empty-"+tag, "Empty "+tag, time.Date(2027, 1, 20, 18, 0, 0, 0, tehran), created)
	speaker, legacy := "speaker-"+tag+"@example.org", "legacy-"+tag+"@example.org"
	apitest.WantStatus(t, c.PostJSON("/talks", map[string]string{"name": "Speaker", "email": speaker, "title": "Real talk",
		"abstract": "Proposed for real.", "format": "short", "level": "beginner", "language": "en"}), 201)
	verify := apitest.LinkIn(t, testenv.EmailsTo(t, speaker)[0], "/talks/verify")
	apitest.WantStatus(t, c.PostJSON("/talks/verify", map[string]string{"token": verify}), 200)
	unconfirmed := backlogTalk("legacy-"+tag, "Legacy", legacy, "Old talk")
	unconfirmed.VerifiedAt = time.Time{}
	storeTalks(t, store, unconfirmed)

	if err := job.Run(ctx, nineAM(42)); err != nil {
		t.Fatal(err)
	}
	if n := testenv.CountEmails(t, speaker, "Could you give your talk"); n != 1 {
		t.Errorf("the confirmed speaker was asked %d times, want once", n)
	}
	if n := testenv.CountEmails(t, legacy, "Could you give your talk"); n != 0 {
		t.Errorf("the speaker of a talk never confirmed was asked %d times", n)
	}
}
