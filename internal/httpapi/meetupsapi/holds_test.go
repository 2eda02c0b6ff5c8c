package meetupsapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
)

// seatsLeft reads the meetup's public detail.
func (h *meetupHarness) seatsLeft(id string) (seats, waiting int) {
	h.T.Helper()
	resp := h.Serve("GET", "/meetups/{meetupId}", "/meetups/"+id, "", "")
	apitest.WantStatus(h.T, resp, 200)
	var d struct {
		SeatsLeft      int `json:"seats_left"`
		WaitlistLength int `json:"waitlist_length"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &d); err != nil {
		h.T.Fatal(err)
	}
	return d.SeatsLeft, d.WaitlistLength
}

// A hundred made-up addresses take every seat and the head of the line in
// a moment, but none of them can prove its address: once the hold time has
// passed, their seats go to the confirmed members who waited behind them.
func TestStrangersCannotKeepSeats(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 20, "Squatted")
	strangers := numbered("squat", 100)
	start := time.Now()
	concurrently(20, each(0, len(strangers), func(i int) {
		if code := h.registerUnproven(id, "Squatter", strangers[i]); code >= 300 {
			t.Errorf("registration %d answered %d", i, code)
		}
	})...)
	t.Logf("100 made-up registrations took %v", time.Since(start))
	if m := h.meetup(id); len(m.Seats) != 20 || len(m.Waitlist) != 80 {
		t.Fatalf("after the strangers: %d seats, %d waiting", len(m.Seats), len(m.Waitlist))
	}

	real := numbered("member", 3)
	for _, a := range real {
		h.ConfirmedMember("Member", a)
	}
	for _, a := range real[:2] {
		if code, _ := h.register(id, "Member", a); code >= 300 {
			t.Fatalf("member's registration answered %d", code)
		}
	}
	if m := h.meetup(id); slices.Contains(m.Seats, person.Key(real[0])) || len(m.Waitlist) != 82 {
		t.Fatalf("the members did not wait behind the strangers: %d waiting", len(m.Waitlist))
	}

	// Nobody confirmed: past the hold time, reading the meetup counts none
	// of the strangers' places.
	h.clock.Advance(HoldAndASecond)
	if seats, waiting := h.seatsLeft(id); seats != 18 || waiting != 0 {
		t.Errorf("after the hold time the detail shows %d seats left and %d waiting; want 18 and 0", seats, waiting)
	}

	// The next registration releases them: the two members who waited are
	// promoted and told, and the third member takes a seat at once.
	if code, _ := h.register(id, "Member", real[2]); code >= 300 {
		t.Fatalf("third member's registration answered %d", code)
	}
	m := h.meetup(id)
	checkInvariants(t, m)
	want := []string{person.Key(real[0]), person.Key(real[1]), person.Key(real[2])}
	if !slices.Equal(m.Seats, want) || len(m.Waitlist) != 0 {
		members := len(slices.DeleteFunc(slices.Clone(m.Seats), func(k string) bool { return !slices.Contains(want, k) }))
		t.Fatalf("after the hold time: %d seats taken, %d of them by the members; %d waiting; want the 3 members seated and nobody waiting",
			len(m.Seats), members, len(m.Waitlist))
	}
	if len(m.Notices) != 0 {
		t.Errorf("%d promotion notices owed", len(m.Notices))
	}
	apitest.WantOneEach(t, "seat opened up", "promotion", real[:2]...)
}

// A registrant whose address is not proven is emailed a link that
// confirms the seat held for them; once confirmed, the seat is theirs past
// the hold time, and they are sent it with a link to cancel.
func TestConfirmingAHeldSeat(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Held")
	guest, member := apitest.UniqueEmail("guest"), apitest.UniqueEmail("member")
	apitest.WantStatus(t, h.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations",
		"application/json", `{"name":"Guest","email":"`+guest+`","language":"fa"}`), 202)
	if st := h.standing(id, guest); st.Status != "held" {
		t.Fatalf("a stranger's registration: %+v, want held", st)
	}
	h.register(id, "Member", member)
	if st := h.standing(id, member); st.Status != "waitlisted" || st.WaitlistPosition != 1 {
		t.Fatalf("the member behind the held seat: %+v", st)
	}
	mails := testenv.EmailsTo(t, guest)
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "تأیید") || strings.Contains(mails[0].Text, "/registrations/cancel") {
		t.Fatalf("the stranger got %d emails, the first %q", len(mails), mails[0].Subject)
	}
	tok := apitest.LinkIn(t, mails[0], "/registrations/confirm")

	page := h.Serve("GET", "/registrations/confirm", "/registrations/confirm?token="+tok, "", "")
	apitest.WantStatus(t, page, 200)
	if !strings.Contains(page.Body, "تأیید جای من") || !strings.Contains(page.Body, `action="/registrations/confirm"`) {
		t.Errorf("the link's page: %s", page.Body)
	}
	if st := h.standing(id, guest); st.Status != "held" {
		t.Fatalf("opening the link's page changed the seat: %+v", st)
	}
	for range 2 { // pressed twice: done the first time
		apitest.WantStatus(t, h.Serve("POST", "/registrations/confirm", "/registrations/confirm", "application/json", `{"token":"`+tok+`"}`), 200)
	}
	if st := h.standing(id, guest); st.Status != "confirmed" {
		t.Fatalf("after confirming: %+v", st)
	}
	if n := subjects(t, guest, "قطعی شد"); n[0] != 1 {
		t.Errorf("%d emails telling the confirmed seat, want 1", n[0])
	}
	cancelToken(t, guest) // the seat's email carries the link to give it up

	h.clock.Advance(HoldAndASecond)
	if seats, waiting := h.seatsLeft(id); seats != 0 || waiting != 1 {
		t.Errorf("past the hold time: %d seats left, %d waiting; want the confirmed seat kept", seats, waiting)
	}
	h.registerNew(id, "Later")
	m := h.meetup(id)
	if len(m.Seats) != 1 || m.Seats[0] != person.Key(guest) || len(m.Holds) != 0 {
		t.Errorf("past the hold time: seats %v, holds %v", m.Seats, m.Holds)
	}
}

// HoldAndASecond is the hold time and a moment more: a hold has ended.
const HoldAndASecond = meetups.HoldFor + time.Second

// A link pressed after the hold ended finds the seat given back: it went
// to the first in line, who is told.
func TestLateConfirmation(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Too late")
	guest, member := apitest.UniqueEmail("guest"), apitest.UniqueEmail("member")
	h.registerUnproven(id, "Guest", guest)
	h.register(id, "Member", member)
	tok := apitest.LinkIn(t, testenv.EmailsTo(t, guest)[0], "/registrations/confirm")

	h.clock.Advance(HoldAndASecond)
	apitest.WantStatus(t, h.Serve("POST", "/registrations/confirm", "/registrations/confirm", "application/json", `{"token":"`+tok+`"}`), 404)
	if st := h.standing(id, member); st.Status != "waitlisted" {
		t.Fatalf("the member: %+v (nothing has written to the meetup yet)", st)
	}
	regs, _, err := h.svc.Registrations(context.Background(), id, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 1 || regs[0].Email != member || regs[0].Status != meetups.RegConfirmed {
		t.Errorf("listed %+v; want only the member, seated", regs)
	}

	h.registerNew(id, "Next")
	if st := h.standing(id, member); st.Status != "confirmed" {
		t.Fatalf("after the next registration, the member: %+v", st)
	}
	apitest.WantOneEach(t, "seat opened up", "promotion", member)
	if _, err := h.Store().GetRegistration(context.Background(), id, person.Key(guest)); !errors.Is(err, meetups.ErrNotFound) {
		t.Errorf("the unproven registration is kept after its hold ended: %v", err)
	}
}

// A hold never outlives the meetup's start.
func TestHoldEndsByTheStart(t *testing.T) {
	t.Parallel()
	h := newMeetupHarness(t)
	start := h.clock.Now().Add(10 * time.Minute)
	body := fmt.Sprintf(`{"title":"Soon","starts_at":%q,"ends_at":%q,"venue":"Tehran","capacity":5}`,
		start.Format(time.RFC3339), start.Add(2*time.Hour).Format(time.RFC3339))
	resp := h.Serve("POST", "/meetups", "/meetups", "application/json", body, h.Organizer()...)
	apitest.WantStatus(t, resp, 201)
	var created struct{ ID string }
	_ = json.Unmarshal([]byte(resp.Body), &created)
	h.registerUnproven(created.ID, "Guest", apitest.UniqueEmail("guest"))
	if m := h.meetup(created.ID); len(m.Holds) != 1 || !m.Holds[0].Until.Equal(start) {
		t.Errorf("holds %+v; want one ending at the start, %v", m.Holds, start)
	}
}

// An email that could not be sent counts against no daily cap and leaves
// no link behind: after more failures than the cap allows, the
// registration that goes through is still emailed.
func TestFailedRegistrationEmailSpendsNothing(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 5, "Flaky")
	guest := apitest.UniqueEmail("guest")
	h.mail.use(failingMailer{Sender: h.mail.real, to: guest})
	for range 10 {
		if code := h.registerUnproven(id, "Guest", guest); code != 500 {
			t.Fatalf("a registration whose email failed answered %d", code)
		}
	}
	for _, pk := range h.OwnerKeys(guest) {
		if strings.HasPrefix(pk, "TOKEN#") || strings.HasPrefix(pk, "QUOTA#") {
			t.Errorf("a failed email left %s", pk)
		}
	}
	h.mail.use(nil)
	if code := h.registerUnproven(id, "Guest", guest); code != 202 {
		t.Fatalf("the registration answered %d", code)
	}
	if n := len(testenv.EmailsTo(t, guest)); n != 1 {
		t.Errorf("%d emails after the failures, want 1", n)
	}
}
