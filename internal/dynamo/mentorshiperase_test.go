package dynamo_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/mentorship"
)

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
		mentor, mentee, first := newPair(t, tb)
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
