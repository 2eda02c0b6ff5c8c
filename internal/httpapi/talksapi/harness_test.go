package talksapi_test

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// talkHarness serves the talk routes and the meetup routes (whose detail
// lists a meetup's talks) on one fresh table.
type talkHarness struct {
	*apitest.Client
	store   *dynamo.Table
	mailer  *emailtest.FlakySender // the real SES sender, failing on demand
	talks   *talks.Service
	meetups *meetups.Service
	tokens  *token.Issuer
	org     []string // a signed-in organizer's Authorization header
}

// now is when the harness's clock starts: the meetups it creates are weeks
// away. The clock moves a millisecond per reading, so talks submitted one
// after the other list in that order.
var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func tickingClock() func() time.Time {
	var ticks atomic.Int64
	return func() time.Time { return now.Add(time.Duration(ticks.Add(1)) * time.Millisecond) }
}

func newTalkHarness(t *testing.T) *talkHarness {
	t.Helper()
	h := &talkHarness{}
	sys := wiringtest.New(t, wiring.WithClock(tickingClock()),
		wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer {
			h.mailer = &emailtest.FlakySender{Sender: next}
			return h.mailer
		}))
	h.Client = apitest.New(t, sys, wiring.TalksFunction, wiring.MeetupsFunction)
	h.store, h.tokens, h.talks, h.meetups = sys.Store(), sys.Tokens(), sys.Talks(), sys.Meetups()
	h.org = h.Organizer()
	sys.Built()
	return h
}

// newTalkMeetup is a harness with one meetup, titled title.
func newTalkMeetup(t *testing.T, title string) (*talkHarness, string) {
	t.Helper()
	h := newTalkHarness(t)
	return h, h.createMeetup(title)
}

// createMeetup adds a scheduled meetup on 20 December 2026.
func (h *talkHarness) createMeetup(title string) string {
	h.T.Helper()
	return h.CreateMeetup(wiringtest.Meetup{Title: title, StartsAt: "2026-12-20T18:00:00+03:30", EndsAt: "2026-12-20T21:00:00+03:30", Capacity: 30}).ID
}

// proposal is a valid submission by email; set overrides its fields.
func proposal(email string, set map[string]string) map[string]string {
	p := map[string]string{
		"name": "Sara", "email": email, "title": "Asyncio without tears", "abstract": "What the event loop does.",
		"format": "short", "level": "intermediate", "language": "en",
	}
	for k, v := range set {
		p[k] = v
	}
	return p
}

type talkAnswer struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Title    string `json:"title"`
	Abstract string `json:"abstract"`
	MeetupID string `json:"meetup_id"`
	Message  string `json:"message"`
	Minutes  int    `json:"minutes"`
}

func decode[T any](t testing.TB, resp events.APIGatewayV2HTTPResponse) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(resp.Body), &v); err != nil {
		t.Fatalf("answer %s: %v", resp.Body, err)
	}
	return v
}

// propose submits a proposal by a new speaker, whose address starts with who;
// set overrides the proposal's fields. It returns the speaker's address and
// the new talk's id.
func (h *talkHarness) propose(who string, set map[string]string) (email, id string) {
	h.T.Helper()
	email = apitest.UniqueEmail(who)
	return email, h.submit(proposal(email, set))
}

// submit posts a proposal, confirms it with the link of its email, as its
// speaker does, and returns the new talk's id.
func (h *talkHarness) submit(p map[string]string) string {
	h.T.Helper()
	id := h.submitPending(p)
	mails := testenv.EmailsTo(h.T, p["email"])
	if len(mails) == 0 {
		h.T.Fatalf("no email to %s", p["email"])
	}
	apitest.WantStatus(h.T, h.act("/talks/verify", apitest.LinkIn(h.T, mails[len(mails)-1], "/talks/verify")), 200)
	return id
}

// submitPending posts a proposal and returns the new talk's id, leaving it
// pending: its speaker does not confirm it.
func (h *talkHarness) submitPending(p map[string]string) string {
	h.T.Helper()
	resp := h.PostJSON("/talks", p)
	apitest.WantStatus(h.T, resp, 201)
	return decode[talkAnswer](h.T, resp).ID
}

func (h *talkHarness) decide(id string, body map[string]string, headers ...string) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	b, _ := json.Marshal(body)
	if headers == nil {
		headers = h.org
	}
	return h.Serve("POST", "/talks/{talkId}/decision", "/talks/"+id+"/decision", "application/json", string(b), headers...)
}

func (h *talkHarness) accept(id, meetupID string) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	return h.decide(id, map[string]string{"decision": "accept", "meetup_id": meetupID})
}

// act posts a token to a speaker's route (/talks/withdraw, /talks/confirm).
func (h *talkHarness) act(route, tok string) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	return h.Do("POST", route, "application/json", `{"token":"`+tok+`"}`)
}

// cancelMeetup cancels a meetup as the organizer.
func (h *talkHarness) cancelMeetup(meetupID string) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	return h.Serve("POST", "/meetups/{meetupId}/cancel", "/meetups/"+meetupID+"/cancel", "", "", h.org...)
}

func (h *talkHarness) talk(id string) talks.Talk {
	h.T.Helper()
	return apitest.Read(h.T, h.store.GetTalk, id)
}

// wantStatus fails unless talk id is in status.
func (h *talkHarness) wantStatus(id string, status talks.Status) {
	h.T.Helper()
	if got := h.talk(id).Status; got != status {
		h.T.Fatalf("talk %s is %s, want %s", id, got, status)
	}
}

// wantDecided fails the test unless deciding talk id again, to accept it
// into meetupID or to reject it, answers 409 and leaves it in status.
func (h *talkHarness) wantDecided(t testing.TB, id, meetupID string, status talks.Status) {
	t.Helper()
	apitest.WantStatus(t, h.accept(id, meetupID), 409)
	apitest.WantStatus(t, h.decide(id, map[string]string{"decision": "reject"}), 409)
	h.wantStatus(id, status)
}

// link finds the token of the link to route in the last email to address
// whose subject starts with subject.
func link(t testing.TB, address, subject, route string) string {
	t.Helper()
	mails := testenv.EmailsTo(t, address)
	for i := len(mails) - 1; i >= 0; i-- {
		if strings.HasPrefix(mails[i].Subject, subject) {
			return apitest.LinkIn(t, mails[i], route)
		}
	}
	t.Fatalf("no email %q to %s among %d", subject, address, len(mails))
	return ""
}

// subjects lists the subjects of the emails to address, oldest first.
func subjects(t testing.TB, address string) []string {
	t.Helper()
	var out []string
	for _, e := range testenv.EmailsTo(t, address) {
		out = append(out, e.Subject)
	}
	return out
}

// wantSubjects fails unless address got exactly emails with these subject
// prefixes, in order.
func wantSubjects(t testing.TB, address string, prefixes ...string) {
	t.Helper()
	got := subjects(t, address)
	ok := len(got) == len(prefixes)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i], prefixes[i])
	}
	if !ok {
		t.Fatalf("emails to %s: %q; want %q", address, got, prefixes)
	}
}

// programme is a meetup's detail as the public sees it.
type programme struct {
	Talks []meetups.Talk `json:"talks"`
}

func (h *talkHarness) programme(meetupID string) []meetups.Talk {
	h.T.Helper()
	resp := h.Serve("GET", "/meetups/{meetupId}", "/meetups/"+meetupID, "", "")
	apitest.WantStatus(h.T, resp, 200)
	return decode[programme](h.T, resp).Talks
}

// refusal is a request that sets some fields and is refused with a 422
// naming field.
type refusal struct {
	name  string
	set   map[string]string
	field string
}

// wantProblem fails the test unless resp is a 422 problem with an error
// for field.
func wantProblem(t testing.TB, resp events.APIGatewayV2HTTPResponse, field string) {
	t.Helper()
	apitest.WantStatus(t, resp, 422)
	if f := decode[struct{ Errors map[string]string }](t, resp).Errors; f[field] == "" {
		t.Errorf("problem %s does not name %s", resp.Body, field)
	}
}
