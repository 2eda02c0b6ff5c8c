// Package talksapi serves the call-for-proposals routes: speakers
// submit talks and act on their emailed links; organizers list talks and
// decide them.
package talksapi

import (
	"context"
	"net/http"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/topics"
)

// Services are what the talk and topic routes call.
type Services struct {
	Talks  *talks.Service
	Topics *topics.Service
}

// Register adds the call-for-proposals routes, and the topic wishlist's
// (a speaker claims a topic by submitting a talk from it), to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc Services) error {
	h := &handler{site, svc.Talks, svc.Topics}
	if err := site.Require("talksapi", true, deps.Given("Topics", svc.Topics)); err != nil {
		return err
	}
	return site.Serve(rt, "talksapi", true, svc.Talks, httpapi.Routes{
		"GET /topics":                   h.wanted,
		"POST /topics":                  h.propose,
		"POST /topics/{topicId}/vote":   h.vote,
		"POST /talks":                   h.MemberForm(memberforms.Talk, h.submit),
		"GET /talks/verify":             h.ButtonPage(h.Service, token.TalkVerify, verifyPage, "/talks/verify"),
		"POST /talks/verify":            h.verify,
		"GET /talks/withdraw":           h.ButtonPage(h.Service, token.TalkWithdraw, withdrawPage, "/talks/withdraw"),
		"POST /talks/withdraw":          h.Act(h.Service.Withdraw, string(talks.Withdrawn), "talk-withdrawn"),
		"GET /talks/confirm":            h.ButtonPage(h.Service, token.TalkConfirm, confirmPage, "/talks/confirm"),
		"POST /talks/confirm":           h.Act(h.Service.Confirm, string(talks.Confirmed), "talk-confirmed"),
		"GET /talks":                    h.OrganizersOnly(h.list),
		"POST /talks/{talkId}/decision": h.OrganizersOnly(httpapi.Change(h.Config, "talkId", h.Service.Decide, h.organizerJSON)),
	})
}

// talkJSON is a talk as the API shows it. The speaker's answer to a
// submission leaves out what only organizers see.
type talkJSON struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Name      string `json:"name"`
	Email     string `json:"email,omitempty"`
	Title     string `json:"title"`
	Abstract  string `json:"abstract,omitempty"`
	Format    string `json:"format"`
	Minutes   int    `json:"minutes"`
	Level     string `json:"level"`
	Language  string `json:"language"`
	MeetupID  string `json:"meetup_id,omitempty"`
	Message   string `json:"message,omitempty"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// publicJSON is what the speaker who submitted a talk gets back.
func (h *handler) publicJSON(t talks.Talk) talkJSON {
	return talkJSON{
		ID: t.ID, Status: string(t.Status), Name: t.Name, Title: t.Title, Format: string(t.Format),
		Minutes: t.Format.Minutes(), Level: string(t.Level), Language: t.Language, MeetupID: t.MeetupID,
		CreatedAt: t.CreatedAt.In(h.Zone).Format(time.RFC3339),
	}
}

// organizerJSON is a talk with everything organizers decide on.
func (h *handler) organizerJSON(t talks.Talk) talkJSON {
	out := h.publicJSON(t)
	out.Email, out.Abstract, out.Message = t.Email, t.Abstract, t.Message
	out.UpdatedAt = t.UpdatedAt.In(h.Zone).Format(time.RFC3339)
	return out
}

func (h *handler) submit(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in talks.SubmitInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	submit := h.Service.Submit
	if r.Honeypot() {
		submit = h.Service.Decoy // refused or answered like a submission, and dropped
	}
	t, err := submit(ctx, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusCreated, h.publicJSON(t), h.Thanks("talk-submitted", t.Language)), nil
}

func (h *handler) list(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	q := talks.ListQuery{Status: r.Query("status"), MeetupID: r.Query("meetup_id"), Backlog: r.Query("backlog")}
	return httpapi.ListPage(r, func(cursor string, limit int) ([]talks.Talk, string, error) {
		return h.Service.List(ctx, q, cursor, limit)
	}, h.organizerJSON)
}

// handler serves the talk routes.
type handler struct {
	httpapi.Config
	Service *talks.Service
	Topics  *topics.Service
}

// verifyAnswer is the answer to a speaker confirming their proposal:
// topic_claimed is false when the talk was submitted from a topic that
// another talk claimed first.
type verifyAnswer struct {
	Status       string `json:"status"`
	TopicClaimed bool   `json:"topic_claimed"`
}

// verify confirms a pending proposal by its emailed link, as Act would,
// telling the speaker when the topic it was submitted from was claimed by
// another talk first.
func (h *handler) verify(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw, err := httpapi.ReadToken(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	l, claimed, err := h.Service.VerifyClaiming(ctx, raw)
	if err != nil {
		return httpapi.Failed(r, h.Log, l, err)
	}
	done := "talk-verified"
	if !claimed {
		done = "talk-verified-topic-taken"
	}
	return httpapi.Done(r, http.StatusOK, verifyAnswer{Status: string(talks.Submitted), TopicClaimed: claimed}, httpapi.LinkThanks(done, l)), nil
}
