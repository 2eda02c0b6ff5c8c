package membersapi

import (
	"context"
	"maps"
	"net/http"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/topics"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/token"
)

// Services are what the member routes act through: the members' own, and
// the meetups' and talks' for what a member does on their page.
type Services struct {
	Members *members.Service
	Meetups *meetups.Service
	Talks   *talks.Service
	Roster  *mentorship.Roster
	// Topics is the wishlist whose most-wanted topics the page shows,
	// with a vote button each and a form to propose one.
	Topics *topics.Service
}

// Register adds the member routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc Services) error {
	if err := site.Require("membersapi", false, deps.Given("Meetups", svc.Meetups), deps.Given("Talks", svc.Talks), deps.Given("Roster", svc.Roster), deps.Given("Topics", svc.Topics)); err != nil {
		return err
	}
	h := &handler{Config: site, Service: svc.Members, Meetups: svc.Meetups, Talks: svc.Talks, Roster: svc.Roster, Topics: svc.Topics}
	routes := h.routes()
	maps.Copy(routes, httpapi.Routes{
		"POST /members":               h.MemberForm(memberforms.Join, h.join),
		"GET /members/confirm":        h.ButtonPage(h.Service, token.MemberConfirm, confirmPage, "/members/confirm"),
		"POST /members/confirm":       h.Act(h.Service.Confirm, "confirmed", "member-confirmed"),
		"GET /unsubscribe":            h.ButtonPage(h.Service, token.Unsubscribe, unsubscribePage, "/unsubscribe"),
		"POST /unsubscribe":           h.unsubscribe,
		"POST /members/erase-request": h.Steady(httpapi.AnswerFloor, h.eraseRequest),
		"GET /members/erase":          h.ButtonPage(h.Service, token.Erase, erasePage, "/members/erase"),
		"POST /members/erase":         h.Act(h.Service.Erase, "erased", "erased"),
	})
	return site.Serve(rt, "membersapi", false, svc.Members, routes)
}

func (h *handler) join(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in members.JoinInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	answer := httpapi.StatusAnswer{Status: "pending", Message: "Check your inbox for a link to confirm your membership."}
	if err := httpapi.UnlessRobot(ctx, r, in, h.Service.Join); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusAccepted, answer, h.Thanks("joined", in.Language)), nil
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
		return httpapi.Failed(r, h.Log, lang, err)
	}
	answer := httpapi.StatusAnswer{Status: "unsubscribed"}
	if oneClick && !r.WantsHTML() {
		return httpapi.JSON(http.StatusOK, answer), nil
	}
	return httpapi.Done(r, http.StatusOK, answer, httpapi.LinkThanks("unsubscribed", lang)), nil
}

// eraseRequest answers every valid post the same way, whether or not
// anything of the address is stored; Register serves it at the answer
// floor, so the time it takes does not tell either.
func (h *handler) eraseRequest(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in members.EraseRequestInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	answer := httpapi.StatusAnswer{Status: "requested", Message: "If we hold data about this address, we have emailed it a link to erase it."}
	if err := httpapi.UnlessRobot(ctx, r, in, h.Service.RequestErase); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusAccepted, answer, h.Thanks("erase-requested", "")), nil
}

// handler serves the member routes.
type handler struct {
	httpapi.Config
	Service *members.Service
	Meetups *meetups.Service
	Talks   *talks.Service
	Roster  *mentorship.Roster
	Topics  *topics.Service
}
