package consoleapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
)

// badFields are wrong values for each field of the meetup form, with what
// the page says next to that field.
var badFields = []struct{ field, value, says string }{
	{"title", "", "is required."},
	{"title", strings.Repeat("t", 121), "must be at most 120 characters."},
	{"title", "Two\nlines", "must be a single line."},
	{"starts_at", "", "is required."},
	{"starts_at", "next Sunday", "must be a date and time."},
	{"starts_at", "2026-11-01T18:00", "must be in the future."},
	{"ends_at", "", "is required."},
	{"ends_at", "2026-12-20T17:00", "must be after the start."},
	{"ends_at", "2026-12-21T19:00", "must be within 24 hours of the start."},
	{"venue", "", "is required."},
	{"venue", "Tehran\tnorth", "must be a single line."},
	{"capacity", "", "is required."},
	{"capacity", "0", "must be a whole number from 1 to 1000."},
	{"capacity", "1001", "must be a whole number from 1 to 1000."},
	{"capacity", "many", "must be a whole number."},
	{"description", strings.Repeat("d", 5001), "must be at most 5000 characters."},
	{"description", "bell \a", "must not contain control characters."},
}

var formFields = []string{"title", "starts_at", "ends_at", "venue", "capacity", "description"}

// A new meetup's form with any one field wrong comes back 422 with the
// error next to that field and nowhere else, every value as typed, and
// nothing stored; with every field wrong, every error at once.
func TestANewMeetupsBadInputIsShownNextToEachFieldAndNothingIsStored(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	WantStatus := apitest.WantStatus
	WantStatus(t, b.Get("/console/meetups/new"), http.StatusOK)
	for _, bad := range badFields {
		form := with(validMeetup(), bad.field, bad.value)
		resp := b.Post("/console/meetups", form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s %q: %d, want 422", bad.field, bad.value, resp.StatusCode)
			continue
		}
		for _, name := range formFields {
			want := ""
			if name == bad.field {
				want = bad.says
			}
			if got := fieldError(resp.Body, name); got != want {
				t.Errorf("%s %q: next to %s the page says %q, want %q", bad.field, bad.value, name, got, want)
			}
			if got := fieldValue(t, resp.Body, name); got != strings.ReplaceAll(form.Get(name), "\r\n", "\n") {
				t.Errorf("%s %q: %s shows %q, want what was typed, %q", bad.field, bad.value, name, got, form.Get(name))
			}
		}
		if !strings.Contains(resp.Body, `aria-invalid="true"`) || !strings.Contains(resp.Body, `href="#f-`+bad.field+`"`) {
			t.Errorf("%s %q: the field is not marked invalid and linked from the summary", bad.field, bad.value)
		}
	}
	all := url.Values{"title": {""}, "starts_at": {"soon"}, "ends_at": {"later"}, "venue": {""}, "capacity": {"0"}, "description": {strings.Repeat("d", 5001)}}
	resp := b.Post("/console/meetups", all)
	WantStatus(t, resp, http.StatusUnprocessableEntity)
	for _, name := range formFields {
		if fieldError(resp.Body, name) == "" {
			t.Errorf("with every field wrong, nothing is said next to %s", name)
		}
	}
	if n := c.meetupCount(); n != 0 {
		t.Errorf("refused forms stored %d meetups", n)
	}
}

// A new meetup's times are read in the group's zone; the organizer lands
// on its page, which says it was created.
func TestCreatingAMeetup(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	to := wantSeeOther(t, b.Post("/console/meetups", validMeetup()), "/console/meetups/")
	if !strings.HasSuffix(to, "?notice=created") {
		t.Errorf("created: to %s", to)
	}
	m := c.meetup(idFrom(to))
	if want := time.Date(2026, 12, 20, 14, 30, 0, 0, time.UTC); !m.StartsAt.Equal(want) || !m.EndsAt.Equal(want.Add(3*time.Hour)) {
		t.Errorf("times %s–%s, want 18:00–21:00 in Tehran", m.StartsAt, m.EndsAt)
	}
	if m.Capacity != 40 || m.Venue != "Tehran, the innovation factory" || m.Description != "Talks and tea.\nBring a friend." {
		t.Errorf("stored %+v", m)
	}
	page := b.Get(to)
	apitest.WantStatus(t, page, http.StatusOK)
	apitest.WantContains(t, page.Body, "the meetup's page", "The meetup is created.", "Sun 20 Dec 2026, 18:00–21:00", "0 of 40", "Talks and tea.<br>", "Bring a friend.")
}

// Editing shows the meetup as it is; a change of place is saved, and
// everyone holding a place is told; bad input changes nothing.
func TestEditingAMeetup(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Editable", 1)
	seated, waiting := apitest.UniqueEmail("seated"), apitest.UniqueEmail("waiting")
	c.register(m.ID, "Seated", seated)
	c.register(m.ID, "Waiting", waiting)
	b := c.SignedIn()
	edit := b.Get("/console/meetups/" + m.ID + "/edit")
	apitest.WantStatus(t, edit, http.StatusOK)
	for name, want := range map[string]string{"title": "Editable", "starts_at": "2026-12-20T18:00", "ends_at": "2026-12-20T21:00", "venue": "Tehran", "capacity": "1"} {
		if got := fieldValue(t, edit.Body, name); got != want {
			t.Errorf("the form shows %s %q, want %q", name, got, want)
		}
	}
	form := url.Values{"title": {"Edited"}, "starts_at": {"2026-12-20T18:00"}, "ends_at": {"2026-12-20T21:00"}, "venue": {"A bigger room"}, "capacity": {"1"}, "description": {""}, "version": {"1"}}

	bad := b.Post("/console/meetups/"+m.ID+"/edit", with(form, "capacity", "-3"))
	apitest.WantStatus(t, bad, http.StatusUnprocessableEntity)
	if fieldError(bad.Body, "capacity") == "" || fieldValue(t, bad.Body, "capacity") != "-3" || fieldValue(t, bad.Body, "venue") != "A bigger room" {
		t.Errorf("a bad capacity came back without its error or the typed values:\n%s", bad.Body)
	}
	if !strings.Contains(bad.Body, `name="version" value="1"`) {
		t.Error("the form sent back to correct lost the version it was filled in from")
	}
	if got := c.meetup(m.ID); got.Version != 1 || got.Venue != "Tehran" {
		t.Errorf("a refused edit changed the meetup: %+v", got)
	}

	to := wantSeeOther(t, b.Post("/console/meetups/"+m.ID+"/edit", form), "/console/meetups/"+m.ID)
	if !strings.Contains(to, "notice=saved") {
		t.Errorf("saved: to %s", to)
	}
	if got := c.meetup(m.ID); got.Title != "Edited" || got.Venue != "A bigger room" {
		t.Errorf("not saved: %+v", got)
	}
	if !strings.Contains(b.Get(to).Body, "Your changes are saved.") {
		t.Error("the page does not say the changes are saved")
	}
	apitest.WantOneEach(t, "Changed:", "change", seated, waiting)
}

// Of two organizers editing the same meetup from the same reading, the
// second to save is told someone else saved meanwhile, and overwrites
// nothing.
func TestAnEditFromAStaleFormIsAConflict(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Contested", 10)
	first, second := c.SignedIn(), c.Browser().SignIn(c.Other)
	form := func(title string) url.Values {
		return url.Values{"title": {title}, "starts_at": {"2026-12-20T18:00"}, "ends_at": {"2026-12-20T21:00"}, "venue": {"Tehran"}, "capacity": {"10"}, "version": {"1"}}
	}
	first.Get("/console/meetups/" + m.ID + "/edit")
	second.Get("/console/meetups/" + m.ID + "/edit")
	wantSeeOther(t, first.Post("/console/meetups/"+m.ID+"/edit", form("The first's")), "/console/meetups/"+m.ID)
	resp := second.Post("/console/meetups/"+m.ID+"/edit", form("The second's"))
	apitest.WantStatus(t, resp, http.StatusConflict)
	if !strings.Contains(resp.Body, "Changed meanwhile") || !strings.Contains(resp.Body, "Someone else saved this meetup meanwhile.") {
		t.Errorf("the conflict page does not say what happened:\n%s", resp.Body)
	}
	if got := c.meetup(m.ID); got.Title != "The first's" {
		t.Errorf("the stale form overwrote the first change: %q", got.Title)
	}
}
