package dynamo_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tehpug/backend/internal/topics"
)

func putTopic(t *testing.T, tb interface {
	CreateTopic(context.Context, topics.Topic) error
}, id string) topics.Topic {
	t.Helper()
	tp := topics.Topic{ID: id, Title: "Topic " + id, Language: "en", Owner: "P#proposer", Status: topics.Open, CreatedAt: t0, UpdatedAt: t0}
	if err := tb.CreateTopic(context.Background(), tp); err != nil {
		t.Fatal(err)
	}
	return tp
}

// Fifty members voting at the same moment for one topic count fifty; each
// voting again at the same moment changes nothing.
func TestTopicVotesAreExactUnderConcurrency(t *testing.T) {
	tb := newTable(t)
	ctx := context.Background()
	putTopic(t, tb, "popular")
	const n = 50
	for round, want := range []bool{true, false} {
		var wg sync.WaitGroup
		changed := make([]bool, n)
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				changed[i], errs[i] = tb.Vote(ctx, "popular", fmt.Sprintf("P#member%02d", i), t0)
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d vote %d: %v", round, i, errs[i])
			}
			if changed[i] != want {
				t.Errorf("round %d vote %d changed = %v, want %v", round, i, changed[i], want)
			}
		}
		got, err := tb.GetTopic(ctx, "popular")
		if err != nil {
			t.Fatal(err)
		}
		if got.Votes != n || len(got.Voters) != n {
			t.Fatalf("round %d: votes %d, voters %d; want %d", round, got.Votes, len(got.Voters), n)
		}
	}
	// Half take their vote back at once, and again.
	for range 2 {
		var wg sync.WaitGroup
		for i := range n / 2 {
			wg.Go(func() {
				if _, err := tb.Unvote(ctx, "popular", fmt.Sprintf("P#member%02d", i), t0); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	got, _ := tb.GetTopic(ctx, "popular")
	if got.Votes != n/2 || len(got.Voters) != n/2 || got.Voted("P#member00") || !got.Voted("P#member49") {
		t.Fatalf("after unvoting: votes %d, voters %d", got.Votes, len(got.Voters))
	}
}

func TestTopicVoteNeedsAnOpenTopic(t *testing.T) {
	tb := newTable(t)
	ctx := context.Background()
	if _, err := tb.Vote(ctx, "nosuch", "P#a", t0); err != topics.ErrNotFound {
		t.Fatalf("vote for a missing topic: %v", err)
	}
	tp := putTopic(t, tb, "hidden")
	to := tp
	to.Status = topics.Hidden
	if err := tb.SetStatus(ctx, tp.ID, topics.Open, "", to); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Vote(ctx, tp.ID, "P#a", t0); err != topics.ErrChanged {
		t.Fatalf("vote for a hidden topic: %v", err)
	}
	open, err := tb.OpenTopics(ctx)
	if err != nil || len(open) != 0 {
		t.Fatalf("open topics %v, %v", open, err)
	}
	hidden, err := tb.ListTopics(ctx, topics.Hidden, 10)
	if err != nil || len(hidden) != 1 || hidden[0].ID != tp.ID {
		t.Fatalf("hidden topics %v, %v", hidden, err)
	}
}
