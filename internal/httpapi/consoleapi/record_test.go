package consoleapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
)

// Every change an organizer makes, in the console or through the organizer
// API (here the other organizer, by a bearer token), is on the record page, the newest first: who, what, on what (a
// meetup by its title, escaped, linking to its page) and where. What
// changed nothing (a refused form, a cross-site post) and an organizer's
// own settings are not; a member's address never appears.
func TestTheRecordKeepsEveryOrganizerChange(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()

	title := "<script>alert(1)</script> night"
	apitest.WantStatus(t, b.Post("/console/meetups", with(validMeetup(), "capacity", "many")), http.StatusUnprocessableEntity) // no change
	to := wantSeeOther(t, b.Post("/console/meetups", with(validMeetup(), "title", title)), "/console/meetups/")
	id := idFrom(to)
	c.Clock.Advance(time.Minute)
	guest := apitest.UniqueEmail("guest")
	c.register(id, "Guest", guest)
	wantSeeOther(t, b.Post("/console/meetups/"+id+"/door", url.Values{"email": {guest}, "attended": {"true"}}), "/console/meetups/"+id+"/door")
	c.Clock.Advance(time.Minute)
	apitest.WantStatus(t, b.PostFrom("/console/meetups/"+id+"/edit", with(validMeetup(), "title", "Forged"), "cross-site", "https://evil.example"), http.StatusForbidden)
	b.Post("/console/language", url.Values{"lang": {"en"}})
	apitest.WantStatus(t, c.Serve("POST", "/meetups/{meetupId}/cancel", "/meetups/"+id+"/cancel", "application/json", `{}`, "Authorization", "Bearer "+c.Browser().SignIn(c.Other).SessionToken()), http.StatusOK)

	page := b.Get("/console/record")
	apitest.WantStatus(t, page, http.StatusOK)
	body := page.Body
	order := []string{"cancelled a meetup", "marked who came", "created a meetup"}
	at := -1
	for _, what := range order {
		i := strings.Index(body, what)
		if i < 0 {
			t.Fatalf("the record lacks %q:\n%s", what, body)
		}
		if i < at {
			t.Errorf("%q is not in its place, the newest first", what)
		}
		at = i
	}
	if n := strings.Count(body, "<tr>") - 1; n != len(order) {
		t.Errorf("the record has %d entries, want %d (a refused form, a cross-site post and the language are no changes)", n, len(order))
	}
	apitest.WantContains(t, body, "the record", c.Other, c.Organizer, `href="/console/meetups/`+id+`"`, "&lt;script&gt;alert(1)&lt;/script&gt; night", ">API<", ">console<")
	if strings.Contains(body, "<script>alert") {
		t.Error("the record shows a title as markup")
	}
	if strings.Contains(strings.ToLower(body), strings.ToLower(guest)) {
		t.Error("the record names a member by their address")
	}
}
