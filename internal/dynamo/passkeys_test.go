package dynamo_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/passkeys"
	"github.com/tehpug/backend/internal/person"
)

func TestAChallengeIsTakenOnceAndOnlyAsIssued(t *testing.T) {
	tb, ctx := newTable(t), context.Background()
	owner := person.Key("a@example.org")
	put := func(id string, c passkeys.Ceremony, owner string) {
		t.Helper()
		err := tb.PutChallenge(ctx, passkeys.Challenge{ID: id, Ceremony: c, Owner: owner, Session: []byte(`{"challenge":"x"}`), ExpiresAt: t0.Add(5 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
	}
	put("reg", passkeys.Register, owner)
	put("in", passkeys.SignIn, "")
	for name, try := range map[string]func() error{
		"another ceremony": func() error { _, err := tb.TakeChallenge(ctx, "reg", passkeys.SignIn, "", t0); return err },
		"another organizer": func() error {
			_, err := tb.TakeChallenge(ctx, "reg", passkeys.Register, person.Key("b@example.org"), t0)
			return err
		},
		"a sign-in as registration": func() error {
			_, err := tb.TakeChallenge(ctx, "in", passkeys.Register, owner, t0)
			return err
		},
		"expired": func() error {
			_, err := tb.TakeChallenge(ctx, "reg", passkeys.Register, owner, t0.Add(5*time.Minute))
			return err
		},
		"never put": func() error { _, err := tb.TakeChallenge(ctx, "nope", passkeys.SignIn, "", t0); return err },
	} {
		if err := try(); !errors.Is(err, passkeys.ErrNoChallenge) {
			t.Errorf("taking a challenge with %s: %v, want ErrNoChallenge", name, err)
		}
	}
	c, err := tb.TakeChallenge(ctx, "reg", passkeys.Register, owner, t0.Add(4*time.Minute))
	if err != nil || c.Owner != owner || string(c.Session) != `{"challenge":"x"}` || !c.ExpiresAt.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("taking it as issued: %+v, %v", c, err)
	}
	if _, err := tb.TakeChallenge(ctx, "reg", passkeys.Register, owner, t0); !errors.Is(err, passkeys.ErrNoChallenge) {
		t.Errorf("taking it again: %v, want ErrNoChallenge", err)
	}
}

func TestOfTwoTakersOfAChallengeOneWins(t *testing.T) {
	tb, ctx := newTable(t), context.Background()
	for round := range 5 {
		id := string(rune('a' + round))
		if err := tb.PutChallenge(ctx, passkeys.Challenge{ID: id, Ceremony: passkeys.SignIn, Session: []byte("{}"), ExpiresAt: t0.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]error, 8)
		for i := range results {
			wg.Go(func() { _, results[i] = tb.TakeChallenge(ctx, id, passkeys.SignIn, "", t0) })
		}
		wg.Wait()
		won := 0
		for _, err := range results {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, passkeys.ErrNoChallenge):
				t.Fatal(err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d takers got the challenge, want 1", round, won)
		}
	}
}

func TestPasskeysUnderTheirOrganizer(t *testing.T) {
	tb, ctx := newTable(t), context.Background()
	owner, other := person.Key("a@example.org"), person.Key("b@example.org")
	add := func(owner, id string, at time.Time) passkeys.Record {
		t.Helper()
		r := passkeys.Record{ID: id, Name: "key " + id, Credential: []byte(`{"id":"` + id + `"}`), SignCount: 3, CreatedAt: at}
		if err := tb.AddPasskey(ctx, owner, r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	add(owner, "zzz", t0)
	add(owner, "aaa", t0.Add(time.Hour))
	add(other, "mmm", t0)
	if err := tb.AddPasskey(ctx, owner, passkeys.Record{ID: "zzz", Credential: []byte("{}"), CreatedAt: t0}); !errors.Is(err, passkeys.ErrExists) {
		t.Errorf("adding an id twice: %v, want ErrExists", err)
	}
	list, err := tb.Passkeys(ctx, owner)
	if err != nil || len(list) != 2 || list[0].ID != "zzz" || list[1].ID != "aaa" {
		t.Fatalf("the organizer's passkeys: %+v, %v; want zzz then aaa (oldest first), not the other organizer's", list, err)
	}
	r := list[0]
	r.SignCount, r.Credential = 4, []byte(`{"id":"zzz","n":4}`)
	if err := tb.UsePasskey(ctx, owner, r, 2, t0); !errors.Is(err, passkeys.ErrChanged) {
		t.Errorf("using it with a counter seen stale: %v, want ErrChanged", err)
	}
	if err := tb.UsePasskey(ctx, owner, r, 3, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := tb.Passkey(ctx, owner, "zzz")
	if err != nil || got.SignCount != 4 || string(got.Credential) != `{"id":"zzz","n":4}` || !got.LastUsedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("after use: %+v, %v", got, err)
	}
	if _, err := tb.Passkey(ctx, other, "zzz"); !errors.Is(err, passkeys.ErrNotFound) {
		t.Errorf("another organizer's passkey: %v, want ErrNotFound", err)
	}
	gone, err := tb.RemovePasskey(ctx, owner, "zzz")
	if err != nil || gone.Name != "key zzz" {
		t.Fatalf("remove: %+v, %v", gone, err)
	}
	if _, err := tb.RemovePasskey(ctx, owner, "zzz"); !errors.Is(err, passkeys.ErrNotFound) {
		t.Errorf("removing it again: %v, want ErrNotFound", err)
	}
	if err := tb.UsePasskey(ctx, owner, r, 4, t0); !errors.Is(err, passkeys.ErrChanged) {
		t.Errorf("using a removed passkey: %v, want ErrChanged (and no item made again)", err)
	}
	if _, err := tb.Passkey(ctx, owner, "zzz"); !errors.Is(err, passkeys.ErrNotFound) {
		t.Errorf("a removed passkey is back: %v", err)
	}
}

func TestAUserHandleIsMadeOnceAndLeadsBack(t *testing.T) {
	tb, ctx := newTable(t), context.Background()
	owner := person.Key("a@example.org")
	first, err := tb.UserHandle(ctx, owner, []byte("first-handle"), t0)
	if err != nil || string(first) != "first-handle" {
		t.Fatalf("first handle: %q, %v", first, err)
	}
	again, err := tb.UserHandle(ctx, owner, []byte("second-handle"), t0)
	if err != nil || !bytes.Equal(again, first) {
		t.Fatalf("second call: %q, %v; want the first handle kept", again, err)
	}
	if err := tb.SetOrganizerLanguage(ctx, owner, "fa", t0); err != nil {
		t.Fatal(err)
	}
	if h, _ := tb.UserHandle(ctx, owner, []byte("third"), t0); !bytes.Equal(h, first) {
		t.Errorf("choosing a language lost the handle: %q", h)
	}
	if l, _ := tb.OrganizerLanguage(ctx, owner); l != "fa" {
		t.Errorf("the handle lost the language: %q", l)
	}
	if _, err := tb.HandleOwner(ctx, first); !errors.Is(err, passkeys.ErrNotFound) {
		t.Errorf("a handle not recorded yet: %v", err)
	}
	for range 2 {
		if err := tb.PutHandleOwner(ctx, first, owner); err != nil {
			t.Fatal(err)
		}
	}
	if err := tb.PutHandleOwner(ctx, first, person.Key("b@example.org")); err == nil {
		t.Error("a handle was given to a second organizer")
	}
	if o, err := tb.HandleOwner(ctx, first); err != nil || o != owner {
		t.Errorf("the handle leads to %q, %v", o, err)
	}
}

func TestAnEraseTakesAnOrganizersPasskeys(t *testing.T) {
	tb, ctx := newTable(t), context.Background()
	owner := person.Key("a@example.org")
	h, err := tb.UserHandle(ctx, owner, []byte("handle"), t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.PutHandleOwner(ctx, h, owner); err != nil {
		t.Fatal(err)
	}
	if err := tb.AddPasskey(ctx, owner, passkeys.Record{ID: "k", Credential: []byte("{}"), CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := tb.PutChallenge(ctx, passkeys.Challenge{ID: "c", Ceremony: passkeys.Register, Owner: owner, Session: []byte("{}"), ExpiresAt: t0}); err != nil {
		t.Fatal(err)
	}
	if n, err := tb.EraseOwner(ctx, owner, "none"); err != nil || n != 4 {
		t.Fatalf("erase: %d items, %v; want the profile, the handle, the passkey and the challenge", n, err)
	}
	if list, _ := tb.Passkeys(ctx, owner); len(list) != 0 {
		t.Errorf("%d passkeys left", len(list))
	}
	if _, err := tb.HandleOwner(ctx, h); !errors.Is(err, passkeys.ErrNotFound) {
		t.Errorf("the handle still leads somewhere: %v", err)
	}
}

func TestAttemptsAreCountedPerWindow(t *testing.T) {
	tb, ctx := newTable(t), context.Background()
	for i := range 4 {
		ok, err := tb.CountAttempt(ctx, "k", "who", 3, time.Hour, t0.Add(time.Duration(i)*time.Minute))
		if err != nil || ok != (i < 3) {
			t.Fatalf("attempt %d: %v, %v", i+1, ok, err)
		}
	}
	if ok, _ := tb.CountAttempt(ctx, "k", "someone else", 3, time.Hour, t0); !ok {
		t.Error("another client was refused")
	}
	if ok, _ := tb.CountAttempt(ctx, "k", "who", 3, time.Hour, t0.Add(time.Hour)); !ok {
		t.Error("the next window was refused")
	}
}
