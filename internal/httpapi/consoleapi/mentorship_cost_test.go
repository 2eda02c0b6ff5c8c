package consoleapi_test

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// mentorshipPresent writes what the mentorship pages show now: two mentors
// with free places, three mentees waiting, and an active pair whose mentee
// asked for help after its mentor checked in, and a pair that ended. It
// returns the pair, and a
// waiting mentee and a mentor to pair.
func mentorshipPresent(c *console) (pairID, menteeID, mentorID string) {
	c.T.Helper()
	mentor := c.apply(mentorship.Mentor, "Roomy", "fa", 3, "web", "django")
	c.apply(mentorship.Mentor, "Other", "en", 1, "data")
	mentee := c.apply(mentorship.Mentee, "Waiting", "fa", 0, "django")
	for i := range 2 {
		c.apply(mentorship.Mentee, fmt.Sprintf("Also waiting %d", i), "en", 0, "web")
	}
	p := c.pairUp(c.apply(mentorship.Mentor, "Paired", "en", 1, "web"), c.apply(mentorship.Mentee, "Paired", "en", 0, "web"))
	c.checkIn(p.ID, mentorship.Mentor, mentorship.CheckIn{Answer: mentorship.Met})
	c.checkIn(p.ID, mentorship.Mentee, mentorship.CheckIn{Answer: mentorship.NeedHelp})
	ended := c.pairUp(c.apply(mentorship.Mentor, "Done", "en", 1, "web"), c.apply(mentorship.Mentee, "Done", "en", 0, "web"))
	if _, err := c.Mentorship().End(context.Background(), ended.ID, mentorship.EndInput{Outcome: "completed", Reason: "Shipped"}); err != nil {
		c.T.Fatal(err)
	}
	return p.ID, mentee.ID, mentor.ID
}

// mentorshipHistory writes a hundred times the past: wiringtest.History
// (with its hundred ended mentorships), a hundred closed mentee
// applications and full mentors, a hundred older check-ins on the
// present pair, and a hundred answers to why pairs faded (counted in the
// one counter item the pairs by health read).
func mentorshipHistory(c *console, pairID string) {
	c.T.Helper()
	ctx, store, at := context.Background(), c.Store(), c.Clock.Now()
	wiringtest.History(c.T, store, at, "mentorship")
	for i := range 100 {
		old := at.AddDate(-1, 0, -i)
		for _, a := range []mentorship.Application{
			{ID: fmt.Sprintf("old-mentee-%d", i), Role: mentorship.Mentee, Owner: fmt.Sprintf("P#old-mentee-%d", i), Name: "Old", Email: "old@example.org",
				Language: "en", Topics: []string{"web"}, Goals: "old", Status: mentorship.Closed, CreatedAt: old, UpdatedAt: old},
			{ID: fmt.Sprintf("old-mentor-%d", i), Role: mentorship.Mentor, Owner: fmt.Sprintf("P#old-mentor-%d", i), Name: "Old", Email: "old@example.org",
				Language: "en", Topics: []string{"web"}, Capacity: 1, Mentees: []string{"gone"}, Status: mentorship.Full, CreatedAt: old, UpdatedAt: old},
		} {
			if _, err := store.PutApplication(ctx, a); err != nil {
				c.T.Fatal(err)
			}
		}
		if err := store.CountFade(ctx, mentorship.FadeReasons[i%len(mentorship.FadeReasons)]); err != nil {
			c.T.Fatal(err)
		}
		ci := mentorship.CheckIn{ID: fmt.Sprintf("old-%d", i), PairID: pairID, Side: mentorship.Mentor, Owner: "P#mentor", At: at.Add(-time.Duration(i+1) * time.Minute), Answer: mentorship.Met}
		if err := store.PutCheckIn(ctx, ci); err != nil {
			c.T.Fatal(err)
		}
	}
}

// mentorshipPages are the mentorship pages and posts, for a pair, and a
// mentee and mentor to pair.
func mentorshipPages(pairID, menteeID, mentorID string) []costPage {
	p := "/console/mentorships/" + pairID
	return []costPage{
		{"current mentorships", "/console/mentorships", nil},
		{"needing help", "/console/mentorships?health=needs_help", nil},
		{"ended mentorships", "/console/mentorships?health=ended", nil},
		{"open applications", "/console/mentorships/applications", nil},
		{"a pair's page", p, nil},
		{"its end confirmation", p + "/end", nil},
		{"pair (post)", "/console/mentorships/applications/" + menteeID + "/pair", url.Values{"mentor_application_id": {mentorID}}},
		{"end (post)", p + "/end", url.Values{"outcome": {"completed"}, "reason": {"Done"}}},
	}
}

// TestMentorshipPageCostIsIndependentOfHistory opens every mentorship page
// (and pairs and ends once) on the same present twice: once alone, once
// with a hundred times the history. Each makes the same, bounded number
// of DynamoDB requests both times.
func TestMentorshipPageCostIsIndependentOfHistory(t *testing.T) {
	t.Parallel()
	var bareN, fullN atomic.Int64
	bare, full := newConsole(t, wiringtest.CountRequests(&bareN)), newConsole(t, wiringtest.CountRequests(&fullN))
	barePair, bareMentee, bareMentor := mentorshipPresent(bare)
	fullPair, fullMentee, fullMentor := mentorshipPresent(full)
	mentorshipHistory(full, fullPair)

	pages := mentorshipPages(barePair, bareMentee, bareMentor)
	without, with := pageCosts(t, bare, &bareN, pages), pageCosts(t, full, &fullN, mentorshipPages(fullPair, fullMentee, fullMentor))
	// A post may make the writes of pairing and ending, not reads of the table.
	wantCostsIndependentOfHistory(t, pages, without, with, 5, 20)
}
