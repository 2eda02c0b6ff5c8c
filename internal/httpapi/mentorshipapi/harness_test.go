package mentorshipapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

var errInjected = errors.New("injected failure")

// faultyStore is the real store that can "die": once the method named in
// dieAfter has done its write, it and every later write it wraps fail, as if
// the function had stopped there, until revive.
type faultyStore struct {
	mentorship.Store
	mu       sync.Mutex
	dieAfter string
	dead     bool
}

func (f *faultyStore) kill(after string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dieAfter, f.dead = after, false
}

func (f *faultyStore) revive() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dieAfter, f.dead = "", false
}

// before fails a call once the function is dead.
func (f *faultyStore) before() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dead {
		return errInjected
	}
	return nil
}

// after lets method's write stand and then dies, when told to.
func (f *faultyStore) after(method string, err error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil && f.dieAfter == method {
		f.dead = true
		return errInjected
	}
	return err
}

func (f *faultyStore) ClaimMentee(ctx context.Context, menteeApp, pairID string, at time.Time) error {
	if err := f.before(); err != nil {
		return err
	}
	return f.after("ClaimMentee", f.Store.ClaimMentee(ctx, menteeApp, pairID, at))
}

func (f *faultyStore) TakePlace(ctx context.Context, m mentorship.Application, pairID string, at time.Time) (mentorship.Application, error) {
	if err := f.before(); err != nil {
		return mentorship.Application{}, err
	}
	a, err := f.Store.TakePlace(ctx, m, pairID, at)
	return a, f.after("TakePlace", err)
}

func (f *faultyStore) ActivatePair(ctx context.Context, id string, at time.Time) (mentorship.Pair, error) {
	if err := f.before(); err != nil {
		return mentorship.Pair{}, err
	}
	return f.Store.ActivatePair(ctx, id, at)
}

func (f *faultyStore) AbandonPair(ctx context.Context, p mentorship.Pair) error {
	if err := f.before(); err != nil {
		return err
	}
	return f.Store.AbandonPair(ctx, p)
}

func (f *faultyStore) FreePlace(ctx context.Context, mentorApp, pairID string, at time.Time) error {
	if err := f.before(); err != nil {
		return err
	}
	return f.Store.FreePlace(ctx, mentorApp, pairID, at)
}

func (f *faultyStore) ReleaseMentee(ctx context.Context, menteeApp, pairID string, status mentorship.AppStatus, at time.Time) error {
	if err := f.before(); err != nil {
		return err
	}
	return f.Store.ReleaseMentee(ctx, menteeApp, pairID, status, at)
}

type harness struct {
	*apitest.Client
	svc   *mentorship.Service
	real  *dynamo.Table
	store *faultyStore
	mail  *emailtest.FlakySender
	clock *wiringtest.Clock
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{clock: wiringtest.NewClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))}
	sys := wiringtest.New(t, wiring.WithClock(h.clock.Now),
		wiring.WithMentorshipStore(func(next mentorship.Store) mentorship.Store {
			h.store = &faultyStore{Store: next}
			return h.store
		}),
		wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer {
			h.mail = &emailtest.FlakySender{Sender: next}
			return h.mail
		}))
	h.Client = apitest.New(t, sys, wiring.MentorshipFunction)
	h.svc, h.real = sys.Mentorship(), sys.Store()
	sys.Built()
	return h
}

// person is one applicant of a test.
type applicant struct {
	email, id string
}

// apply posts an application as JSON and returns the applicant.
func (h *harness) apply(role, name string, extra map[string]any) applicant {
	h.T.Helper()
	email := apitest.UniqueEmail(role)
	body := map[string]any{"role": role, "name": name, "email": email, "topics": []string{"Python", "testing"}}
	if role == "mentor" {
		body["capacity"], body["availability"] = 1, "Tuesday evenings"
	} else {
		body["goals"] = "Contribute to an open-source project"
	}
	for k, v := range extra {
		body[k] = v
	}
	resp := h.PostJSON("/mentorship/applications", body)
	apitest.WantStatus(h.T, resp, 201)
	var out struct{ ID string }
	if err := json.Unmarshal([]byte(resp.Body), &out); err != nil || out.ID == "" {
		h.T.Fatalf("application answer %s", resp.Body)
	}
	return applicant{email: email, id: out.ID}
}

func (h *harness) pair(mentor, mentee applicant) (int, mentorshipAnswer) {
	h.T.Helper()
	body := fmt.Sprintf(`{"mentor_application_id":%q,"mentee_application_id":%q}`, mentor.id, mentee.id)
	resp := h.Serve("POST", "/mentorships", "/mentorships", "application/json", body, h.Organizer()...)
	var m mentorshipAnswer
	_ = json.Unmarshal([]byte(resp.Body), &m)
	return resp.StatusCode, m
}

type mentorshipAnswer struct {
	ID                  string  `json:"id"`
	State               string  `json:"state"`
	LastCheckinAt       *string `json:"last_checkin_at"`
	MentorName          string  `json:"mentor_name"`
	MenteeName          string  `json:"mentee_name"`
	MentorLastCheckinAt *string `json:"mentor_last_checkin_at"`
	MenteeLastCheckinAt *string `json:"mentee_last_checkin_at"`
	Outcome             string  `json:"outcome"`
}

func (h *harness) mentorships(status string) []mentorshipAnswer {
	h.T.Helper()
	resp := h.Serve("GET", "/mentorships", "/mentorships?status="+status, "", "", h.Organizer()...)
	apitest.WantStatus(h.T, resp, 200)
	var l struct{ Items []mentorshipAnswer }
	if err := json.Unmarshal([]byte(resp.Body), &l); err != nil {
		h.T.Fatal(err)
	}
	return l.Items
}

func (h *harness) application(a applicant) mentorship.Application {
	h.T.Helper()
	return apitest.Read(h.T, h.real.GetApplication, a.id)
}

// checkInToken is the token of the check-in link in the introduction to
// partner emailed to a (to anyone when partner is "").
func checkInToken(t *testing.T, a applicant, partner string) string {
	t.Helper()
	for _, e := range testenv.EmailsTo(t, a.email) {
		if strings.Contains(e.Text, "/checkins/new?token=") && strings.HasSuffix(e.Subject, partner) {
			return apitest.LinkIn(t, e, "/checkins/new")
		}
	}
	t.Fatalf("no check-in link emailed to %s", a.email)
	return ""
}

func (h *harness) checkIn(body string) (int, string) {
	resp := h.Serve("POST", "/checkins", "/checkins", "application/json", body)
	return resp.StatusCode, resp.Body
}

func intros(t *testing.T, a applicant) int {
	t.Helper()
	n := 0
	for _, e := range testenv.EmailsTo(t, a.email) {
		if strings.HasPrefix(e.Subject, "Meet your") {
			n++
		}
	}
	return n
}

// erase erases a's data as members.Service.Erase does, EraseMentorship (a
// BeforeErase step) and then EraseOwner, and fails the test if any item of
// theirs remains.
func (h *harness) erase(a applicant) {
	h.T.Helper()
	owner := person.Key(a.email)
	if err := h.real.EraseMentorship(context.Background(), owner); err != nil {
		h.T.Fatal(err)
	}
	if _, err := h.real.EraseOwner(context.Background(), owner, ""); err != nil {
		h.T.Fatal(err)
	}
	if n := h.OwnerItems(a.email); n != 0 {
		h.T.Errorf("%d items of the erased %s remain", n, a.email)
	}
}
