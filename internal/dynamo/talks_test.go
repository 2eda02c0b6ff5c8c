package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
)

func newTable(t *testing.T) *dynamo.Table {
	t.Helper()
	db, name := testenv.NewTable(t)
	return dynamo.New(db, name)
}

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// putTalk stores a talk by email in status, for meetup ("" for none), the
// n-th submitted (so listings have a known order).
func putTalk(t *testing.T, tb *dynamo.Table, n int, email string, status talks.Status, meetup string) talks.Talk {
	t.Helper()
	tk := talks.Talk{
		ID: fmt.Sprintf("talk%02d", n), Owner: person.Key(email), Name: "Speaker", Email: email,
		Title: fmt.Sprintf("Talk %d", n), Abstract: "About it", Format: talks.Short, Level: talks.Beginner,
		Language: "en", MeetupID: meetup, Status: status, CreatedAt: t0.Add(time.Duration(n) * time.Second), UpdatedAt: t0,
	}
	if err := tb.CreateTalk(context.Background(), tk); err != nil {
		t.Fatal(err)
	}
	return tk
}

// putMeetup stores a meetup in Tehran with ten seats, from start to end, in
// status, made at t0.
func putMeetup(t *testing.T, tb *dynamo.Table, id string, start, end time.Time, status meetups.Status) meetups.Meetup {
	t.Helper()
	m := meetups.Meetup{ID: id, Title: "Meetup", StartsAt: start, EndsAt: end, Venue: "Tehran", Capacity: 10, Status: status, CreatedAt: t0, UpdatedAt: t0}
	if err := tb.CreateMeetup(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m
}

// keys is the key of each item, in order.
func keys[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

func ids(ts []talks.Talk) []string { return keys(ts, func(t talks.Talk) string { return t.ID }) }

// listTalks reads every page of the talks f selects, limit a page, and
// gives their ids.
func listTalks(t *testing.T, tb *dynamo.Table, f talks.Filter, limit int) []string {
	t.Helper()
	var got []talks.Talk
	cursor := ""
	for range 20 {
		page, next, err := tb.ListTalks(context.Background(), f, cursor, limit)
		if err != nil {
			t.Fatalf("list %+v: %v", f, err)
		}
		got = append(got, page...)
		if next == "" {
			return ids(got)
		}
		cursor = next
	}
	t.Fatalf("list %+v never ends", f)
	return nil
}

func TestMoveTalkOnce(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	tk := putTalk(t, tb, 1, "race@example.org", talks.Submitted, "")

	const n = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, lost := 0, 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := tk
			next.Status, next.MeetupID = talks.Accepted, fmt.Sprintf("m%d", i)
			if i%2 == 1 {
				next.Status, next.MeetupID = talks.Rejected, ""
			}
			_, err := tb.MoveTalk(context.Background(), next, tk)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, talks.ErrChanged):
				lost++
			default:
				t.Errorf("move: %v", err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || lost != n-1 {
		t.Errorf("%d moves won and %d lost; want 1 and %d", won, lost, n-1)
	}
}

// A move decided on a talk that has moved away and back to the same status
// since is refused: the version it was decided on is gone. Each move sets
// the next version.
func TestMoveTalkIsConditionalOnTheVersion(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	read := putTalk(t, tb, 1, "aba@example.org", talks.Submitted, "")
	accepted := read
	accepted.Status, accepted.MeetupID = talks.Accepted, "m1"
	moved, err := tb.MoveTalk(ctx, accepted, read)
	if err != nil || moved.Version != 1 {
		t.Fatalf("first move: version %d, %v", moved.Version, err)
	}
	back := moved
	back.Status, back.MeetupID = talks.Submitted, ""
	if moved, err = tb.MoveTalk(ctx, back, moved); err != nil || moved.Version != 2 {
		t.Fatalf("back to submitted: version %d, %v", moved.Version, err)
	}
	// Submitted again, but not the submitted talk that was read.
	stale := read
	stale.Status, stale.MeetupID = talks.Rejected, ""
	if _, err := tb.MoveTalk(ctx, stale, read); !errors.Is(err, talks.ErrChanged) {
		t.Errorf("a move decided on version 0 of a talk at version 2: %v", err)
	}
	if now, err := tb.GetTalk(ctx, read.ID); err != nil || now.Status != talks.Submitted || now.Version != 2 {
		t.Errorf("the talk is %s at version %d (%v)", now.Status, now.Version, err)
	}
}

// Narrowed lists keep the talks of one format, level or language, or only
// those for a meetup, page after page.
func TestNarrowedTalkListings(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	for i := range 9 {
		tk := talks.Talk{
			ID: fmt.Sprintf("talk%02d", i), Owner: person.Key(fmt.Sprintf("n%d@example.org", i)), Name: "Speaker", Email: fmt.Sprintf("n%d@example.org", i),
			Title: "T", Format: []talks.Format{talks.Lightning, talks.Short, talks.Long}[i%3], Level: []talks.Level{talks.Beginner, talks.Advanced}[i%2],
			Language: []string{"en", "fa"}[i/6], MeetupID: []string{"", "m1"}[i%2], Status: talks.Submitted, CreatedAt: t0.Add(time.Duration(i) * time.Second), UpdatedAt: t0,
		}
		if err := tb.CreateTalk(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		f    talks.Filter
		want string
	}{
		{talks.Filter{Status: talks.Submitted, Format: talks.Long}, "[talk02 talk05 talk08]"},
		{talks.Filter{Status: talks.Submitted, Level: talks.Advanced, Language: "en"}, "[talk01 talk03 talk05]"},
		{talks.Filter{Status: talks.Submitted, ForMeetup: true}, "[talk01 talk03 talk05 talk07]"},
		{talks.Filter{Status: talks.Submitted, ForMeetup: true, Format: talks.Lightning}, "[talk03]"},
		{talks.Filter{Backlog: true, Language: "fa"}, "[talk06 talk08]"},
		{talks.Filter{Status: talks.Submitted, Language: "de"}, "[]"},
	} {
		for _, limit := range []int{1, 2, 20} {
			if got := fmt.Sprint(listTalks(t, tb, tt.f, limit)); got != tt.want {
				t.Errorf("%+v (pages of %d): %s, want %s", tt.f, limit, got, tt.want)
			}
		}
	}
}

// A speaker's talks are found by their person key, and only theirs.
func TestSpeakerTalks(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	putTalk(t, tb, 1, "same@example.org", talks.Submitted, "")
	putTalk(t, tb, 2, "same@example.org", talks.Rejected, "")
	putTalk(t, tb, 3, "else@example.org", talks.Submitted, "")
	ts, err := tb.SpeakerTalks(ctx, person.Key("same@example.org"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(ids(ts)); got != "[talk01 talk02]" && got != "[talk02 talk01]" {
		t.Errorf("the speaker's talks: %s", got)
	}
}

func TestTalkListings(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	putTalk(t, tb, 1, "a@example.org", talks.Submitted, "")
	putTalk(t, tb, 2, "b@example.org", talks.Submitted, "m1")
	acc := putTalk(t, tb, 3, "c@example.org", talks.Accepted, "m1")
	putTalk(t, tb, 4, "d@example.org", talks.Confirmed, "m1")
	putTalk(t, tb, 5, "e@example.org", talks.Submitted, "")
	putTalk(t, tb, 6, "f@example.org", talks.Accepted, "m2")
	putTalk(t, tb, 7, "g@example.org", talks.Rejected, "")

	tests := []struct {
		name string
		f    talks.Filter
		want string
	}{
		{"submitted", talks.Filter{Status: talks.Submitted}, "[talk01 talk02 talk05]"},
		{"accepted", talks.Filter{Status: talks.Accepted}, "[talk03 talk06]"},
		{"rejected", talks.Filter{Status: talks.Rejected}, "[talk07]"},
		{"backlog", talks.Filter{Backlog: true}, "[talk01 talk05]"},
		{"meetup, grouped by status", talks.Filter{MeetupID: "m1"}, "[talk03 talk04 talk02]"},
		{"meetup and status", talks.Filter{MeetupID: "m1", Status: talks.Submitted}, "[talk02]"},
		{"another meetup", talks.Filter{MeetupID: "m2"}, "[talk06]"},
	}
	for _, tt := range tests {
		for _, limit := range []int{1, 2, 100} {
			if got := fmt.Sprint(listTalks(t, tb, tt.f, limit)); got != tt.want {
				t.Errorf("%s (pages of %d): %s, want %s", tt.name, limit, got, tt.want)
			}
		}
	}

	programme := func() string {
		ts, err := tb.MeetupTalks(ctx, "m1")
		if err != nil {
			t.Fatal(err)
		}
		s := ""
		for _, tk := range ts {
			s += tk.ID + ":" + tk.Status + " "
		}
		return s
	}
	if got := programme(); got != "talk03:accepted talk04:confirmed " {
		t.Errorf("programme of m1: %q", got)
	}

	// Withdrawing takes the talk off its meetup in the same write.
	next := acc
	next.Status = talks.Withdrawn
	if _, err := tb.MoveTalk(ctx, next, acc); err != nil {
		t.Fatal(err)
	}
	if got := programme(); got != "talk04:confirmed " {
		t.Errorf("programme after withdrawing talk03: %q", got)
	}
	if got := fmt.Sprint(listTalks(t, tb, talks.Filter{MeetupID: "m1"}, 100)); got != "[talk04 talk02]" {
		t.Errorf("meetup list after withdrawing: %s", got)
	}
	if got := fmt.Sprint(listTalks(t, tb, talks.Filter{Status: talks.Withdrawn}, 100)); got != "[talk03]" {
		t.Errorf("withdrawn list: %s", got)
	}

	// A cursor from one list is refused by another.
	_, next1, err := tb.ListTalks(ctx, talks.Filter{Status: talks.Submitted}, "", 1)
	if err != nil || next1 == "" {
		t.Fatalf("first page: %q %v", next1, err)
	}
	for _, f := range []talks.Filter{{Status: talks.Accepted}, {Backlog: true}, {MeetupID: "m1"}} {
		if _, _, err := tb.ListTalks(ctx, f, next1, 10); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%+v with another list's cursor: %v", f, err)
		}
	}
	if _, _, err := tb.ListTalks(ctx, talks.Filter{Status: talks.Submitted}, "bm90IGEgY3Vyc29y", 10); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("forged cursor: %v", err)
	}
}

// TestAnonymizeTalks: erasing a speaker keeps only the titles of their talks
// on a programme, deletes the rest, and leaves nothing that names them.
func TestAnonymizeTalks(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	gone, other := "gone@example.org", "other@example.org"
	for i, st := range []talks.Status{talks.Submitted, talks.Accepted, talks.Confirmed, talks.Rejected, talks.Withdrawn} {
		meetup := "m1"
		if st == talks.Submitted {
			meetup = ""
		}
		putTalk(t, tb, i+1, gone, st, meetup)
	}
	putTalk(t, tb, 9, other, talks.Accepted, "m1")

	for range 2 { // a retried erase finds nothing more to do
		if err := tb.AnonymizeTalks(ctx, person.Key(gone)); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"talk01", "talk04", "talk05"} {
		if _, err := tb.GetTalk(ctx, id); !errors.Is(err, talks.ErrNotFound) {
			t.Errorf("%s not deleted: %v", id, err)
		}
	}
	for _, id := range []string{"talk02", "talk03"} {
		tk, err := tb.GetTalk(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Owner != "" || tk.Name != "" || tk.Email != "" || tk.Abstract != "" || tk.Message != "" {
			t.Errorf("%s keeps personal data: %+v", id, tk)
		}
		if tk.Title == "" || tk.MeetupID != "m1" || !tk.Status.OnProgramme() {
			t.Errorf("%s lost its public part: %+v", id, tk)
		}
	}
	ts, err := tb.MeetupTalks(ctx, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 3 || ts[0].Title != "Talk 2" || ts[0].SpeakerName != "" || ts[2].SpeakerName != "Speaker" {
		t.Errorf("programme after the erase: %+v", ts)
	}
	if tk, err := tb.GetTalk(ctx, "talk09"); err != nil || tk.Email != other {
		t.Errorf("another speaker's talk changed: %+v %v", tk, err)
	}
	if holds, err := tb.HoldsData(ctx, person.Key(gone)); err != nil || holds {
		t.Errorf("ByOwner still finds the erased speaker: %v %v", holds, err)
	}
}
