package consoleapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/record"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// costPresent writes what the console shows now: a meetup with three seats
// taken and one person waiting (the first marked present), an accepted talk
// on it, a talk in the backlog, and an active mentorship.
func costPresent(c *console) (meetupID, guest string) {
	c.T.Helper()
	m := c.newMeetup("Now", 3)
	var first string
	for i := range 4 {
		a := apitest.UniqueEmail(fmt.Sprintf("now%d", i))
		c.register(m.ID, fmt.Sprintf("Guest %d", i), a)
		if i == 0 {
			first = a
		}
	}
	yes := true
	if _, err := c.Meetups().MarkAttendance(context.Background(), m.ID, meetups.AttendanceInput{Emails: []string{first}, Attended: &yes}); err != nil {
		c.T.Fatal(err)
	}
	c.talk("On the programme", "Speaker", m.ID, talks.Accepted, c.Clock.Now())
	c.talk("In the backlog", "Someone", "", talks.Submitted, c.Clock.Now())
	c.pair("Pair")
	return m.ID, first
}

// costHistory writes a hundred times the past (wiringtest.History: ended
// meetups with five registrations each, decided talks, ended mentorships)
// and, for the console's lists, as many cancelled meetups and talks
// accepted for the ended meetups, and three hundred changes on the record.
func costHistory(c *console) {
	c.T.Helper()
	ctx, store, at := context.Background(), c.Store(), c.Clock.Now()
	wiringtest.History(c.T, store, at, "console")
	for i := range 100 {
		start := at.AddDate(-1, 0, -i)
		past := fmt.Sprintf("old-console-%d", i)
		m := meetups.Meetup{ID: past + "-cancelled", Title: "Old", StartsAt: start, EndsAt: start.Add(3 * time.Hour), Venue: "Tehran", Capacity: 5, Status: meetups.Cancelled, Version: 1, CreatedAt: start, UpdatedAt: start}
		if err := store.CreateMeetup(ctx, m); err != nil {
			c.T.Fatal(err)
		}
		for j := range 3 {
			e := record.Entry{At: start.Add(time.Duration(j) * time.Hour), Organizer: c.Other, Action: "POST /console/meetups/{meetupId}/edit", Object: map[string]string{"meetupId": past + "-cancelled"}, Via: record.Console}
			if err := store.PutRecord(ctx, e); err != nil {
				c.T.Fatal(err)
			}
		}
		if err := store.CreateTalk(ctx, talks.Talk{ID: past + "-accepted", Owner: "P#old", Name: "Old", Email: "old@example.org", Title: "Old", Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: past, Status: talks.Accepted, CreatedAt: start, UpdatedAt: start}); err != nil {
			c.T.Fatal(err)
		}
	}
}

// costPage is a console page, or a post of form to it, whose DynamoDB
// requests a test counts.
type costPage struct {
	name, target string
	form         url.Values // nil for a page
}

// costPages are the console's meetup, door, talks and mentorships pages,
// and a mark at the door, for meetup id and a guest of it.
func costPages(id, guest string) []costPage {
	m := "/console/meetups/" + id
	return []costPage{
		{"upcoming meetups", "/console/meetups", nil},
		{"past meetups", "/console/meetups?show=past", nil},
		{"cancelled meetups", "/console/meetups?show=cancelled", nil},
		{"new meetup form", "/console/meetups/new", nil},
		{"a meetup's page", m, nil},
		{"its edit form", m + "/edit", nil},
		{"its cancel confirmation", m + "/cancel", nil},
		{"its registrations CSV", m + "/registrations.csv", nil},
		{"its door", m + "/door", nil},
		{"its door, searched", m + "/door?q=guest", nil},
		{"a mark at the door", m + "/door", url.Values{"email": {guest}, "attended": {"true"}}},
		{"submitted talks", "/console/talks", nil},
		{"accepted talks", "/console/talks?status=accepted", nil},
		{"current mentorships", "/console/mentorships", nil},
		{"stalled mentorships", "/console/mentorships?health=stalled", nil},
		{"the record", "/console/record", nil},
	}
}

// pageCosts opens each page once (a post: posts its form), as a signed-in
// organizer, and returns the DynamoDB requests each made as n counts them
// (the session's check included). A page must answer 200, a post no error.
func pageCosts(t *testing.T, c *console, n *atomic.Int64, pages []costPage) map[string]int64 {
	t.Helper()
	b := c.SignedIn()
	out := map[string]int64{}
	for _, p := range pages {
		before := n.Load()
		var status int
		if p.form != nil {
			status = b.Post(p.target, p.form).StatusCode
		} else {
			status = b.Get(p.target).StatusCode
		}
		out[p.name] = n.Load() - before
		if (p.form == nil && status != http.StatusOK) || status >= 400 {
			t.Errorf("%s answered %d", p.name, status)
		}
	}
	return out
}

// wantCostsIndependentOfHistory fails the test unless each page made at
// least one and at most most requests without history (a post at most
// mostPost), and as many with it.
func wantCostsIndependentOfHistory(t *testing.T, pages []costPage, without, with map[string]int64, most, mostPost int64) {
	t.Helper()
	for _, p := range pages {
		n := without[p.name]
		t.Logf("%-28s %3d requests without history, %3d with 100× history", p.name, n, with[p.name])
		limit := most
		if p.form != nil {
			limit = mostPost
		}
		if n == 0 || n > limit {
			t.Errorf("%s: %d requests", p.name, n)
		}
		if with[p.name] != n {
			t.Errorf("%s: %d requests with history, %d without", p.name, with[p.name], n)
		}
	}
}

// TestConsolePageCostIsIndependentOfHistory opens every meetup page (and
// the talks and mentorships pages) on the same present twice: once alone,
// once with a hundred times more past meetups and their registrations,
// cancelled meetups, talks and ended mentorships in the table. Each page
// makes the same, bounded number of DynamoDB requests both times.
func TestConsolePageCostIsIndependentOfHistory(t *testing.T) {
	t.Parallel()
	var bareN, fullN atomic.Int64
	bare, full := newConsole(t, wiringtest.CountRequests(&bareN)), newConsole(t, wiringtest.CountRequests(&fullN))
	bareID, bareGuest := costPresent(bare)
	fullID, fullGuest := costPresent(full)
	costHistory(full)

	pages := costPages(bareID, bareGuest)
	without, with := pageCosts(t, bare, &bareN, pages), pageCosts(t, full, &fullN, costPages(fullID, fullGuest))
	wantCostsIndependentOfHistory(t, pages, without, with, 8, 8)
}
