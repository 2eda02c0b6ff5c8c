package httpapi

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/lang"
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
		return "", apperr.Field("token", "is required")
	}
	return in.Token, nil
}

// LinkPage answers the GET of an emailed link: a page in language l whose
// button posts the link's token to action, or, when err is set, a page
// saying why the link cannot be used.
func LinkPage(r *Request, log *slog.Logger, l string, err error, p PageText, action string) Response {
	if err != nil {
		return ErrorPage(r, log, l, err)
	}
	w, in := p.In(lang.Parse(l))
	return HTML(http.StatusOK, web.LinkPage(web.Link{
		Lang: in, Title: w.Title, Paragraphs: w.Paragraphs,
		Action: action, Hidden: []web.Hidden{{Name: "token", Value: r.Query("token")}}, Button: w.Button,
	}))
}

// ErrorPage answers a person's browser with a page in language l for err,
// with the status the error maps to. Internal errors are logged and shown
// generically; an error's own message, in English, is shown on English pages.
func ErrorPage(r *Request, log *slog.Logger, l string, err error) Response {
	resp := Error(r, log, err)
	in := lang.Parse(l)
	title, body := web.StatusWords(in, resp.StatusCode)
	if e, ok := apperr.As(err); ok && e.Code != apperr.Internal && in == lang.English {
		body = e.Message
	}
	return HTML(resp.StatusCode, web.MessagePage(web.Message{Lang: in, Title: title, Paragraphs: []string{body}}))
}

// StatusAnswer is the JSON answer of an action that has no record to show.
type StatusAnswer struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// List is a page of a list answer (SPEC §5): pass Next back as ?cursor=.
type List[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// PageLimit reads ?limit= (default 20, at most 100).
func PageLimit(r *Request) (int, error) {
	s := r.Query("limit")
	if s == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100 {
		return 0, apperr.Field("limit", "must be a whole number from 1 to 100")
	}
	return n, nil
}

// Public lets browsers and caches keep a public answer briefly.
func Public(resp Response) Response {
	resp.Headers["Cache-Control"] = "public, max-age=30"
	return resp
}
