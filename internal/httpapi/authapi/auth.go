package authapi

import (
	"context"
	"net/http"
	"time"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/web"
)

// The auth service is what organizer routes authenticate with.
var _ httpapi.Authenticator = (*auth.Service)(nil)

// Register adds the sign-in routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc *auth.Service) error {
	h := &handler{site, svc}
	return site.Serve(rt, "authapi", false, svc, httpapi.Routes{
		"POST /auth/login":   h.Steady(httpapi.AnswerFloor, h.login),
		"GET /auth/session":  h.page,
		"POST /auth/session": h.session,
		"POST /auth/logout":  h.logout,
	})
}

// login answers every valid post the same way, organizer or not, and
// whether or not an email went out; Register serves it at the answer floor,
// so the time it takes does not tell either.
func (h *handler) login(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in auth.LoginInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	answer := httpapi.StatusAnswer{Status: "requested", Message: "If this address belongs to an organizer, we have emailed it a sign-in link."}
	if err := httpapi.UnlessRobot(ctx, r, in, h.Service.RequestLogin); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusAccepted, answer, h.Thanks("login-requested", "")), nil
}

// page answers the GET of an emailed sign-in link with its button page; the
// link stays unused until the button is pressed. The console page to land
// on afterwards rides along.
func (h *handler) page(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	l, err := h.Service.CheckSignIn(ctx, r.Query("token"))
	if err != nil {
		return h.errorPage(r, l, err), nil
	}
	w, in := signInPage.In(lang.Parse(l))
	return httpapi.HTML(http.StatusOK, web.LinkPage(web.Link{
		Lang: in, Title: w.Title, Paragraphs: w.Paragraphs, Action: "/auth/session", Button: w.Button,
		Hidden: []web.Hidden{{Name: "token", Value: r.Query("token")}, {Name: "next", Value: consolepath.Next(r.Query("next"))}},
	})), nil
}

type sessionAnswer struct {
	SessionToken string `json:"session_token"`
	ExpiresAt    string `json:"expires_at"`
}

// sessionInput is the sign-in link's token and, from the button's form,
// the console page to land on.
type sessionInput struct {
	Token string `json:"token"`
	Next  string `json:"next"`
}

// session exchanges the sign-in link's token (JSON, form or query) for a
// session. A program gets the session token to send as a Bearer token; a
// person's browser gets it as the console's session cookie, and lands on
// the console.
func (h *handler) session(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw, err := httpapi.ReadToken(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	s, err := h.Service.StartSession(ctx, raw)
	if err != nil {
		if r.WantsHTML() {
			return h.errorPage(r, string(lang.FromAcceptLanguage(r.Header("Accept-Language"))), err), nil
		}
		return httpapi.Response{}, err
	}
	if r.WantsHTML() {
		var in sessionInput
		_ = r.Decode(&in) // ReadToken has read the same body
		return httpapi.SeeOther(consolepath.Next(in.Next), h.SessionCookie(s.Token, s.Lifetime)), nil
	}
	return httpapi.JSON(http.StatusOK, sessionAnswer{SessionToken: s.Token, ExpiresAt: s.ExpiresAt.UTC().Format(time.RFC3339)}), nil
}

// errorPage shows a person why a sign-in link cannot be used, and leads
// to a new one.
func (h *handler) errorPage(r *httpapi.Request, l string, err error) httpapi.Response {
	status := httpapi.Error(r, h.Log, err).StatusCode // logs what is not the reader's doing
	if status >= 500 {
		return httpapi.ErrorPage(r, h.Log, l, err)
	}
	if !lang.Known(l) {
		l = string(lang.FromAcceptLanguage(r.Header("Accept-Language")))
	}
	page := signInErrorPage.Message(lang.Parse(l))
	page.Next = signInAgain(page.Lang)
	return httpapi.HTML(status, web.MessagePage(page))
}

// logout ends the caller's session (a session token is revocable).
func (h *handler) logout(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	if err := h.Service.SignOut(ctx, r.Header("Authorization")); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.StatusAnswer{Status: "signed_out"}), nil
}

// handler serves organizer sign-in: the sign-in form, the page the
// emailed link opens, and its exchange for a session token.
type handler struct {
	httpapi.Config
	Service *auth.Service
}
