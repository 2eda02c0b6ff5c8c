package meetupreminder_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// flakyMailer fails for the addresses in fail, as SES does for an address it
// will not take, until healed.
type flakyMailer struct {
	next email.Sender
	mu   sync.Mutex
	fail map[string]bool
}

func (f *flakyMailer) Send(ctx context.Context, m email.Message) (string, error) {
	f.mu.Lock()
	bad := f.fail[m.To]
	f.mu.Unlock()
	if bad {
		return "", errors.New("injected SES failure")
	}
	return f.next.Send(ctx, m)
}

func TestMeetupReminder(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	flaky := &flakyMailer{}
	sys := wiringtest.New(t, wiringtest.At(created),
		wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer { flaky.next = next; return flaky }))
	store, svc, job := sys.Store(), sys.Meetups(), sys.MeetupReminder()
	sys.Built()

	soon := sys.CreateMeetup(wiringtest.Meetup{Title: "دورهمی آذر", StartsAt: "2026-12-02T15:00:00Z", EndsAt: "2026-12-02T18:00:00Z", Venue: "تهران، کارخانه نوآوری", Capacity: 3})
	later := sys.CreateMeetup(wiringtest.Meetup{Title: "Later", StartsAt: "2026-12-09T15:00:00Z", EndsAt: "2026-12-09T18:00:00Z", Capacity: 3})
	prefix := "remind-" + testenv.RandomHex(4)
	addr := func(i int) string { return fmt.Sprintf("%s-%d@example.org", prefix, i) }
	for i := range 5 {
		sys.ConfirmedMember(fmt.Sprintf("عضو %d", i), addr(i))
		for _, m := range []meetups.Meetup{soon, later} {
			if err := svc.Register(context.Background(), m.ID, meetups.RegisterInput{Name: fmt.Sprintf("عضو %d", i), Email: addr(i), Language: "fa"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	speaker := prefix + "-speaker@example.org"
	if err := store.CreateTalk(context.Background(), talks.Talk{ID: prefix + "-talk", Owner: person.Key(speaker), Name: "سخنران", Email: speaker,
		Title: "پایتون ناهمگام", Format: talks.Short, Level: talks.Beginner, Language: "fa", MeetupID: soon.ID, Status: talks.Confirmed, CreatedAt: created}); err != nil {
		t.Fatal(err)
	}
	// Someone holding a seat who also speaks gets one reminder, with both.
	if err := store.CreateTalk(context.Background(), talks.Talk{ID: prefix + "-seated-talk", Owner: person.Key(addr(2)), Name: "عضو 2", Email: addr(2),
		Title: "Seated speaker's talk", Format: talks.Lightning, Level: talks.Beginner, Language: "fa", MeetupID: soon.ID, Status: talks.Accepted, CreatedAt: created}); err != nil {
		t.Fatal(err)
	}
	reminded := func(i int) int { return testenv.CountEmails(t, addr(i), "یادآوری") }

	flaky.mu.Lock()
	flaky.fail = map[string]bool{addr(1): true}
	flaky.mu.Unlock()
	runAt := time.Date(2026, 12, 1, 5, 30, 0, 0, time.UTC) // 09:00 in Tehran, 33.5 h before the meetup

	// First run: SES refuses one recipient; the run says it is incomplete.
	if err := job.Run(context.Background(), runAt); !errors.Is(err, jobs.ErrIncomplete) {
		t.Fatalf("first run: %v, want incomplete", err)
	}
	want := []int{1, 0, 1, 0, 0} // seats: 0, 1, 2; 3 and 4 wait
	for i, w := range want {
		if got := reminded(i); got != w {
			t.Errorf("after the first run %s got %d reminders, want %d", addr(i), got, w)
		}
	}

	// The retry of the same event sends exactly to the one it missed.
	flaky.mu.Lock()
	flaky.fail = nil
	flaky.mu.Unlock()
	for range 2 {
		if err := job.Run(context.Background(), runAt); err != nil {
			t.Fatalf("rerun: %v", err)
		}
	}
	want = []int{1, 1, 1, 0, 0}
	for i, w := range want {
		if got := reminded(i); got != w {
			t.Errorf("after the reruns %s got %d reminders, want %d", addr(i), got, w)
		}
	}
	// The next day's run still sees the meetup (now 9.5 hours away), and
	// everyone has been reminded: nothing more.
	if err := job.Run(context.Background(), runAt.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := reminded(0); got != 1 {
		t.Errorf("%d reminders after the next day's run", got)
	}
	speakerMails := testenv.EmailsTo(t, speaker)
	if len(speakerMails) != 1 || !strings.Contains(speakerMails[0].Text, "پایتون ناهمگام") || strings.Contains(speakerMails[0].Text, "/registrations/cancel") {
		t.Errorf("the speaker's reminders: %+v", speakerMails)
	}
	if mails := testenv.EmailsTo(t, addr(2)); !strings.Contains(mails[len(mails)-1].Text, "Seated speaker's talk") || !strings.Contains(mails[len(mails)-1].Text, "/registrations/cancel?token=") {
		t.Errorf("the seated speaker's one reminder lacks the talk or the cancel link:\n%s", mails[len(mails)-1].Text)
	}
	mails := testenv.EmailsTo(t, addr(0))
	last := mails[len(mails)-1]
	for _, want := range []string{"دورهمی آذر", "تهران، کارخانه نوآوری", "18:30", "Asia/Tehran", "/registrations/cancel?token="} {
		if !strings.Contains(last.Text, want) {
			t.Errorf("reminder text lacks %q:\n%s", want, last.Text)
		}
	}
	if len(last.Attachments) != 1 || last.Attachments[0].Filename != "meetup.ics" || !strings.HasPrefix(last.Attachments[0].ContentType, "text/calendar") {
		t.Errorf("attachments %+v", last.Attachments)
	}
}

// A meetup moved after its reminder went out is reminded again, and the new
// invite updates the calendar entry: same UID, higher SEQUENCE.
func TestReminderInviteFollowsTheSchedule(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tag := testenv.RandomHex(4)
	created := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	rec := &emailtest.Recorder{} // the SES emulator keeps only an attachment's name and size
	sys := wiringtest.New(t, wiringtest.At(created),
		wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer { rec.Sender = next; return rec }))
	store, job := sys.Store(), sys.MeetupReminder()
	sys.Built()
	start := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	m := wiringtest.StoreMeetup(t, store, "moved-"+tag, "Moved", start, created)
	speaker := "moved-" + tag + "@example.org"
	if err := store.CreateTalk(ctx, talks.Talk{ID: "moved-talk-" + tag, Owner: person.Key(speaker), Name: "Speaker", Email: speaker,
		Title: "Talk", Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: m.ID, Status: talks.Confirmed, CreatedAt: created}); err != nil {
		t.Fatal(err)
	}
	runAt := time.Date(2026, 12, 1, 5, 30, 0, 0, time.UTC)
	if err := job.Run(ctx, runAt); err != nil {
		t.Fatal(err)
	}
	// Moved two hours later: the meetup's schedule version goes up.
	m.StartsAt, m.EndsAt, m.ScheduleVersion = start.Add(2*time.Hour), start.Add(5*time.Hour), 1
	if _, err := store.SaveMeetup(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := job.Run(ctx, runAt); err != nil {
		t.Fatal(err)
	}

	// The calendar invites the reminders carried, oldest first.
	var invites [][]byte
	for _, m := range rec.Sent() {
		for _, a := range m.Attachments {
			invites = append(invites, a.Data)
		}
	}
	if n := len(testenv.EmailsTo(t, speaker)); n != 2 || len(invites) != 2 {
		t.Fatalf("%d reminders with %d invites, want 2 of each", n, len(invites))
	}
	for i, want := range []struct {
		seq   string
		start time.Time
	}{{"0", start}, {"1", start.Add(2 * time.Hour)}} {
		cal, err := ics.ParseCalendar(bytes.NewReader(invites[i]))
		if err != nil {
			t.Fatal(err)
		}
		ev := cal.Events()[0]
		if ev.Id() != m.ID+"@tehpug" {
			t.Errorf("invite %d: UID %q", i, ev.Id())
		}
		if p := ev.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != want.seq {
			t.Errorf("invite %d: SEQUENCE %+v, want %s", i, p, want.seq)
		}
		if got, err := ev.GetStartAt(); err != nil || !got.Equal(want.start) {
			t.Errorf("invite %d: starts %v (%v), want %v", i, got, err, want.start)
		}
		if bytes.Count(invites[i], []byte("\n")) != bytes.Count(invites[i], []byte("\r\n")) {
			t.Errorf("invite %d has lines that do not end in CRLF", i)
		}
	}
}

func TestEventNow(t *testing.T) {
	wall := func() time.Time { return time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		ev      jobs.Event
		want    time.Time
		wantErr bool
	}{
		{"scheduler time", jobs.Event{Time: "2026-12-01T05:30:00Z"}, time.Date(2026, 12, 1, 5, 30, 0, 0, time.UTC), false},
		{"with offset", jobs.Event{Time: "2026-12-01T09:00:00+03:30"}, time.Date(2026, 12, 1, 5, 30, 0, 0, time.UTC), false},
		{"absent: wall clock", jobs.Event{}, wall(), false},
		{"garbage", jobs.Event{Time: "tomorrow"}, time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ev.Now(wall)
			if (err != nil) != tt.wantErr || !got.Equal(tt.want) {
				t.Fatalf("got %v, %v", got, err)
			}
		})
	}
}
