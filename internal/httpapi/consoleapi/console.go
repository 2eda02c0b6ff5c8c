// Package consoleapi serves the organizers' console: server-rendered pages
// in English and Persian that call the same domain services as the JSON
// API. A browser is signed in by the session cookie that the emailed
// sign-in link's button sets; every page without a valid session sends it
// to sign in and back. Every post is refused unless it comes from a console
// page: the browser must say it is same-origin (Sec-Fetch-Site, or Origin
// for older browsers), and the form must bring back the session's form
// token.
package consoleapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/passkeys/ceremony"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/web/console"
)

// Services are the domain services the console's pages call.
type Services struct {
	SignIn   *auth.Service
	Meetups  *meetups.Service
	Passkeys *ceremony.Service
	// Agenda is what needs action, as the weekly digest finds it.
	Agenda *agenda.Service
	Talks  *talks.Service
	Roster *mentorship.Roster
	// Now is the time the services run on, for what a page says of now
	// (when the next reminder goes out, how long a talk has waited).
	Now func() time.Time
}

// handler serves the console's routes.
type handler struct {
	httpapi.Config
	Services
	origins *http.CrossOriginProtection
}

// Register adds the console's routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc Services) error {
	if err := site.Require("consoleapi", false, deps.Given("SignIn", svc.SignIn), deps.Given("Meetups", svc.Meetups),
		deps.Given("Passkeys", svc.Passkeys), deps.Given("Agenda", svc.Agenda), deps.Given("Talks", svc.Talks), deps.Given("Roster", svc.Roster),
		deps.Given("Now", svc.Now)); err != nil {
		return err
	}
	h := &handler{Config: site, Services: svc, origins: http.NewCrossOriginProtection()}
	if err := h.origins.AddTrustedOrigin(site.BaseURL); err != nil {
		return err
	}
	routes := httpapi.Routes{}
	for _, part := range []httpapi.Routes{h.signInRoutes(), h.dashboardRoutes(), h.passkeyRoutes(), h.meetupRoutes(), h.talkRoutes(), h.mentorshipRoutes()} {
		for key, route := range part {
			if _, dup := routes[key]; dup {
				return fmt.Errorf("consoleapi: route %q served twice", key)
			}
			routes[key] = route
		}
	}
	return site.Serve(rt, "consoleapi", false, svc.SignIn, routes)
}

// page is a console page or action for a signed-in organizer.
type page func(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error)

// page serves p to a signed-in organizer. Anyone else is sent to sign in,
// and comes back to this page after.
func (h *handler) page(p page) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		o, resp, ok := h.organizer(ctx, r)
		if !ok {
			return resp, nil
		}
		return h.answer(r, o, p)(ctx)
	}
}

// action serves a post that changes something: only from a console page
// (sameOrigin), only for a signed-in organizer, and only with the
// session's form token. Anything else changes nothing.
func (h *handler) action(p page) httpapi.HandlerFunc {
	return h.sameOrigin(func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		o, resp, ok := h.organizer(ctx, r)
		if !ok {
			return resp, nil
		}
		var in struct {
			FormToken string `json:"form_token"`
		}
		if err := r.Decode(&in); err != nil || !o.ValidFormToken(in.FormToken) {
			return h.problem(r, o, http.StatusForbidden, nil), nil
		}
		return h.answer(r, o, p)(ctx)
	})
}

// sameOrigin refuses, with 403 and before anything is read, a post that
// the browser says comes from another site.
func (h *handler) sameOrigin(next httpapi.HandlerFunc) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		req := &http.Request{Method: r.Event.RequestContext.HTTP.Method, Header: http.Header{}, Host: r.Header("Host")}
		for _, name := range []string{"Origin", "Sec-Fetch-Site"} {
			if v := r.Header(name); v != "" {
				req.Header.Set(name, v)
			}
		}
		if req.Method == "" {
			req.Method = http.MethodPost
		}
		if err := h.origins.Check(req); err != nil {
			return h.problem(r, auth.Organizer{Lang: h.guessLang(r)}, http.StatusForbidden, nil), nil
		}
		return next(ctx, r)
	}
}

// organizer is the signed-in organizer of r's session. Without a valid
// session, the answer is the redirect to sign in (clearing a cookie that
// no longer works), or a failure page when the session could not be read.
func (h *handler) organizer(ctx context.Context, r *httpapi.Request) (auth.Organizer, httpapi.Response, bool) {
	raw := h.SessionToken(r)
	if raw == "" {
		return auth.Organizer{}, httpapi.SeeOther(h.signInFor(r, "")), false
	}
	o, err := h.SignIn.Session(ctx, raw)
	if err == nil {
		return o, httpapi.Response{}, true
	}
	if apperr.Is(err, apperr.Unauthorized) {
		return auth.Organizer{}, httpapi.SeeOther(h.signInFor(r, noticeEnded), h.ClearSessionCookie()), false
	}
	return auth.Organizer{}, h.failure(r, auth.Organizer{Lang: h.guessLang(r)}, err), false
}

// signInFor is the sign-in page that leads back to r's page (for a GET),
// saying notice, in the language the page was asked in.
func (h *handler) signInFor(r *httpapi.Request, notice string) string {
	next := consolepath.Root
	if r.Event.RequestContext.HTTP.Method == http.MethodGet {
		next = here(r)
	}
	to := withNotice(consolepath.SignInTo(next), notice)
	if l := r.Query("lang"); lang.Known(l) {
		to = withParam(to, "lang", l)
	}
	return to
}

// answer runs p and turns its error into a page.
func (h *handler) answer(r *httpapi.Request, o auth.Organizer, p page) func(context.Context) (httpapi.Response, error) {
	return func(ctx context.Context) (httpapi.Response, error) {
		resp, err := p(ctx, r, o)
		if err != nil {
			return h.failure(r, o, err), nil
		}
		return resp, nil
	}
}

// failure is the page for an error a page or action ended with: the
// status it maps to, with the domain's own words on English pages.
func (h *handler) failure(r *httpapi.Request, o auth.Organizer, err error) httpapi.Response {
	status := httpapi.Error(r, h.Log, err).StatusCode // logs what is not the client's doing
	var e *apperr.Error
	if errors.As(err, &e) && e.Code != apperr.Internal && o.Lang != lang.Persian {
		return h.problem(r, o, status, []string{e.Message})
	}
	return h.problem(r, o, status, nil)
}

// problem is the page for status.
func (h *handler) problem(r *httpapi.Request, o auth.Organizer, status int, detail []string) httpapi.Response {
	f := h.frame(r, o, "", console.Dashboard)
	w := f.W()
	var text string
	switch {
	case status == http.StatusNotFound:
		f.Title, text = w.NotFoundTitle, w.NotFoundText
	case status == http.StatusConflict:
		f.Title, text = w.ConflictTitle, w.ConflictText
	case status == http.StatusForbidden:
		f.Title, text = w.ForbiddenTitle, w.ForbiddenText
	case status == http.StatusTooManyRequests:
		f.Title, text = w.BusyTitle, w.BusyText
	case status < 500:
		f.Title, text = w.InvalidTitle, w.InvalidText
	default:
		f.Title, text = w.FailedTitle, w.FailedText
	}
	if o.Email == "" {
		f.Section = ""
	}
	return h.render(status, console.ProblemPage(f, text, strings.Join(detail, " ")))
}

// frame is the frame of a page titled title in section, for o.
func (h *handler) frame(r *httpapi.Request, o auth.Organizer, title string, s console.Section) console.Frame {
	return console.Frame{Lang: o.Lang, Title: title, Section: s, FormToken: o.FormToken(), Here: here(r)}
}

// render answers a console page with the console's headers.
func (h *handler) render(status int, page templ.Component) httpapi.Response {
	return httpapi.HTMLWithPolicy(status, page, console.CSP)
}

// here is r's path and query: where a page is, to come back to.
func here(r *httpapi.Request) string {
	p := r.Event.RawPath
	if p == "" {
		p = consolepath.Root
	}
	if q := r.Event.RawQueryString; q != "" {
		p += "?" + q
	}
	return consolepath.Next(p)
}

// guessLang is the language to speak to a browser not signed in: the
// page's ?lang=, else what the browser prefers.
func (h *handler) guessLang(r *httpapi.Request) lang.Tag {
	if l := r.Query("lang"); lang.Known(l) {
		return lang.Tag(l)
	}
	return lang.FromAcceptLanguage(r.Header("Accept-Language"))
}
