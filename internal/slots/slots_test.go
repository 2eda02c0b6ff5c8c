package slots_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/slots"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
)

var tehran, _ = time.LoadLocation("Asia/Tehran")

func TestStepEdges(t *testing.T) {
	tests := []struct {
		days int
		want slots.Step
	}{
		{43, slots.None}, {42, slots.SixWeeks}, {29, slots.SixWeeks}, {28, slots.FourWeeks},
		{15, slots.FourWeeks}, {14, slots.TwoWeeks}, {0, slots.TwoWeeks}, {-1, slots.None},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.days), func(t *testing.T) {
			if got := slots.StepFor(tt.days); got != tt.want {
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
			if got := slots.DaysUntil(tt.now, meetup, tehran); got != tt.want {
				t.Errorf("DaysUntil = %d, want %d", got, tt.want)
			}
		})
	}
}

// nineAM is 09:30 in Tehran, the job's schedule, days before the 20th of January 2027.
func nineAM(daysBefore int) time.Time {
	return time.Date(2027, 1, 20, 9, 30, 0, 0, tehran).AddDate(0, 0, -daysBefore)
}

func TestEmptySlotAlarmAndLadder(t *testing.T) {
	t.Parallel()
	db, table := testenv.NewTable(t)
	sesClient, _ := testenv.SES(t)
	store := dynamo.New(db, table)
	ctx := context.Background()
	created := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return created }
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	tokens := &token.Issuer{Store: store, Now: clock}
	sender := mail.NewSender(sesClient, "TehPUG <noreply@tehpug.test>")
	msvc := &meetups.Service{Store: store, Tokens: tokens, Mail: sender, Log: log, Now: clock, Zone: tehran, DailyEmailLimit: 3}

	tag := testenv.RandomHex(4)
	addr := func(who string) string { return who + "-" + tag + "@example.org" }
	s := func(v string) *string { return &v }
	ten := 10
	_, err := msvc.Create(ctx, meetups.MeetupInput{Title: s("Empty " + tag), StartsAt: s("2027-01-20T18:00:00+03:30"), EndsAt: s("2027-01-20T21:00:00+03:30"), Venue: s("Tehran"), Capacity: &ten})
	if err != nil {
		t.Fatal(err)
	}
	full, err := msvc.Create(ctx, meetups.MeetupInput{Title: s("Full " + tag), StartsAt: s("2027-01-20T18:30:00+03:30"), EndsAt: s("2027-01-20T21:00:00+03:30"), Venue: s("Tehran"), Capacity: &ten})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range []talks.Talk{
		{ID: "backlog-" + tag, Owner: person.Key(addr("backlog")), Name: "Bahar", Email: addr("backlog"), Title: "Async Python", Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted, CreatedAt: created},
		{ID: "accepted-" + tag, Owner: person.Key(addr("speaker")), Name: "Sina", Email: addr("speaker"), Title: "Typing", Format: talks.Long, Level: talks.Advanced, Language: "fa", MeetupID: full.ID, Status: talks.Accepted, CreatedAt: created},
	} {
		if err := store.CreateTalk(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []struct {
		who         string
		speak, quit bool
	}{{"willing", true, false}, {"quiet", true, true}, {"listener", false, false}} {
		key := person.Key(addr(m.who))
		if err := store.CreateMember(ctx, members.Member{Key: key, Name: m.who, Email: addr(m.who), Language: "en", WantsToSpeak: m.speak, Mentorship: "none", CreatedAt: created}, time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, _, err := store.ConfirmMember(ctx, key, created); err != nil {
			t.Fatal(err)
		}
		if m.quit {
			if _, err := store.SetUnsubscribed(ctx, key, created); err != nil {
				t.Fatal(err)
			}
		}
	}

	organizer := addr("organizer")
	job := &slots.CallForSpeakers{
		Store: store, Tokens: tokens, BaseURL: "https://api.tehpug.test", SiteOrigin: "https://tehpug.test",
		Zone: tehran, Organizers: []string{organizer}, OrganizerLanguage: "en",
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
	if n := count(organizer, "No talk yet for Full "+tag); n != 0 {
		t.Errorf("%d alarms for a meetup that has a talk", n)
	}
	calls := testenv.EmailsTo(t, addr("willing"))
	if len(calls) != 1 || !strings.Contains(calls[0].Text, "/unsubscribe?token=") {
		t.Errorf("the call for speakers carries no unsubscribe link: %+v", calls)
	}
}

// A talk accepted five days before its meetup gets one confirm ask (the
// latest due), and its speaker is reported silent only after a few days.
func TestLateAcceptance(t *testing.T) {
	t.Parallel()
	db, table := testenv.NewTable(t)
	sesClient, _ := testenv.SES(t)
	store := dynamo.New(db, table)
	ctx := context.Background()
	tag := testenv.RandomHex(4)
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	accepted := nineAM(5).Add(-time.Hour)
	ten := 10
	s := func(v string) *string { return &v }
	clock := func() time.Time { return accepted.AddDate(0, 0, -30) }
	msvc := &meetups.Service{Store: store, Tokens: &token.Issuer{Store: store, Now: clock}, Log: log, Now: clock, Zone: tehran}
	m, err := msvc.Create(ctx, meetups.MeetupInput{Title: s("Late " + tag), StartsAt: s("2027-01-20T18:00:00+03:30"), EndsAt: s("2027-01-20T21:00:00+03:30"), Venue: s("Tehran"), Capacity: &ten})
	if err != nil {
		t.Fatal(err)
	}
	speaker := "late-" + tag + "@example.org"
	if err := store.CreateTalk(ctx, talks.Talk{ID: "late-" + tag, Owner: person.Key(speaker), Name: "Late", Email: speaker, Title: "Late talk", Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: m.ID, Status: talks.Accepted, CreatedAt: accepted, UpdatedAt: accepted}); err != nil {
		t.Fatal(err)
	}
	organizer := "org-" + tag + "@example.org"
	job := &slots.CallForSpeakers{Store: store, Tokens: &token.Issuer{Store: store, Now: clock}, Zone: tehran, Organizers: []string{organizer}, OrganizerLanguage: "en",
		Deliver: &jobs.Deliverer{Ledger: store, Mail: mail.NewSender(sesClient, "TehPUG <noreply@tehpug.test>"), Log: log, Rate: 1000}}
	count := func(to, subject string) int {
		n := 0
		for _, e := range testenv.EmailsTo(t, to) {
			if strings.Contains(e.Subject, subject) {
				n++
			}
		}
		return n
	}
	for _, st := range []struct{ daysBefore, asks, silent int }{{5, 1, 0}, {4, 1, 0}, {2, 1, 1}, {1, 1, 1}} {
		if err := job.Run(ctx, nineAM(st.daysBefore)); err != nil {
			t.Fatal(err)
		}
		if a, s := count(speaker, "Please confirm"), count(organizer, "Speaker silent"); a != st.asks || s != st.silent {
			t.Errorf("%d days before: %d asks, %d silent alerts; want %d, %d", st.daysBefore, a, s, st.asks, st.silent)
		}
	}
}

// askRecorder passes emails on to SES and keeps, by recipient, the
// unsubscribe URL each carried (what sets the List-Unsubscribe headers).
type askRecorder struct {
	next  jobs.Mailer
	mu    sync.Mutex
	unsub map[string][]string
}

func (r *askRecorder) Send(ctx context.Context, m mail.Message) (string, error) {
	r.mu.Lock()
	r.unsub[m.To] = append(r.unsub[m.To], m.Unsubscribe)
	r.mu.Unlock()
	return r.next.Send(ctx, m)
}

// The backlog ask comes month after month: a member can unsubscribe from it
// with its one-click link, and a speaker who is not a member, who has nothing
// to unsubscribe from, is asked once per talk.
func TestBacklogAskCanBeStopped(t *testing.T) {
	t.Parallel()
	db, table := testenv.NewTable(t)
	sesClient, _ := testenv.SES(t)
	store := dynamo.New(db, table)
	ctx := context.Background()
	tag := testenv.RandomHex(4)
	addr := func(who string) string { return who + "-" + tag + "@example.org" }
	created := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return created }
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	tokens := &token.Issuer{Store: store, Now: clock}
	sender := mail.NewSender(sesClient, "TehPUG <noreply@tehpug.test>")

	// Two empty meetups four weeks apart: two six-week steps, two asks.
	january := time.Date(2027, 1, 20, 18, 0, 0, 0, tehran)
	february := january.AddDate(0, 0, 28)
	for i, start := range []time.Time{january, february} {
		if err := store.CreateMeetup(ctx, meetups.Meetup{ID: fmt.Sprintf("empty%d-%s", i, tag), Title: fmt.Sprintf("Empty %d %s", i, tag),
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Venue: "Tehran", Capacity: 10, Status: meetups.Scheduled, CreatedAt: created, UpdatedAt: created}); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"quitter", "keeper"} {
		key := person.Key(addr(who))
		if err := store.CreateMember(ctx, members.Member{Key: key, Name: who, Email: addr(who), Language: "en", Mentorship: "none", CreatedAt: created}, time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, _, err := store.ConfirmMember(ctx, key, created); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"quitter", "keeper", "guest"} {
		if err := store.CreateTalk(ctx, talks.Talk{ID: who + "-" + tag, Owner: person.Key(addr(who)), Name: who, Email: addr(who), Title: "Talk by " + who,
			Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted, CreatedAt: created}); err != nil {
			t.Fatal(err)
		}
	}
	rec := &askRecorder{next: sender, unsub: map[string][]string{}}
	job := &slots.CallForSpeakers{
		Store: store, Tokens: tokens, BaseURL: "https://api.tehpug.test", SiteOrigin: "https://tehpug.test",
		Zone: tehran, Organizers: []string{addr("organizer")}, OrganizerLanguage: "en",
		Deliver: &jobs.Deliverer{Ledger: store, Mail: rec, Log: log, Rate: 1000},
	}
	sixWeeksBefore := func(start time.Time) time.Time {
		y, m, d := start.AddDate(0, 0, -42).Date()
		return time.Date(y, m, d, 9, 30, 0, 0, tehran)
	}
	asks := func(who string) int {
		n := 0
		for _, e := range testenv.EmailsTo(t, addr(who)) {
			if strings.Contains(e.Subject, "Could you give your talk") {
				n++
			}
		}
		return n
	}

	if err := job.Run(ctx, sixWeeksBefore(january)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		who         string
		unsubscribe bool
	}{{"quitter", true}, {"keeper", true}, {"guest", false}} {
		got := rec.unsub[addr(tt.who)]
		if len(got) != 1 || asks(tt.who) != 1 {
			t.Fatalf("%s: %d asks (%d in SES), want 1", tt.who, len(got), asks(tt.who))
		}
		if (got[0] != "") != tt.unsubscribe {
			t.Errorf("%s: ask with List-Unsubscribe %q, want one: %v", tt.who, got[0], tt.unsubscribe)
		}
		mails := testenv.EmailsTo(t, addr(tt.who))
		if strings.Contains(mails[0].Text, "/unsubscribe?token=") != tt.unsubscribe {
			t.Errorf("%s: unsubscribe link in the text: %v, want %v:\n%s", tt.who, !tt.unsubscribe, tt.unsubscribe, mails[0].Text)
		}
	}

	// The quitter unsubscribes with the ask's own link (one-click, RFC 8058).
	msvc := &members.Service{Store: store, Tokens: tokens, Mail: sender, Log: log, Now: clock, BaseURL: "https://api.tehpug.test"}
	u, err := url.Parse(rec.unsub[addr("quitter")][0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := msvc.Unsubscribe(ctx, u.Query().Get("token")); err != nil {
		t.Fatalf("unsubscribe with the ask's link: %v", err)
	}

	if err := job.Run(ctx, sixWeeksBefore(february)); err != nil {
		t.Fatal(err)
	}
	for who, want := range map[string]int{"quitter": 1, "keeper": 2, "guest": 1} {
		if got := asks(who); got != want {
			t.Errorf("%s asked %d times after the second empty meetup, want %d", who, got, want)
		}
	}
}
