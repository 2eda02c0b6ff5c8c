package mentorshipapi_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
)

func TestEraseRemovesTheMentorship(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	mentor, mentee := h.apply("mentor", "Mentor", map[string]any{"capacity": 2}), h.apply("mentee", "Mentee", nil)
	_, p := h.pair(mentor, mentee)
	mentorTok, menteeTok := checkInToken(t, mentor, ""), checkInToken(t, mentee, "")
	for _, tok := range []string{mentorTok, menteeTok} {
		if code, _ := h.checkIn(`{"token":"` + tok + `","progress":3,"summary":"Talked about Reza's project","blocked":false}`); code != 201 {
			t.Fatal(code)
		}
	}

	// The mentee erases their data.
	h.erase(mentee)
	if l := h.mentorships(""); len(l) != 0 {
		t.Errorf("the pair is still listed: %+v", l)
	}
	if _, err := h.real.GetPair(ctx, p.ID); !errors.Is(err, mentorship.ErrNotFound) {
		t.Errorf("the pair remains: %v", err)
	}
	// The mentor's check-in about the mentee went with the pair; their
	// place is free again and their link no longer works.
	if m := h.application(mentor); m.FreePlaces() != 2 || m.Status != mentorship.Open {
		t.Errorf("the mentor after the erase: %+v", m)
	}
	if code, _ := h.checkIn(`{"token":"` + mentorTok + `","answer":"met"}`); code != 404 {
		t.Errorf("the mentor's link after the erase answered %d", code)
	}
	if n := h.OwnerItems(mentor.email); n != 3 {
		t.Errorf("the mentor holds %d items, want the application, the check-in link and the email counter", n)
	}

	// Now the mentor, with a new mentee: the mentee is free to be paired again.
	next := h.apply("mentee", "Next", nil)
	if code, _ := h.pair(mentor, next); code != 201 {
		t.Fatalf("pairing after the erase answered %d", code)
	}
	h.erase(mentor)
	if a := h.application(next); a.Status != mentorship.Open || a.PairID != "" {
		t.Errorf("the mentee of an erased mentor: %+v", a)
	}
}

func TestCrashBetweenWrites(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	t.Run("after claiming the mentee", func(t *testing.T) {
		mentor, other, mentee := h.apply("mentor", "M", nil), h.apply("mentor", "O", nil), h.apply("mentee", "E", nil)
		h.store.kill("ClaimMentee")
		if code, _ := h.pair(mentor, mentee); code != 500 {
			t.Fatalf("the dying pairing answered %d", code)
		}
		h.store.revive()
		if a := h.application(mentee); a.Status != mentorship.Paired {
			t.Fatalf("the mentee was not claimed before the crash: %s", a.Status)
		}
		if m := h.application(mentor); len(m.Mentees) != 0 {
			t.Fatalf("the mentor's place was taken: %v", m.Mentees)
		}
		// Another mentor cannot have the mentee while the pairing might
		// still be running...
		if code, _ := h.pair(other, mentee); code != 409 {
			t.Errorf("pairing the claimed mentee elsewhere answered %d", code)
		}
		// ...and the organizer's retry finishes it.
		code, p := h.pair(mentor, mentee)
		if code != 201 || p.State != "active" {
			t.Fatalf("the retry answered %d %+v", code, p)
		}
		if intros(t, mentor) != 1 || intros(t, mentee) != 1 {
			t.Errorf("introductions: mentor %d, mentee %d", intros(t, mentor), intros(t, mentee))
		}
	})

	t.Run("after taking the mentor's place", func(t *testing.T) {
		mentor, elsewhere := h.apply("mentor", "M", nil), h.apply("mentor", "W", nil)
		stuck, waiting := h.apply("mentee", "Stuck", nil), h.apply("mentee", "Waiting", nil)
		h.store.kill("TakePlace")
		if code, _ := h.pair(mentor, stuck); code != 500 {
			t.Fatalf("the dying pairing answered %d", code)
		}
		h.store.revive()
		if m := h.application(mentor); m.Status != mentorship.Full {
			t.Fatalf("the mentor's place was not taken before the crash: %+v", m)
		}
		if code, _ := h.pair(mentor, waiting); code != 409 {
			t.Errorf("the mentor's place, held by a pairing that may be running, answered %d", code)
		}
		// Past the lease the half-made pair is taken apart, and both people
		// are free again.
		h.clock.Advance(mentorship.AbandonAfter + time.Second)
		if code, _ := h.pair(mentor, waiting); code != 201 {
			t.Fatalf("pairing the freed place answered %d", code)
		}
		if a := h.application(stuck); a.Status != mentorship.Open {
			t.Errorf("the abandoned mentee is %s", a.Status)
		}
		if code, _ := h.pair(elsewhere, stuck); code != 201 {
			t.Errorf("pairing the abandoned mentee answered %d", code)
		}
		if intros(t, stuck) != 1 {
			t.Errorf("the abandoned mentee got %d introductions", intros(t, stuck))
		}
	})

	t.Run("an introduction that cannot be sent", func(t *testing.T) {
		mentor, mentee := h.apply("mentor", "M", nil), h.apply("mentee", "E", nil)
		h.mail.FailNext()
		if code, _ := h.pair(mentor, mentee); code != 500 {
			t.Fatalf("pairing with mail down answered %d", code)
		}
		// The pair stands; pairing again sends what is owed, once.
		if code, p := h.pair(mentor, mentee); code != 200 || p.State != "active" {
			t.Fatalf("pairing again answered %d %+v", code, p)
		}
		if intros(t, mentor) != 1 || intros(t, mentee) != 1 {
			t.Errorf("introductions: mentor %d, mentee %d", intros(t, mentor), intros(t, mentee))
		}
	})

	t.Run("an acknowledgement that cannot be sent", func(t *testing.T) {
		h.mail.FailNext()
		email := apitest.UniqueEmail("unlucky")
		resp := h.PostJSON("/mentorship/applications", map[string]any{"role": "mentee", "name": "U", "email": email, "topics": []string{"x"}, "goals": "y"})
		apitest.WantStatus(t, resp, 500)
		if _, err := h.real.GetApplication(context.Background(), mentorship.ApplicationID(mentorship.Mentee, person.Key(email))); !errors.Is(err, mentorship.ErrNotFound) {
			t.Errorf("the failed application was kept: %v", err)
		}
	})
}
