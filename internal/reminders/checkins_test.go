package reminders_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/reminders"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
)

func TestCheckinReminder(t *testing.T) {
	t.Parallel()
	db, table := testenv.NewTable(t)
	sesClient, _ := testenv.SES(t)
	store := dynamo.New(db, table)
	ctx := context.Background()
	tehran, _ := time.LoadLocation("Asia/Tehran")
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := start
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	set := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	sender := mail.NewSender(sesClient, "TehPUG <noreply@tehpug.test>")
	svc := &mentorship.Service{Store: store, Tokens: &token.Issuer{Store: store, Now: clock}, Mail: sender, Log: log, Now: clock, BaseURL: "https://api.tehpug.test", DailyEmailLimit: 10}

	tag := testenv.RandomHex(4)
	addr := func(who string) string { return who + "-" + tag + "@example.org" }
	two := 2
	apply := func(role, who string) mentorship.Application {
		a, err := svc.Apply(ctx, mentorship.ApplyInput{Role: role, Name: who, Email: addr(who), Language: "en", Topics: []string{"web"}, Capacity: &two, Availability: "evenings", Goals: "learn"})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	mentor, mentee, quiet := apply("mentor", "mina"), apply("mentee", "omid"), apply("mentee", "sara")
	for _, m := range []mentorship.Application{mentee, quiet} {
		if _, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: m.ID}); err != nil {
			t.Fatal(err)
		}
	}

	organizer := addr("organizer")
	job := &reminders.CheckinReminder{
		Pairs: svc, Zone: tehran, BaseURL: "https://api.tehpug.test", Organizers: []string{organizer}, OrganizerLanguage: "en",
		Deliver: &jobs.Deliverer{Ledger: store, Mail: sender, Log: log, Rate: 1000},
	}
	count := func(to, subject string) int {
		n := 0
		for _, e := range testenv.EmailsTo(t, to) {
			if strings.Contains(e.Subject, subject) {
				n++
			}
		}
		return n
	}
	run := func(at time.Time) {
		t.Helper()
		set(at)
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
	set(day(17))
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
