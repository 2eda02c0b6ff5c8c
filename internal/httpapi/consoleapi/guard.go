package consoleapi

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/a-h/templ"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/record"
	"github.com/tehpug/backend/internal/web"
	"github.com/tehpug/backend/internal/web/console"
)

// Guard is what stands before every console page and action, in any
// function that serves one: the session cookie, the same-origin check, the
// form token, and the pages that say why something was refused or failed.
type Guard struct {
	httpapi.Config
	sessions *auth.Sessions
	origins  *http.CrossOriginProtection
}

// NewGuard is the guard of a function deployed as site that recognises
// organizers' sessions with sessions.
func NewGuard(site httpapi.Config, sessions *auth.Sessions) (*Guard, error) {
	if err := site.Require("console guard", false, deps.Given("Sessions", sessions), deps.Given("Record", site.Record)); err != nil {
		return nil, err
	}
	g := &Guard{Config: site, sessions: sessions, origins: http.NewCrossOriginProtection()}
	if err := g.origins.AddTrustedOrigin(site.BaseURL); err != nil {
		return nil, err
	}
	return g, nil
}

// Page is a console page or action for a signed-in organizer.
type Page func(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error)

// Page serves p to a signed-in organizer. Anyone else is sent to sign in,
// and comes back to this page after.
func (g *Guard) Page(p Page) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		o, resp, ok := g.organizer(ctx, r)
		if !ok {
			return resp, nil
		}
		return g.answer(r, o, p)(ctx)
	}
}

// Action serves a post that changes something: only from a console page
// (sameOrigin), only for a signed-in organizer, and only with the
// session's form token. Anything else changes nothing. A change made is
// kept in the record of organizer actions, on what its route names and
// what it made (httpapi.Made).
func (g *Guard) Action(p Page) httpapi.HandlerFunc { return g.post(p, true) }

// Own serves a post that changes only the organizer's own session or
// settings (signing out, the language, a passkey challenge), as Action
// does but kept out of the record.
func (g *Guard) Own(p Page) httpapi.HandlerFunc { return g.post(p, false) }

func (g *Guard) post(p Page, recorded bool) httpapi.HandlerFunc {
	return g.SameOrigin(func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		o, resp, ok := g.organizer(ctx, r)
		if !ok {
			return resp, nil
		}
		var in struct {
			FormToken string `json:"form_token"`
		}
		if err := r.Decode(&in); err != nil || !o.ValidFormToken(in.FormToken) {
			return g.Problem(r, o, http.StatusForbidden, nil), nil
		}
		if !recorded {
			return g.answer(r, o, p)(ctx)
		}
		ctx, object := httpapi.WithObject(ctx, r)
		resp, err := g.answer(r, o, p)(ctx)
		if err == nil {
			g.KeepRecord(ctx, record.Console, o.Email, httpapi.RouteKey(r.Event), object, resp)
		}
		return resp, err
	})
}

// SameOrigin refuses, with 403 and before anything is read, a post that
// the browser says comes from another site.
func (g *Guard) SameOrigin(next httpapi.HandlerFunc) httpapi.HandlerFunc {
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
		if err := g.origins.Check(req); err != nil {
			return g.Problem(r, auth.Organizer{Lang: g.GuessLang(r)}, http.StatusForbidden, nil), nil
		}
		return next(ctx, r)
	}
}

// organizer is the signed-in organizer of r's session. Without a valid
// session, the answer is the redirect to sign in (clearing a cookie that
// no longer works), or a failure page when the session could not be read.
func (g *Guard) organizer(ctx context.Context, r *httpapi.Request) (auth.Organizer, httpapi.Response, bool) {
	raw := g.SessionToken(r)
	if raw == "" {
		return auth.Organizer{}, httpapi.SeeOther(g.signInFor(r, "")), false
	}
	o, err := g.sessions.Session(ctx, raw)
	if err == nil {
		return o, httpapi.Response{}, true
	}
	if apperr.Is(err, apperr.Unauthorized) {
		return auth.Organizer{}, httpapi.SeeOther(g.signInFor(r, noticeEnded), g.ClearSessionCookie()), false
	}
	return auth.Organizer{}, g.Failure(r, auth.Organizer{Lang: g.GuessLang(r)}, err), false
}

// signInFor is the sign-in page that leads back to r's page (for a GET),
// saying notice, in the language the page was asked in.
func (g *Guard) signInFor(r *httpapi.Request, notice string) string {
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
func (g *Guard) answer(r *httpapi.Request, o auth.Organizer, p Page) func(context.Context) (httpapi.Response, error) {
	return func(ctx context.Context) (httpapi.Response, error) {
		resp, err := p(ctx, r, o)
		if err != nil {
			return g.Failure(r, o, err), nil
		}
		return resp, nil
	}
}

// Failure is the page for an error a page or action ended with: the
// status it maps to, with the domain's own words on English pages.
func (g *Guard) Failure(r *httpapi.Request, o auth.Organizer, err error) httpapi.Response {
	status := httpapi.Error(r, g.Log, err).StatusCode // logs what is not the client's doing
	var e *apperr.Error
	if errors.As(err, &e) && e.Code != apperr.Internal && o.Lang != lang.Persian {
		return g.Problem(r, o, status, []string{e.Message})
	}
	return g.Problem(r, o, status, nil)
}

// Problem is the page for status.
func (g *Guard) Problem(r *httpapi.Request, o auth.Organizer, status int, detail []string) httpapi.Response {
	f := g.Frame(r, o, "", console.Dashboard)
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
	return g.Render(status, console.ProblemPage(f, text, strings.Join(detail, " ")))
}

// Frame is the frame of a page titled title in section, for o.
func (g *Guard) Frame(r *httpapi.Request, o auth.Organizer, title string, s console.Section) console.Frame {
	return console.Frame{Lang: o.Lang, Title: title, Section: s, FormToken: o.FormToken(), Here: here(r)}
}

// Render answers a console page with the console's headers.
func (g *Guard) Render(status int, page templ.Component) httpapi.Response {
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

// GuessLang is the language to speak to a browser not signed in: the
// page's ?lang=, else what the browser prefers.
func (g *Guard) GuessLang(r *httpapi.Request) lang.Tag {
	if l := r.Query("lang"); lang.Known(l) {
		return lang.Tag(l)
	}
	return lang.FromAcceptLanguage(r.Header("Accept-Language"))
}

// ExplainProblems puts each problem of a refused form, in l, on its field
// in fields (by the field's name), and returns those of no field there, in
// the order of their names.
func ExplainProblems(l lang.Tag, problems map[string]problem.Problem, fields map[string]*console.Field) []string {
	var other []string
	for _, name := range slices.Sorted(maps.Keys(problems)) {
		if fd, ok := fields[name]; ok {
			fd.Error = web.Explain(l, problems[name])
		} else {
			other = append(other, web.Explain(l, problems[name]))
		}
	}
	return other
}
