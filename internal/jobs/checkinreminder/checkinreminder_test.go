package checkinreminder_test

import (
	"context"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/checkinreminder"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// apply applies for mentorship as who, in role, with the address addr(who),
// through svc.
func apply(t *testing.T, svc *mentorship.Service, addr func(string) string, role, who string) mentorship.Application {
	t.Helper()
	two := 2
	a, err := svc.Apply(context.Background(), mentorship.ApplyInput{Role: role, Name: who, Email: addr(who), Language: "en", Topics: []string{"web"}, Capacity: &two, Availability: "evenings", Goals: "learn"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// start is when the pairs of most tests are made.
var start = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// newSystem builds a test's system on a clock at at, whose organizer is
// addr("organizer"): tag and addr are the test's own (testenv.Addresses).
func newSystem(t *testing.T, at time.Time) (sys *wiringtest.System, clock *wiringtest.Clock, tag string, addr func(who string) string) {
	t.Helper()
	clock = wiringtest.NewClock(at)
	tag, addr = testenv.Addresses()
	sys = wiringtest.NewWith(t, map[string]string{"OrganizerEmails": addr("organizer")}, wiring.WithClock(clock.Now))
	return sys, clock, tag, addr
}

func TestCheckinReminder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, clock, _, addr := newSystem(t, start)
	organizer := addr("organizer")
	svc, job := sys.Mentorship(), sys.CheckinReminder()
	sys.Built()
	mentor, mentee, quiet := apply(t, svc, addr, "mentor", "mina"), apply(t, svc, addr, "mentee", "omid"), apply(t, svc, addr, "mentee", "sara")
	for _, m := range []mentorship.Application{mentee, quiet} {
		if _, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: m.ID}); err != nil {
			t.Fatal(err)
		}
	}

	count := func(to, subject string) int { return testenv.CountEmails(t, to, subject) }
	run := func(at time.Time) {
		t.Helper()
		clock.Set(at)
		for range 2 { // the same run twice sends nothing twice
			if err := job.Run(ctx, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	nudges := func(who string) int { return count(addr(who), "Time to check in") }
	day := func(d float64) time.Time { return start.Add(time.Duration(d * 24 * float64(time.Hour))) }

	run(day(13.9))
	if n := nudges("omid") + nudges("mina") + nudges("sara"); n != 0 {
		t.Fatalf("%d nudges before anyone is overdue", n)
	}
	run(day(14.1))
	if nudges("omid") != 1 || nudges("sara") != 1 || nudges("mina") != 2 {
		t.Fatalf("after 14 days: omid %d, sara %d, mina %d nudges; want 1, 1, 2 (the mentor is in both pairs)", nudges("omid"), nudges("sara"), nudges("mina"))
	}
	run(day(16))
	if nudges("omid") != 1 {
		t.Fatalf("a second nudge in the same overdue period")
	}

	// Omid checks in with the link from his nudge: a new period starts.
	mails := testenv.EmailsTo(t, addr("omid"))
	link := regexp.MustCompile(`https://api\.tehpug\.test/checkins/new\?token=[A-Za-z0-9_%-]+`).FindString(mails[len(mails)-1].Text)
	u, _ := url.Parse(link)
	clock.Set(day(17))
	if _, _, err := svc.CheckIn(ctx, mentorship.CheckInInput{Token: u.Query().Get("token"), Answer: "met"}); err != nil {
		t.Fatalf("check in with the nudge's link: %v", err)
	}
	run(day(30))
	if nudges("omid") != 1 {
		t.Errorf("omid checked in 13 days ago and was nudged again")
	}
	if count(organizer, "Mentorship stalled: mina and sara") != 1 || count(organizer, "omid") != 0 {
		t.Errorf("organizers: %d stalled emails about mina and sara, %d about omid; want 1 and 0",
			count(organizer, "Mentorship stalled: mina and sara"), count(organizer, "omid"))
	}
	run(day(31.5))
	if nudges("omid") != 2 {
		t.Errorf("omid silent for 14.5 days after his check-in: %d nudges, want 2", nudges("omid"))
	}
	if count(organizer, "Mentorship stalled") != 1 {
		t.Errorf("the stalled pair was reported %d times", count(organizer, "Mentorship stalled"))
	}
}

// The stalled-pair email opens with the red banner: a meetup 13 days away
// with no talk is in it, one 13 days away with an accepted talk or 15 days
// away with none is not. The red list is read once a run, whatever the run
// sends organizers, and not at all when it sends them nothing.
func TestStalledPairCarriesRedBanner(t *testing.T) {
	t.Parallel()
	emailtest.EachLanguage(t, func(t *testing.T, lang string) {
		ctx := context.Background()
		tehran, _ := time.LoadLocation("Asia/Tehran")
		clock := wiringtest.NewClock(start)
		sys := wiringtest.New(t, wiring.WithClock(clock.Now))
		store, svc := sys.Store(), sys.Mentorship()
		tag, addr := testenv.Addresses()
		mentor := apply(t, svc, addr, "mentor", "mina")
		for _, who := range []string{"omid", "sara"} {
			if _, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: apply(t, svc, addr, "mentee", who).ID}); err != nil {
				t.Fatal(err)
			}
		}

		// Both pairs stall (28 days silent) by the 30th day; the meetups
		// are counted from then.
		at := start.AddDate(0, 0, 30)
		ids := map[string]string{}
		for name, days := range map[string]int{"Empty13": 13, "Accepted13": 13, "Empty15": 15} {
			y, m, d := at.In(tehran).Date()
			begins := time.Date(y, m, d+days, 18, 0, 0, 0, tehran)
			id := name + "-" + tag
			ids[name] = id
			wiringtest.StoreMeetup(t, store, id, name+" "+tag, begins, start)
		}
		if err := store.CreateTalk(ctx, talks.Talk{ID: "talk-" + tag, Owner: "P#speaker-" + tag, Name: "Speaker", Email: addr("speaker"), Title: "A talk",
			Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: ids["Accepted13"], Status: talks.Accepted, CreatedAt: start, UpdatedAt: start}); err != nil {
			t.Fatal(err)
		}

		organizers := []string{addr("organizer1"), addr("organizer2")}
		// Built from the system's parts, with the reads of the upcoming
		// meetups counted.
		meetupStore := &wiringtest.MeetupReads{Table: store}
		job, err := checkinreminder.New(checkinreminder.Deps{
			Pairs: sys.Roster(), Meetups: meetupStore, Deliver: sys.Deliverer(), Pages: sys.PageLinks(), Zone: tehran, Links: sys.Links(),
			Organizers: jobs.Organizers{Emails: organizers, Fallback: lang, Chosen: store},
		})
		if err != nil {
			t.Fatal(err)
		}
		sys.Built()
		run := func(at time.Time) {
			t.Helper()
			clock.Set(at)
			if err := job.Run(ctx, at); err != nil {
				t.Fatal(err)
			}
		}

		run(start.AddDate(0, 0, 15)) // overdue: nudges only
		if n := meetupStore.Reads(); n != 0 {
			t.Errorf("a run that told organizers nothing read the upcoming meetups %d times", n)
		}
		run(at)
		if n := meetupStore.Reads(); n != 1 {
			t.Errorf("a run sending four stalled-pair emails read the upcoming meetups %d times, want once", n)
		}
		run(at) // sends nothing again, and reads nothing for it
		if n := meetupStore.Reads(); n != 1 {
			t.Errorf("a run sending nothing read the upcoming meetups: %d times in all, want 1", n)
		}

		days := map[string]string{"en": "13 days away", "fa": "۱۳ روز مانده"}[lang]
		for _, o := range organizers {
			emails := testenv.EmailsTo(t, o)
			if len(emails) != 2 {
				t.Fatalf("%s got %d emails, want 2 (a stalled pair each)", o, len(emails))
			}
			for _, e := range emails {
				text, html := emailtest.RedBanner(t, e, lang)
				if text == "" {
					t.Fatalf("%q does not open with the red banner:\n%s", e.Subject, e.Text)
				}
				emailtest.WantBanner(t, e.Subject, text, html,
					[]string{emailtest.BannerHeading[lang], "Empty13 " + tag, days, wiringtest.BaseURL + "/console/meetups/" + ids["Empty13"]},
					[]string{"Accepted13", "Empty15"})
			}
		}
	})
}
