package meetupsapi_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/lang"
)

// Registering an address answers the same whether or not it is already
// registered, and whatever its place: a stranger who types someone else's
// address learns nothing about them.
func TestRegistrationAnswerRevealsNothing(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Discreet")
	seated, waiting := h.registerNew(id, "Seated")[0], h.registerNew(id, "Waiting")[0]
	fresh := apitest.UniqueEmail("fresh")

	post := func(addr string, extra ...string) (int, string) {
		t.Helper()
		fields := map[string]string{"name": "Someone", "email": addr}
		for i := 0; i+1 < len(extra); i += 2 {
			fields[extra[i]] = extra[i+1]
		}
		body, _ := json.Marshal(fields)
		resp := h.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations", "application/json", string(body))
		return resp.StatusCode, resp.Body
	}
	code, body := post(fresh)
	if code >= 300 {
		t.Fatalf("a new registration answered %d %s", code, body)
	}
	for _, b := range []string{"confirmed", "waitlist", "position"} {
		if strings.Contains(body, b) {
			t.Errorf("the answer %s tells where the registrant stands (%q)", body, b)
		}
	}
	for _, addr := range []string{seated, waiting, fresh} {
		if c, b := post(addr); c != code || b != body {
			t.Errorf("registering %s answered %d %s; a new registration %d %s", addr, c, b, code, body)
		}
	}
	if c, b := post(apitest.UniqueEmail("bot"), "website", "http://spam.example"); c != code || b != body {
		t.Errorf("the honeypot answered %d %s; a real registration %d %s", c, b, code, body)
	}

	// A form post lands on the same thank-you page either way, one that
	// sends the registrant to their inbox.
	form := func(addr string) string {
		t.Helper()
		v := url.Values{"name": {"Someone"}, "email": {addr}}
		resp := h.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations",
			"application/x-www-form-urlencoded", v.Encode(), "Accept", "text/html")
		apitest.WantStatus(t, resp, 303)
		return resp.Headers["Location"]
	}
	loc := form(apitest.UniqueEmail("form"))
	for _, addr := range []string{seated, waiting} {
		if l := form(addr); l != loc {
			t.Errorf("a form post for %s lands on %s; a new one on %s", addr, l, loc)
		}
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	text, ok := httpapi.ThanksText[u.Query().Get("done")]
	if !ok {
		t.Fatalf("no thank-you text for %s", loc)
	}
	for _, l := range []lang.Tag{lang.English, lang.Persian} {
		w, _ := text.In(l)
		if all := w.Title + " " + strings.Join(w.Paragraphs, " "); !strings.Contains(all, map[lang.Tag]string{lang.English: "inbox", lang.Persian: "ایمیل"}[l]) {
			t.Errorf("the %s thank-you page does not send the registrant to their inbox: %q", l, all)
		}
	}
}
