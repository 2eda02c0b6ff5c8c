package callforspeakers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

var tehran, _ = time.LoadLocation("Asia/Tehran")

func TestStepEdges(t *testing.T) {
	tests := []struct {
		days int
		want callforspeakers.Step
	}{
		{43, callforspeakers.None}, {42, callforspeakers.SixWeeks}, {29, callforspeakers.SixWeeks}, {28, callforspeakers.FourWeeks},
		{15, callforspeakers.FourWeeks}, {14, callforspeakers.TwoWeeks}, {0, callforspeakers.TwoWeeks}, {-1, callforspeakers.None},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.days), func(t *testing.T) {
			if got := callforspeakers.StepFor(tt.days); got != tt.want {
				t.Errorf("StepFor(%d) = %v, want %v", tt.days, got, tt.want)
			}
		})
	}
}

func TestDaysUntilCountsTehranDates(t *testing.T) {
	meetup := time.Date(2027, 1, 20, 18, 0, 0, 0, tehran)
	tests := []struct {
		name string
		now  time.Time
		want int
	}{
		{"same evening", time.Date(2027, 1, 20, 9, 0, 0, 0, tehran), 0},
		{"day before, late", time.Date(2027, 1, 19, 23, 59, 0, 0, tehran), 1},
		// 21:00 UTC on the 18th is already the 19th in Tehran.
		{"UTC still the day before", time.Date(2027, 1, 18, 21, 0, 0, 0, time.UTC), 1},
		{"six weeks", time.Date(2026, 12, 9, 9, 0, 0, 0, tehran), 42},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := callforspeakers.DaysUntil(tt.now, meetup, tehran); got != tt.want {
				t.Errorf("DaysUntil = %d, want %d", got, tt.want)
			}
		})
	}
}

// nineAM is 09:30 in Tehran, the job's schedule, days before the 20th of January 2027.
// created is when the alarm's tests begin.
var created = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// newSystem builds a test's system, at created, whose organizer is
// addr("organizer"): tag and addr are the test's own (testenv.Addresses).
func newSystem(t *testing.T, opts ...wiring.Option) (sys *wiringtest.System, tag string, addr func(who string) string) {
	t.Helper()
	tag, addr = testenv.Addresses()
	sys = wiringtest.NewWith(t, map[string]string{"OrganizerEmails": addr("organizer")}, append([]wiring.Option{wiringtest.At(created)}, opts...)...)
	return sys, tag, addr
}

func nineAM(daysBefore int) time.Time {
	return time.Date(2027, 1, 20, 9, 30, 0, 0, tehran).AddDate(0, 0, -daysBefore)
}

// confirmedMember stores address as a member who joined, English-speaking,
// and confirmed at created; wantsToSpeak is their answer to the call for
// speakers. It returns their person key.
func confirmedMember(t *testing.T, store *dynamo.Table, name, address string, wantsToSpeak bool) string {
	t.Helper()
	ctx, key := context.Background(), person.Key(address)
	if err := store.CreateMember(ctx, members.Member{Key: key, Name: name, Email: address, Language: "en", WantsToSpeak: wantsToSpeak, Mentorship: "none", CreatedAt: created}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.ConfirmMember(ctx, key, created); err != nil {
		t.Fatal(err)
	}
	return key
}

// backlogTalk is a short English talk for beginners, submitted and
// confirmed by its speaker at created, waiting for a meetup.
func backlogTalk(id, name, address, title string) talks.Talk {
	return talks.Talk{ID: id, Owner: person.Key(address), Name: name, Email: address, Title: title,
		Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted, CreatedAt: created, VerifiedAt: created}
}

// storeTalks writes tks straight to store.
func storeTalks(t *testing.T, store *dynamo.Table, tks ...talks.Talk) {
	t.Helper()
	for _, tk := range tks {
		if err := store.CreateTalk(context.Background(), tk); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEmptySlotAlarmAndLadder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, tag, addr := newSystem(t)
	organizer := addr("organizer")
	store, job := sys.Store(), sys.CallForSpeakers()
	sys.CreateMeetup(wiringtest.Meetup{Title: "Empty " + tag, StartsAt: "2027-01-20T18:00:00+03:30", EndsAt: "2027-01-20T21:00:00+03:30", Capacity: 10})
	full := sys.CreateMeetup(wiringtest.Meetup{Title: "Full " + tag, StartsAt: "2027-01-20T18:30:00+03:30", EndsAt: "2027-01-20T21:00:00+03:30", Capacity: 10})
	storeTalks(t, store, backlogTalk("backlog-"+tag, "Bahar", addr("backlog"), "Async Python"),
		talks.Talk{ID: "accepted-" + tag, Owner: person.Key(addr("speaker")), Name: "Sina", Email: addr("speaker"), Title: "Typing", Format: talks.Long, Level: talks.Advanced, Language: "fa", MeetupID: full.ID, Status: talks.Accepted, CreatedAt: created})
	for _, m := range []struct {
		who               string
		speak, quit, stop bool
	}{{"willing", true, false, false}, {"quiet", true, true, false}, {"listener", false, false, false}, {"stopped", true, false, true}} {
		key := confirmedMember(t, store, m.who, addr(m.who), m.speak)
		if m.quit {
			if _, err := store.SetUnsubscribed(ctx, key, created); err != nil {
				t.Fatal(err)
			}
		}
		if m.stop { // the call for speakers turned off on the member's page
			if _, err := store.SetPreferences(ctx, key, members.Preferences{Language: "en", WantsToSpeak: true, CallForSpeakers: false}); err != nil {
				t.Fatal(err)
			}
		}
	}

	count := func(to, subject string) int { return testenv.CountEmails(t, to, subject) }
	run := func(daysBefore int) {
		t.Helper()
		for range 2 { // a rerun for the same time sends nothing twice
			if err := job.Run(ctx, nineAM(daysBefore)); err != nil {
				t.Fatalf("run %d days before: %v", daysBefore, err)
			}
		}
	}
	emptyAlarm := "No talk yet for Empty " + tag

	steps := []struct {
		daysBefore                                                    int
		organizerAlarms, red, backlogAsks, calls, confirmAsks, silent int
	}{
		{43, 0, 0, 0, 0, 0, 0},
		{42, 1, 0, 1, 0, 0, 0},
		{29, 1, 0, 1, 0, 0, 0},
		{28, 2, 0, 1, 1, 0, 0},
		{15, 2, 0, 1, 1, 0, 0},
		{14, 3, 1, 1, 1, 1, 0},
		{8, 3, 1, 1, 1, 1, 0},
		{7, 3, 1, 1, 1, 2, 0},
		{6, 3, 1, 1, 1, 2, 1},
		{1, 3, 1, 1, 1, 2, 1},
	}
	for _, st := range steps {
		run(st.daysBefore)
		got := []int{
			count(organizer, emptyAlarm), count(organizer, "RED: "), count(addr("backlog"), "Could you give your talk"),
			count(addr("willing"), "We need a talk"), count(addr("speaker"), "لطفاً ارائه‌تان"), count(organizer, "Speaker silent"),
		}
		want := []int{st.organizerAlarms, st.red, st.backlogAsks, st.calls, st.confirmAsks, st.silent}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%d days before: alarms, red, backlog asks, calls, confirm asks, silent = %v, want %v", st.daysBefore, got, want)
		}
	}
	if n := count(addr("quiet"), "We need a talk") + count(addr("listener"), "We need a talk"); n != 0 {
		t.Errorf("%d calls for speakers to members who unsubscribed or do not want to speak", n)
	}
	if n := len(testenv.EmailsTo(t, addr("stopped"))); n != 0 {
		t.Errorf("%d emails to a member who turned the call for speakers off on their page", n)
	}
	if n := count(organizer, "No talk yet for Full "+tag); n != 0 {
		t.Errorf("%d alarms for a meetup that has a talk", n)
	}
	calls := testenv.EmailsTo(t, addr("willing"))
	if len(calls) != 1 || !strings.Contains(calls[0].Text, "/unsubscribe?token=") {
		t.Errorf("the call for speakers carries no unsubscribe link: %+v", calls)
	}
	if len(calls) == 1 && (!strings.Contains(calls[0].Text, "/me?token=") || !strings.Contains(calls[0].HTML, "Your TehPUG page")) {
		t.Errorf("the call for speakers carries no link to the member's page: %s", calls[0].Text)
	}
}

// A talk accepted five days before its meetup gets one confirm ask (the
// latest due), and its speaker is reported silent only after a few days.
func TestLateAcceptance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tag := testenv.RandomHex(4)
	accepted := nineAM(5).Add(-time.Hour)
	clock := func() time.Time { return accepted.AddDate(0, 0, -30) }
	organizer := "org-" + tag + "@example.org"
	sys := wiringtest.NewWith(t, map[string]string{"OrganizerEmails": organizer}, wiring.WithClock(clock))
	store, job := sys.Store(), sys.CallForSpeakers()
	m := sys.CreateMeetup(wiringtest.Meetup{Title: "Late " + tag, StartsAt: "2027-01-20T18:00:00+03:30", EndsAt: "2027-01-20T21:00:00+03:30", Capacity: 10})
	speaker := "late-" + tag + "@example.org"
	if err := store.CreateTalk(ctx, talks.Talk{ID: "late-" + tag, Owner: person.Key(speaker), Name: "Late", Email: speaker, Title: "Late talk", Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: m.ID, Status: talks.Accepted, CreatedAt: accepted, UpdatedAt: accepted}); err != nil {
		t.Fatal(err)
	}
	count := func(to, subject string) int { return testenv.CountEmails(t, to, subject) }
	for _, st := range []struct{ daysBefore, asks, silent int }{{5, 1, 0}, {4, 1, 0}, {2, 1, 1}, {1, 1, 1}} {
		if err := job.Run(ctx, nineAM(st.daysBefore)); err != nil {
			t.Fatal(err)
		}
		if a, s := count(speaker, "Please confirm"), count(organizer, "Speaker silent"); a != st.asks || s != st.silent {
			t.Errorf("%d days before: %d asks, %d silent alerts; want %d, %d", st.daysBefore, a, s, st.asks, st.silent)
		}
	}
}
