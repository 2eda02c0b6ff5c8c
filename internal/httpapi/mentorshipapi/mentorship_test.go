package mentorshipapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
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
	"github.com/tehpug/backend/internal/token"
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
	got, err := h.real.GetApplication(context.Background(), a.id)
	if err != nil {
		h.T.Fatal(err)
	}
	return got
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

func TestApplications(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	mentor := h.apply("mentor", "Sara Ahmadi", map[string]any{"capacity": 3})
	mails := testenv.EmailsTo(t, mentor.email)
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "mentor") {
		t.Fatalf("mentor acknowledgements: %+v", mails)
	}

	// A Persian form post from the website: 303 to the thank-you page, and
	// the name comes back unchanged.
	email := apitest.UniqueEmail("mentee")
	form := url.Values{"role": {"mentee"}, "name": {"مریم کاظمی"}, "email": {email}, "language": {"fa"},
		"topics": {"داده‌کاوی, pandas"}, "goals": {"یاد گرفتن تست‌نویسی"}, "website": {""}}
	resp := h.Do("POST", "/mentorship/applications", "application/x-www-form-urlencoded", form.Encode())
	apitest.WantStatus(t, resp, 303)
	if !strings.Contains(resp.Headers["Location"], "lang=fa") {
		t.Errorf("Location %q", resp.Headers["Location"])
	}
	mentee := applicant{email: email, id: mentorship.ApplicationID(mentorship.Mentee, person.Key(email))}
	if a := h.application(mentee); a.Name != "مریم کاظمی" || len(a.Topics) != 2 || a.Topics[0] != "داده‌کاوی" {
		t.Errorf("stored %+v", a)
	}
	if mails := testenv.EmailsTo(t, email); len(mails) != 1 || !strings.Contains(mails[0].Subject, "منتورشیپ") {
		t.Errorf("mentee acknowledgement: %+v", mails)
	}

	// Applying again answers the same, changes nothing, sends nothing.
	again := h.apply("mentor", "Someone Else", map[string]any{"email": mentor.email, "capacity": 5})
	if again.id != mentor.id {
		t.Errorf("second application got %s, first %s", again.id, mentor.id)
	}
	if a := h.application(mentor); a.Name != "Sara Ahmadi" || a.Capacity != 3 {
		t.Errorf("applying again changed the application: %+v", a)
	}
	if n := len(testenv.EmailsTo(t, mentor.email)); n != 1 {
		t.Errorf("%d acknowledgements after applying twice", n)
	}

	// The honeypot is answered as usual and dropped.
	bot := apitest.UniqueEmail("bot")
	resp = h.PostJSON("/mentorship/applications", map[string]any{"role": "mentee", "name": "Bot", "email": bot, "topics": []string{"x"}, "goals": "x", "website": "http://spam"})
	apitest.WantStatus(t, resp, 201)
	if n := h.OwnerItems(bot); n != 0 || len(testenv.EmailsTo(t, bot)) != 0 {
		t.Errorf("a honeypot post stored %d items", n)
	}

	bad := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"unknown role", map[string]any{"role": "guru", "name": "A", "email": apitest.UniqueEmail("x"), "topics": []string{"x"}}, "role"},
		{"capacity above 5", map[string]any{"role": "mentor", "name": "A", "email": apitest.UniqueEmail("x"), "topics": []string{"x"}, "capacity": 6, "availability": "x"}, "capacity"},
		{"capacity not a number", map[string]any{"role": "mentor", "name": "A", "email": apitest.UniqueEmail("x"), "topics": []string{"x"}, "capacity": "two", "availability": "x"}, "capacity"},
		{"mentee without goals", map[string]any{"role": "mentee", "name": "A", "email": apitest.UniqueEmail("x"), "topics": []string{"x"}}, "goals"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.PostJSON("/mentorship/applications", tt.body)
			apitest.WantStatus(t, resp, 422)
			var p struct{ Errors map[string]string }
			_ = json.Unmarshal([]byte(resp.Body), &p)
			if p.Errors[tt.field] == "" {
				t.Errorf("errors %v do not name %s", p.Errors, tt.field)
			}
		})
	}

	// Organizers list and filter open applications.
	list := func(query string) []string {
		resp := h.Serve("GET", "/mentorship/applications", "/mentorship/applications"+query, "", "", h.Organizer()...)
		apitest.WantStatus(t, resp, 200)
		var l struct {
			Items []struct {
				ID         string `json:"id"`
				FreePlaces *int   `json:"free_places"`
			}
		}
		_ = json.Unmarshal([]byte(resp.Body), &l)
		var ids []string
		for _, it := range l.Items {
			ids = append(ids, it.ID)
		}
		return ids
	}
	if got := list(""); len(got) != 2 {
		t.Errorf("open applications %v", got)
	}
	if got := list("?role=mentor"); len(got) != 1 || got[0] != mentor.id {
		t.Errorf("open mentors %v", got)
	}
	if got := list("?role=mentee&status=open&limit=1"); len(got) != 1 || got[0] != mentee.id {
		t.Errorf("open mentees %v", got)
	}
	if got := list("?status=paired"); len(got) != 0 {
		t.Errorf("paired applications %v", got)
	}
	resp = h.Serve("GET", "/mentorship/applications", "/mentorship/applications?role=guru", "", "", h.Organizer()...)
	apitest.WantStatus(t, resp, 422)
}

func TestTwoOrganizersRaceForTheLastPlace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for round := range 4 {
		mentor := h.apply("mentor", "Mentor", map[string]any{"capacity": 2})
		first, a, b := h.apply("mentee", "First", nil), h.apply("mentee", "A", nil), h.apply("mentee", "B", nil)
		if code, _ := h.pair(mentor, first); code != 201 {
			t.Fatalf("round %d: first pairing answered %d", round, code)
		}

		codes := make([]int, 2)
		mentees := []applicant{a, b}
		apitest.AtOnce(len(mentees), func(i int) { codes[i], _ = h.pair(mentor, mentees[i]) })
		if !(codes[0] == 201 && codes[1] == 409) && !(codes[0] == 409 && codes[1] == 201) {
			t.Fatalf("round %d: the race for the last place answered %v, want one 201 and one 409", round, codes)
		}
		m := h.application(mentor)
		if len(m.Mentees) != 2 || m.Status != mentorship.Full {
			t.Fatalf("round %d: mentor holds %v, status %s", round, m.Mentees, m.Status)
		}
		loser := a
		if codes[0] == 201 {
			loser = b
		}
		if l := h.application(loser); l.Status != mentorship.Open || l.PairID != "" {
			t.Errorf("round %d: the mentee who lost the race is %s (%q), not open", round, l.Status, l.PairID)
		}
		if n := intros(t, loser); n != 0 {
			t.Errorf("round %d: the mentee who lost the race got %d introductions", round, n)
		}
	}
	if n := len(h.mentorships("")); n != 8 {
		t.Errorf("%d mentorships listed, want 8", n)
	}
}

func TestOneMentorPerMentee(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mentee := h.apply("mentee", "Mentee", nil)
	mentors := []applicant{h.apply("mentor", "One", nil), h.apply("mentor", "Two", nil), h.apply("mentor", "Three", nil)}
	codes := make([]int, len(mentors))
	apitest.AtOnce(len(mentors), func(i int) { codes[i], _ = h.pair(mentors[i], mentee) })
	if won := apitest.Winners(t, codes, 201, 409); won != 1 {
		t.Fatalf("%d mentors got the mentee (%v)", won, codes)
	}
	for _, m := range mentors {
		a := h.application(m)
		if a.FreePlaces() == 0 && a.Status != mentorship.Full {
			t.Errorf("mentor %s: %+v", m.id, a)
		}
	}
	taken := 0
	for _, m := range mentors {
		taken += len(h.application(m).Mentees)
	}
	if taken != 1 {
		t.Errorf("%d mentor places taken for one mentee", taken)
	}
	// Pairing the same two again answers the pair, and introduces nobody twice.
	for i, m := range mentors {
		if codes[i] == 201 {
			if code, _ := h.pair(m, mentee); code != 200 {
				t.Errorf("pairing again answered %d", code)
			}
			if n := intros(t, m); n != 1 {
				t.Errorf("the mentor got %d introductions", n)
			}
		}
	}
	if n := intros(t, mentee); n != 1 {
		t.Errorf("the mentee got %d introductions", n)
	}

	// Roles are checked.
	other := h.apply("mentee", "Other", nil)
	if code, _ := h.pair(other, mentee); code != 422 {
		t.Errorf("a mentee as mentor answered %d", code)
	}
	if code, _ := h.pair(mentors[0], applicant{id: "nosuchapp"}); code != 404 {
		t.Errorf("an unknown application answered %d", code)
	}
}

func TestCheckIns(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mentor, mentee := h.apply("mentor", "Sara", map[string]any{"capacity": 2}), h.apply("mentee", "Reza", map[string]any{"language": "fa"})
	other := h.apply("mentee", "Other", nil)
	_, pair := h.pair(mentor, mentee)
	_, otherPair := h.pair(mentor, other)
	mentorTok, menteeTok := checkInToken(t, mentor, "Reza"), checkInToken(t, mentee, "")
	if mentorTok == menteeTok {
		t.Fatal("both sides got the same link")
	}

	// The page: plain HTML, right-to-left in Persian, both forms, no script.
	page := h.Do("GET", "/checkins/new?token="+url.QueryEscape(menteeTok), "", "")
	apitest.WantStatus(t, page, 200)
	for _, want := range []string{`<html lang="fa" dir="rtl">`, `name="answer" value="need_help"`, `name="progress" value="5"`, `<textarea id="next_step"`, `name="blocked" value="yes"`, "<bdi>Sara</bdi>"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page.Body, "<script") || page.Headers["Content-Security-Policy"] == "" || page.Headers["Cache-Control"] != "no-store" {
		t.Errorf("page headers %v", page.Headers)
	}

	// One tap from the mentee, recorded for the mentee's side of this pair
	// only, whatever else the body claims.
	code, body := h.checkIn(`{"token":"` + menteeTok + `","answer":"met","side":"mentor","mentorship_id":"` + otherPair.ID + `"}`)
	if code != 201 || !strings.Contains(body, `"side":"mentee"`) || !strings.Contains(body, pair.ID) {
		t.Fatalf("mentee check-in: %d %s", code, body)
	}
	// The full form, from the mentor, posted by the page in a browser.
	form := url.Values{"token": {mentorTok}, "progress": {"4"}, "summary": {"Wrote tests together"}, "next_step": {"Open a PR"}, "blocked": {"no"}}
	resp := h.Do("POST", "/checkins", "application/x-www-form-urlencoded", form.Encode(), "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)

	ms := map[string]mentorshipAnswer{}
	for _, m := range h.mentorships("") {
		ms[m.ID] = m
	}
	if m := ms[pair.ID]; m.MenteeLastCheckinAt == nil || m.MentorLastCheckinAt == nil || m.LastCheckinAt == nil || m.State != "active" {
		t.Errorf("the pair after both checked in: %+v", m)
	}
	if m := ms[otherPair.ID]; m.LastCheckinAt != nil || m.MenteeLastCheckinAt != nil {
		t.Errorf("the other pair got a check-in: %+v", m)
	}

	bad := []struct {
		name   string
		body   string
		status int
	}{
		{"progress 7", `{"token":"` + mentorTok + `","progress":7}`, 422},
		{"progress 0", `{"token":"` + mentorTok + `","progress":0,"blocked":true}`, 422},
		{"unknown answer", `{"token":"` + mentorTok + `","answer":"maybe"}`, 422},
		{"answer and form", `{"token":"` + mentorTok + `","answer":"met","progress":3}`, 422},
		{"forged token", `{"token":"` + strings.Repeat("A", 43) + `","answer":"met"}`, 404},
		{"no token", `{"answer":"met"}`, 422},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if code, body := h.checkIn(tt.body); code != tt.status {
				t.Errorf("answered %d, want %d: %s", code, tt.status, body)
			}
		})
	}
	// A link of another purpose does not check in.
	confirm, err := h.Tokens().Issue(context.Background(), token.MemberConfirm, person.Key(mentor.email), person.Key(mentor.email), "en", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := h.checkIn(`{"token":"` + confirm + `","answer":"met"}`); code != 404 {
		t.Errorf("a confirmation link checked in: %d", code)
	}

	// In a browser, a mistake shows the form again with what to correct.
	form = url.Values{"token": {mentorTok}, "progress": {"9"}, "summary": {"<b>kept</b>"}, "blocked": {"yes"}}
	resp = h.Do("POST", "/checkins", "application/x-www-form-urlencoded", form.Encode(), "Accept", "text/html")
	apitest.WantStatus(t, resp, 422)
	if !strings.Contains(resp.Body, "role=\"alert\"") || !strings.Contains(resp.Body, "&lt;b&gt;kept&lt;/b&gt;</textarea>") || !strings.Contains(resp.Body, `value="yes" checked`) {
		t.Errorf("the form shown again:\n%s", resp.Body)
	}

	// Ending the pair refuses its links; the other pair goes on.
	end := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+pair.ID+"/end", "application/json", `{"outcome":"completed","reason":"Reached the goal"}`, h.Organizer()...)
	apitest.WantStatus(t, end, 200)
	if !strings.Contains(end.Body, `"state":"ended"`) || !strings.Contains(end.Body, `"outcome":"completed"`) {
		t.Errorf("end answered %s", end.Body)
	}
	for _, tok := range []string{mentorTok, menteeTok} {
		if code, _ := h.checkIn(`{"token":"` + tok + `","answer":"met"}`); code != 409 {
			t.Errorf("a check-in on an ended pair answered %d", code)
		}
		if page := h.Do("GET", "/checkins/new?token="+url.QueryEscape(tok), "", ""); page.StatusCode != 409 || strings.Contains(page.Body, "<form") {
			t.Errorf("the page of an ended pair answered %d", page.StatusCode)
		}
	}
	if code, _ := h.checkIn(`{"token":"` + checkInToken(t, other, "") + `","answer":"need_help"}`); code != 201 {
		t.Errorf("the other pair's check-in answered %d", code)
	}
	if m := h.application(mentor); len(m.Mentees) != 1 || m.FreePlaces() != 1 {
		t.Errorf("ending did not free the mentor's place: %+v", m)
	}
	if a := h.application(mentee); a.Status != mentorship.Closed {
		t.Errorf("the mentee's application is %s after the end", a.Status)
	}
	if ended := h.mentorships("ended"); len(ended) != 1 || ended[0].ID != pair.ID || ended[0].MenteeName != "Reza" {
		t.Errorf("ended mentorships %+v", ended)
	}
	if atRisk := h.mentorships("at_risk"); len(atRisk) != 1 || atRisk[0].ID != otherPair.ID {
		t.Errorf("at-risk mentorships %+v", atRisk)
	}
	// Ending again the same way answers the ended pair; ending it another
	// way contradicts what was recorded.
	again := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+pair.ID+"/end", "application/json", `{"outcome":"completed","reason":"x"}`, h.Organizer()...)
	if again.StatusCode != 200 || !strings.Contains(again.Body, `"outcome":"completed"`) {
		t.Errorf("ending again: %d %s", again.StatusCode, again.Body)
	}
	contradiction := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+pair.ID+"/end", "application/json", `{"outcome":"dropped","reason":"x"}`, h.Organizer()...)
	apitest.WantStatus(t, contradiction, 409)
	for _, tt := range []struct{ body, field string }{{`{"outcome":"paused","reason":"x"}`, "outcome"}, {`{"outcome":"dropped"}`, "reason"}} {
		resp := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+otherPair.ID+"/end", "application/json", tt.body, h.Organizer()...)
		if resp.StatusCode != 422 || !strings.Contains(resp.Body, tt.field) {
			t.Errorf("end %s: %d %s", tt.body, resp.StatusCode, resp.Body)
		}
	}
	if resp := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/nope/end", "application/json", `{"outcome":"dropped","reason":"x"}`, h.Organizer()...); resp.StatusCode != 404 {
		t.Errorf("ending an unknown mentorship: %d", resp.StatusCode)
	}
}

func TestStatesAsTimePasses(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mentor, mentee := h.apply("mentor", "Mentor", nil), h.apply("mentee", "Mentee", nil)
	_, p := h.pair(mentor, mentee)
	mentorTok := checkInToken(t, mentor, "")
	state := func() mentorshipAnswer {
		t.Helper()
		for _, m := range h.mentorships("") {
			if m.ID == p.ID {
				return m
			}
		}
		t.Fatal("the pair is not listed")
		return mentorshipAnswer{}
	}
	wantState := func(when, want string) {
		t.Helper()
		if m := state(); m.State != want {
			t.Errorf("%s: %s, want %s", when, m.State, want)
		}
	}
	if m := state(); m.State != "active" || m.LastCheckinAt != nil {
		t.Fatalf("a new pair: %+v", m)
	}
	h.clock.Advance(15 * 24 * time.Hour)
	wantState("after 15 silent days", "overdue")
	if l := h.mentorships("overdue"); len(l) != 1 {
		t.Errorf("overdue list %+v", l)
	}
	// Only the mentor answers: at risk.
	if code, _ := h.checkIn(`{"token":"` + mentorTok + `","answer":"met"}`); code != 201 {
		t.Fatal(code)
	}
	if m := state(); m.State != "at_risk" || m.LastCheckinAt == nil {
		t.Errorf("after only the mentor answered: %+v", m)
	}
	h.clock.Advance(29 * 24 * time.Hour)
	wantState("after 29 more silent days", "stalled")
	if l := h.mentorships("active"); len(l) != 0 {
		t.Errorf("active list %+v", l)
	}
	if resp := h.Serve("GET", "/mentorships", "/mentorships?status=sleeping", "", "", h.Organizer()...); resp.StatusCode != 422 {
		t.Errorf("an unknown state answered %d", resp.StatusCode)
	}
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

func TestOrganizerRoutesNeedASession(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mentor, mentee := h.apply("mentor", "M", nil), h.apply("mentee", "E", nil)
	routes := []struct{ method, route, path, body string }{
		{"GET", "/mentorship/applications", "/mentorship/applications", ""},
		{"POST", "/mentorships", "/mentorships", fmt.Sprintf(`{"mentor_application_id":%q,"mentee_application_id":%q}`, mentor.id, mentee.id)},
		{"GET", "/mentorships", "/mentorships", ""},
		{"POST", "/mentorships/{mentorshipId}/end", "/mentorships/x/end", `{"outcome":"dropped","reason":"x"}`},
	}
	for _, r := range routes {
		for _, auth := range []string{"", "Bearer forged", "Basic b3JnOnB3"} {
			t.Run(r.method+" "+r.route+" "+auth, func(t *testing.T) {
				resp := h.Serve(r.method, r.route, r.path, "application/json", r.body, "Authorization", auth)
				apitest.WantStatus(t, resp, 401)
			})
		}
	}
	if a := h.application(mentee); a.Status != mentorship.Open {
		t.Errorf("an unauthorized request paired the mentee: %s", a.Status)
	}
}
