package meetupsapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// faultyStore is the real store with failures injected into chosen methods,
// to show what a function dying between two writes leaves behind.
type faultyStore struct {
	meetups.Store
	mu    sync.Mutex
	fails map[string]int // method → how many calls fail from now
	// clearedBefore: a person key whose promotion notice another request
	// clears just before this one tries to.
	clearedBefore string
	// beforeClaim runs once, before the next claim of a notice.
	beforeClaim func(key string, notice meetups.RegStatus)
}

func (f *faultyStore) ClaimNotice(ctx context.Context, id, key string, status, notice meetups.RegStatus) (bool, error) {
	f.mu.Lock()
	hook := f.beforeClaim
	f.beforeClaim = nil
	f.mu.Unlock()
	if hook != nil {
		hook(key, notice)
	}
	return f.Store.ClaimNotice(ctx, id, key, status, notice)
}

var errInjected = errors.New("injected failure")

func (f *faultyStore) fail(method string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fails[method] > 0 {
		f.fails[method]--
		return errInjected
	}
	return nil
}

func (f *faultyStore) failNext(method string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fails[method]++
}

func (f *faultyStore) UpdateRegistration(ctx context.Context, id, key string, s, n meetups.RegStatus) error {
	if err := f.fail("UpdateRegistration"); err != nil {
		return err
	}
	return f.Store.UpdateRegistration(ctx, id, key, s, n)
}

// TakeSeat takes the seat and then "dies" when told to.
func (f *faultyStore) TakeSeat(ctx context.Context, m meetups.Meetup, key string, hold time.Time) (meetups.Meetup, error) {
	next, err := f.Store.TakeSeat(ctx, m, key, hold)
	if err == nil {
		err = f.fail("TakeSeat")
	}
	return next, err
}

func (f *faultyStore) Promote(ctx context.Context, m meetups.Meetup) (meetups.Meetup, error) {
	if err := f.fail("Promote"); err != nil {
		return meetups.Meetup{}, err
	}
	return f.Store.Promote(ctx, m)
}

func (f *faultyStore) ClearNotice(ctx context.Context, m meetups.Meetup, key string) (meetups.Meetup, error) {
	if err := f.fail("ClearNotice"); err != nil {
		return meetups.Meetup{}, err
	}
	f.mu.Lock()
	race := f.clearedBefore == key
	if race {
		f.clearedBefore = ""
	}
	f.mu.Unlock()
	if race {
		if _, err := f.Store.ClearNotice(ctx, m, key); err != nil {
			return meetups.Meetup{}, err
		}
	}
	return f.Store.ClearNotice(ctx, m, key)
}

type meetupHarness struct {
	*apitest.Client
	svc   *meetups.Service
	store *faultyStore
	mail  *mailSwitch
	// afterCancel, when set, runs after a meetup is cancelled, besides
	// returning its talks to the backlog.
	afterCancel func(context.Context, meetups.Meetup) error
	clock       *wiringtest.Clock
}

// mailSwitch sends through the real mailer, or through what a test puts in
// its place for a while.
type mailSwitch struct {
	mu        sync.Mutex
	real, now email.Sender
}

func (s *mailSwitch) Send(ctx context.Context, m email.Message) (string, error) {
	s.mu.Lock()
	cur := s.now
	s.mu.Unlock()
	if cur == nil {
		cur = s.real
	}
	return cur.Send(ctx, m)
}

// use sends through m from now on; nil goes back to the real mailer.
func (s *mailSwitch) use(m email.Sender) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = m
}

func newMeetupHarness(t *testing.T) *meetupHarness {
	t.Helper()
	h := &meetupHarness{clock: wiringtest.NewClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))}
	sys := wiringtest.New(t, wiring.WithClock(h.clock.Now),
		wiring.WithMeetupsDeps(func(d *meetups.Deps) {
			h.store = &faultyStore{Store: d.Store, fails: map[string]int{}}
			h.mail = &mailSwitch{real: d.Mail}
			d.Store, d.Mail = h.store, h.mail
			d.AfterCancel = append(d.AfterCancel, func(ctx context.Context, m meetups.Meetup) error {
				if h.afterCancel == nil {
					return nil
				}
				return h.afterCancel(ctx, m)
			})
		}))
	h.Client = apitest.New(t, sys, wiring.MeetupsFunction)
	h.svc = h.Meetups()
	return h
}

// newMeetup is a harness with one meetup of capacity seats, titled title.
func newMeetup(t *testing.T, capacity int, title string) (*meetupHarness, string) {
	t.Helper()
	h := newMeetupHarness(t)
	return h, h.createMeetup(capacity, title)
}

func (h *meetupHarness) createMeetup(capacity int, title string) string {
	h.T.Helper()
	body := fmt.Sprintf(`{"title":%q,"starts_at":"2026-12-20T18:00:00+03:30","ends_at":"2026-12-20T21:00:00+03:30","venue":"Tehran","capacity":%d,"description":"Monthly meetup"}`, title, capacity)
	resp := h.Serve("POST", "/meetups", "/meetups", "application/json", body, h.Organizer()...)
	apitest.WantStatus(h.T, resp, 201)
	var m struct{ ID string }
	_ = json.Unmarshal([]byte(resp.Body), &m)
	return m.ID
}

// standing is where a registrant stands, as the meetup has it: the answer
// to a registration tells nothing of it.
type standing struct {
	Status           string
	WaitlistPosition int
}

// register registers email, the address of a confirmed member (so the
// place it takes is theirs at once), and answers the registration's status
// and where the member stands right after it.
func (h *meetupHarness) register(id, name, email string) (int, standing) {
	h.ConfirmedMember(name, email)
	return h.registerUnproven(id, name, email), h.standing(id, email)
}

// registerUnproven registers an address nobody has proven.
func (h *meetupHarness) registerUnproven(id, name, email string) int {
	body, _ := json.Marshal(map[string]string{"name": name, "email": email})
	return h.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations", "application/json", string(body)).StatusCode
}

// standing reads where address stands at meetup id.
func (h *meetupHarness) standing(id, address string) standing {
	m := h.meetup(id)
	key := person.Key(address)
	switch {
	case slices.Contains(m.Seats, key) && m.Held(key):
		return standing{Status: "held"}
	case slices.Contains(m.Seats, key):
		return standing{Status: "confirmed"}
	case slices.Contains(m.Waitlist, key):
		st := "waitlisted"
		if m.Held(key) {
			st = "held"
		}
		return standing{Status: st, WaitlistPosition: slices.Index(m.Waitlist, key) + 1}
	}
	return standing{Status: "none"}
}

// patch changes meetup id as the organizer.
func (h *meetupHarness) patch(id, body string) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	return h.Serve("PATCH", "/meetups/{meetupId}", "/meetups/"+id, "application/json", body, h.Organizer()...)
}

// cancelRegistration posts the token of a registration's cancel link.
func (h *meetupHarness) cancelRegistration(tok string) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	return h.Serve("POST", "/registrations/cancel", "/registrations/cancel", "application/json", `{"token":"`+tok+`"}`)
}

// registerNew registers, for each name, an address no other test uses (the
// name in lower case, made unique), and returns the addresses.
func (h *meetupHarness) registerNew(id string, names ...string) []string {
	addrs := make([]string, len(names))
	for i, name := range names {
		addrs[i] = apitest.UniqueEmail(strings.ToLower(name))
		h.register(id, name, addrs[i])
	}
	return addrs
}

func (h *meetupHarness) meetup(id string) meetups.Meetup {
	h.T.Helper()
	return apitest.Read(h.T, h.svc.Get, id)
}

// checkInvariants asserts what must hold of a meetup at any moment.
func checkInvariants(t *testing.T, m meetups.Meetup) {
	t.Helper()
	if len(m.Seats) > m.Capacity {
		t.Errorf("oversold: %d seats taken of %d", len(m.Seats), m.Capacity)
	}
	if len(m.Seats) < m.Capacity && len(m.Waitlist) > 0 {
		t.Errorf("a promotion was lost: %d of %d seats taken with %d waiting", len(m.Seats), m.Capacity, len(m.Waitlist))
	}
	seen := map[string]bool{}
	for _, k := range slices.Concat(m.Seats, m.Waitlist) {
		if seen[k] {
			t.Errorf("%s holds two places", k)
		}
		seen[k] = true
	}
}

// concurrently runs every call at once, at most limit at a time, and waits
// for them all.
func concurrently(limit int, calls ...func()) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, limit)
	for _, call := range calls {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			call()
		})
	}
	wg.Wait()
}

// each is f called with every i from from up to (not including) to.
func each(from, to int, f func(i int)) []func() {
	calls := make([]func(), 0, to-from)
	for i := from; i < to; i++ {
		calls = append(calls, func() { f(i) })
	}
	return calls
}

// numbered returns n addresses, name-<random>-<i>@example.org, that no other
// test uses.
func numbered(name string, n int) []string {
	prefix := name + "-" + testenv.RandomHex(4)
	addrs := make([]string, n)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("%s-%d@example.org", prefix, i)
	}
	return addrs
}

// cancelToken finds the cancel link's token in the last email to address.
func cancelToken(t *testing.T, address string) string {
	t.Helper()
	mails := testenv.EmailsTo(t, address)
	if len(mails) == 0 {
		t.Fatalf("no email to %s", address)
	}
	return apitest.LinkIn(t, mails[len(mails)-1], "/registrations/cancel")
}

// failingMailer refuses one address, as SES does when it is down for it.
type failingMailer struct {
	email.Sender
	to string
}

func (f failingMailer) Send(ctx context.Context, m email.Message) (string, error) {
	if m.To == f.to {
		return "", errors.New("injected SES failure")
	}
	return f.Sender.Send(ctx, m)
}

// subjects counts the emails to address whose subject contains each of subs.
func subjects(t *testing.T, address string, subs ...string) []int {
	t.Helper()
	n := make([]int, len(subs))
	for _, e := range testenv.EmailsTo(t, address) {
		for i, sub := range subs {
			if strings.Contains(e.Subject, sub) {
				n[i]++
			}
		}
	}
	return n
}

// prefixed counts the emails to address whose subject starts with prefix.
func prefixed(t *testing.T, address, prefix string) int {
	t.Helper()
	n := 0
	for _, e := range testenv.EmailsTo(t, address) {
		if strings.HasPrefix(e.Subject, prefix) {
			n++
		}
	}
	return n
}

// cancellingMailer ends the request (as Lambda's timeout does) during one send.
type cancellingMailer struct {
	email.Sender
	mu     sync.Mutex
	sends  int
	at     int
	cancel context.CancelFunc
}

func (c *cancellingMailer) Send(ctx context.Context, m email.Message) (string, error) {
	c.mu.Lock()
	c.sends++
	hit := c.sends == c.at
	c.mu.Unlock()
	if hit {
		c.cancel()
		return "", ctx.Err()
	}
	return c.Sender.Send(ctx, m)
}

// blockingMailer holds every send until its context ends, as an SES call
// that hangs would.
type blockingMailer struct{}

func (blockingMailer) Send(ctx context.Context, _ email.Message) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}
