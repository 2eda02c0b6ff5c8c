package mentorshipapi_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
)

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
