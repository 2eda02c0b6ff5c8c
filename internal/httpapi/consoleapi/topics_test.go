package consoleapi_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/topics"
)

// propose stores a topic proposed by the member at address, with votes
// from the members at voters.
func (c *console) propose(title, address string, voters ...string) topics.Topic {
	c.T.Helper()
	ctx := context.Background()
	svc := c.Topics()
	tp, err := svc.Propose(ctx, person.Key(address), topics.ProposeInput{Title: title, Language: "en"})
	if err != nil {
		c.T.Fatal(err)
	}
	for _, v := range voters {
		if tp, err = svc.Vote(ctx, person.Key(v), tp.ID, true); err != nil {
			c.T.Fatal(err)
		}
	}
	return tp
}

// The topics page lists the open topics by votes, titles escaped; merging
// a duplicate moves its votes (a member who voted for both counts once),
// hiding takes a topic off; both are on the record, naming the topic.
func TestTopicsPageMergesAndHides(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()

	evil := c.propose("<script>alert(1)</script>", "a@example.org")
	typing := c.propose("Typing", "b@example.org", "c@example.org", "d@example.org")
	typing2 := c.propose("Type hints", "c@example.org", "e@example.org")

	// The dashboard's week names the most-wanted topics, escaped.
	dash := b.Get("/console").Body
	if !strings.Contains(dash, "Most-wanted topics nobody has claimed yet") || strings.Contains(dash, "<script>alert") || !strings.Contains(dash, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the dashboard does not show the wanted topics, escaped")
	}

	page := b.Get("/console/topics")
	apitest.WantStatus(t, page, http.StatusOK)
	if strings.Contains(page.Body, "<script>alert") || !strings.Contains(page.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatal("a topic's title is not escaped")
	}
	if i, j := strings.Index(page.Body, `data-topic="`+typing.ID), strings.Index(page.Body, `data-topic="`+evil.ID); i < 0 || j < 0 || i > j {
		t.Error("the topics are not by votes")
	}

	wantSeeOther(t, b.Post("/console/topics/"+typing2.ID+"/merge", url.Values{"into": {typing.ID}}), "/console/topics?notice=merged")
	got, err := c.Topics().Get(context.Background(), typing.ID)
	if err != nil || got.Votes != 4 || len(got.Voters) != 4 {
		t.Fatalf("merged topic %+v, %v: want b, c, d and e once each", got, err)
	}
	if dup, _ := c.Topics().Get(context.Background(), typing2.ID); dup.Status != topics.Merged || dup.MergedInto != typing.ID {
		t.Fatalf("duplicate %+v", dup)
	}
	// Into itself, or into a topic no longer open: refused.
	apitest.WantStatus(t, b.Post("/console/topics/"+typing.ID+"/merge", url.Values{"into": {typing.ID}}), http.StatusUnprocessableEntity)
	apitest.WantStatus(t, b.Post("/console/topics/"+evil.ID+"/merge", url.Values{"into": {typing2.ID}}), http.StatusUnprocessableEntity)

	wantSeeOther(t, b.Post("/console/topics/"+evil.ID+"/hide", url.Values{}), "/console/topics?notice=hidden")
	if h, _ := c.Topics().Get(context.Background(), evil.ID); h.Status != topics.Hidden {
		t.Fatalf("hidden topic %+v", h)
	}
	wanted, err := c.Topics().Wanted(context.Background(), topics.Top)
	if err != nil || len(wanted) != 1 || wanted[0].ID != typing.ID {
		t.Fatalf("wanted %+v, %v", wanted, err)
	}

	record := b.Get("/console/record").Body
	apitest.WantContains(t, record, "the record", "merged a duplicate topic", "hid a topic", typing2.ID, evil.ID)
	if !strings.Contains(b.Get("/console").Body, `href="/console/topics"`) {
		t.Error("the navigation lacks Topics")
	}
}
