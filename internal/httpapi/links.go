package httpapi

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/record"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/web"
)

// Config is what every handler needs to know about where it is deployed.
type Config struct {
	// BaseURL is the public base URL of the API (emailed links point here).
	BaseURL string
	// ThankYouURL is where the website's form posts are redirected; empty
	// means the API's own /thanks page.
	ThankYouURL string
	Log         *slog.Logger
	// Zone is the group's time zone, in which answers show times.
	Zone *time.Location
	// Organizers recognises signed-in organizers; only a function that
	// serves organizer routes has it.
	Organizers Authenticator
	// Record keeps what organizers change, in the organizer API and the
	// console.
	Record Recorder
}

// Require refuses to register component's routes on a Config without what
// they need: a logger and a zone, Organizers when they include organizer
// routes, and more.
func (c Config) Require(component string, organizerRoutes bool, more ...deps.Check) error {
	checks := []deps.Check{deps.Given("Log", c.Log), deps.Given("Zone", c.Zone)}
	if organizerRoutes {
		checks = append(checks, deps.Given("Organizers", c.Organizers), deps.Given("Record", c.Record))
	}
	return deps.Require(component, append(checks, more...)...)
}

// Routes are a function's handlers by route key, as template.yaml names
// the routes ("POST /members", "GET /meetups/{meetupId}").
type Routes map[string]HandlerFunc

// Serve adds component's routes to rt, refusing to without what they need
// (Require) or without the domain service they call.
func (c Config) Serve(rt *Router, component string, organizerRoutes bool, service any, routes Routes) error {
	if err := c.Require(component, organizerRoutes, deps.Given("Service", service)); err != nil {
		return err
	}
	for _, key := range slices.Sorted(maps.Keys(routes)) {
		rt.Handle(key, routes[key])
	}
	return nil
}

// OrganizersOnly wraps h so it runs only for a signed-in organizer; a
// change it makes (any method but GET) is kept in the record once it has
// succeeded.
func (c Config) OrganizersOnly(h HandlerFunc) HandlerFunc {
	return OrganizersOnly(c.Organizers, func(ctx context.Context, r *Request) (Response, error) {
		if r.Event.RequestContext.HTTP.Method == http.MethodGet {
			return h(ctx, r)
		}
		ctx, object := WithObject(ctx, r)
		resp, err := h(ctx, r)
		if err == nil {
			c.KeepRecord(ctx, record.API, Organizer(ctx), RouteKey(r.Event), object, resp)
		}
		return resp, err
	})
}

// Thanks is where a form post from the website goes after success: the
// configured thank-you page, told what was done and in which language.
func (c Config) Thanks(done, lang string) string {
	base := c.ThankYouURL
	if base == "" {
		base = c.BaseURL + "/thanks"
	}
	return withQuery(base, done, lang)
}

// LinkThanks is where the button of an emailed link's page goes after
// success: always the API's own /thanks page, on the same origin as the page
// (its Content-Security-Policy allows posting only there).
func LinkThanks(done, lang string) string {
	return withQuery("/thanks", done, lang)
}

func withQuery(base, done, lang string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("done", done)
	if lang != "" {
		q.Set("lang", lang)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// tokenInput is the body of every POST that acts on an emailed link.
type tokenInput struct {
	Token string `json:"token"`
}

// ReadToken reads the token from the body, or from the query string.
func ReadToken(r *Request) (string, error) {
	var in tokenInput
	if len(r.Body) > 0 || r.Header("Content-Type") != "" {
		if err := r.Decode(&in); err != nil {
			return "", err
		}
	}
	if in.Token == "" {
		in.Token = r.Query("token")
	}
	if in.Token == "" {
		return "", apperr.Field("token", problem.Required)
	}
	return in.Token, nil
}

// LinkPage answers the GET of an emailed link: a page in the link's
// language naming what it acts on, whose button posts the link's token to
// action, or, when err is set, a page saying why the link cannot be used.
func LinkPage(r *Request, log *slog.Logger, at token.Landing, err error, p PageText, action string) Response {
	l := pageLanguage(r, at.Lang)
	if err != nil {
		return ErrorPage(r, log, string(l), err)
	}
	w, in := p.In(l)
	link := web.Link{
		Lang: in, Title: w.Title, Paragraphs: w.Paragraphs,
		Action: action, Hidden: []web.Hidden{{Name: "token", Value: r.Query("token")}}, Button: w.Button,
	}
	if at.Title != "" {
		link.Object = at.Title
		if !at.Starts.IsZero() {
			link.ObjectWhen = web.MeetupWhen(in, at.Starts, at.Ends)
		}
	}
	return HTML(http.StatusOK, web.LinkPage(link))
}

// pageLanguage is the language of a member's page: the one the member
// chose (known from their link), else the one their browser prefers.
func pageLanguage(r *Request, chosen string) lang.Tag {
	if lang.Known(chosen) {
		return lang.Tag(chosen)
	}
	return lang.FromAcceptLanguage(r.Header("Accept-Language"))
}

// LinkChecker says whether an emailed link of purpose can be used, without
// using it: the language to show its page in and what it acts on.
type LinkChecker interface {
	LinkPage(ctx context.Context, purpose token.Purpose, raw string) (token.Landing, error)
}

// ButtonPage answers the GET of an emailed link with its button page, which
// posts the token to action; nothing changes until the button is pressed.
func (c Config) ButtonPage(check LinkChecker, purpose token.Purpose, text PageText, action string) HandlerFunc {
	return func(ctx context.Context, r *Request) (Response, error) {
		at, err := check.LinkPage(ctx, purpose, r.Query("token"))
		return LinkPage(r, c.Log, at, err, text, action), nil
	}
}

// Act answers the POST of an emailed link's button, or a program's: do acts
// on the token and says the language to answer in. A program gets
// {"status": status}; a browser the thank-you page done, or the error as a
// page in that language.
func (c Config) Act(do func(ctx context.Context, raw string) (lang string, err error), status, done string) HandlerFunc {
	return func(ctx context.Context, r *Request) (Response, error) {
		raw, err := ReadToken(r)
		if err != nil {
			return Response{}, err
		}
		l, err := do(ctx, raw)
		if err != nil {
			return Failed(r, c.Log, l, err)
		}
		return Done(r, http.StatusOK, StatusAnswer{Status: status}, LinkThanks(done, l)), nil
	}
}

// ErrorPage answers a person's browser with a page in language l for err,
// with the status the error maps to. Internal errors are logged and shown
// generically; an error's own message, in English, is shown on English pages.
func ErrorPage(r *Request, log *slog.Logger, l string, err error) Response {
	resp := Error(r, log, err)
	in := pageLanguage(r, l)
	title, body := web.StatusWords(in, resp.StatusCode)
	if e, ok := apperr.As(err); ok && e.Code != apperr.Internal && in == lang.English {
		body = e.Message
	}
	page := web.Message{Lang: in, Title: title, Paragraphs: []string{body}}
	if resp.StatusCode < 500 {
		page.Next = web.MemberLinkAgain(in)
	}
	return HTML(resp.StatusCode, web.MessagePage(page))
}

// Failed answers a refused request: a person's browser gets err as a page
// in language l (ErrorPage), a program err itself.
func Failed(r *Request, log *slog.Logger, l string, err error) (Response, error) {
	if r.WantsHTML() {
		return ErrorPage(r, log, l, err), nil
	}
	return Response{}, err
}

// Change answers an organizer's change to the record its path's param
// names: do applies the posted In to it, and the answer is what show makes
// of the result (200), or, to a browser's form, the "saved" thank-you page.
func Change[In, T, J any](c Config, param string, do func(ctx context.Context, id string, in In) (T, error), show func(T) J) HandlerFunc {
	return func(ctx context.Context, r *Request) (Response, error) {
		var in In
		if err := r.Decode(&in); err != nil {
			return Response{}, err
		}
		v, err := do(ctx, r.PathParam(param), in)
		if err != nil {
			return Response{}, err
		}
		return Done(r, http.StatusOK, show(v), c.Thanks("saved", "")), nil
	}
}

// StatusAnswer is the JSON answer of an action that has no record to show.
type StatusAnswer struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// List is a page of a list answer: {"items": [...], "next": "<cursor>"}; a
// client passes Next back as ?cursor= for the page after, and the last page
// has none.
type List[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// ListPage answers one page of a list: it reads ?limit= (PageLimit) and
// ?cursor=, lists that page with list, and shows each item with show.
func ListPage[T, J any](r *Request, list func(cursor string, limit int) ([]T, string, error), show func(T) J) (Response, error) {
	limit, err := PageLimit(r)
	if err != nil {
		return Response{}, err
	}
	items, next, err := list(r.Query("cursor"), limit)
	if err != nil {
		return Response{}, err
	}
	out := List[J]{Items: make([]J, len(items)), Next: next}
	for i, it := range items {
		out.Items[i] = show(it)
	}
	return JSON(http.StatusOK, out), nil
}

// PageLimit reads ?limit= (default 20, at most 100).
func PageLimit(r *Request) (int, error) {
	s := r.Query("limit")
	if s == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100 {
		return 0, apperr.Field("limit", problem.PageSize, 1, 100)
	}
	return n, nil
}

// Public lets browsers and caches keep a public answer briefly.
func Public(resp Response) Response {
	resp.Headers["Cache-Control"] = "public, max-age=30"
	return resp
}
