package talksapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/topics"
)

// memberPage is a member page token for a confirmed member at address.
func (h *talkHarness) memberPage(address string) string {
	h.T.Helper()
	h.ConfirmedMember("Member", address)
	key := person.Key(address)
	raw, err := h.tokens.Issue(context.Background(), token.MemberPage, key, key, "en", 30*24*time.Hour)
	if err != nil {
		h.T.Fatal(err)
	}
	return raw
}

type topicAnswer struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Votes int    `json:"votes"`
	Voted *bool  `json:"voted"`
}

func TestTopicsProposeVoteAndList(t *testing.T) {
	h := newTalkHarness(t)
	sara, ali := h.memberPage("sara-topics@example.org"), h.memberPage("ali-topics@example.org")

	resp := h.PostJSON("/topics", map[string]any{"token": sara, "title": "  Typing in Python ", "why": "I keep getting it wrong", "language": "en"})
	if resp.StatusCode != 201 {
		t.Fatalf("propose: %d %s", resp.StatusCode, resp.Body)
	}
	typing := decode[topicAnswer](t, resp)
	if typing.Title != "Typing in Python" || typing.Votes != 1 || typing.Voted == nil || !*typing.Voted {
		t.Fatalf("proposed %+v", typing)
	}
	other := decode[topicAnswer](t, h.PostJSON("/topics", map[string]any{"token": ali, "title": "Packaging", "language": "fa"}))

	vote := func(raw, id string, v any) topicAnswer {
		t.Helper()
		body := map[string]any{"token": raw}
		if v != nil {
			body["vote"] = v
		}
		resp := h.Serve("POST", "/topics/{topicId}/vote", "/topics/"+id+"/vote", "application/json", string(mustJSON(t, body)))
		if resp.StatusCode != 200 {
			t.Fatalf("vote: %d %s", resp.StatusCode, resp.Body)
		}
		return decode[topicAnswer](t, resp)
	}
	if got := vote(ali, typing.ID, nil); got.Votes != 2 || !*got.Voted {
		t.Fatalf("after Ali's vote %+v", got)
	}
	if got := vote(ali, typing.ID, true); got.Votes != 2 {
		t.Fatalf("a second vote counted: %+v", got)
	}
	if got := vote(sara, typing.ID, false); got.Votes != 1 || *got.Voted {
		t.Fatalf("after Sara took hers back %+v", got)
	}

	// The public list: most votes first, no voters.
	resp = h.Do("GET", "/topics", "", "")
	if resp.StatusCode != 200 || strings.Contains(resp.Body, "voters") || strings.Contains(resp.Body, "P#") {
		t.Fatalf("list: %d %s", resp.StatusCode, resp.Body)
	}
	list := decode[struct{ Topics []topicAnswer }](t, resp)
	if len(list.Topics) != 2 || list.Topics[0].ID != typing.ID || list.Topics[1].ID != other.ID {
		t.Fatalf("list %+v", list)
	}

	// A browser's form post goes back to the member's page.
	form := url.Values{"token": {ali}, "vote": {"false"}}.Encode()
	resp = h.Serve("POST", "/topics/{topicId}/vote", "/topics/"+typing.ID+"/vote", "application/x-www-form-urlencoded", form, "Accept", "text/html")
	if resp.StatusCode != 303 || !strings.HasSuffix(resp.Headers["Location"], "/me?token="+url.QueryEscape(ali)) {
		t.Fatalf("form vote: %d %v", resp.StatusCode, resp.Headers)
	}
}

func TestTopicsNeedAConfirmedMember(t *testing.T) {
	h := newTalkHarness(t)
	// No token, a forged one, one of another purpose, and a member who has not confirmed.
	if resp := h.PostJSON("/topics", map[string]any{"title": "X", "language": "en"}); resp.StatusCode != 422 {
		t.Fatalf("no token: %d %s", resp.StatusCode, resp.Body)
	}
	if resp := h.PostJSON("/topics", map[string]any{"token": strings.Repeat("A", 43), "title": "X", "language": "en"}); resp.StatusCode != 404 {
		t.Fatalf("forged token: %d %s", resp.StatusCode, resp.Body)
	}
	key := person.Key("stranger-topics@example.org")
	raw, err := h.tokens.Issue(context.Background(), token.MemberPage, key, key, "en", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if resp := h.PostJSON("/topics", map[string]any{"token": raw, "title": "X", "language": "en"}); resp.StatusCode != 403 {
		t.Fatalf("not a member: %d %s", resp.StatusCode, resp.Body)
	}
	sara := h.memberPage("sara-topics2@example.org")
	resp := h.PostJSON("/topics", map[string]any{"token": sara, "title": "", "language": "xx"})
	if resp.StatusCode != 422 || !strings.Contains(resp.Body, `"title"`) || !strings.Contains(resp.Body, `"language"`) {
		t.Fatalf("bad fields: %d %s", resp.StatusCode, resp.Body)
	}
	if resp := h.Serve("POST", "/topics/{topicId}/vote", "/topics/nosuch/vote", "application/json", `{"token":"`+sara+`"}`); resp.StatusCode != 404 {
		t.Fatalf("vote for no topic: %d %s", resp.StatusCode, resp.Body)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Two speakers submit talks from one topic and confirm them at the same
// moment: one talk claims the topic, the other is submitted without the
// claim and its speaker is told so. Withdrawing the winner frees the topic;
// rejecting a talk frees it too.
func TestTwoTalksClaimingOneTopicOneWins(t *testing.T) {
	h := newTalkHarness(t)
	sara := h.memberPage("sara-claims@example.org")
	topic := decode[topicAnswer](t, h.PostJSON("/topics", map[string]any{"token": sara, "title": "Descriptors", "language": "en"}))

	// A topic that is not open cannot be named.
	resp := h.PostJSON("/talks", proposal(apitest.UniqueEmail("nope"), map[string]string{"topic_id": "nosuch"}))
	if resp.StatusCode != 422 || !strings.Contains(resp.Body, `"topic_id"`) {
		t.Fatalf("talk from no topic: %d %s", resp.StatusCode, resp.Body)
	}

	var links, ids, addrs [2]string
	for i := range 2 {
		addrs[i] = apitest.UniqueEmail("claimer")
		ids[i] = h.submitPending(proposal(addrs[i], map[string]string{"topic_id": topic.ID}))
		mails := testenv.EmailsTo(t, addrs[i])
		links[i] = apitest.LinkIn(t, mails[len(mails)-1], "/talks/verify")
	}
	var answers [2]events.APIGatewayV2HTTPResponse
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { answers[i] = h.act("/talks/verify", links[i]) })
	}
	wg.Wait()
	winner := -1
	for i, a := range answers {
		apitest.WantStatus(t, a, 200)
		if decode[struct {
			TopicClaimed bool `json:"topic_claimed"`
		}](t, a).TopicClaimed {
			if winner >= 0 {
				t.Fatal("both talks claimed the topic")
			}
			winner = i
		}
		h.wantStatus(ids[i], talks.Submitted)
	}
	if winner < 0 {
		t.Fatal("no talk claimed the topic")
	}
	got, err := h.Topics().Get(context.Background(), topic.ID)
	if err != nil || got.Status != topics.Claimed || got.ClaimedBy != ids[winner] {
		t.Fatalf("topic %+v, %v; want claimed by %s", got, err, ids[winner])
	}
	if list := decode[struct{ Topics []topicAnswer }](t, h.Do("GET", "/topics", "", "")); len(list.Topics) != 0 {
		t.Fatalf("a claimed topic is still wanted: %+v", list)
	}

	// The winner withdraws: the topic is open again.
	mails := testenv.EmailsTo(t, addrs[winner])
	apitest.WantStatus(t, h.act("/talks/withdraw", apitest.LinkIn(t, mails[len(mails)-1], "/talks/withdraw")), 200)
	if got, _ := h.Topics().Get(context.Background(), topic.ID); got.Status != topics.Open || got.ClaimedBy != "" {
		t.Fatalf("after the withdrawal: %+v", got)
	}

	// A third talk claims it, and is rejected: open again.
	third := h.submit(proposal(apitest.UniqueEmail("third"), map[string]string{"topic_id": topic.ID}))
	if got, _ := h.Topics().Get(context.Background(), topic.ID); got.ClaimedBy != third {
		t.Fatalf("third talk did not claim: %+v", got)
	}
	apitest.WantStatus(t, h.decide(third, map[string]string{"decision": "reject"}), 200)
	if got, _ := h.Topics().Get(context.Background(), topic.ID); got.Status != topics.Open {
		t.Fatalf("after the rejection: %+v", got)
	}
}

// Erasing a member takes their key out of every topic they voted for,
// whatever its status, and their vote from its count.
func TestForgettingAVoter(t *testing.T) {
	h := newTalkHarness(t)
	sara, ali := h.memberPage("sara-forget@example.org"), h.memberPage("ali-forget@example.org")
	a := decode[topicAnswer](t, h.PostJSON("/topics", map[string]any{"token": sara, "title": "A", "language": "en"}))
	b := decode[topicAnswer](t, h.PostJSON("/topics", map[string]any{"token": sara, "title": "B", "language": "en"}))
	for _, id := range []string{a.ID, b.ID} {
		apitest.WantStatus(t, h.Serve("POST", "/topics/{topicId}/vote", "/topics/"+id+"/vote", "application/json", `{"token":"`+ali+`"}`), 200)
	}
	ctx := context.Background()
	if _, err := h.Topics().Hide(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.Topics().Forget(ctx, person.Key("ali-forget@example.org")); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{a.ID, b.ID} {
		got, err := h.Topics().Get(ctx, id)
		if err != nil || got.Votes != 1 || got.Voted(person.Key("ali-forget@example.org")) || !got.Voted(person.Key("sara-forget@example.org")) {
			t.Fatalf("topic %s after forgetting Ali: %+v, %v", id, got, err)
		}
	}
}
