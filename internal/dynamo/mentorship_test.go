package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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

// ownerCount counts what the ByOwner index still holds of owner.
func ownerCount(t *testing.T, tb *dynamo.Table, owner string) int {
	t.Helper()
	expr, _ := expression.NewBuilder().WithKeyCondition(expression.Key("owner").Equal(expression.Value(owner))).Build()
	out, err := tb.DB.Query(context.Background(), &dynamodb.QueryInput{
		TableName: &tb.Name, IndexName: aws.String("ByOwner"), KeyConditionExpression: expr.KeyCondition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Items)
}

// pairPartition counts the items stored under a pair (the pair and its check-ins).
func pairPartition(t *testing.T, tb *dynamo.Table, id string) int {
	t.Helper()
	expr, _ := expression.NewBuilder().WithKeyCondition(expression.Key("pk").Equal(expression.Value("PAIR#" + id))).Build()
	out, err := tb.DB.Query(context.Background(), &dynamodb.QueryInput{
		TableName: &tb.Name, KeyConditionExpression: expr.KeyCondition(), ConsistentRead: aws.Bool(true),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Items)
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

func TestRecordCheckInKeepsTheLatest(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	mentor, mentee := putApplication(t, tb, mentorship.Mentor, 1), putApplication(t, tb, mentorship.Mentee, 0)
	p := pairUp(t, tb, mentor, mentee)

	later := mentorship.CheckIn{ID: "b", PairID: p.ID, Side: mentorship.Mentee, Owner: mentee.Owner, At: mentorshipStart.Add(2 * time.Hour), Answer: mentorship.NeedHelp}
	earlier := mentorship.CheckIn{ID: "a", PairID: p.ID, Side: mentorship.Mentee, Owner: mentee.Owner, At: mentorshipStart.Add(time.Hour), Answer: mentorship.Met}
	if err := tb.RecordCheckIn(ctx, later); err != nil {
		t.Fatal(err)
	}
	if err := tb.RecordCheckIn(ctx, earlier); !errors.Is(err, mentorship.ErrChanged) {
		t.Fatalf("an earlier check-in landing late: %v", err)
	}
	got, err := tb.GetPair(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Mentee.LastCheckIn.Equal(later.At) || !got.Mentee.AskedForHelp || !got.Mentor.LastCheckIn.IsZero() {
		t.Errorf("pair after check-ins: %+v", got)
	}

	if _, err := tb.EndPair(ctx, p.ID, mentorship.Completed, "done", mentorshipStart.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	after := mentorship.CheckIn{ID: "c", PairID: p.ID, Side: mentorship.Mentor, At: mentorshipStart.Add(4 * time.Hour), Answer: mentorship.Met}
	if err := tb.RecordCheckIn(ctx, after); !errors.Is(err, mentorship.ErrChanged) {
		t.Errorf("a check-in on an ended pair: %v", err)
	}
	if _, err := tb.EndPair(ctx, p.ID, mentorship.Dropped, "again", mentorshipStart.Add(5*time.Hour)); !errors.Is(err, mentorship.ErrChanged) {
		t.Errorf("ending twice: %v", err)
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

func TestEraseMentorship(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("a mentee", func(t *testing.T) {
		t.Parallel()
		tb := newTable(t)
		mentor, mentee := putApplication(t, tb, mentorship.Mentor, 2), putApplication(t, tb, mentorship.Mentee, 0)
		other := putApplication(t, tb, mentorship.Mentee, 0)
		p := pairUp(t, tb, mentor, mentee)
		kept := pairUp(t, tb, mentor, other)
		checkIn(t, tb, p, mentorship.Mentee, mentee.Owner, mentorshipStart.Add(time.Hour))
		checkIn(t, tb, p, mentorship.Mentor, mentor.Owner, mentorshipStart.Add(2*time.Hour))
		checkIn(t, tb, kept, mentorship.Mentor, mentor.Owner, mentorshipStart.Add(3*time.Hour))

		for range 2 { // erasing again finds nothing more to do
			if err := tb.EraseMentorship(ctx, mentee.Owner); err != nil {
				t.Fatal(err)
			}
		}
		if n := ownerCount(t, tb, mentee.Owner); n != 0 {
			t.Errorf("%d items of the erased mentee remain", n)
		}
		if n := pairPartition(t, tb, p.ID); n != 0 {
			t.Errorf("%d items of the erased mentee's pair remain (check-ins of both sides go)", n)
		}
		if _, err := tb.GetApplication(ctx, mentee.ID); !errors.Is(err, mentorship.ErrNotFound) {
			t.Errorf("the application remains: %v", err)
		}
		m, err := tb.GetApplication(ctx, mentor.ID)
		if err != nil || m.FreePlaces() != 1 || m.Status != mentorship.Open || !slices.Equal(m.Mentees, []string{kept.ID}) {
			t.Errorf("the mentor's place was not freed: %+v (%v)", m, err)
		}
		// The mentor keeps the other pair and their check-in on it.
		if n := pairPartition(t, tb, kept.ID); n != 2 {
			t.Errorf("the mentor's other pair holds %d items, want the pair and one check-in", n)
		}
		if n := ownerCount(t, tb, mentor.Owner); n != 2 {
			t.Errorf("the mentor holds %d items, want an application and a check-in", n)
		}
	})

	t.Run("a mentor", func(t *testing.T) {
		t.Parallel()
		tb := newTable(t)
		mentor, mentee := putApplication(t, tb, mentorship.Mentor, 1), putApplication(t, tb, mentorship.Mentee, 0)
		first := pairUp(t, tb, mentor, mentee)
		checkIn(t, tb, first, mentorship.Mentee, mentee.Owner, mentorshipStart.Add(time.Hour))
		// An ended pair is erased too: the mentor's history finds it.
		if _, err := tb.EndPair(ctx, first.ID, mentorship.Completed, "done", mentorshipStart.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := tb.FreePlace(ctx, mentor.ID, first.ID, mentorshipStart); err != nil {
			t.Fatal(err)
		}
		if err := tb.ReleaseMentee(ctx, mentee.ID, first.ID, mentorship.Closed, mentorshipStart); err != nil {
			t.Fatal(err)
		}
		second := putApplication(t, tb, mentorship.Mentee, 0)
		current := pairUp(t, tb, mentor, second)

		if err := tb.EraseMentorship(ctx, mentor.Owner); err != nil {
			t.Fatal(err)
		}
		if n := ownerCount(t, tb, mentor.Owner); n != 0 {
			t.Errorf("%d items of the erased mentor remain", n)
		}
		for _, id := range []string{first.ID, current.ID} {
			if n := pairPartition(t, tb, id); n != 0 {
				t.Errorf("pair %s holds %d items after its mentor's erase", id, n)
			}
		}
		// The current mentee is free to be paired again; the earlier one,
		// whose mentorship had ended, stays closed.
		if a, err := tb.GetApplication(ctx, second.ID); err != nil || a.Status != mentorship.Open || a.PairID != "" {
			t.Errorf("the current mentee: %+v (%v)", a, err)
		}
		if a, err := tb.GetApplication(ctx, mentee.ID); err != nil || a.Status != mentorship.Closed {
			t.Errorf("the earlier mentee: %+v (%v)", a, err)
		}
		if n := ownerCount(t, tb, mentee.Owner); n != 1 {
			t.Errorf("the earlier mentee holds %d items, want their application", n)
		}
	})
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

// A pair's check-ins come back the latest first, both sides', every field
// as stored, a page at a time.
func TestCheckInsTheLatestFirst(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	mentor, mentee := putApplication(t, tb, mentorship.Mentor, 1), putApplication(t, tb, mentorship.Mentee, 0)
	p := pairUp(t, tb, mentor, mentee)
	other := pairUp(t, tb, putApplication(t, tb, mentorship.Mentor, 1), putApplication(t, tb, mentorship.Mentee, 0))
	checkIn(t, tb, other, mentorship.Mentor, "P#other", mentorshipStart.Add(time.Minute))
	full := mentorship.CheckIn{ID: "full", PairID: p.ID, Side: mentorship.Mentee, Owner: mentee.Owner, At: mentorshipStart.Add(3 * time.Hour),
		Progress: 4, Summary: "We read the tutorial.", NextStep: "A first view", Blocked: true}
	if err := tb.PutCheckIn(ctx, full); err != nil {
		t.Fatal(err)
	}
	checkIn(t, tb, p, mentorship.Mentor, mentor.Owner, mentorshipStart.Add(time.Hour))
	checkIn(t, tb, p, mentorship.Mentee, mentee.Owner, mentorshipStart.Add(2*time.Hour))

	first, next, err := tb.CheckIns(ctx, p.ID, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 2 || next == "" || first[0] != full || first[1].Side != mentorship.Mentee || first[1].Answer != mentorship.Met {
		t.Fatalf("first page %+v, next %q", first, next)
	}
	rest, next, err := tb.CheckIns(ctx, p.ID, next, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 1 || next != "" || rest[0].Side != mentorship.Mentor || !rest[0].At.Equal(mentorshipStart.Add(time.Hour)) {
		t.Errorf("second page %+v, next %q", rest, next)
	}
}
