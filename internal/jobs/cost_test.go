package jobs_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/jobs/checkinreminder"
	"github.com/tehpug/backend/internal/jobs/meetupreminder"
	"github.com/tehpug/backend/internal/jobs/organizerdigest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/topics"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// countingSystem is the system on a fresh table, on the clock now, whose
// DynamoDB client counts its requests; what it emails goes to mail.
func countingSystem(t *testing.T, now func() time.Time, mail wiring.Mailer) (*wiringtest.System, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	sys := wiringtest.NewWith(t, map[string]string{"OrganizerEmails": "o@example.org"}, wiring.WithClock(now),
		wiringtest.CountRequests(&n), wiring.WithMailer(func(wiring.Mailer) wiring.Mailer { return mail }))
	return sys, &n
}

// runAt is the scheduled time every job runs at in this test: 09:00 in Tehran.
var runAt = time.Date(2026, 12, 14, 5, 30, 0, 0, time.UTC)

// present writes what every job has to act on at runAt: a meetup in 33
// hours with no talk and three registrations, an overdue mentorship, a
// league taking entries and one playing, a match of which the runner
// failed on.
func present(t *testing.T, sys *wiringtest.System, tag string) {
	t.Helper()
	ctx := context.Background()
	past := func() time.Time { return runAt.AddDate(0, 0, -20) }
	sys = sys.Redeploy(map[string]string{"DailyEmailLimit": "50"}, wiring.WithClock(past),
		wiring.WithMailer(func(wiring.Mailer) wiring.Mailer { return nopMail{} }))
	ms, mentors := sys.Meetups(), sys.Mentorship()
	sys.Built()
	m := sys.CreateMeetup(wiringtest.Meetup{Title: "Now " + tag, StartsAt: "2026-12-15T18:00:00+03:30", EndsAt: "2026-12-15T21:00:00+03:30", Capacity: 50})
	for i := range 3 {
		addr := fmt.Sprintf("now-%s-%d@example.org", tag, i)
		sys.ConfirmedMember("R", addr)
		if err := ms.Register(ctx, m.ID, meetups.RegisterInput{Name: "R", Email: addr}); err != nil {
			t.Fatal(err)
		}
	}
	pairMentorship(t, mentors, tag)
	zone, _ := time.LoadLocation("Asia/Tehran")
	wiringtest.WriteLeague(t, sys.Store(), wiringtest.League{ID: "open-" + tag, Title: "Open", Closes: runAt.AddDate(0, 0, 2), Robots: 1, Zone: zone})
	wiringtest.WriteLeague(t, sys.Store(), wiringtest.League{ID: "playing-" + tag, Title: "Playing", Closes: runAt.AddDate(0, 0, -4), Robots: 3,
		Drawn: true, Played: 1, Failed: true, Zone: zone})
	for i := range 3 {
		if _, err := sys.Topics().Propose(ctx, fmt.Sprintf("P#now-%s-%d", tag, i), topics.ProposeInput{Title: fmt.Sprintf("Topic %d", i), Language: "en"}); err != nil {
			t.Fatal(err)
		}
	}
}

type nopMail struct{}

func (nopMail) Send(context.Context, email.Message) (string, error) { return "id", nil }

// agendaBuild names, among the jobs, building the agenda the digest sends
// and the console shows.
const agendaBuild = "agenda"

// agendaBound is the most requests building the agenda may make on the
// present: one query of the upcoming meetups, two of the programme of each
// meetup in the horizon (the present has one), one of the talks waiting for
// a decision, one of the open pairs and one BatchGetItem of their
// applications, one read of the counts of why pairs faded, one query of
// the new members, one of the wishlist's open topics, two of the running
// leagues (those to draw, those playing) and one of the fixtures of each
// league playing (the present has one).
const agendaBound = 1 + 2*1 + 1 + 2 + 1 + 1 + 1 + 2 + 1*1

// runJobs runs each scheduled job once at runAt, and builds the agenda,
// and returns the DynamoDB requests each made.
func runJobs(t *testing.T, sys *wiringtest.System, n *atomic.Int64) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	all := []struct {
		name string
		run  func(context.Context, time.Time) error
	}{
		{meetupreminder.Name, sys.MeetupReminder().Run},
		{callforspeakers.Name, sys.CallForSpeakers().Run},
		{checkinreminder.Name, sys.CheckinReminder().Run},
		{organizerdigest.Name, sys.OrganizerDigest().Run},
		{agendaBuild, func(ctx context.Context, now time.Time) error {
			_, err := sys.Agenda().Build(ctx, now)
			return err
		}},
	}
	sys.Built()
	out := map[string]int64{}
	for _, j := range all {
		before := n.Load()
		if err := j.run(ctx, runAt); err != nil {
			t.Fatalf("%s: %v", j.name, err)
		}
		out[j.name] = n.Load() - before
	}
	return out
}

// TestJobCostIsIndependentOfHistory runs every scheduled job, and builds
// the agenda, on the same present twice: once alone, once with a hundred
// times more past meetups, old registrations, decided talks and ended
// mentorships, and twenty finished leagues, in the table. Each makes the same number of DynamoDB requests
// both times, and the agenda no more than its bound.
func TestJobCostIsIndependentOfHistory(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return runAt }
	bare, bareCount := countingSystem(t, clock, nopMail{})
	full, fullCount := countingSystem(t, clock, nopMail{})
	present(t, bare, "a")
	present(t, full, "b")
	wiringtest.History(t, full.Store(), runAt, "b")
	wiringtest.LeagueHistory(t, full.Store(), runAt, "b", 20)

	without, with := runJobs(t, bare, bareCount), runJobs(t, full, fullCount)
	for job, n := range without {
		t.Logf("%-20s %3d requests without history, %3d with 100× history", job, n, with[job])
		if n == 0 {
			t.Errorf("%s made no requests: the test sets up nothing for it", job)
		}
		if with[job] != n {
			t.Errorf("%s: %d requests with history, %d without", job, with[job], n)
		}
	}
	if n := max(without[agendaBuild], with[agendaBuild]); n > agendaBound {
		t.Errorf("building the agenda made %d requests, more than its bound of %d", n, agendaBound)
	}
}

// TestAlarmStepCostsWhatItSends: the empty-slot alarm's four-week step goes
// to every member who wants to speak, and stays due for two weeks of daily
// runs. Once one run has sent it, the runs after it cost the same few
// requests whether five members want to speak or two hundred.
func TestAlarmStepCostsWhatItSends(t *testing.T) {
	t.Parallel()
	rerun := map[int]int64{}
	for _, speakers := range []int{5, 200} {
		ctx := context.Background()
		first := time.Date(2027, 1, 1, 6, 0, 0, 0, time.UTC)
		sent := &countingMail{}
		sys, n := countingSystem(t, func() time.Time { return first }, sent)
		store, job := sys.Store(), sys.CallForSpeakers()
		sys.CreateMeetup(wiringtest.Meetup{Title: "Empty", StartsAt: "2027-01-29T18:00:00+03:30", EndsAt: "2027-01-29T21:00:00+03:30", Capacity: 10})
		for i := range speakers {
			key := fmt.Sprintf("P#speaker-%d", i)
			m := members.Member{Key: key, Name: "S", Email: fmt.Sprintf("speaker-%d@example.org", i), Language: "en", WantsToSpeak: true, Mentorship: "none", Status: members.Pending, CreatedAt: first}
			if err := store.CreateMember(ctx, m, 24*time.Hour); err != nil {
				t.Fatal(err)
			}
			if _, _, err := store.ConfirmMember(ctx, key, first); err != nil {
				t.Fatal(err)
			}
		}
		if err := job.Run(ctx, first); err != nil {
			t.Fatal(err)
		}
		// First seen four weeks ahead: the six-week step (the organizer;
		// no backlog) and the four-week one (the organizer and each speaker).
		if got := sent.n.Load(); got != int64(speakers)+2 {
			t.Fatalf("the first run sent %d emails, want %d", got, speakers+2)
		}
		before := n.Load()
		if err := job.Run(ctx, first.AddDate(0, 0, 1)); err != nil {
			t.Fatal(err)
		}
		rerun[speakers] = n.Load() - before
		if sent.n.Load() != int64(speakers)+2 {
			t.Errorf("the next day's run sent again")
		}
	}
	t.Logf("the next day's run: %d requests with 5 members wanting to speak, %d with 200", rerun[5], rerun[200])
	if rerun[5] != rerun[200] {
		t.Errorf("the next day's run grows with the members: %d requests for 5, %d for 200", rerun[5], rerun[200])
	}
}

// countingMail counts what it is asked to send.
type countingMail struct{ n atomic.Int64 }

func (c *countingMail) Send(context.Context, email.Message) (string, error) {
	c.n.Add(1)
	return "id", nil
}
