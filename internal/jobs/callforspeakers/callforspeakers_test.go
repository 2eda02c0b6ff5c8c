package callforspeakers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/meetups"
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
func nineAM(daysBefore int) time.Time {
	return time.Date(2027, 1, 20, 9, 30, 0, 0, tehran).AddDate(0, 0, -daysBefore)
}

func TestEmptySlotAlarmAndLadder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	created := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tag := testenv.RandomHex(4)
	addr := func(who string) string { return who + "-" + tag + "@example.org" }
	organizer := addr("organizer")
	sys := wiringtest.NewWith(t, map[string]string{"OrganizerEmails": organizer},
		wiringtest.At(created))
	store, job := sys.Store(), sys.CallForSpeakers()
	sys.CreateMeetup(wiringtest.Meetup{Title: "Empty " + tag, StartsAt: "2027-01-20T18:00:00+03:30", EndsAt: "2027-01-20T21:00:00+03:30", Capacity: 10})
	full := sys.CreateMeetup(wiringtest.Meetup{Title: "Full " + tag, StartsAt: "2027-01-20T18:30:00+03:30", EndsAt: "2027-01-20T21:00:00+03:30", Capacity: 10})
	for _, tk := range []talks.Talk{
		{ID: "backlog-" + tag, Owner: person.Key(addr("backlog")), Name: "Bahar", Email: addr("backlog"), Title: "Async Python", Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted, CreatedAt: created, VerifiedAt: created},
		{ID: "accepted-" + tag, Owner: person.Key(addr("speaker")), Name: "Sina", Email: addr("speaker"), Title: "Typing", Format: talks.Long, Level: talks.Advanced, Language: "fa", MeetupID: full.ID, Status: talks.Accepted, CreatedAt: created},
	} {
		if err := store.CreateTalk(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []struct {
		who               string
		speak, quit, stop bool
	}{{"willing", true, false, false}, {"quiet", true, true, false}, {"listener", false, false, false}, {"stopped", true, false, true}} {
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

// The backlog ask comes month after month: a member can unsubscribe from it
// with its one-click link, and a speaker who is not a member, who has nothing
// to unsubscribe from, is asked once per talk.
func TestBacklogAskCanBeStopped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tag := testenv.RandomHex(4)
	addr := func(who string) string { return who + "-" + tag + "@example.org" }
	created := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	rec := &emailtest.Recorder{}
	sys := wiringtest.NewWith(t, map[string]string{"OrganizerEmails": addr("organizer")},
		wiringtest.At(created),
		wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer { rec.Sender = next; return rec }))
	// unsub is the unsubscribe URL of each email to who, oldest first (what
	// sets the List-Unsubscribe headers).
	unsub := func(who string) []string {
		var urls []string
		for _, m := range rec.Sent() {
			if m.To == addr(who) {
				urls = append(urls, m.Unsubscribe)
			}
		}
		return urls
	}
	store, msvc, job := sys.Store(), sys.Members(), sys.CallForSpeakers()
	sys.Built()

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
			Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted, CreatedAt: created, VerifiedAt: created}); err != nil {
			t.Fatal(err)
		}
	}
	sixWeeksBefore := func(start time.Time) time.Time {
		y, m, d := start.AddDate(0, 0, -42).Date()
		return time.Date(y, m, d, 9, 30, 0, 0, tehran)
	}
	asks := func(who string) int { return testenv.CountEmails(t, addr(who), "Could you give your talk") }

	if err := job.Run(ctx, sixWeeksBefore(january)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		who         string
		unsubscribe bool
	}{{"quitter", true}, {"keeper", true}, {"guest", false}} {
		got := unsub(tt.who)
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
	u, err := url.Parse(unsub("quitter")[0])
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
			start := time.Date(2027, 3, 7+days, 18, 0, 0, 0, tehran)
			m := meetups.Meetup{ID: name + "-" + tag, Title: name + " " + tag, StartsAt: start, EndsAt: start.Add(3 * time.Hour),
				Venue: "Tehran", Capacity: 10, Status: meetups.Scheduled, CreatedAt: at.AddDate(0, -2, 0), UpdatedAt: at.AddDate(0, -2, 0)}
			if err := store.CreateMeetup(ctx, m); err != nil {
				t.Fatal(err)
			}
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
