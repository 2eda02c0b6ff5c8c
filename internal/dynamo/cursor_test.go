package dynamo_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/talks"
)

// listing is one paginated query of the store, seen as pages of ids.
type listing struct {
	name string
	// group names the index partition read: two listings of one group may
	// take each other's cursors.
	group string
	list  func(cursor string, limit int) ([]string, string, error)
	want  []string
}

// cursorKey and keyCursor read and write a cursor the way the store encodes
// it, so a test can forge what a client could.
func cursorKey(t *testing.T, cursor string) map[string]string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		t.Fatalf("cursor %q: %v", cursor, err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("cursor %q: %v", cursor, err)
	}
	return m
}

func keyCursor(m map[string]string) string {
	b, _ := json.Marshal(m)
	return base64.RawURLEncoding.EncodeToString(b)
}

// edited is cursor with its key changed by edit.
func edited(t *testing.T, cursor string, edit func(map[string]string)) string {
	t.Helper()
	m := cursorKey(t, cursor)
	edit(m)
	return keyCursor(m)
}

// cursorListings stores a few of every listed thing and returns every
// paginated query of the store over them, each with what it lists in order.
func cursorListings(t *testing.T, tb *dynamo.Table) []listing {
	t.Helper()
	ctx := context.Background()

	// Meetups: three upcoming, two cancelled; registrations on two.
	var upcoming, cancelled []string
	for i, status := range []meetups.Status{meetups.Scheduled, meetups.Scheduled, meetups.Cancelled, meetups.Scheduled, meetups.Cancelled} {
		start := t0.Add(time.Duration(i+1) * 24 * time.Hour)
		m := putMeetup(t, tb, fmt.Sprintf("meet%d", i), start, start.Add(3*time.Hour), status)
		if status == meetups.Scheduled {
			upcoming = append(upcoming, m.ID)
		} else {
			cancelled = append([]string{m.ID}, cancelled...) // the latest first
		}
	}
	regs := map[string][]string{}
	for _, id := range []string{"meet0", "meet1"} {
		for i := range 3 {
			owner := person.Key(fmt.Sprintf("guest%d-%s@example.org", i, id))
			r := meetups.Registration{MeetupID: id, Key: owner, Name: "Guest", Email: "guest@example.org", Language: "en", Status: meetups.RegConfirmed, CreatedAt: t0}
			if err := tb.PutRegistration(ctx, r); err != nil {
				t.Fatal(err)
			}
			regs[id] = append(regs[id], owner)
		}
		slices.Sort(regs[id]) // listed in key order
	}

	// Talks, as in TestTalkListings.
	putTalk(t, tb, 1, "a@example.org", talks.Submitted, "")
	putTalk(t, tb, 2, "b@example.org", talks.Submitted, "m1")
	putTalk(t, tb, 3, "c@example.org", talks.Accepted, "m1")
	putTalk(t, tb, 4, "d@example.org", talks.Confirmed, "m1")
	putTalk(t, tb, 5, "e@example.org", talks.Submitted, "")
	putTalk(t, tb, 6, "f@example.org", talks.Accepted, "m2")
	putTalk(t, tb, 7, "g@example.org", talks.Accepted, "m1")

	// Mentorship: two mentors, three mentees left open; three active pairs
	// and two ended ones.
	var mentors, openMentees []string
	mentor := putApplication(t, tb, mentorship.Mentor, 10) // never full: stays open
	mentors = append(mentors, mentor.ID, putApplication(t, tb, mentorship.Mentor, 2).ID)
	for range 3 {
		openMentees = append(openMentees, putApplication(t, tb, mentorship.Mentee, 0).ID)
	}
	slices.Sort(mentors) // one creation time: listed by id
	slices.Sort(openMentees)
	var active, ended []string
	for i := range 5 {
		p := pairUp(t, tb, mentor, putApplication(t, tb, mentorship.Mentee, 0))
		active = append(active, p.ID)
		if i >= 3 {
			if _, err := tb.EndPair(ctx, p.ID, mentorship.Completed, "done", mentorshipStart.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
			ended = append([]string{p.ID}, ended...) // newest first
		}
	}
	active = slices.DeleteFunc(active, func(id string) bool { return slices.Contains(ended, id) })
	slices.Sort(active) // one start time: listed by id

	past := slices.Clone(upcoming) // all ended ten days on, the latest first
	slices.Reverse(past)

	talksOf := func(f talks.Filter) func(string, int) ([]string, string, error) {
		return func(cursor string, limit int) ([]string, string, error) {
			ts, next, err := tb.ListTalks(ctx, f, cursor, limit)
			return ids(ts), next, err
		}
	}
	applications := func(role mentorship.Role) func(string, int) ([]string, string, error) {
		return func(cursor string, limit int) ([]string, string, error) {
			as, next, err := tb.ListApplications(ctx, role, mentorship.Open, cursor, limit)
			return keys(as, func(a mentorship.Application) string { return a.ID }), next, err
		}
	}
	pairs := func(ended bool) func(string, int) ([]string, string, error) {
		return func(cursor string, limit int) ([]string, string, error) {
			ps, next, err := tb.ListPairs(ctx, ended, nil, cursor, limit)
			return keys(ps, func(p mentorship.Pair) string { return p.ID }), next, err
		}
	}
	registrations := func(id string) func(string, int) ([]string, string, error) {
		return func(cursor string, limit int) ([]string, string, error) {
			rs, next, err := tb.ListRegistrations(ctx, id, cursor, limit)
			return keys(rs, func(r meetups.Registration) string { return r.Key }), next, err
		}
	}
	return []listing{
		{"upcoming meetups", "GSI1 MEETUPS", func(cursor string, limit int) ([]string, string, error) {
			ms, next, err := tb.ListUpcoming(ctx, t0, cursor, limit)
			return keys(ms, func(m meetups.Meetup) string { return m.ID }), next, err
		}, upcoming},
		{"past meetups", "GSI1 MEETUPS", func(cursor string, limit int) ([]string, string, error) {
			ms, next, err := tb.ListPast(ctx, t0.AddDate(0, 0, 10), cursor, limit)
			return keys(ms, func(m meetups.Meetup) string { return m.ID }), next, err
		}, past},
		{"cancelled meetups", "GSI1 MEETUPS#cancelled", func(cursor string, limit int) ([]string, string, error) {
			ms, next, err := tb.ListCancelled(ctx, cursor, limit)
			return keys(ms, func(m meetups.Meetup) string { return m.ID }), next, err
		}, cancelled},
		{"registrations of meet0", "table MEETUP#meet0", registrations("meet0"), regs["meet0"]},
		{"registrations of meet1", "table MEETUP#meet1", registrations("meet1"), regs["meet1"]},
		{"submitted talks", "GSI1 TALKS#submitted", talksOf(talks.Filter{Status: talks.Submitted}), []string{"talk01", "talk02", "talk05"}},
		{"accepted talks", "GSI1 TALKS#accepted", talksOf(talks.Filter{Status: talks.Accepted}), []string{"talk03", "talk06", "talk07"}},
		{"backlog", "GSI2 TALKS#BACKLOG", talksOf(talks.Filter{Backlog: true}), []string{"talk01", "talk05"}},
		{"talks of m1", "GSI2 TALKS#MEETUP#m1", talksOf(talks.Filter{MeetupID: "m1"}), []string{"talk03", "talk07", "talk04", "talk02"}},
		{"accepted talks of m1", "GSI2 TALKS#MEETUP#m1 accepted#", talksOf(talks.Filter{MeetupID: "m1", Status: talks.Accepted}), []string{"talk03", "talk07"}},
		{"mentor applications", "GSI1 MAPPS#mentor#open", applications(mentorship.Mentor), mentors},
		{"mentee applications", "GSI1 MAPPS#mentee#open", applications(mentorship.Mentee), openMentees},
		{"open applications", "GSI2 MAPPS#open", applications(""), nil}, // checked by count below
		{"active pairs", "GSI1 PAIRS#active", pairs(false), active},
		{"ended pairs", "GSI1 PAIRS#ended", pairs(true), ended},
	}
}

// A genuine "next" cursor pages to the end, every item once and in order,
// and every cursor a listing cannot have given out is refused as invalid
// input on "cursor" before DynamoDB sees it: forged, from another
// partition or status, outside the listing's sort-key range, or garbage.
func TestCursors(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ls := cursorListings(t, tb)

	all := func(l listing, limit int) []string {
		t.Helper()
		var got []string
		cursor := ""
		for range 20 {
			page, next, err := l.list(cursor, limit)
			if err != nil {
				t.Fatalf("%s (pages of %d): %v", l.name, limit, err)
			}
			if len(page) > limit {
				t.Errorf("%s: page of %d, limit %d", l.name, len(page), limit)
			}
			got = append(got, page...)
			if next == "" {
				return got
			}
			cursor = next
		}
		t.Fatalf("%s (pages of %d) never ends", l.name, limit)
		return nil
	}
	// first is each listing's first page's cursor, to misuse below.
	first := map[string]string{}
	for i, l := range ls {
		whole := all(l, 100)
		if l.want == nil { // open applications: every open one, mentors and mentees
			ls[i].want, l.want = whole, whole
			if len(whole) != 5 {
				t.Errorf("%s: %v", l.name, whole)
			}
		}
		for _, limit := range []int{1, 2, 3, 100} {
			if got := all(l, limit); !slices.Equal(got, l.want) {
				t.Errorf("%s (pages of %d): %v, want %v", l.name, limit, got, l.want)
			}
		}
		_, next, err := l.list("", 1)
		if err != nil || next == "" {
			t.Fatalf("%s: first page: next %q, %v", l.name, next, err)
		}
		first[l.name] = next
	}

	type bad struct{ name, cursor string }
	for _, l := range ls {
		genuine := first[l.name]
		key := cursorKey(t, genuine)
		// The names of the partition and sort keys the listing reads: the
		// index's when the cursor has more than the table's keys.
		pkName, skName := "pk", "sk"
		for n := range key {
			if strings.HasSuffix(n, "pk") && n != "pk" {
				pkName, skName = n, strings.TrimSuffix(n, "pk")+"sk"
			}
		}
		cases := []bad{
			{"only pk", keyCursor(map[string]string{"pk": "x"})},
			{"no keys", keyCursor(map[string]string{})},
			{"unknown attribute", keyCursor(map[string]string{"pk": "x", "sk": "y", "status": "open"})},
			{"an attribute more", edited(t, genuine, func(m map[string]string) { m["gsi9pk"] = "x" })},
			{"an attribute less", edited(t, genuine, func(m map[string]string) { delete(m, "sk") })},
			{"another partition", edited(t, genuine, func(m map[string]string) {
				if m[pkName] == "MEETUPS#cancelled" {
					m[pkName] = "MEETUPS"
				} else {
					m[pkName] = "MEETUPS#cancelled"
				}
			})},
			{"partition of another case", edited(t, genuine, func(m map[string]string) { m[pkName] = strings.ToLower(m[pkName]) })},
			{"empty partition", edited(t, genuine, func(m map[string]string) { m[pkName] = "" })},
			{"empty sort key", edited(t, genuine, func(m map[string]string) { m[skName] = "" })},
			{"empty table sort key", edited(t, genuine, func(m map[string]string) { m["sk"] = "" })},
			{"sort key over 1024 bytes", edited(t, genuine, func(m map[string]string) { m[skName] += strings.Repeat("z", 1100) })},
			{"table sort key over 1024 bytes", edited(t, genuine, func(m map[string]string) { m["sk"] += strings.Repeat("z", 1100) })},
			{"not base64", "not a cursor!"},
			{"padded base64", base64.URLEncoding.EncodeToString([]byte(`{"pk":"x"}`))},
			{"not JSON", base64.RawURLEncoding.EncodeToString([]byte("pk=x"))},
			{"JSON list", base64.RawURLEncoding.EncodeToString([]byte(`["pk","x"]`))},
			{"JSON null", base64.RawURLEncoding.EncodeToString([]byte(`null`))},
			{"number value", base64.RawURLEncoding.EncodeToString([]byte(`{"pk":1,"sk":"x"}`))},
			{"too long", keyCursor(map[string]string{"pk": strings.Repeat("x", 3000), "sk": "x"})},
		}
		// Out of the sort-key range of a listing that has one.
		switch l.name {
		case "registrations of meet0", "registrations of meet1":
			id := strings.TrimPrefix(key["pk"], "MEETUP#")
			cases = append(cases,
				bad{"the meetup itself", keyCursor(map[string]string{"pk": "MEETUP#" + id, "sk": "META"})},
				bad{"after the registrations", edited(t, genuine, func(m map[string]string) { m["sk"] = "ZZZ" })})
		case "accepted talks of m1":
			cases = append(cases,
				bad{"a submitted talk of m1", edited(t, genuine, func(m map[string]string) {
					m["gsi2sk"] = strings.Replace(m["gsi2sk"], "accepted#", "submitted#", 1)
				})},
				bad{"before the accepted talks of m1", edited(t, genuine, func(m map[string]string) { m["gsi2sk"] = "a" })})
		}
		// Every other listing's genuine cursor (other index, other
		// partition, other status), unless it reads the same partition.
		for _, o := range ls {
			if o.group != l.group && !strings.HasPrefix(l.group, o.group) && !strings.HasPrefix(o.group, l.group) {
				cases = append(cases, bad{"cursor of " + o.name, first[o.name]})
			}
		}
		for _, c := range cases {
			page, next, err := l.list(c.cursor, 2)
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid || e.Fields["cursor"].Code == problem.None {
				t.Errorf("%s, %s: %v items, next %q, err %v; want invalid cursor", l.name, c.name, page, next, err)
			}
		}
	}
}

// A cursor of the upcoming meetups that fell behind the clock (the meetup
// it pointed at ended between two pages) goes on with the meetups still
// upcoming: it is a genuine cursor, so it is not refused, and what follows
// it within the list is the whole list.
func TestUpcomingCursorBehindTheClock(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	for i := range 3 {
		start := t0.Add(time.Duration(i) * time.Hour)
		putMeetup(t, tb, fmt.Sprintf("meet%d", i), start, start.Add(30*time.Minute), meetups.Scheduled)
	}
	page, next, err := tb.ListUpcoming(ctx, t0, "", 1)
	if err != nil || len(page) != 1 || page[0].ID != "meet0" || next == "" {
		t.Fatalf("first page: %v, next %q, %v", page, next, err)
	}
	// meet0 has ended by the time the second page is asked for.
	page, next, err = tb.ListUpcoming(ctx, t0.Add(time.Hour), next, 5)
	if err != nil || next != "" {
		t.Fatalf("second page: next %q, %v", next, err)
	}
	var got []string
	for _, m := range page {
		got = append(got, m.ID)
	}
	if fmt.Sprint(got) != "[meet1 meet2]" {
		t.Errorf("second page: %v, want [meet1 meet2]", got)
	}
}
