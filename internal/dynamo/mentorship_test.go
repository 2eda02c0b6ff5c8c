package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
)

// The compiler checks the adapter is the mentorship store.
var _ mentorship.Store = (*dynamo.Table)(nil)

var mentorshipStart = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// putApplication stores an open application of a new person in role.
func putApplication(t *testing.T, tb *dynamo.Table, role mentorship.Role, capacity int) mentorship.Application {
	t.Helper()
	email := fmt.Sprintf("%s-%s@example.org", role, testenv.RandomHex(4))
	owner := person.Key(email)
	a := mentorship.Application{
		ID: mentorship.ApplicationID(role, owner), Role: role, Owner: owner, Name: "Person", Email: email, Language: "en",
		Topics: []string{"Python"}, Capacity: capacity, Status: mentorship.Open, CreatedAt: mentorshipStart, UpdatedAt: mentorshipStart,
	}
	if _, err := tb.PutApplication(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// pairUp makes an active pair the way the service does, step by step.
func pairUp(t *testing.T, tb *dynamo.Table, mentor, mentee mentorship.Application) mentorship.Pair {
	t.Helper()
	ctx := context.Background()
	p := mentorship.Pair{ID: "pair" + testenv.RandomHex(4), Status: mentorship.PairPending, MentorApp: mentor.ID, MenteeApp: mentee.ID, MenteeOwner: mentee.Owner, CreatedAt: mentorshipStart}
	if err := tb.CreatePair(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := tb.ClaimMentee(ctx, mentee.ID, p.ID, mentorshipStart); err != nil {
		t.Fatal(err)
	}
	m, err := tb.GetApplication(ctx, mentor.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tb.TakePlace(ctx, m, p.ID, mentorshipStart); err != nil {
		t.Fatal(err)
	}
	if p, err = tb.ActivatePair(ctx, p.ID, mentorshipStart); err != nil {
		t.Fatal(err)
	}
	return p
}

// newPair makes an active pair of a new mentor, with one place, and a new
// mentee.
func newPair(t *testing.T, tb *dynamo.Table) (mentor, mentee mentorship.Application, p mentorship.Pair) {
	t.Helper()
	mentor, mentee = putApplication(t, tb, mentorship.Mentor, 1), putApplication(t, tb, mentorship.Mentee, 0)
	return mentor, mentee, pairUp(t, tb, mentor, mentee)
}

func checkIn(t *testing.T, tb *dynamo.Table, p mentorship.Pair, side mentorship.Role, owner string, at time.Time) {
	t.Helper()
	c := mentorship.CheckIn{ID: testenv.RandomHex(4), PairID: p.ID, Side: side, Owner: owner, At: at, Answer: mentorship.Met, Summary: "We met"}
	if err := tb.PutCheckIn(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if err := tb.RecordCheckIn(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

func TestTakePlaceNeverOverfills(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	mentor := putApplication(t, tb, mentorship.Mentor, 3)

	// Twelve pairings race for three places, each reading and retrying as
	// the service does.
	const n = 12
	var wg sync.WaitGroup
	var mu sync.Mutex
	var won []string
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("race%02d", i)
			for range 50 {
				m, err := tb.GetApplication(ctx, mentor.ID)
				if err != nil {
					t.Error(err)
					return
				}
				if m.FreePlaces() == 0 {
					return
				}
				_, err = tb.TakePlace(ctx, m, id, mentorshipStart)
				if err == nil {
					mu.Lock()
					won = append(won, id)
					mu.Unlock()
					return
				}
				if !errors.Is(err, mentorship.ErrChanged) {
					t.Error(err)
					return
				}
			}
			t.Errorf("pairing %s never got an answer", id)
		}()
	}
	wg.Wait()

	m, err := tb.GetApplication(ctx, mentor.ID)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(won)
	got := slices.Sorted(slices.Values(m.Mentees))
	if len(won) != 3 || !slices.Equal(won, got) || m.Status != mentorship.Full {
		t.Fatalf("%d pairings won %v; the mentor holds %v, status %s", len(won), won, m.Mentees, m.Status)
	}
	// A stale read can never add a fourth, even if the caller believes a place is free.
	stale := m
	stale.Mentees = m.Mentees[:2]
	if _, err := tb.TakePlace(ctx, stale, "late", mentorshipStart); !errors.Is(err, mentorship.ErrChanged) {
		t.Errorf("a fourth place was taken: %v", err)
	}

	// Nor can a caller that believes the capacity is larger: the stored
	// capacity decides.
	bigger := m
	bigger.Capacity = 4
	if _, err := tb.TakePlace(ctx, bigger, "late", mentorshipStart); !errors.Is(err, mentorship.ErrChanged) {
		t.Errorf("a place beyond the stored capacity was taken: %v", err)
	}

	// Freeing a place reopens the mentor, wherever the place sits in the list.
	if err := tb.FreePlace(ctx, mentor.ID, won[1], mentorshipStart); err != nil {
		t.Fatal(err)
	}
	if m, _ = tb.GetApplication(ctx, mentor.ID); m.Status != mentorship.Open || len(m.Mentees) != 2 || slices.Contains(m.Mentees, won[1]) {
		t.Errorf("after freeing a place: %+v", m)
	}
	open, _, err := tb.ListApplications(ctx, mentorship.Mentor, mentorship.Open, "", 10)
	if err != nil || len(open) != 1 || open[0].ID != mentor.ID {
		t.Errorf("open mentors %v (%v)", open, err)
	}
	if err := tb.FreePlace(ctx, mentor.ID, "never-held", mentorshipStart); err != nil {
		t.Errorf("freeing a place never held: %v", err)
	}
}

func TestListPairsFiltered(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	mentor := putApplication(t, tb, mentorship.Mentor, 5)
	var all []string
	for range 5 {
		all = append(all, pairUp(t, tb, mentor, putApplication(t, tb, mentorship.Mentee, 0)).ID)
	}
	keep := func(p mentorship.Pair) bool { return p.ID != all[1] && p.ID != all[2] }
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("the listing never ends")
		}
		ps, next, err := tb.ListPairs(ctx, false, keep, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) > 2 {
			t.Fatalf("page of %d, limit 2", len(ps))
		}
		for _, p := range ps {
			got = append(got, p.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	want := slices.DeleteFunc(slices.Clone(all), func(id string) bool { return id == all[1] || id == all[2] })
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("listed %v, want %v", got, want)
	}
	if _, _, err := tb.ListPairs(ctx, false, nil, "not-a-cursor", 2); err == nil {
		t.Error("a forged cursor was accepted")
	}
}

func TestApplicationLifecycle(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	a := putApplication(t, tb, mentorship.Mentee, 0)

	if _, err := tb.PutApplication(ctx, a); !errors.Is(err, mentorship.ErrExists) {
		t.Fatalf("applying twice: %v", err)
	}
	// A closed application opens again, keeping its history.
	p := pairUp(t, tb, putApplication(t, tb, mentorship.Mentor, 1), a)
	if err := tb.ReleaseMentee(ctx, a.ID, p.ID, mentorship.Closed, mentorshipStart); err != nil {
		t.Fatal(err)
	}
	again := a
	again.Goals, again.CreatedAt = "Something new", mentorshipStart.Add(time.Hour)
	reopened, err := tb.PutApplication(ctx, again)
	if err != nil || !reopened {
		t.Fatalf("reopening: %v %v", reopened, err)
	}
	got, _ := tb.GetApplication(ctx, a.ID)
	if got.Status != mentorship.Open || got.Goals != "Something new" || !slices.Equal(got.Pairs, []string{p.ID}) {
		t.Errorf("reopened: %+v", got)
	}
	// Undoing the reopening (its email failed) closes it again; undoing a
	// new application deletes it.
	if err := tb.UndoApplication(ctx, again); err != nil {
		t.Fatal(err)
	}
	if got, _ := tb.GetApplication(ctx, a.ID); got.Status != mentorship.Closed {
		t.Errorf("after undoing the reopening: %s", got.Status)
	}
	fresh := putApplication(t, tb, mentorship.Mentor, 2)
	if err := tb.UndoApplication(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.GetApplication(ctx, fresh.ID); !errors.Is(err, mentorship.ErrNotFound) {
		t.Errorf("after undoing a new application: %v", err)
	}
	apps, err := tb.GetApplications(ctx, []string{a.ID, fresh.ID, a.ID})
	if err != nil || len(apps) != 1 || apps[a.ID].ID != a.ID {
		t.Errorf("batch read: %v (%v)", apps, err)
	}
}
