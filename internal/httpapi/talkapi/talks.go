// Package talkapi serves the call-for-proposals routes of SPEC §5: speakers
// submit talks and act on their emailed links; organizers list talks and
// decide them.
package talkapi

import (
	"context"
	"net/http"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
)

// handler serves the talk routes.
type handler struct {
	httpapi.Config
	Service *talks.Service
	Auth    httpapi.Authenticator
	Zone    *time.Location
}

// Deps is what the call-for-proposals routes are served with.
type Deps struct {
	Site    httpapi.Config
	Service *talks.Service
	Auth    httpapi.Authenticator
	Zone    *time.Location
}

// Register adds the call-for-proposals routes to rt, refusing to without what they need.
func Register(rt *httpapi.Router, d Deps) error {
	if err := deps.Require("talkapi", deps.Given("Log", d.Site.Log), deps.Given("Service", d.Service), deps.Given("Auth", d.Auth), deps.Given("Zone", d.Zone)); err != nil {
		return err
	}
	h := &handler{Config: d.Site, Service: d.Service, Auth: d.Auth, Zone: d.Zone}
	rt.Handle("POST /talks", h.submit)
	rt.Handle("GET /talks/withdraw", h.page(token.TalkWithdraw, withdrawPage, "/talks/withdraw"))
	rt.Handle("POST /talks/withdraw", h.withdraw)
	rt.Handle("GET /talks/confirm", h.page(token.TalkConfirm, confirmPage, "/talks/confirm"))
	rt.Handle("POST /talks/confirm", h.confirm)

	rt.Handle("GET /talks", httpapi.OrganizersOnly(h.Auth, h.list))
	rt.Handle("POST /talks/{talkId}/decision", httpapi.OrganizersOnly(h.Auth, h.decide))
	return nil
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
	if r.Honeypot() {
		// Answered like a submission, and dropped.
		return httpapi.Done(r, http.StatusCreated, h.publicJSON(h.Service.Decoy(in)), h.Thanks("talk-submitted", in.Language)), nil
	}
	t, err := h.Service.Submit(ctx, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusCreated, h.publicJSON(t), h.Thanks("talk-submitted", t.Language)), nil
}

// page answers the GET of an emailed link with its button page; nothing
// changes until the button is pressed.
func (h *handler) page(p token.Purpose, text httpapi.PageText, action string) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		lang, err := h.Service.LinkPage(ctx, p, r.Query("token"))
		return httpapi.LinkPage(r, h.Log, lang, err, text, action), nil
	}
}

// act runs a speaker's action posted from an emailed link's page (or by a
// program).
func (h *handler) act(ctx context.Context, r *httpapi.Request, do func(context.Context, string) (string, error), status, done string) (httpapi.Response, error) {
	raw, err := httpapi.ReadToken(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	lang, err := do(ctx, raw)
	if err != nil {
		if r.WantsHTML() {
			return httpapi.ErrorPage(r, h.Log, lang, err), nil
		}
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusOK, httpapi.StatusAnswer{Status: status}, httpapi.LinkThanks(done, lang)), nil
}

func (h *handler) withdraw(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return h.act(ctx, r, h.Service.Withdraw, string(talks.Withdrawn), "talk-withdrawn")
}

func (h *handler) confirm(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return h.act(ctx, r, h.Service.Confirm, string(talks.Confirmed), "talk-confirmed")
}

func (h *handler) list(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	limit, err := httpapi.PageLimit(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	q := talks.ListQuery{Status: r.Query("status"), MeetupID: r.Query("meetup_id"), Backlog: r.Query("backlog")}
	ts, next, err := h.Service.List(ctx, q, r.Query("cursor"), limit)
	if err != nil {
		return httpapi.Response{}, err
	}
	out := httpapi.List[talkJSON]{Items: make([]talkJSON, len(ts)), Next: next}
	for i, t := range ts {
		out.Items[i] = h.organizerJSON(t)
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

func (h *handler) decide(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in talks.DecisionInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	t, err := h.Service.Decide(ctx, r.PathParam("talkId"), in)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusOK, h.organizerJSON(t), h.Thanks("saved", "")), nil
}
