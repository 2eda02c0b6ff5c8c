package consoleapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/wiring"
)

// stuckMail sends through the real mailer, except to one address while it
// is set: then it hangs until the request gives up (hang), or fails at
// once, as SES does for an address it will not take.
type stuckMail struct {
	email.Sender
	mu   sync.Mutex
	to   string
	hang bool
}

func (s *stuckMail) Send(ctx context.Context, m email.Message) (string, error) {
	s.mu.Lock()
	stuck, hang := s.to != "" && m.To == s.to, s.hang
	s.mu.Unlock()
	switch {
	case stuck && hang:
		<-ctx.Done()
		return "", ctx.Err()
	case stuck:
		return "", errors.New("injected SES failure")
	}
	return s.Sender.Send(ctx, m)
}

func (s *stuckMail) set(to string, hang bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.to, s.hang = to, hang
}

// newCancelConsole is a console whose meetup emails go through a stuckMail.
func newCancelConsole(t *testing.T) (*console, *stuckMail) {
	t.Helper()
	stuck := &stuckMail{}
	c := newConsole(t, wiring.WithMeetupsDeps(func(d *meetups.Deps) {
		stuck.Sender = d.Mail
		d.Mail = stuck
	}))
	return c, stuck
}

// meetupHeldBy is a new meetup of capacity seats with a member registered
// at each of addrs, in order.
func (c *console) meetupHeldBy(title string, capacity int, addrs ...string) meetups.Meetup {
	c.T.Helper()
	m := c.newMeetup(title, capacity)
	for _, a := range addrs {
		c.register(m.ID, "Member", a)
	}
	return m
}

// wantCancelAgainTellsEachOnce presses meetup id's cancel button again and
// fails the test unless each of addrs has had exactly one cancellation
// email: pressing it again tells only those not yet told.
func wantCancelAgainTellsEachOnce(t *testing.T, b *apitest.Browser, id string, addrs ...string) {
	t.Helper()
	wantSeeOther(t, b.Post("/console/meetups/"+id+"/cancel", nil), "/console/meetups/"+id)
	apitest.WantOneEach(t, "Cancelled:", "cancellation", addrs...)
}

// The confirmation says how many will be emailed (seats and waitlist) and
// what happens to the talks; confirming cancels and tells each of them
// once.
func TestCancellingAMeetupSaysWhoWillBeEmailedAndTellsThem(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	addrs := []string{apitest.UniqueEmail("one"), apitest.UniqueEmail("two"), apitest.UniqueEmail("three")}
	m := c.meetupHeldBy("Called off", 2, addrs...)
	b := c.SignedIn()
	confirm := b.Get("/console/meetups/" + m.ID + "/cancel")
	apitest.WantStatus(t, confirm, http.StatusOK)
	if !strings.Contains(confirm.Body, "Everyone holding a place will be emailed that it is off: 2 holding a seat and 1 on the waitlist, 3 in all.") {
		t.Errorf("the confirmation does not say who will be emailed:\n%s", confirm.Body)
	}
	if got := c.meetup(m.ID); got.Status != meetups.Scheduled {
		t.Fatal("opening the confirmation cancelled the meetup")
	}
	to := wantSeeOther(t, b.Post("/console/meetups/"+m.ID+"/cancel", nil), "/console/meetups/"+m.ID)
	if !strings.Contains(to, "notice=cancelled") {
		t.Errorf("cancelled: to %s", to)
	}
	if got := c.meetup(m.ID); got.Status != meetups.Cancelled {
		t.Fatalf("status %s after cancelling", got.Status)
	}
	page := b.Get(to).Body
	apitest.WantContains(t, page, "the cancelled meetup's page", "everyone who held a place has been emailed", "This meetup is cancelled.", "Email anyone not yet told")
	// Pressing the button again tells nobody twice.
	wantCancelAgainTellsEachOnce(t, b, m.ID, addrs...)
}

// When the request runs out of time before telling everyone, the page says
// how many are left and offers to go on; going on tells exactly those.
func TestACancellationThatRanOutOfTimeOffersToTellTheRest(t *testing.T) {
	t.Parallel()
	c, stuck := newCancelConsole(t)
	addrs := []string{apitest.UniqueEmail("a"), apitest.UniqueEmail("b"), apitest.UniqueEmail("c")}
	m := c.meetupHeldBy("Out of time", 5, addrs...)
	b := c.SignedIn()
	b.Get("/console/meetups/" + m.ID + "/cancel")

	stuck.set(addrs[1], true) // SES hangs on one address
	c.Timeout = 4500 * time.Millisecond
	resp := b.Post("/console/meetups/"+m.ID+"/cancel", nil)
	c.Timeout = 0
	stuck.set("", false)
	apitest.WantStatus(t, resp, http.StatusOK)
	if !strings.Contains(resp.Body, "not everyone could be emailed yet") || !strings.Contains(resp.Body, "Email anyone not yet told") {
		t.Fatalf("the page does not say some are untold, or offer to go on:\n%s", resp.Body)
	}
	if got := c.meetup(m.ID); got.Status != meetups.Cancelled {
		t.Fatalf("status %s", got.Status)
	}

	wantCancelAgainTellsEachOnce(t, b, m.ID, addrs...)
}

// An email SES refuses does not hide that the meetup is off: the page says
// some emails failed and offers to try again, which tells the one left.
func TestACancellationWhoseEmailFailedOffersToTryAgain(t *testing.T) {
	t.Parallel()
	c, stuck := newCancelConsole(t)
	ok, refused := apitest.UniqueEmail("ok"), apitest.UniqueEmail("refused")
	m := c.meetupHeldBy("Bounced", 5, ok, refused)
	b := c.SignedIn()
	b.Get("/console/meetups/" + m.ID + "/cancel")

	stuck.set(refused, false)
	resp := b.Post("/console/meetups/"+m.ID+"/cancel", nil)
	stuck.set("", false)
	apitest.WantStatus(t, resp, http.StatusInternalServerError)
	if !strings.Contains(resp.Body, "some emails could not be sent") || !strings.Contains(resp.Body, "Email anyone not yet told") {
		t.Fatalf("the page does not say what failed, or offer to try again:\n%s", resp.Body)
	}
	wantCancelAgainTellsEachOnce(t, b, m.ID, ok, refused)
}

// A move of time or place that ran out of time before telling everyone is
// saved, and the meetup's page says how many are still to be told; saving
// again tells exactly those.
func TestAMoveThatRanOutOfTimeSaysHowManyAreLeft(t *testing.T) {
	t.Parallel()
	c, stuck := newCancelConsole(t)
	addrs := []string{apitest.UniqueEmail("a"), apitest.UniqueEmail("b")}
	m := c.meetupHeldBy("Moving", 5, addrs...)
	b := c.SignedIn()
	b.Get("/console/meetups/" + m.ID + "/edit")
	form := url.Values{"title": {"Moving"}, "starts_at": {"2026-12-20T18:00"}, "ends_at": {"2026-12-20T21:00"}, "venue": {"Elsewhere"}, "capacity": {"5"}, "version": {"1"}}

	stuck.set(addrs[0], true)
	c.Timeout = 4500 * time.Millisecond
	to := wantSeeOther(t, b.Post("/console/meetups/"+m.ID+"/edit", form), "/console/meetups/"+m.ID)
	c.Timeout = 0
	stuck.set("", false)
	page := b.Get(to).Body
	if !strings.Contains(page, "Your changes are saved.") || !strings.Contains(page, "Still to be told of the new time or place") {
		t.Fatalf("the page does not say some are still to be told (%s):\n%s", to, page)
	}
	b.Get("/console/meetups/" + m.ID + "/edit")
	form.Set("version", "2")
	to = wantSeeOther(t, b.Post("/console/meetups/"+m.ID+"/edit", form), "/console/meetups/"+m.ID)
	if strings.Contains(to, "untold") {
		t.Errorf("saving again left people untold: %s", to)
	}
	apitest.WantOneEach(t, "Changed:", "change", addrs...)
}
