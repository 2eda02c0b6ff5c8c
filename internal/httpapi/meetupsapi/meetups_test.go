package meetupsapi_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
)

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
	apitest.WantContains(t, resp.Body, "CSV", "name,email,status,waitlist_position,attended,registered_at", "مریم کاظمی,"+persian+",confirmed", `"'=HYPERLINK`, ",waitlisted,1,")

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
	apitest.WantStatus(t, resp, 202)
	if !strings.Contains(resp.Body, `"status":"received"`) {
		t.Errorf("honeypot answer %s", resp.Body)
	}
	if m := h.meetup(id); len(m.Waitlist) != 0 {
		t.Errorf("the honeypot post was kept: waitlist %v", m.Waitlist)
	}
	h.WantNoTrace(t, bot)
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
