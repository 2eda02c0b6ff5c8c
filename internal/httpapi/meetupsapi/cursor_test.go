package meetupsapi_test

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
)

// cursorOf encodes key the way the store encodes a LastEvaluatedKey, so a
// test can forge what a client could.
func cursorOf(key map[string]string) string {
	b, _ := json.Marshal(key)
	return base64.RawURLEncoding.EncodeToString(b)
}

// A cursor the list did not give out is the client's mistake: 422 on the
// field "cursor", never a 500 (which anyone could use to fire the 5xx
// alarm) and never a page of another listing.
func TestForgedCursorIsInvalid(t *testing.T) {
	t.Parallel()
	h := newMeetupHarness(t)
	one, other := h.createMeetup(5, "One"), h.createMeetup(5, "Two")
	h.createMeetup(5, "Three")
	for _, id := range []string{one, other} {
		for _, who := range []string{"a", "b", "c"} {
			if status, _ := h.register(id, "Guest", apitest.UniqueEmail(who)); status != 202 {
				t.Fatalf("register: %d", status)
			}
		}
	}
	type page struct {
		Items []json.RawMessage `json:"items"`
		Next  string            `json:"next"`
	}
	get := func(route, target string, status int) page {
		t.Helper()
		resp := h.Serve("GET", route, target, "", "", h.Organizer()...)
		apitest.WantStatus(t, resp, status)
		var p page
		if status == 200 {
			if err := json.Unmarshal([]byte(resp.Body), &p); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	// Genuine cursors, to reuse where they do not belong.
	meetupsNext := get("/meetups", "/meetups?limit=1", 200).Next
	regsNext := get("/meetups/{meetupId}/registrations", "/meetups/"+other+"/registrations?limit=1", 200).Next
	if meetupsNext == "" || regsNext == "" {
		t.Fatalf("no next cursor: meetups %q, registrations %q", meetupsNext, regsNext)
	}

	tests := []struct {
		name, route, path, cursor string
	}{
		{"only pk", "/meetups", "/meetups", cursorOf(map[string]string{"pk": "x"})},
		{"cancelled partition", "/meetups", "/meetups", cursorOf(map[string]string{
			"pk": "MEETUP#" + one, "sk": "META", "gsi1pk": "MEETUPS#cancelled", "gsi1sk": "2026-12-20T17:30:00Z#" + one})},
		{"not base64", "/meetups", "/meetups", "not a cursor!"},
		{"not JSON", "/meetups", "/meetups", base64.RawURLEncoding.EncodeToString([]byte("[1,2]"))},
		{"padded base64", "/meetups", "/meetups", base64.URLEncoding.EncodeToString([]byte(`{"pk":"x"}`))},
		{"registrations cursor on meetups", "/meetups", "/meetups", regsNext},
		{"meetups cursor on registrations", "/meetups/{meetupId}/registrations", "/meetups/" + other + "/registrations", meetupsNext},
		{"registrations of another meetup", "/meetups/{meetupId}/registrations", "/meetups/" + one + "/registrations", regsNext},
		{"meetup item as a registration", "/meetups/{meetupId}/registrations", "/meetups/" + one + "/registrations",
			cursorOf(map[string]string{"pk": "MEETUP#" + one, "sk": "META"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Serve("GET", tt.route, tt.path+"?limit=1&cursor="+url.QueryEscape(tt.cursor), "", "", h.Organizer()...)
			apitest.WantStatus(t, resp, 422)
			if ct := resp.Headers["Content-Type"]; ct != "application/problem+json" {
				t.Errorf("content type %q", ct)
			}
			var p struct {
				Status int               `json:"status"`
				Errors map[string]string `json:"errors"`
			}
			if err := json.Unmarshal([]byte(resp.Body), &p); err != nil || p.Status != 422 || p.Errors["cursor"] == "" {
				t.Errorf("problem %s (%v)", resp.Body, err)
			}
		})
	}

	// The genuine cursors still page to the end, each item once.
	for _, tc := range []struct{ route, path string }{
		{"/meetups", "/meetups"},
		{"/meetups/{meetupId}/registrations", "/meetups/" + other + "/registrations"},
	} {
		seen := map[string]bool{}
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatalf("%s never ends", tc.path)
			}
			p := get(tc.route, tc.path+"?limit=1&cursor="+url.QueryEscape(cursor), 200)
			for _, it := range p.Items {
				if seen[string(it)] {
					t.Errorf("%s: %s twice", tc.path, it)
				}
				seen[string(it)] = true
			}
			if p.Next == "" {
				break
			}
			cursor = p.Next
		}
		if len(seen) != 3 {
			t.Errorf("%s: %d items, want 3", tc.path, len(seen))
		}
	}
}
