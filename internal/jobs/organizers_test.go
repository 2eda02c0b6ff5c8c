package jobs_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/jobs/checkinreminder"
	"github.com/tehpug/backend/internal/jobs/organizerdigest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

var tehran, _ = time.LoadLocation("Asia/Tehran")

// organizerRun is when the jobs of these tests run: Saturday 6 March 2027,
// 09:30 in Tehran.
var organizerRun = time.Date(2027, 3, 6, 9, 30, 0, 0, tehran)

// organizerWorld is a system with two organizers, English the configured
// organizer language, and a present that makes every job write to
// organizers: a meetup 10 days away with no talk (every step of the alarm,
// red at the last), one 5 days away whose speaker never confirmed, and a
// mentorship pair silent for 30 days. langReads counts the reads of the
// organizers' chosen languages.
type organizerWorld struct {
	sys        *wiringtest.System
	organizers [2]string
	langReads  *atomic.Int64
}

func newOrganizerWorld(t *testing.T) organizerWorld {
	t.Helper()
	ctx := context.Background()
	tag := testenv.RandomHex(4)
	w := organizerWorld{organizers: [2]string{"en-" + tag + "@example.org", "fa-" + tag + "@example.org"}, langReads: &atomic.Int64{}}
	params := map[string]string{"OrganizerEmails": w.organizers[0] + "," + w.organizers[1], "OrganizerLanguage": "en"}
	w.sys = wiringtest.NewWith(t, params, wiring.WithClock(func() time.Time { return organizerRun }),
		wiring.WithClientOptions(countOrganizerLanguageReads(w.langReads), nil))

	past := organizerRun.AddDate(0, 0, -30)
	then := w.sys.Redeploy(params, wiring.WithClock(func() time.Time { return past }))
	mentors := then.Mentorship()
	then.Built()
	empty := then.CreateMeetup(wiringtest.Meetup{Title: "Empty " + tag, StartsAt: "2027-03-16T18:00:00+03:30", EndsAt: "2027-03-16T21:00:00+03:30", Capacity: 20})
	silent := then.CreateMeetup(wiringtest.Meetup{Title: "Silent " + tag, StartsAt: "2027-03-11T18:00:00+03:30", EndsAt: "2027-03-11T21:00:00+03:30", Capacity: 20})
	_ = empty
	speaker := "speaker-" + tag + "@example.org"
	if err := w.sys.Store().CreateTalk(ctx, talks.Talk{ID: "silent-" + tag, Owner: person.Key(speaker), Name: "Sina", Email: speaker, Title: "Typing",
		Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: silent.ID, Status: talks.Accepted, CreatedAt: past, UpdatedAt: past}); err != nil {
		t.Fatal(err)
	}
	pairMentorship(t, mentors, tag)
	return w
}

// pairMentorship has a mentor and a mentee, mentor-<tag> and mentee-<tag>
// at example.org, apply and be paired by an organizer.
func pairMentorship(t *testing.T, mentors *mentorship.Service, tag string) {
	t.Helper()
	ctx := context.Background()
	one := 1
	mentor, err := mentors.Apply(ctx, mentorship.ApplyInput{Role: "mentor", Name: "Mina", Email: "mentor-" + tag + "@example.org", Topics: []string{"x"}, Capacity: &one, Availability: "any"})
	if err != nil {
		t.Fatal(err)
	}
	mentee, err := mentors.Apply(ctx, mentorship.ApplyInput{Role: "mentee", Name: "Omid", Email: "mentee-" + tag + "@example.org", Topics: []string{"x"}, Goals: "g"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := mentors.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentee.ID}); err != nil {
		t.Fatal(err)
	}
}

// countOrganizerLanguageReads counts into n the requests that read the
// organizers' chosen languages: a BatchGetItem of ORGANIZER# keys.
func countOrganizerLanguageReads(n *atomic.Int64) func(*dynamodb.Options) {
	return func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Initialize.Add(middleware.InitializeMiddlewareFunc("count-organizer-languages", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				if b, ok := in.Parameters.(*dynamodb.BatchGetItemInput); ok && readsOrganizers(b) {
					n.Add(1)
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
		})
	}
}

func readsOrganizers(b *dynamodb.BatchGetItemInput) bool {
	for _, ka := range b.RequestItems {
		for _, k := range ka.Keys {
			if pk, ok := k["pk"].(*types.AttributeValueMemberS); ok && strings.HasPrefix(pk.Value, "ORGANIZER#") {
				return true
			}
		}
	}
	return false
}

// runAll runs the jobs that write to organizers at organizerRun, and
// returns how many times each read the organizers' languages.
func (w organizerWorld) runAll(t *testing.T) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	all := []struct {
		name string
		run  func(context.Context, time.Time) error
	}{
		{callforspeakers.Name, w.sys.CallForSpeakers().Run},
		{checkinreminder.Name, w.sys.CheckinReminder().Run},
		{organizerdigest.Name, w.sys.OrganizerDigest().Run},
	}
	w.sys.Built()
	reads := map[string]int64{}
	for _, j := range all {
		before := w.langReads.Load()
		if err := j.run(ctx, organizerRun); err != nil {
			t.Fatalf("%s: %v", j.name, err)
		}
		reads[j.name] = w.langReads.Load() - before
	}
	return reads
}

// kindOf names an organizer email by its subject, in either language.
func kindOf(subject string) string {
	for kind, words := range map[string][]string{
		"digest":       {"TehPUG weekly digest", "گزارش هفتگی TehPUG"},
		"empty slot":   {"No talk yet for", "هنوز ارائه‌ای ندارد"},
		"silent":       {"Speaker silent", "سخنران بی‌پاسخ"},
		"pair stalled": {"Mentorship stalled", "منتورشیپ متوقف شده"},
	} {
		for _, w := range words {
			if strings.Contains(subject, w) {
				return kind
			}
		}
	}
	return ""
}

// TestOrganizerEmailsLeadToTheConsole: every link of every email the
// scheduled jobs send organizers (the alarms at each step, the silent
// speaker, the stalled pair, the red banner, the digest) opens a console
// page, none a JSON route or a public page.
func TestOrganizerEmailsLeadToTheConsole(t *testing.T) {
	t.Parallel()
	w := newOrganizerWorld(t)
	w.runAll(t)
	console := wiringtest.BaseURL + consolepath.Root + "/"
	for _, o := range w.organizers {
		kinds := map[string]int{}
		for _, e := range testenv.EmailsTo(t, o) {
			kinds[kindOf(e.Subject)]++
			hrefs := emailtest.Hrefs(e.HTML)
			if len(hrefs) == 0 {
				t.Errorf("%q links to nothing", e.Subject)
			}
			for _, href := range hrefs {
				if !strings.HasPrefix(href, console) {
					t.Errorf("%q links to %s, not to a console page", e.Subject, href)
				}
			}
		}
		// Seen late, the empty meetup raises all three steps of the alarm.
		want := map[string]int{"digest": 1, "empty slot": 3, "silent": 1, "pair stalled": 1}
		for kind, n := range want {
			if kinds[kind] != n {
				t.Errorf("%s got %v emails by kind, want %v", o, kinds, want)
				break
			}
		}
	}
}

// TestEachOrganizerInTheirLanguage: an organizer who chose Persian in the
// console gets every organizer email in Persian, one who chose nothing gets
// the configured language; each job reads the choices once a run, and not
// at all in a run that sends organizers nothing.
func TestEachOrganizerInTheirLanguage(t *testing.T) {
	t.Parallel()
	w := newOrganizerWorld(t)
	if err := w.sys.Store().SetOrganizerLanguage(context.Background(), person.Key(w.organizers[1]), "fa", organizerRun); err != nil {
		t.Fatal(err)
	}
	reads := w.runAll(t)
	for job, n := range reads {
		if n != 1 {
			t.Errorf("%s read the organizers' languages %d times, want once", job, n)
		}
	}
	for i, lang := range []string{"en", "fa"} {
		emails := testenv.EmailsTo(t, w.organizers[i])
		if len(emails) != 6 {
			t.Errorf("%s got %d emails, want 6", w.organizers[i], len(emails))
		}
		for _, e := range emails {
			if !strings.Contains(e.HTML, `<html lang="`+lang+`"`) || kindOf(e.Subject) == "" {
				t.Errorf("%s, who reads %s, got %q:\n%s", w.organizers[i], lang, e.Subject, e.Text)
			}
		}
	}
	digest := func(o string) string {
		for _, e := range testenv.EmailsTo(t, o) {
			if kindOf(e.Subject) == "digest" {
				return e.Text
			}
		}
		return ""
	}
	if d := digest(w.organizers[1]); !strings.Contains(d, "هیچ ارائه‌ای ندارد و ۱۰ روز مانده است") {
		t.Errorf("the Persian digest does not say the empty meetup has no talk, 10 days away:\n%s", d)
	}
	if d := digest(w.organizers[0]); !strings.Contains(d, "No talk for \"Empty ") {
		t.Errorf("the English digest does not say the empty meetup has no talk:\n%s", d)
	}

	again := w.runAll(t)
	for job, n := range again {
		if n != 0 {
			t.Errorf("a rerun of %s, which sends organizers nothing, read their languages %d times", job, n)
		}
	}
}
