package talksapi_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// ttl is the stored talk's ttl attribute, "" when it has none.
func (h *talkHarness) ttl(id string) string {
	h.T.Helper()
	out, err := h.DB.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: &h.Table, Key: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "TALK#" + id}, "sk": &types.AttributeValueMemberS{Value: "TALK"},
	}})
	if err != nil {
		h.T.Fatal(err)
	}
	if n, ok := out.Item["ttl"].(*types.AttributeValueMemberN); ok {
		return n.Value
	}
	return ""
}

// A proposal whose speaker has not confirmed the address it names is
// pending: organizers see nothing of it, and DynamoDB deletes it when the
// confirm link expires. The speaker's confirming puts it where a proposal
// goes, and emails nothing more.
func TestPendingTalk(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "Hoped for")
	email := apitest.UniqueEmail("unsure")
	id := h.submitPending(proposal(email, map[string]string{"meetup_id": meetup, "language": "fa"}))
	h.wantStatus(id, talks.Pending)
	tk := h.talk(id)
	if want := now.Add(7 * 24 * time.Hour); tk.PendingUntil.Sub(want).Abs() > time.Second {
		t.Errorf("pending until %v, want 7 days after the submission", tk.PendingUntil)
	}
	if got, want := h.ttl(id), strconv.FormatInt(tk.PendingUntil.Unix(), 10); got != want {
		t.Errorf("ttl %q, want %q (when its link expires)", got, want)
	}

	// Organizers see nothing of it: in no list, and no talk to decide.
	for _, q := range []string{"", "status=submitted", "backlog=true", "meetup_id=" + meetup} {
		resp := h.Serve("GET", "/talks", "/talks?"+q, "", "", h.org...)
		apitest.WantStatus(t, resp, 200)
		if strings.Contains(resp.Body, id) {
			t.Errorf("GET /talks?%s lists the pending talk: %s", q, resp.Body)
		}
	}
	wantProblem(t, h.Serve("GET", "/talks", "/talks?status=pending", "", "", h.org...), "status")
	apitest.WantStatus(t, h.accept(id, meetup), 404)
	apitest.WantStatus(t, h.decide(id, map[string]string{"decision": "reject"}), 404)
	h.wantStatus(id, talks.Pending)

	// The link opens a page in the talk's language whose button confirms it.
	mails := testenv.EmailsTo(t, email)
	if len(mails) != 1 {
		t.Fatalf("%d emails, want the submission email", len(mails))
	}
	if !strings.Contains(mails[0].Text, "۷ روز") {
		t.Errorf("the email does not say the proposal goes after 7 days:\n%s", mails[0].Text)
	}
	tok := apitest.LinkIn(t, mails[0], "/talks/verify")
	page := h.Do("GET", "/talks/verify?token="+tok, "", "")
	apitest.WantStatus(t, page, 200)
	apitest.WantContains(t, page.Body, "confirm page", `action="/talks/verify"`, "این ارائه را من پیشنهاد داده‌ام", `lang="fa"`)
	h.wantStatus(id, talks.Pending)
	resp := h.Do("POST", "/talks/verify", "application/x-www-form-urlencoded", "token="+tok, "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; loc != "/thanks?done=talk-verified&lang=fa" {
		t.Errorf("Location %q", loc)
	}
	tk = h.talk(id)
	if tk.Status != talks.Submitted || tk.MeetupID != meetup || tk.VerifiedAt.IsZero() || !tk.PendingUntil.IsZero() || h.ttl(id) != "" {
		t.Errorf("confirmed talk %+v, ttl %q", tk, h.ttl(id))
	}
	if n := len(testenv.EmailsTo(t, email)); n != 1 {
		t.Errorf("%d emails after confirming, want none more", n)
	}
	apitest.WantStatus(t, h.act("/talks/verify", tok), 409)
	list := h.Serve("GET", "/talks", "/talks?meetup_id="+meetup, "", "", h.org...)
	if !strings.Contains(list.Body, id) {
		t.Errorf("the confirmed talk is not listed for its meetup: %s", list.Body)
	}
	apitest.WantStatus(t, h.accept(id, meetup), 200)
}

// A pending talk can be withdrawn with the link of the submission email; one
// whose link expired cannot be confirmed any more; one for a meetup called
// off meanwhile joins the backlog when confirmed.
func TestPendingTalkEnds(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "Called off later")

	t.Run("withdrawn", func(t *testing.T) {
		email := apitest.UniqueEmail("regretful")
		id := h.submitPending(proposal(email, nil))
		apitest.WantStatus(t, h.act("/talks/withdraw", link(t, email, subjSubmitted, "/talks/withdraw")), 200)
		h.wantStatus(id, talks.Withdrawn)
		if h.ttl(id) != "" {
			t.Error("a withdrawn talk kept its ttl")
		}
		apitest.WantStatus(t, h.act("/talks/verify", link(t, email, subjSubmitted, "/talks/verify")), 409)
		wantSubjects(t, email, subjSubmitted, subjWithdrawn)
	})

	t.Run("expired", func(t *testing.T) {
		email := apitest.UniqueEmail("late")
		id := h.submitPending(proposal(email, nil))
		tok := link(t, email, subjSubmitted, "/talks/verify")
		later := h.Redeploy(nil, wiringtest.At(now.Add(7*24*time.Hour+time.Minute)))
		svc := later.Talks()
		later.Built()
		if _, err := svc.Verify(context.Background(), tok); err == nil {
			t.Error("an expired confirm link confirmed the talk")
		}
		h.wantStatus(id, talks.Pending)
	})

	t.Run("meetup cancelled meanwhile", func(t *testing.T) {
		email := apitest.UniqueEmail("hopeful")
		id := h.submitPending(proposal(email, map[string]string{"meetup_id": meetup}))
		apitest.WantStatus(t, h.cancelMeetup(meetup), 200)
		apitest.WantStatus(t, h.act("/talks/verify", link(t, email, subjSubmitted, "/talks/verify")), 200)
		if tk := h.talk(id); tk.Status != talks.Submitted || !tk.InBacklog() {
			t.Errorf("confirmed after its meetup was cancelled: %s for %q, want the backlog", tk.Status, tk.MeetupID)
		}
		wantSubjects(t, email, subjSubmitted)
	})
}
