package agenda_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/topics"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

var tehran, _ = time.LoadLocation("Asia/Tehran")

// now is the moment every agenda here is built at: a Saturday, 09:00 in
// Tehran, the digest's schedule.
var now = time.Date(2026, 12, 5, 9, 0, 0, 0, tehran)

// world is a fresh system whose clock stands at now, and helpers to fill
// its table.
type world struct {
	t     *testing.T
	sys   *wiringtest.System
	store *dynamo.Table
	clock *wiringtest.Clock
	tag   string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	clock := wiringtest.NewClock(now)
	sys := wiringtest.New(t, wiring.WithClock(clock.Now))
	return &world{t: t, sys: sys, store: sys.Store(), clock: clock, tag: testenv.RandomHex(4)}
}

// meetup stores a meetup starting at 18:00 Tehran time days calendar days
// after now, with seats taken and waiting people in line.
func (w *world) meetup(name string, days, capacity, seats, waiting int) meetups.Meetup {
	w.t.Helper()
	y, mo, d := now.Date()
	start := time.Date(y, mo, d+days, 18, 0, 0, 0, tehran)
	m := meetups.Meetup{ID: name + "-" + w.tag, Title: name + " " + w.tag, StartsAt: start, EndsAt: start.Add(3 * time.Hour),
		Venue: "Tehran", Capacity: capacity, Status: meetups.Scheduled, Version: 1, CreatedAt: now.AddDate(0, -2, 0), UpdatedAt: now.AddDate(0, -2, 0)}
	for i := range seats {
		m.Seats = append(m.Seats, fmt.Sprintf("P#seat-%s-%s-%d", name, w.tag, i))
	}
	for i := range waiting {
		m.Waitlist = append(m.Waitlist, fmt.Sprintf("P#wait-%s-%s-%d", name, w.tag, i))
	}
	if err := w.store.CreateMeetup(context.Background(), m); err != nil {
		w.t.Fatal(err)
	}
	return m
}

// talk stores a talk by speaker, submitted daysAgo days before now, for
// meetup (or the backlog when meetupID is "").
func (w *world) talk(title, speaker, meetupID string, status talks.Status, daysAgo int) talks.Talk {
	w.t.Helper()
	at := now.AddDate(0, 0, -daysAgo)
	addr := strings.ToLower(speaker) + "-" + w.tag + "@example.org"
	tk := talks.Talk{ID: title + "-" + w.tag, Owner: person.Key(addr), Name: speaker, Email: addr, Title: title + " " + w.tag,
		Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: meetupID, Status: status, CreatedAt: at, UpdatedAt: at}
	if err := w.store.CreateTalk(context.Background(), tk); err != nil {
		w.t.Fatal(err)
	}
	return tk
}

// build builds the agenda at now, as the system builds it.
func (w *world) build() agenda.Agenda {
	w.t.Helper()
	svc := w.sys.Agenda()
	w.sys.Built()
	a, err := svc.Build(context.Background(), now)
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// find is the items of kind about the meetup with id ("" for any).
func find(a agenda.Agenda, kind agenda.Kind, id string) []agenda.Item {
	var out []agenda.Item
	for _, it := range a.Items {
		if it.Kind == kind && (id == "" || it.Meetup.ID == id) {
			out = append(out, it)
		}
	}
	return out
}

// want fails unless exactly one item of kind is about the meetup with id,
// at level and leading to path.
func want(t *testing.T, a agenda.Agenda, kind agenda.Kind, id string, level agenda.Level, path string) agenda.Item {
	t.Helper()
	items := find(a, kind, id)
	if len(items) != 1 {
		t.Fatalf("%d %s items about %q, want 1: %+v", len(items), kind, id, a.Items)
	}
	if it := items[0]; it.Level != level || it.Path != path {
		t.Errorf("%s about %q: level %s, path %q; want %s, %q", kind, id, it.Level, it.Path, level, path)
	}
	return items[0]
}

// The empty-slot alarm's steps: no talk 14 calendar days or less before is
// urgent (red), 15 to 42 days before needs action, 43 days before is only
// the week; a talk on the programme, accepted or confirmed, settles it.
func TestNoTalkFollowsTheAlarmSteps(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	red14, red0 := w.meetup("Red14", 14, 50, 0, 0), w.meetup("Red0", 0, 50, 0, 0)
	four15, six42, none43 := w.meetup("Four15", 15, 50, 0, 0), w.meetup("Six42", 42, 50, 0, 0), w.meetup("None43", 43, 50, 0, 0)
	accepted, confirmed := w.meetup("Accepted10", 10, 50, 0, 0), w.meetup("Confirmed10", 10, 50, 0, 0)
	w.talk("A", "Ali", accepted.ID, talks.Accepted, 30)
	w.talk("C", "Cyrus", confirmed.ID, talks.Confirmed, 30)
	a := w.build()

	for _, m := range []meetups.Meetup{red14, red0} {
		it := want(t, a, agenda.NoTalk, m.ID, agenda.Urgent, consolepath.Meetup(m.ID))
		if it.Meetup.Title != m.Title || it.Meetup.When != m.When(tehran) {
			t.Errorf("the item about %s says %q, %q", m.ID, it.Meetup.Title, it.Meetup.When)
		}
	}
	if d := find(a, agenda.NoTalk, red14.ID)[0].Meetup.Days; d != 14 {
		t.Errorf("Red14 is %d days away, want 14", d)
	}
	for _, m := range []meetups.Meetup{four15, six42} {
		want(t, a, agenda.NoTalk, m.ID, agenda.Action, consolepath.Meetup(m.ID))
	}
	for _, m := range []meetups.Meetup{none43, accepted, confirmed} {
		if n := len(find(a, agenda.NoTalk, m.ID)); n != 0 {
			t.Errorf("%s: %d no-talk items, want none", m.ID, n)
		}
	}
	if !a.Red() {
		t.Error("an agenda with meetups two weeks away and no talk is not red")
	}
	if got := find(a, agenda.NoTalk, red14.ID)[0].Text(lang.English); got != fmt.Sprintf("No talk for %q, 14 days away (%s).", red14.Title, red14.When(tehran)) {
		t.Errorf("English: %q", got)
	}
	if got := find(a, agenda.NoTalk, four15.ID)[0].Text(lang.English); !strings.HasPrefix(got, "No talk yet for ") {
		t.Errorf("English, not red: %q", got)
	}
}

// An accepted speaker who has not confirmed needs action two weeks before
// the meetup, and action now under a week before; a confirmed one none.
// The item leads to the meetup's page, where its programme is.
func TestUnconfirmedSpeakers(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	levels := map[int]agenda.Level{6: agenda.Urgent, 7: agenda.Action, 14: agenda.Action}
	ids := map[int]string{}
	for _, days := range []int{6, 7, 14, 15} {
		m := w.meetup(fmt.Sprintf("In%d", days), days, 50, 0, 0)
		w.talk(fmt.Sprintf("Talk%d", days), "Sina", m.ID, talks.Accepted, 20)
		ids[days] = m.ID
	}
	sure := w.meetup("Sure", 3, 50, 0, 0)
	w.talk("Sure", "Sara", sure.ID, talks.Confirmed, 20)
	a := w.build()

	for days, level := range levels {
		it := want(t, a, agenda.UnconfirmedSpeaker, ids[days], level, consolepath.Meetup(ids[days]))
		if it.Talk.Speaker != "Sina" || it.Talk.Title != fmt.Sprintf("Talk%d %s", days, w.tag) || it.Meetup.Days != days {
			t.Errorf("%d days: the item says %+v", days, it)
		}
	}
	if n := len(find(a, agenda.UnconfirmedSpeaker, ids[15])) + len(find(a, agenda.UnconfirmedSpeaker, sure.ID)); n != 0 {
		t.Errorf("%d unconfirmed-speaker items for a talk 15 days away or a confirmed one", n)
	}
	it := find(a, agenda.UnconfirmedSpeaker, ids[6])[0]
	if got, wantText := it.Text(lang.English), fmt.Sprintf("Sina has not confirmed %q at %q, 6 days away.", it.Talk.Title, it.Meetup.Title); got != wantText {
		t.Errorf("English %q, want %q", got, wantText)
	}
}

// A waitlist of LongWaitlistSize people or more needs action, one shorter
// does not; the coming meetups carry seats, waitlist and programme, soonest
// first, each a line of the week leading to its page.
func TestWaitlistsAndTheComingMeetups(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	long := w.meetup("Long", 20, 5, 5, agenda.LongWaitlistSize)
	short := w.meetup("Short", 9, 5, 5, agenda.LongWaitlistSize-1)
	w.talk("Second", "Bahar", long.ID, talks.Confirmed, 10)
	w.talk("First", "Amir", long.ID, talks.Accepted, 30)
	w.talk("Rejected", "Reza", long.ID, talks.Rejected, 40)
	a := w.build()

	it := want(t, a, agenda.LongWaitlist, long.ID, agenda.Action, consolepath.Meetup(long.ID))
	if got := it.Text(lang.English); got != fmt.Sprintf("Waiting for a seat at %q: %d people (capacity 5). A bigger room?", long.Title, agenda.LongWaitlistSize) {
		t.Errorf("English: %q", got)
	}
	if n := len(find(a, agenda.LongWaitlist, short.ID)); n != 0 {
		t.Errorf("a waitlist of %d needs action", agenda.LongWaitlistSize-1)
	}
	var got []string
	for _, m := range a.Meetups {
		var programme []string
		for _, tk := range m.Programme {
			programme = append(programme, fmt.Sprintf("%s by %s (%s)", strings.TrimSuffix(tk.Title, " "+w.tag), tk.Speaker, tk.Status))
		}
		got = append(got, fmt.Sprintf("%s %d/%d +%d %v %s", strings.TrimSuffix(m.Title, " "+w.tag), m.Seats, m.Capacity, m.Waiting, programme, m.Path))
	}
	wantMeetups := []string{
		fmt.Sprintf("Short 5/5 +%d [] %s", agenda.LongWaitlistSize-1, consolepath.Meetup(short.ID)),
		fmt.Sprintf("Long 5/5 +%d [First by Amir (accepted) Second by Bahar (confirmed)] %s", agenda.LongWaitlistSize, consolepath.Meetup(long.ID)),
	}
	if !slices.Equal(got, wantMeetups) {
		t.Errorf("coming meetups:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantMeetups, "\n"))
	}
	line := want(t, a, agenda.ComingMeetup, long.ID, agenda.Info, consolepath.Meetup(long.ID))
	if got := line.Text(lang.English); got != fmt.Sprintf("%s: %s; seats left: 0 of 5; waiting: %d; talks: 2 (1 confirmed).", long.Title, long.When(tehran), agenda.LongWaitlistSize) {
		t.Errorf("the week's line: %q", got)
	}
}

// With no meetup in the horizon, that alone is red, and leads to the
// meetups; talks waiting for a decision lead to the submitted talks.
func TestNoMeetupAndUndecidedTalks(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.meetup("Past", -3, 50, 0, 0)
	w.meetup("Far", agenda.HorizonDays+1, 50, 0, 0)
	w.talk("Newer", "Nima", "", talks.Submitted, 2)
	oldest := w.talk("Oldest", "Olya", "", talks.Submitted, 9)
	w.talk("Decided", "Dara", "", talks.Rejected, 20)
	a := w.build()

	it := want(t, a, agenda.NoMeetup, "", agenda.Urgent, consolepath.Meetups())
	if got := it.Text(lang.English); got != fmt.Sprintf("No meetup is scheduled in the next %d days.", agenda.HorizonDays) {
		t.Errorf("English: %q", got)
	}
	if len(a.Meetups) != 0 {
		t.Errorf("coming meetups %+v, want none", a.Meetups)
	}
	it = want(t, a, agenda.UndecidedTalks, "", agenda.Action, consolepath.Talks("submitted"))
	if it.Count != 2 || it.Talk.ID != oldest.ID {
		t.Errorf("undecided: %d talks, the oldest %s; want 2, %s", it.Count, it.Talk.ID, oldest.ID)
	}
	if got, wantText := it.Text(lang.English), fmt.Sprintf("Talks waiting for a decision: 2; the oldest, %q by Olya, since %s.", oldest.Title, now.AddDate(0, 0, -9).Format("2 January")); got != wantText {
		t.Errorf("English %q, want %q", got, wantText)
	}
}

// Mentorship pairs, as the mentorship rules judge them at now: stalled is
// red and leads to the stalled pairs, at risk needs action and leads to
// those at risk; the week counts them all, and names the new members.
func TestPairsAndNewMembers(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	svc := w.sys.Mentorship()
	w.sys.Built()
	addr := func(who string) string { return who + "-" + w.tag + "@example.org" }
	three := 3
	w.clock.Set(now.AddDate(0, 0, -40))
	mentor, err := svc.Apply(ctx, mentorship.ApplyInput{Role: "mentor", Name: "Mina", Email: addr("mina"), Topics: []string{"web"}, Capacity: &three, Availability: "any"})
	if err != nil {
		t.Fatal(err)
	}
	pair := func(name string, daysAgo int) mentorship.Pair {
		t.Helper()
		w.clock.Set(now.AddDate(0, 0, -daysAgo))
		mentee, err := svc.Apply(ctx, mentorship.ApplyInput{Role: "mentee", Name: name, Email: addr(strings.ToLower(name)), Topics: []string{"web"}, Goals: "learn"})
		if err != nil {
			t.Fatal(err)
		}
		p, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentee.ID})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	pair("Omid", 30) // nobody checked in for 30 days: stalled
	risky := pair("Sara", 10)
	pair("Ali", 1) // on time
	helpAt := now.AddDate(0, 0, -2)
	if err := w.store.RecordCheckIn(ctx, mentorship.CheckIn{ID: "c-" + w.tag, PairID: risky.ID, Side: mentorship.Mentee, At: helpAt, Answer: mentorship.NeedHelp}); err != nil {
		t.Fatal(err)
	}
	newcomer := members.Member{Key: person.Key(addr("newcomer")), Name: "Newcomer " + w.tag, Email: addr("newcomer"), Language: "en", Mentorship: "none", CreatedAt: now.AddDate(0, 0, -3)}
	if err := w.store.CreateMember(ctx, newcomer, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.store.ConfirmMember(ctx, newcomer.Key, now.AddDate(0, 0, -3)); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(now)
	a := w.build()

	stalled := want(t, a, agenda.StalledPair, "", agenda.Urgent, consolepath.Mentorships("stalled"))
	if stalled.Pair.Mentor != "Mina" || stalled.Pair.Mentee != "Omid" || !stalled.Pair.LastCheckIn.IsZero() {
		t.Errorf("stalled: %+v", stalled.Pair)
	}
	if got := stalled.Text(lang.English); got != "Mentorship Mina and Omid has stalled (last check-in: never)." {
		t.Errorf("English: %q", got)
	}
	atRisk := want(t, a, agenda.AtRiskPair, "", agenda.Action, consolepath.Mentorships("at_risk"))
	if atRisk.Pair.Mentee != "Sara" || !atRisk.Pair.LastCheckIn.Equal(helpAt) || atRisk.Pair.ID != risky.ID {
		t.Errorf("at risk: %+v", atRisk.Pair)
	}
	if got := atRisk.Text(lang.English); got != "Mentorship Mina and Sara is at risk (last check-in: "+helpAt.Format("2 January")+")." {
		t.Errorf("English: %q", got)
	}
	counts := want(t, a, agenda.PairCounts, "", agenda.Info, consolepath.Mentorships(""))
	if c := counts.Pairs; c != (agenda.PairTally{All: 3, Active: 1, AtRisk: 1, Stalled: 1}) {
		t.Errorf("pairs %+v", c)
	}
	joined := want(t, a, agenda.NewMembers, "", agenda.Info, "")
	if joined.Count != 1 || !slices.Equal(joined.Names, []string{newcomer.Name}) {
		t.Errorf("new members: %d %v", joined.Count, joined.Names)
	}
	// The levels come in order: urgent, action, then the week.
	if !slices.IsSortedFunc(a.Items, func(x, y agenda.Item) int { return int(x.Level) - int(y.Level) }) {
		t.Errorf("items out of order: %+v", a.Items)
	}
}

// The wishlist's most-wanted open topics are one item of the week, most
// votes first, at most five, with the topics page to act on them; none
// when no topic is open.
func TestWantedTopics(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	if a := w.build(); len(find(a, agenda.WantedTopics, "")) != 0 {
		t.Fatal("a wanted-topics item with no topic open")
	}
	for i, title := range []string{"One", "Two", "Three", "Four", "Five", "Six"} {
		var voters []string
		for j := range 6 - i {
			voters = append(voters, fmt.Sprintf("P#%s-%d", w.tag, j))
		}
		if err := w.store.CreateTopic(ctx, topics.Topic{ID: fmt.Sprintf("%s-%d", w.tag, i), Title: title, Language: "en", Owner: voters[0],
			Voters: voters, Votes: len(voters), Status: topics.Open, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	it := want(t, w.build(), agenda.WantedTopics, "", agenda.Info, consolepath.Topics)
	if len(it.Topics) != topics.Top || it.Topics[0].Title != "One" || it.Topics[0].Votes != 6 || it.Topics[4].Title != "Five" {
		t.Fatalf("wanted topics %+v", it.Topics)
	}
	if got := it.Text(lang.English); !strings.HasPrefix(got, "Most-wanted topics nobody has claimed yet: One (6 votes), Two (5 votes), ") {
		t.Errorf("English: %q", got)
	}
	if got := it.Text(lang.Persian); !strings.Contains(got, "۶ رأی") {
		t.Errorf("Persian: %q", got)
	}
}
