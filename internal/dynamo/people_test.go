package dynamo_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/testenv"
)

// An email given back no longer counts against the day's cap; a counter
// given back to zero is gone, and giving back what was never counted
// stores nothing.
func TestReturnEmailLeavesNothing(t *testing.T) {
	t.Parallel()
	db, name := testenv.NewTable(t)
	tb := dynamo.New(db, name)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 6, 30, 0, 0, time.UTC)
	const owner, kind, max = "someone@example.org", "registration", 3
	allow := func() bool {
		t.Helper()
		ok, err := tb.AllowEmail(ctx, kind, owner, max, now)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	give := func() {
		t.Helper()
		if err := tb.ReturnEmail(ctx, kind, owner, now); err != nil {
			t.Fatal(err)
		}
	}

	give() // nothing counted yet
	if n := len(scanAll(t, db, name)); n != 0 {
		t.Fatalf("giving back an email never counted stored %d items", n)
	}
	for range max {
		allow()
	}
	if allow() {
		t.Fatal("allowed past the cap")
	}
	give()
	if !allow() {
		t.Fatal("an email given back still counts")
	}

	// Of concurrent counts and returns, none is lost.
	var wg sync.WaitGroup
	for range max {
		wg.Go(give)
		wg.Go(func() { allow() })
	}
	wg.Wait()
	for range max {
		give()
	}
	if n := len(scanAll(t, db, name)); n != 0 {
		t.Errorf("a counter given back to zero is kept (%d items)", n)
	}
}

// An erase under way is one until its time has passed or it has ended.
func TestErasing(t *testing.T) {
	t.Parallel()
	db, name := testenv.NewTable(t)
	tb := dynamo.New(db, name)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 6, 30, 0, 0, time.UTC)
	erasing := func(at time.Time) bool {
		t.Helper()
		e, err := tb.Erasing(ctx, "P#someone", at)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	if erasing(now) {
		t.Fatal("erasing before any erase")
	}
	if err := tb.BeginErase(ctx, "P#someone", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !erasing(now) || erasing(now.Add(time.Minute)) {
		t.Error("an erase is under way until its time, not after")
	}
	if err := tb.EndErase(ctx, "P#someone"); err != nil {
		t.Fatal(err)
	}
	if erasing(now) || len(scanAll(t, db, name)) != 0 {
		t.Error("an ended erase is still recorded")
	}
}

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
