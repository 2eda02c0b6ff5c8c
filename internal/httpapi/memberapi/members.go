package memberapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/token"
)

// handler serves the member routes of SPEC §5.
type handler struct {
	httpapi.Config
	Service *members.Service
}

// Deps is what the member routes are served with.
type Deps struct {
	Site    httpapi.Config
	Service *members.Service
}

// Register adds the member routes to rt, refusing to without what they need.
func Register(rt *httpapi.Router, d Deps) error {
	if err := deps.Require("memberapi", deps.Given("Log", d.Site.Log), deps.Given("Service", d.Service)); err != nil {
		return err
	}
	h := &handler{Config: d.Site, Service: d.Service}
	rt.Handle("POST /members", h.join)
	rt.Handle("GET /members/confirm", h.page(token.MemberConfirm, confirmPage, "/members/confirm"))
	rt.Handle("POST /members/confirm", h.confirm)
	rt.Handle("GET /unsubscribe", h.page(token.Unsubscribe, unsubscribePage, "/unsubscribe"))
	rt.Handle("POST /unsubscribe", h.unsubscribe)
	rt.Handle("POST /members/erase-request", h.eraseRequest)
	rt.Handle("GET /members/erase", h.page(token.Erase, erasePage, "/members/erase"))
	rt.Handle("POST /members/erase", h.erase)
	return nil
}

func (h *handler) join(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in members.JoinInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	answer := httpapi.StatusAnswer{Status: "pending", Message: "Check your inbox for a link to confirm your membership."}
	if r.Honeypot() {
		return httpapi.Done(r, http.StatusAccepted, answer, h.Thanks("joined", in.Language)), nil
	}
	if err := h.Service.Join(ctx, in); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusAccepted, answer, h.Thanks("joined", in.Language)), nil
}

// page answers the GET of an emailed link with its button page.
func (h *handler) page(p token.Purpose, text httpapi.PageText, action string) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		lang, err := h.Service.LinkPage(ctx, p, r.Query("token"))
		return httpapi.LinkPage(r, h.Log, lang, err, text, action), nil
	}
}

// act runs a token action posted from an emailed link's page (or by a program).
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

func (h *handler) confirm(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return h.act(ctx, r, h.Service.Confirm, "confirmed", "member-confirmed")
}

func (h *handler) erase(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return h.act(ctx, r, h.Service.Erase, "erased", "erased")
}

// unsubscribe takes RFC 8058 one-click posts (token in the query; the body,
// "List-Unsubscribe=One-Click" as multipart/form-data or urlencoded, is not
// read, so any encoding a mail client picks works) and the page's button
// (token in a form or JSON body).
func (h *handler) unsubscribe(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	oneClick := r.Query("token") != ""
	raw := r.Query("token")
	if !oneClick {
		var err error
		if raw, err = httpapi.ReadToken(r); err != nil {
			return httpapi.Response{}, err
		}
	}
	lang, err := h.Service.Unsubscribe(ctx, raw)
	if err != nil {
		if r.WantsHTML() {
			return httpapi.ErrorPage(r, h.Log, lang, err), nil
		}
		return httpapi.Response{}, err
	}
	answer := httpapi.StatusAnswer{Status: "unsubscribed"}
	if oneClick && !r.WantsHTML() {
		return httpapi.JSON(http.StatusOK, answer), nil
	}
	return httpapi.Done(r, http.StatusOK, answer, httpapi.LinkThanks("unsubscribed", lang)), nil
}

func (h *handler) eraseRequest(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in members.EraseRequestInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	answer := httpapi.StatusAnswer{Status: "requested", Message: "If we hold data about this address, we have emailed it a link to erase it."}
	if !r.Honeypot() {
		if err := h.Service.RequestErase(ctx, in); err != nil {
			return httpapi.Response{}, err
		}
	}
	return httpapi.Done(r, http.StatusAccepted, answer, h.Thanks("erase-requested", "")), nil
}
