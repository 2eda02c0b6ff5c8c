package dynamo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/mentorship"
)

func TestRecordCheckInKeepsTheLatest(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	_, mentee, p := newPair(t, tb)

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

// A pair's check-ins come back the latest first, both sides', every field
// as stored, a page at a time.
func TestCheckInsTheLatestFirst(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	mentor, mentee, p := newPair(t, tb)
	_, _, other := newPair(t, tb)
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
