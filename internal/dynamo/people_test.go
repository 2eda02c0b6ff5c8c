package dynamo_test

import (
	"context"
	"testing"
	"time"
)

// A returned email frees its place under the cap of the day it was counted
// on, and only that day's; returning more than was counted never counts
// below zero.
func TestReturnEmail(t *testing.T) {
	t.Parallel()
	tb, ctx := newTable(t), context.Background()
	const kind, owner, max = "member-confirm", "someone+tag@example.org", 2
	allow := func(at time.Time) bool {
		t.Helper()
		ok, err := tb.AllowEmail(ctx, kind, owner, max, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	// allowed is how many of n more emails today are allowed.
	allowed := func(n int) int {
		t.Helper()
		k := 0
		for range n {
			if allow(t0) {
				k++
			}
		}
		return k
	}
	give := func(at time.Time) {
		t.Helper()
		if err := tb.ReturnEmail(ctx, kind, owner, at); err != nil {
			t.Fatal(err)
		}
	}
	nextDay := t0.Add(24 * time.Hour)
	give(t0) // nothing counted yet: nothing to give back
	if n := allowed(max + 1); n != max {
		t.Fatalf("%d emails allowed, want %d", n, max)
	}
	give(t0)
	if !allow(t0) {
		t.Error("a returned email did not free its place")
	}
	if allow(t0) {
		t.Error("one return freed two places")
	}
	give(nextDay) // another day's counter: today's stays full
	if allow(t0) {
		t.Error("a return on another day freed a place today")
	}
	for range 3 {
		give(t0)
	}
	if n := allowed(max + 1); n != max {
		t.Errorf("after returning more than was counted: %d allowed, want %d", n, max)
	}
}
