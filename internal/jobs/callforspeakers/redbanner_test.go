package callforspeakers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// A meetup 13 days away with no talk is red in every organizer email the
// run sends about something else: the silent speaker of another meetup, the
// six- and four-week alarms of others. A meetup 13 days away with an accepted
// or a confirmed talk is not, nor one 15 days away with none; the RED alarm
// of the red meetup itself does not repeat it.
func TestRedBannerInOrganizerEmails(t *testing.T) {
	t.Parallel()
	emailtest.EachLanguage(t, func(t *testing.T, lang string) {
		ctx := context.Background()
		tag := testenv.RandomHex(4)
		at := time.Date(2027, 3, 7, 9, 30, 0, 0, tehran)
		organizer := "organizer-" + tag + "@example.org"
		sys := wiringtest.NewWith(t, map[string]string{"OrganizerEmails": organizer, "OrganizerLanguage": lang},
			wiringtest.At(at))
		store := &wiringtest.MeetupReads{Table: sys.Store()}
		ids := map[string]string{}
		meetup := func(name string, days int) meetups.Meetup {
			m := wiringtest.StoreMeetup(t, store, name+"-"+tag, name+" "+tag, time.Date(2027, 3, 7+days, 18, 0, 0, 0, tehran), at.AddDate(0, -2, 0))
			ids[name] = m.ID
			return m
		}
		talk := func(m meetups.Meetup, status talks.Status) {
			email := "speaker-" + m.ID + "@example.org"
			decided := at.AddDate(0, 0, -10)
			if err := store.CreateTalk(ctx, talks.Talk{ID: "talk-" + m.ID, Owner: person.Key(email), Name: "Speaker", Email: email, Title: "A talk",
				Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: m.ID, Status: status, CreatedAt: decided, UpdatedAt: decided}); err != nil {
				t.Fatal(err)
			}
		}
		red := meetup("Empty13", 13)
		talk(meetup("Accepted13", 13), talks.Accepted)
		talk(meetup("Confirmed13", 13), talks.Confirmed)
		meetup("Empty15", 15)
		talk(meetup("Silent5", 5), talks.Accepted)
		meetup("Empty42", 42)

		// Built from the system's parts, with the reads of the upcoming
		// meetups counted.
		job, err := callforspeakers.New(callforspeakers.Deps{
			Store: store, Tokens: sys.Tokens(), Pages: sys.PageLinks(), Links: sys.Links(), SiteOrigin: wiringtest.SiteOrigin,
			Zone: tehran, Organizers: jobs.Organizers{Emails: []string{organizer}, Fallback: lang, Chosen: store}, Deliver: sys.Deliverer(),
		})
		if err != nil {
			t.Fatal(err)
		}
		sys.Built()
		if err := job.Run(ctx, at); err != nil {
			t.Fatal(err)
		}
		if n := store.Reads(); n != 1 {
			t.Errorf("the run read the upcoming meetups %d times, want once", n)
		}

		days := map[string]string{"en": "13 days away", "fa": "۱۳ روز مانده"}[lang]
		link := wiringtest.BaseURL + "/console/meetups/" + red.ID
		var notRed []string
		for name := range ids {
			if name != "Empty13" {
				notRed = append(notRed, name)
			}
		}
		emails := testenv.EmailsTo(t, organizer)
		about := map[string]int{}
		for _, e := range emails {
			var subject string
			for name := range ids {
				if strings.Contains(e.Subject, name+" "+tag) {
					subject = name
				}
			}
			about[subject]++
			text, html := emailtest.RedBanner(t, e, lang)
			if subject == "Empty13" {
				if text != "" {
					t.Errorf("the alarm for Empty13 repeats it in its banner:\n%s", text)
				}
				continue
			}
			if text == "" {
				t.Errorf("%q has no red banner:\n%s", e.Subject, e.Text)
				continue
			}
			emailtest.WantBanner(t, e.Subject, text, html, []string{red.Title, red.When(tehran), days, link}, notRed)
			if lines := strings.Count(text, "\n- "); lines != 1 {
				t.Errorf("%q: %d meetups in the banner, want 1:\n%s", e.Subject, lines, text)
			}
		}
		// The silent speaker, the six-week alarm of Empty42, the six- and
		// four-week ones of Empty15, and the three steps of Empty13.
		want := map[string]int{"Silent5": 1, "Empty42": 1, "Empty15": 2, "Empty13": 3}
		if fmt.Sprint(about) != fmt.Sprint(want) {
			t.Errorf("organizer emails by meetup: %v, want %v", about, want)
		}

		got, err := callforspeakers.RedMeetups(ctx, store, at, tehran)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != red.ID || got[0].Days != 13 {
			t.Errorf("RedMeetups = %+v, want only %s, 13 days away", got, red.ID)
		}
	})
}

// RedMeetups counts calendar days in the group's zone: a meetup late on the
// 14th day is red, one early on the 15th is not, nor one that has begun.
func TestRedMeetupsWindow(t *testing.T) {
	t.Parallel()
	store := wiringtest.New(t).Store()
	ctx := context.Background()
	tag := testenv.RandomHex(4)
	now := time.Date(2027, 3, 7, 10, 0, 0, 0, tehran)
	starts := map[string]time.Time{
		"begun":     now.Add(-time.Hour),
		"tonight":   time.Date(2027, 3, 7, 18, 0, 0, 0, tehran),
		"day14late": time.Date(2027, 3, 21, 23, 30, 0, 0, tehran),
		"day15":     time.Date(2027, 3, 22, 0, 30, 0, 0, tehran),
	}
	for name, start := range starts {
		if err := store.CreateMeetup(ctx, meetups.Meetup{ID: name + "-" + tag, Title: name, StartsAt: start, EndsAt: start.Add(time.Hour),
			Venue: "Tehran", Capacity: 10, Status: meetups.Scheduled, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	red, err := callforspeakers.RedMeetups(ctx, store, now, tehran)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range red {
		got = append(got, fmt.Sprintf("%s:%d", r.Title, r.Days))
	}
	if want := []string{"tonight:0", "day14late:14"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("RedMeetups = %v, want %v (soonest first)", got, want)
	}
}
