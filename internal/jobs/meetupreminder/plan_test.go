package meetupreminder_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/jobs/meetupreminder"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/testenv"
)

// The time of day the code says the reminder runs at is the one
// template.yaml schedules it at, in the group's zone.
func TestDailyAtIsTheSchedule(t *testing.T) {
	for _, f := range testenv.Template(t).Functions {
		if f.LogicalID != "MeetupReminderFunction" {
			continue
		}
		if len(f.Schedules) != 1 {
			t.Fatalf("%d schedules", len(f.Schedules))
		}
		s := f.Schedules[0]
		want := fmt.Sprintf("cron(%d %d * * ? *)", int(meetupreminder.DailyAt.Minutes())%60, int(meetupreminder.DailyAt.Hours()))
		if s.Expression.Literal != want || s.TimeZone.Ref != "TimeZone" {
			t.Errorf("schedule %+v, want %s in the TimeZone parameter's zone", s, want)
		}
		return
	}
	t.Fatal("no MeetupReminderFunction")
}

func TestFirstRun(t *testing.T) {
	tehran, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, tehran)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for start, want := range map[string]string{
		"2026-12-20 18:00": "2026-12-19 09:00", // 33 hours before
		"2026-12-20 09:00": "2026-12-19 09:00", // exactly 48 hours: not yet, the run after
		"2026-12-20 08:59": "2026-12-18 09:00", // just under 48 hours
		"2026-12-20 09:01": "2026-12-19 09:00",
	} {
		got := meetupreminder.FirstRun(at(start), tehran)
		if !got.Equal(at(want)) {
			t.Errorf("a meetup at %s is first reminded at %s, want %s", start, got.In(tehran), want)
		}
	}
	if got := meetupreminder.NextRun(at("2026-12-19 09:00"), tehran); !got.Equal(at("2026-12-20 09:00")) {
		t.Errorf("the run after a run: %s", got)
	}
}

// Everyone holding a seat of their own is reminded, not a seat only held;
// each speaker once, on their own unless they hold a seat; an erased
// speaker not at all.
func TestRecipientsOf(t *testing.T) {
	m := meetups.Meetup{Seats: []string{"P#a", "P#b", "P#h"}, Waitlist: []string{"P#w"}, Holds: []meetups.Hold{{Key: "P#h", Until: time.Now().Add(time.Hour)}}}
	to := meetupreminder.RecipientsOf(m, []string{"P#s", "P#b", "", "P#s", "P#w", "P#h"})
	if !slices.Equal(to.Seats, []string{"P#a", "P#b"}) {
		t.Errorf("seats %v, want those not only held", to.Seats)
	}
	if !slices.Equal(to.Speakers, []int{0, 4, 5}) {
		t.Errorf("speakers reminded on their own: %v, want the first talk of P#s, the waiting P#w and the held P#h", to.Speakers)
	}
	if to.TalkOf["P#s"] != 0 || to.TalkOf["P#b"] != 1 || len(to.TalkOf) != 4 {
		t.Errorf("talks named: %v", to.TalkOf)
	}
}
