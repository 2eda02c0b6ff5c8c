package meetupsapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
)

func TestNeverOversell(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 50, "Crowded")

	const n = 200
	answers := make([]standing, n)
	codes := make([]int, n)
	addr := numbered("crowd", n)
	concurrently(40, each(0, n, func(i int) {
		codes[i], answers[i] = h.register(id, fmt.Sprintf("Person %d", i), addr[i])
	})...)

	confirmed, positions := 0, map[int]int{}
	for i, a := range answers {
		if codes[i] != 202 {
			t.Fatalf("registration %d answered %d", i, codes[i])
		}
		switch a.Status {
		case "confirmed":
			confirmed++
		case "waitlisted":
			positions[a.WaitlistPosition]++
		default:
			t.Fatalf("registration %d: status %q", i, a.Status)
		}
	}
	if confirmed != 50 || len(positions) != 150 {
		t.Fatalf("%d confirmed and %d distinct waitlist positions; want 50 and 150", confirmed, len(positions))
	}
	for p := 1; p <= 150; p++ {
		if positions[p] != 1 {
			t.Errorf("waitlist position %d given %d times", p, positions[p])
		}
	}
	m := h.meetup(id)
	checkInvariants(t, m)
	if len(m.Seats) != 50 || len(m.Waitlist) != 150 {
		t.Errorf("stored %d seats and %d waiting", len(m.Seats), len(m.Waitlist))
	}

	// Registering again answers the same and takes nothing.
	code, a := h.register(id, "Person 7", addr[7])
	if code != 202 || a.Status != answers[7].Status || a.WaitlistPosition != answers[7].WaitlistPosition {
		t.Errorf("second registration answered %d, standing %+v; first %+v", code, a, answers[7])
	}
	if n := len(testenv.EmailsTo(t, addr[7])); n != 1 {
		t.Errorf("%d emails after registering twice, want 1", n)
	}
	if m2 := h.meetup(id); len(m2.Seats)+len(m2.Waitlist) != 200 {
		t.Errorf("a second registration took a place")
	}
}

func TestCancellationsInterleaved(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 20, "Busy")
	addr := numbered("mix", 60)
	for i := range 20 {
		if code, a := h.register(id, "Early", addr[i]); code != 202 || a.Status != "confirmed" {
			t.Fatalf("early registration %d: %d %+v", i, code, a)
		}
	}
	tokens := make([]string, 15)
	for i := range tokens {
		tokens[i] = cancelToken(t, addr[i])
	}

	late := each(20, 60, func(i int) {
		if code, _ := h.register(id, "Late", addr[i]); code != 202 {
			t.Errorf("late registration %d answered %d", i, code)
		}
	})
	cancels := each(0, len(tokens), func(i int) {
		resp := h.cancelRegistration(tokens[i])
		if resp.StatusCode != 200 {
			t.Errorf("cancel %d answered %d %s", i, resp.StatusCode, resp.Body)
		}
		// Mid-flight a freed seat may wait a moment for its promotion,
		// but the meetup is never oversold.
		if m := h.meetup(id); len(m.Seats) > m.Capacity {
			t.Errorf("oversold: %d of %d", len(m.Seats), m.Capacity)
		}
	})
	concurrently(20, append(late, cancels...)...)

	m := h.meetup(id)
	checkInvariants(t, m)
	if len(m.Seats) != 20 || len(m.Waitlist) != 25 {
		t.Fatalf("%d seats and %d waiting; want 20 and 25", len(m.Seats), len(m.Waitlist))
	}
	if len(m.Notices) != 0 {
		t.Errorf("%d promotion notices never sent", len(m.Notices))
	}
	// Everyone holding a seat was told so exactly once (promoted, or seated
	// at once when a seat had freed by the time they registered); everyone
	// waiting was told they wait, and not that they have a seat.
	seated := map[string]bool{}
	for _, k := range m.Seats {
		seated[k] = true
	}
	promoted := 0
	for i := 20; i < 60; i++ {
		seatMails, waitMails := 0, 0
		for _, e := range testenv.EmailsTo(t, addr[i]) {
			switch {
			case strings.Contains(e.Subject, "seat opened up"):
				promoted++
				seatMails++
			case strings.Contains(e.Subject, "is confirmed"):
				seatMails++
			case strings.Contains(e.Subject, "on the waitlist"):
				waitMails++
			}
		}
		if seated[person.Key(addr[i])] {
			if seatMails != 1 {
				t.Errorf("%s holds a seat and got %d emails saying so", addr[i], seatMails)
			}
		} else if seatMails != 0 || waitMails != 1 {
			t.Errorf("%s waits and got %d seat and %d waitlist emails", addr[i], seatMails, waitMails)
		}
	}
	t.Logf("%d of the 15 freed seats went by promotion", promoted)
	regs, _, err := h.svc.Registrations(context.Background(), id, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[meetups.RegStatus]int{}
	for _, r := range regs {
		counts[r.Status]++
	}
	if counts[meetups.RegConfirmed] != 20 || counts[meetups.RegWaitlisted] != 25 || counts[meetups.RegCancelled] != 15 {
		t.Errorf("listed statuses %v", counts)
	}
}

func TestCrashBetweenWrites(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Tiny")
	first, second := apitest.UniqueEmail("first"), apitest.UniqueEmail("second")

	// The function dies right after taking the seat.
	h.store.failNext("TakeSeat")
	if code, _ := h.register(id, "First", first); code != 500 {
		t.Fatalf("injected failure answered %d", code)
	}
	if m := h.meetup(id); len(m.Seats) != 1 {
		t.Fatalf("seat not taken before the failure: %+v", m.Seats)
	}
	// The member retries: the same seat, not a second one, and one email.
	code, a := h.register(id, "First", first)
	if code != 202 || a.Status != "confirmed" {
		t.Fatalf("retry answered %d %+v", code, a)
	}
	if n := len(testenv.EmailsTo(t, first)); n != 1 {
		t.Errorf("%d emails to the first registrant, want 1", n)
	}
	if code, a := h.register(id, "Second", second); code != 202 || a.Status != "waitlisted" || a.WaitlistPosition != 1 {
		t.Fatalf("second registrant: %d %+v", code, a)
	}

	// The function dies after freeing the seat, before promoting.
	tok := cancelToken(t, first)
	h.store.failNext("Promote")
	apitest.WantStatus(t, h.cancelRegistration(tok), 500)
	if m := h.meetup(id); len(m.Seats) != 0 || len(m.Waitlist) != 1 {
		t.Fatalf("after the failure: %d seats, %d waiting", len(m.Seats), len(m.Waitlist))
	}
	// The retry of the same link finishes the job.
	apitest.WantStatus(t, h.cancelRegistration(tok), 200)
	m := h.meetup(id)
	checkInvariants(t, m)
	if len(m.Seats) != 1 || len(m.Waitlist) != 0 || len(m.Notices) != 0 {
		t.Fatalf("after the retry: %+v", m)
	}

	// The function dies after promoting, before telling: the next request tells.
	third, fourth := apitest.UniqueEmail("third"), apitest.UniqueEmail("fourth")
	h.register(id, "Third", third)
	h.store.failNext("ClearNotice")
	apitest.WantStatus(t, h.patch(id, `{"capacity":2}`), 500)
	if m := h.meetup(id); len(m.Seats) != 2 || len(m.Notices) != 1 {
		t.Fatalf("after the failed promotion notice: %+v", m)
	}
	h.register(id, "Fourth", fourth)
	if m := h.meetup(id); len(m.Notices) != 0 {
		t.Fatalf("notice still owed after the next request: %+v", m.Notices)
	}
	apitest.WantOneEach(t, "seat opened up", "promotion", third)
}

// Two requests that promoted in turn both owe notices; when the other one
// clears its notice first, the list shifts under this one, which must still
// clear its own rather than leave it owed forever.
func TestPromotionNoticeClearedWhenTheListShifts(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 2, "Shifting")
	regs := h.registerNew(id, "A", "B", "C", "D")
	h.store.mu.Lock()
	h.store.clearedBefore = person.Key(regs[2])
	h.store.mu.Unlock()
	apitest.WantStatus(t, h.patch(id, `{"capacity":4}`), 200)
	m := h.meetup(id)
	checkInvariants(t, m)
	if len(m.Seats) != 4 || len(m.Notices) != 0 {
		t.Fatalf("after promoting two: %d seats, notices still owed %v", len(m.Seats), m.Notices)
	}
	apitest.WantOneEach(t, "seat opened up", "promotion", regs[2:]...)
}

func TestFailedRegistrationGivesItsPlaceBack(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "One seat")
	unlucky, next := apitest.UniqueEmail("unlucky"), apitest.UniqueEmail("next")
	h.mail.use(failingMailer{Sender: h.mail.real, to: unlucky})
	if code, _ := h.register(id, "Unlucky", unlucky); code != 500 {
		t.Fatalf("registration whose email failed answered %d", code)
	}
	if m := h.meetup(id); len(m.Seats) != 0 || len(m.Waitlist) != 0 {
		t.Fatalf("the failed registration kept a place: %+v %+v", m.Seats, m.Waitlist)
	}
	if code, a := h.register(id, "Next", next); code != 202 || a.Status != "confirmed" {
		t.Fatalf("the next registrant: %d %+v", code, a)
	}
}

// Raising the capacity fills every new seat from the waitlist, however many.
func TestRaisingCapacityPromotesEveryone(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Growing")
	const waiting = 60
	addr := numbered("grow", waiting+1)
	h.register(id, "First", addr[0])
	concurrently(10, each(1, waiting+1, func(i int) {
		if code, a := h.register(id, "Waiting", addr[i]); code != 202 || a.Status != "waitlisted" {
			t.Errorf("registration %d: %d %+v", i, code, a)
		}
	})...)
	apitest.WantStatus(t, h.patch(id, `{"capacity":100}`), 200)
	m := h.meetup(id)
	checkInvariants(t, m)
	if len(m.Seats) != waiting+1 || len(m.Waitlist) != 0 || len(m.Notices) != 0 {
		t.Fatalf("after raising the capacity: %d seats, %d waiting, %d notices owed", len(m.Seats), len(m.Waitlist), len(m.Notices))
	}
	apitest.WantOneEach(t, "seat opened up", "promotion", addr[1:]...)
}

// A promotion that lands between placing a registrant in line and telling
// them: they are told of the seat, never afterwards of the line, and the
// answer says what is true.
func TestPromotedBeforeBeingToldOfTheLine(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Racing")
	first, late := apitest.UniqueEmail("first"), apitest.UniqueEmail("late")
	h.register(id, "First", first)
	h.store.mu.Lock()
	h.store.beforeClaim = func(key string, notice meetups.RegStatus) {
		if notice != meetups.RegWaitlisted {
			t.Errorf("first claim was for %s", notice)
			return
		}
		capacity := 2
		if _, _, err := h.svc.Update(context.Background(), id, meetups.MeetupInput{Capacity: &capacity}); err != nil {
			t.Errorf("raise capacity: %v", err)
		}
	}
	h.store.mu.Unlock()
	code, a := h.register(id, "Late", late)
	if code != 202 || a.Status != "confirmed" || a.WaitlistPosition != 0 {
		t.Errorf("registration answered %d, standing %+v; want 202, confirmed", code, a)
	}
	if n := subjects(t, late, "seat opened up", "on the waitlist"); n[0] != 1 || n[1] != 0 {
		t.Errorf("late registrant got %d seat and %d waitlist emails; want 1 and 0", n[0], n[1])
	}
	regs, _, err := h.svc.Registrations(context.Background(), id, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regs {
		if r.Status != meetups.RegConfirmed {
			t.Errorf("%s listed as %s", r.Name, r.Status)
		}
	}
}
