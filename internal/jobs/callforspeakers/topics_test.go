package callforspeakers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/topics"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// The call for speakers (four weeks) and the backlog ask (six weeks) list
// the five most-wanted open topics, most votes first, titles escaped; a
// hidden topic, however wanted, and the sixth are not listed.
func TestAsksListTheWantedTopics(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, tag, addr := newSystem(t)
	store, job := sys.Store(), sys.CallForSpeakers()
	sys.CreateMeetup(wiringtest.Meetup{Title: "Empty " + tag, StartsAt: "2027-01-20T18:00:00+03:30", EndsAt: "2027-01-20T21:00:00+03:30", Capacity: 10})
	storeTalks(t, store, backlogTalk("backlog-"+tag, "Bahar", addr("backlog"), "Async Python"))
	confirmedMember(t, store, "W", addr("willing"), true)
	titles := []string{"<script>alert(1)</script>", "Typing", "Packaging", "Asyncio", "Django ORM", "Sixth"}
	for i, title := range titles {
		var voters []string
		for j := range len(titles) - i {
			voters = append(voters, fmt.Sprintf("P#v%d", j))
		}
		if err := store.CreateTopic(ctx, topics.Topic{ID: fmt.Sprintf("t%d", i), Title: title, Language: "en", Owner: voters[0], Voters: voters, Votes: len(voters),
			Status: topics.Open, CreatedAt: created, UpdatedAt: created}); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.CreateTopic(ctx, topics.Topic{ID: "hidden", Title: "Hidden one", Language: "en", Owner: "P#x", Voters: []string{"P#x"}, Votes: 99,
		Status: topics.Hidden, CreatedAt: created, UpdatedAt: created}); err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{42, 28} {
		if err := job.Run(ctx, nineAM(days)); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"willing", "backlog"} {
		mails := testenv.EmailsTo(t, addr(who))
		if len(mails) != 1 {
			t.Fatalf("%d emails to %s", len(mails), who)
		}
		text, html := mails[0].Text, mails[0].HTML
		at := -1
		for i, title := range titles[:5] {
			j := strings.Index(text, title)
			if j < at {
				t.Errorf("%s: %q is missing or out of order", who, title)
			}
			at = j
			if !strings.Contains(text, fmt.Sprintf("%s\u2069 (%d votes)", title, len(titles)-i)) {
				t.Errorf("%s: %q without its votes", who, title)
			}
		}
		if strings.Contains(text, "Sixth") || strings.Contains(text, "Hidden one") {
			t.Errorf("%s: lists a sixth or a hidden topic", who)
		}
		if strings.Contains(html, "<script>alert") || !strings.Contains(html, "&lt;script&gt;") {
			t.Errorf("%s: a topic's title is not escaped in the HTML", who)
		}
	}
}
