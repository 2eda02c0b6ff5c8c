package talksapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/topics"
)

// topicJSON is a topic as the public list and a member's answers show it:
// never who proposed or voted for it.
type topicJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Why       string `json:"why,omitempty"`
	Language  string `json:"language"`
	Votes     int    `json:"votes"`
	Status    string `json:"status"`
	Voted     *bool  `json:"voted,omitempty"` // for the member who asked
	CreatedAt string `json:"created_at"`
}

func (h *handler) topicJSON(t topics.Topic, member string) topicJSON {
	out := topicJSON{ID: t.ID, Title: t.Title, Why: t.Why, Language: t.Language, Votes: t.Votes, Status: string(t.Status),
		CreatedAt: t.CreatedAt.In(h.Zone).Format(time.RFC3339)}
	if member != "" {
		v := t.Voted(member)
		out.Voted = &v
	}
	return out
}

// wanted answers the most-wanted open topics, for the website.
func (h *handler) wanted(ctx context.Context, _ *httpapi.Request) (httpapi.Response, error) {
	ts, err := h.Topics.Wanted(ctx, topics.Top)
	if err != nil {
		return httpapi.Response{}, err
	}
	out := make([]topicJSON, len(ts))
	for i, t := range ts {
		out[i] = h.topicJSON(t, "")
	}
	return httpapi.JSON(http.StatusOK, map[string]any{"topics": out}), nil
}

// member reads the member page token a topic post carries, and the
// confirmed member it belongs to.
func (h *handler) member(ctx context.Context, r *httpapi.Request) (raw, key string, err error) {
	raw, err = httpapi.ReadToken(r)
	if err != nil {
		return "", "", err
	}
	key, err = h.Topics.Member(ctx, raw)
	return raw, key, err
}

// backToPage is where a browser's topic post returns: the member's page.
func (h *handler) backToPage(raw string) string {
	return strings.TrimRight(h.BaseURL, "/") + "/me?token=" + url.QueryEscape(raw)
}

func (h *handler) propose(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw, key, err := h.member(ctx, r)
	if err != nil {
		return httpapi.Response{}, err
	}
	var in topics.ProposeInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	t, err := h.Topics.Propose(ctx, key, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	return h.topicDone(r, raw, http.StatusCreated, h.topicJSON(t, key)), nil
}

// voteInput is a vote's body: vote false takes the member's vote back.
type voteInput struct {
	Vote *bool `json:"vote"`
}

func (h *handler) vote(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw, key, err := h.member(ctx, r)
	if err != nil {
		return httpapi.Response{}, err
	}
	var in voteInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	t, err := h.Topics.Vote(ctx, key, r.PathParam("topicId"), in.Vote == nil || *in.Vote)
	if err != nil {
		return httpapi.Response{}, err
	}
	return h.topicDone(r, raw, http.StatusOK, h.topicJSON(t, key)), nil
}

// topicDone answers a script with JSON and a browser's form post with a
// 303 back to the member's page.
func (h *handler) topicDone(r *httpapi.Request, raw string, status int, v topicJSON) httpapi.Response {
	if r.WantsHTML() {
		return httpapi.SeeOther(h.backToPage(raw))
	}
	return httpapi.JSON(status, v)
}
