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
func (f *faultyStore) TakeSeat(ctx context.Context, m meetups.Meetup, key string) (meetups.Meetup, error) {
	next, err := f.Store.TakeSeat(ctx, m, key)
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

type regAnswer struct {
	Status           string `json:"status"`
	WaitlistPosition int    `json:"waitlist_position"`
}

func (h *meetupHarness) register(id, name, email string) (int, regAnswer) {
	body, _ := json.Marshal(map[string]string{"name": name, "email": email})
	resp := h.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations", "application/json", string(body))
	var a regAnswer
	_ = json.Unmarshal([]byte(resp.Body), &a)
	return resp.StatusCode, a
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
	m, err := h.svc.Get(context.Background(), id)
	if err != nil {
		h.T.Fatal(err)
	}
	return m
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

func TestNeverOversell(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 50, "Crowded")

	const n = 200
	answers := make([]regAnswer, n)
	codes := make([]int, n)
	addr := numbered("crowd", n)
	concurrently(40, each(0, n, func(i int) {
		codes[i], answers[i] = h.register(id, fmt.Sprintf("Person %d", i), addr[i])
	})...)

	confirmed, positions := 0, map[int]int{}
	for i, a := range answers {
		if codes[i] != 201 {
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

	// Registering again answers the existing registration and takes nothing.
	code, a := h.register(id, "Person 7", addr[7])
	if code != 200 || a.Status != answers[7].Status || a.WaitlistPosition != answers[7].WaitlistPosition {
		t.Errorf("second registration answered %d %+v, first %+v", code, a, answers[7])
	}
	if n := len(testenv.EmailsTo(t, addr[7])); n != 1 {
		t.Errorf("%d emails after registering twice, want 1", n)
	}
	if m2 := h.meetup(id); len(m2.Seats)+len(m2.Waitlist) != 200 {
		t.Errorf("a second registration took a place")
	}
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

func TestCancellationsInterleaved(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 20, "Busy")
	addr := numbered("mix", 60)
	for i := range 20 {
		if code, a := h.register(id, "Early", addr[i]); code != 201 || a.Status != "confirmed" {
			t.Fatalf("early registration %d: %d %+v", i, code, a)
		}
	}
	tokens := make([]string, 15)
	for i := range tokens {
		tokens[i] = cancelToken(t, addr[i])
	}

	late := each(20, 60, func(i int) {
		if code, _ := h.register(id, "Late", addr[i]); code != 201 {
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
	if code != 200 || a.Status != "confirmed" {
		t.Fatalf("retry answered %d %+v", code, a)
	}
	if n := len(testenv.EmailsTo(t, first)); n != 1 {
		t.Errorf("%d emails to the first registrant, want 1", n)
	}
	if code, a := h.register(id, "Second", second); code != 201 || a.Status != "waitlisted" || a.WaitlistPosition != 1 {
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
	wantOneEach(t, "seat opened up", "promotion", third)
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
	wantOneEach(t, "seat opened up", "promotion", regs[2:]...)
}

func TestOrganizerRoutesNeedASession(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 5, "Private")
	routes := []struct{ method, route, path string }{
		{"POST", "/meetups", "/meetups"},
		{"PATCH", "/meetups/{meetupId}", "/meetups/" + id},
		{"POST", "/meetups/{meetupId}/cancel", "/meetups/" + id + "/cancel"},
		{"GET", "/meetups/{meetupId}/registrations", "/meetups/" + id + "/registrations"},
		{"POST", "/meetups/{meetupId}/attendance", "/meetups/" + id + "/attendance"},
	}
	for _, r := range routes {
		for _, auth := range []string{"", "Bearer forged", "Basic b3JnOnB3"} {
			t.Run(r.method+" "+r.route+" "+auth, func(t *testing.T) {
				resp := h.Serve(r.method, r.route, r.path, "application/json", `{"capacity":1}`, "Authorization", auth)
				apitest.WantStatus(t, resp, 401)
			})
		}
	}
	if m := h.meetup(id); m.Capacity != 5 || m.Status != meetups.Scheduled {
		t.Errorf("an unauthorized request changed the meetup: %+v", m)
	}
}

func TestMeetupRules(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 2, "Rules")
	h.registerNew(id, "A", "B", "C")
	org := h.Organizer()

	tests := []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"capacity below confirmed", `{"capacity":1}`, 422, "capacity"},
		{"end before start", `{"ends_at":"2026-12-20T17:00:00+03:30"}`, 422, "ends_at"},
		{"not RFC 3339", `{"starts_at":"next friday"}`, 422, "starts_at"},
		{"start in the past", `{"starts_at":"2020-01-01T18:00:00Z"}`, 422, "starts_at"},
		{"empty title", `{"title":"  "}`, 422, "title"},
		{"wrong type", `{"capacity":"many"}`, 422, "capacity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.patch(id, tt.body)
			apitest.WantStatus(t, resp, tt.status)
			var p struct{ Errors map[string]string }
			_ = json.Unmarshal([]byte(resp.Body), &p)
			if p.Errors[tt.field] == "" {
				t.Errorf("errors %v do not name %s", p.Errors, tt.field)
			}
		})
	}
	if m := h.meetup(id); m.Capacity != 2 || m.Title != "Rules" {
		t.Errorf("a refused update changed the meetup: %+v", m)
	}

	t.Run("create with bad dates", func(t *testing.T) {
		resp := h.Serve("POST", "/meetups", "/meetups", "application/json", `{"title":"X","starts_at":"2026-12-20T18:00:00Z","ends_at":"2026-12-20","venue":"V","capacity":3}`, org...)
		apitest.WantStatus(t, resp, 422)
		if !strings.Contains(resp.Body, "ends_at") {
			t.Errorf("body %s does not name ends_at", resp.Body)
		}
	})

	t.Run("raising capacity promotes", func(t *testing.T) {
		apitest.WantStatus(t, h.patch(id, `{"capacity":3}`), 200)
		m := h.meetup(id)
		if len(m.Seats) != 3 || len(m.Waitlist) != 0 {
			t.Errorf("after raising capacity: %d seats, %d waiting", len(m.Seats), len(m.Waitlist))
		}
	})

	t.Run("past meetup", func(t *testing.T) {
		h.clock.Advance(30 * 24 * time.Hour)
		defer h.clock.Advance(-30 * 24 * time.Hour)
		code, _ := h.register(id, "Late", apitest.UniqueEmail("late"))
		if code != 409 {
			t.Errorf("registering for a past meetup answered %d", code)
		}
	})

	t.Run("cancelled meetup", func(t *testing.T) {
		addrs := []string{}
		for _, r := range []string{"a", "b", "c"} {
			_ = r
		}
		regs, _, _ := h.svc.Registrations(context.Background(), id, "", 100)
		for _, r := range regs {
			addrs = append(addrs, r.Email)
		}
		for range 2 { // cancelling again tells nobody twice
			apitest.WantStatus(t, h.Serve("POST", "/meetups/{meetupId}/cancel", "/meetups/"+id+"/cancel", "", "", org...), 200)
		}
		for _, a := range addrs {
			if n := prefixed(t, a, "Cancelled:"); n != 1 {
				t.Errorf("%s got %d cancellation emails", a, n)
			}
		}
		code, _ := h.register(id, "Too late", apitest.UniqueEmail("cancelled"))
		if code != 409 {
			t.Errorf("registering for a cancelled meetup answered %d", code)
		}
		list := h.Serve("GET", "/meetups", "/meetups", "", "")
		if strings.Contains(list.Body, id) {
			t.Errorf("cancelled meetup still listed as upcoming")
		}
	})
}

func TestRegistrationsExport(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Export")
	persian := apitest.UniqueEmail("persian")
	h.register(id, "مریم کاظمی", persian)
	h.register(id, "=HYPERLINK(\"http://x\")", apitest.UniqueEmail("formula"))

	resp := h.Serve("GET", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations", "", "", append(h.Organizer(), "Accept", "text/csv")...)
	apitest.WantStatus(t, resp, 200)
	if ct := resp.Headers["Content-Type"]; ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	for _, want := range []string{"name,email,status,waitlist_position,attended,registered_at", "مریم کاظمی," + persian + ",confirmed", `"'=HYPERLINK`, ",waitlisted,1,"} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("CSV lacks %q:\n%s", want, resp.Body)
		}
	}

	att := h.Serve("POST", "/meetups/{meetupId}/attendance", "/meetups/"+id+"/attendance", "application/json", `{"emails":["`+persian+`"],"attended":true}`, h.Organizer()...)
	apitest.WantStatus(t, att, 200)
	bad := h.Serve("POST", "/meetups/{meetupId}/attendance", "/meetups/"+id+"/attendance", "application/json", `{"emails":["`+persian+`","nobody@example.org"],"attended":false}`, h.Organizer()...)
	apitest.WantStatus(t, bad, 422)
	js := h.Serve("GET", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations", "", "", h.Organizer()...)
	var l struct {
		Items []struct {
			Email    string `json:"email"`
			Attended *bool  `json:"attended"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(js.Body), &l); err != nil || len(l.Items) != 2 {
		t.Fatalf("JSON list %s: %v", js.Body, err)
	}
	for _, it := range l.Items {
		if it.Email == persian && (it.Attended == nil || !*it.Attended) {
			t.Errorf("attendance not recorded (or undone by the refused request): %+v", it)
		}
	}

	detail := h.Serve("GET", "/meetups/{meetupId}", "/meetups/"+id, "", "")
	apitest.WantStatus(t, detail, 200)
	var d struct {
		SeatsLeft int               `json:"seats_left"`
		StartsAt  string            `json:"starts_at"`
		Talks     []json.RawMessage `json:"talks"`
	}
	if err := json.Unmarshal([]byte(detail.Body), &d); err != nil || d.SeatsLeft != 0 || d.Talks == nil || !strings.HasSuffix(d.StartsAt, "+03:30") {
		t.Errorf("detail %s", detail.Body)
	}
	apitest.WantStatus(t, h.Serve("GET", "/meetups/{meetupId}", "/meetups/nope", "", ""), 404)
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
	if code, a := h.register(id, "Next", next); code != 201 || a.Status != "confirmed" {
		t.Fatalf("the next registrant: %d %+v", code, a)
	}
}

// A list's last page has no next cursor, even when it is exactly full.
func TestListPages(t *testing.T) {
	t.Parallel()
	h := newMeetupHarness(t)
	for _, title := range []string{"One", "Two", "Three"} {
		h.createMeetup(5, title)
	}
	type page struct {
		Items []struct{ Title string } `json:"items"`
		Next  *string                  `json:"next"`
	}
	get := func(target string) page {
		t.Helper()
		resp := h.Do("GET", target, "", "")
		apitest.WantStatus(t, resp, 200)
		var p page
		if err := json.Unmarshal([]byte(resp.Body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := get("/meetups?limit=3"); len(p.Items) != 3 || p.Next != nil {
		t.Errorf("exactly full last page: %d items, next %v", len(p.Items), p.Next)
	}
	first := get("/meetups?limit=2")
	if len(first.Items) != 2 || first.Next == nil {
		t.Fatalf("first page: %d items, next %v", len(first.Items), first.Next)
	}
	second := get("/meetups?limit=2&cursor=" + *first.Next)
	if len(second.Items) != 1 || second.Next != nil {
		t.Errorf("second page: %d items, next %v", len(second.Items), second.Next)
	}
	var seen []string
	for _, it := range append(first.Items, second.Items...) {
		seen = append(seen, it.Title)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 3 {
		t.Errorf("pages held %v", seen)
	}
}

// A post that fills the honeypot is answered as a real registration would
// be at that moment, and nothing is kept.
func TestHoneypotRegistration(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Honey")
	h.registerNew(id, "Real")
	bot := apitest.UniqueEmail("bot")
	body, _ := json.Marshal(map[string]string{"name": "Bot", "email": bot, "website": "http://spam.example"})
	resp := h.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations", "application/json", string(body))
	apitest.WantStatus(t, resp, 201)
	var a regAnswer
	_ = json.Unmarshal([]byte(resp.Body), &a)
	if a.Status != "waitlisted" || a.WaitlistPosition != 1 || !strings.Contains(resp.Body, `"id":"`+id+"-") {
		t.Errorf("honeypot answer %s", resp.Body)
	}
	if m := h.meetup(id); len(m.Waitlist) != 0 {
		t.Errorf("the honeypot post was kept: waitlist %v", m.Waitlist)
	}
	h.WantNoTrace(t, bot)
}

// Moving a meetup tells everyone with a place, once per change; changing
// only its capacity tells nobody.
func TestScheduleChangeIsAnnounced(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Moving")
	seated, waiting, late := apitest.UniqueEmail("seated"), apitest.UniqueEmail("waiting"), apitest.UniqueEmail("late")
	h.register(id, "Seated", seated)
	h.register(id, "Waiting", waiting)
	patch := func(body string) {
		t.Helper()
		apitest.WantStatus(t, h.patch(id, body), 200)
	}
	changed := func(to string) int { return prefixed(t, to, "Changed:") }
	patch(`{"starts_at":"2026-12-21T18:00:00+03:30","ends_at":"2026-12-21T21:00:00+03:30"}`)
	patch(`{"starts_at":"2026-12-21T18:00:00+03:30"}`) // the same again: no news
	patch(`{"capacity":2}`)                            // promotes, is no change of time or place
	if changed(seated) != 1 || changed(waiting) != 1 {
		t.Errorf("change emails: seated %d, waiting %d; want 1 each", changed(seated), changed(waiting))
	}
	mails := testenv.EmailsTo(t, seated)
	if last := mails[len(mails)-1]; strings.HasPrefix(last.Subject, "Changed:") && !strings.Contains(last.Text, "Monday 21 December 2026, 18:00") {
		t.Errorf("the change email does not give the new time: %s", last.Text)
	}
	// Someone registering after the change already has the new time.
	h.register(id, "Late", late)
	patch(`{"venue":"Tehran, a bigger room"}`)
	if changed(seated) != 2 || changed(late) != 1 {
		t.Errorf("after moving the venue: seated %d, late %d change emails; want 2 and 1", changed(seated), changed(late))
	}
}

// Organizer posts answer like every other: a form post answers 303.
func TestOrganizerFormPost(t *testing.T) {
	t.Parallel()
	h := newMeetupHarness(t)
	form := "title=Form+meetup&starts_at=2026-12-20T18%3A00%3A00%2B03%3A30&ends_at=2026-12-20T21%3A00%3A00%2B03%3A30&venue=Tehran&capacity=10"
	resp := h.Serve("POST", "/meetups", "/meetups", "application/x-www-form-urlencoded", form, h.Organizer()...)
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; !strings.Contains(loc, "done=saved") {
		t.Errorf("Location %q", loc)
	}
	list := h.Do("GET", "/meetups", "", "")
	if !strings.Contains(list.Body, "Form meetup") {
		t.Errorf("the meetup was not created: %s", list.Body)
	}
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

// wantOneEach fails the test unless each address got exactly one email
// whose subject contains sub; what names those emails.
func wantOneEach(t *testing.T, sub, what string, addresses ...string) {
	t.Helper()
	for _, a := range addresses {
		if n := testenv.CountEmails(t, a, sub); n != 1 {
			t.Errorf("%s got %d %s emails, want 1", a, n, what)
		}
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
		if code, a := h.register(id, "Waiting", addr[i]); code != 201 || a.Status != "waitlisted" {
			t.Errorf("registration %d: %d %+v", i, code, a)
		}
	})...)
	apitest.WantStatus(t, h.patch(id, `{"capacity":100}`), 200)
	m := h.meetup(id)
	checkInvariants(t, m)
	if len(m.Seats) != waiting+1 || len(m.Waitlist) != 0 || len(m.Notices) != 0 {
		t.Fatalf("after raising the capacity: %d seats, %d waiting, %d notices owed", len(m.Seats), len(m.Waitlist), len(m.Notices))
	}
	wantOneEach(t, "seat opened up", "promotion", addr[1:]...)
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
	if code != 201 || a.Status != "confirmed" || a.WaitlistPosition != 0 {
		t.Errorf("registration answered %d %+v, want 201 confirmed", code, a)
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

// A request that ends in the middle of telling registrants leaves the rest
// owed, and making it again tells exactly those, each once.
func TestCancellingMeetupTellsEveryoneOnce(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 3, "Called off")
	addr := numbered("off", 5)
	for _, a := range addr {
		h.register(id, "Member", a)
	}

	// Out of time before the first email: nobody is told, and the answer
	// says how many are left.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
	m, untold, err := h.svc.CancelMeetup(ctx, id)
	cancel()
	if err != nil || m.Status != meetups.Cancelled || untold != 5 {
		t.Fatalf("cancel near the deadline: %v, %s, %d untold; want cancelled, 5 untold", err, m.Status, untold)
	}

	// The request ends during the third email.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	h.mail.use(&cancellingMailer{Sender: h.mail.real, at: 3, cancel: cancel})
	if _, _, err := h.svc.CancelMeetup(ctx, id); err == nil {
		t.Fatal("a cancelled request answered success")
	}

	// The organizer cancels again: everyone left is told, nobody twice.
	resp := h.Serve("POST", "/meetups/{meetupId}/cancel", "/meetups/"+id+"/cancel", "application/json", "", h.Organizer()...)
	apitest.WantStatus(t, resp, 200)
	if strings.Contains(resp.Body, "untold") {
		t.Errorf("a complete cancellation answered %s", resp.Body)
	}
	wantOneEach(t, "Cancelled:", "cancellation", addr...)
}

// What hangs on a meetup (its talks) failing to follow it does not keep its
// registrants from being told it is off.
func TestCancelTellsRegistrantsWhateverElseFails(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 2, "Off anyway")
	ab := h.registerNew(id, "A", "B")
	calls := 0
	h.afterCancel = func(context.Context, meetups.Meetup) error {
		calls++
		return errors.New("injected: a speaker's address is refused")
	}
	if _, _, err := h.svc.CancelMeetup(context.Background(), id); err == nil {
		t.Error("the failure was not reported")
	}
	if calls != 1 {
		t.Errorf("the talks' step ran %d times", calls)
	}
	wantOneEach(t, "Cancelled:", "cancellation", ab...)
}

// blockingMailer holds every send until its context ends, as an SES call
// that hangs would.
type blockingMailer struct{}

func (blockingMailer) Send(ctx context.Context, _ email.Message) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}

// An email that hangs is cut short before the request's deadline, so its
// claim is given back while the function still lives: the answer counts it
// untold, and cancelling again tells it, once.
func TestHangingEmailIsCutShortAndStaysOwed(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 3, "Hanging")
	ab := h.registerNew(id, "A", "B")

	h.mail.use(blockingMailer{})
	ctx, cancel := context.WithTimeout(context.Background(), 4500*time.Millisecond)
	defer cancel()
	m, untold, err := h.svc.CancelMeetup(ctx, id)
	h.mail.use(nil)
	if err != nil || m.Status != meetups.Cancelled || untold != 2 {
		t.Fatalf("cancel with a hanging email: %v, %s, %d untold; want cancelled, 2 untold", err, m.Status, untold)
	}
	if _, _, err := h.svc.CancelMeetup(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	wantOneEach(t, "Cancelled:", "cancellation", ab...)
}
