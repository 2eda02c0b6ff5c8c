package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
)

// Response is what a handler answers: an API Gateway HTTP API response.
type Response = events.APIGatewayV2HTTPResponse

// Header values every response built here carries. Handlers that answer
// something cacheable (a public list) replace Cache-Control themselves.
const (
	noStore = "no-store"
	nosniff = "nosniff"
)

func baseHeaders(contentType string) map[string]string {
	h := map[string]string{
		"Cache-Control":          noStore,
		"X-Content-Type-Options": nosniff,
	}
	if contentType != "" {
		h["Content-Type"] = contentType
	}
	return h
}

// JSON answers v as application/json; charset=utf-8, with Cache-Control:
// no-store (answers may carry personal data or tokens; a handler serving a
// public, cacheable list sets its own Cache-Control on the result).
func JSON(status int, v any) Response {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a programming error (an unmarshalable type) gets here.
		return problemResponse(internalProblem())
	}
	return Response{
		StatusCode: status,
		Headers:    baseHeaders("application/json; charset=utf-8"),
		Body:       string(b),
	}
}

// Done answers a successful POST: JSON(status, v) to a JSON client, and to an
// HTML form post (r.IsForm()) 303 See Other with Location: thanks, the
// thank-you page. A form post with an empty thanks gets a small
// HTML "Thank you" page with status instead when r.WantsHTML(), else JSON.
//
// Pages rendered by HTML send Content-Security-Policy form-action 'self',
// which browsers also apply to the redirect after the post: a form on such a
// page (an emailed link's button) must not be answered with a redirect to
// another origin. Pass "" (or a same-origin path) there, or answer HTML.
func Done(r *Request, status int, v any, thanks string) Response {
	if r == nil || !r.IsForm() {
		return JSON(status, v)
	}
	if thanks != "" && !strings.ContainsAny(thanks, "\r\n") {
		h := baseHeaders("")
		h["Location"] = thanks
		return Response{StatusCode: http.StatusSeeOther, Headers: h}
	}
	if r.WantsHTML() {
		return HTML(status, web.MessagePage(DefaultThanks.Message(lang.English)))
	}
	return JSON(status, v)
}

// problemDetails is an RFC 9457 problem details object.
type problemDetails struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail,omitempty"`
	Errors map[string]string `json:"errors,omitempty"`
	// Messages says each of Errors as a sentence for a person, in the
	// language the request's Accept-Language prefers (English or Persian):
	// what a website's script shows next to each field.
	Messages map[string]string `json:"messages,omitempty"`
}

// problemKinds gives each client-facing code its status and stable title.
// The problem type is "urn:tehpug:problem:" + the code with "-" for "_".
var problemKinds = map[apperr.Code]struct {
	status int
	title  string
}{
	apperr.Malformed:        {http.StatusBadRequest, "Malformed request"},
	apperr.Unauthorized:     {http.StatusUnauthorized, "Sign-in required"},
	apperr.Forbidden:        {http.StatusForbidden, "Not allowed"},
	apperr.NotFound:         {http.StatusNotFound, "Not found"},
	apperr.Conflict:         {http.StatusConflict, "Conflict"},
	apperr.TooLarge:         {http.StatusRequestEntityTooLarge, "Request too large"},
	apperr.UnsupportedMedia: {http.StatusUnsupportedMediaType, "Unsupported media type"},
	apperr.Invalid:          {http.StatusUnprocessableEntity, "Invalid fields"},
	apperr.Throttled:        {http.StatusTooManyRequests, "Too many requests"},
}

// ProblemType is the stable problem "type" URI for a code, e.g.
// "urn:tehpug:problem:invalid"; Internal (and unknown codes) are "about:blank".
func ProblemType(code apperr.Code) string {
	if _, ok := problemKinds[code]; !ok {
		return "about:blank"
	}
	return "urn:tehpug:problem:" + strings.ReplaceAll(string(code), "_", "-")
}

func internalProblem() problemDetails {
	return problemDetails{
		Type:   "about:blank",
		Title:  http.StatusText(http.StatusInternalServerError),
		Status: http.StatusInternalServerError,
	}
}

// Error maps err to a response. An *apperr.Error with a client-facing code
// answers its status (Malformed 400, Unauthorized 401 with WWW-Authenticate:
// Bearer, Forbidden 403, NotFound 404, Conflict 409, TooLarge 413,
// UnsupportedMedia 415, Invalid 422, Throttled 429) as application/problem+json
// with its message as "detail" and, for Invalid, "errors": {field: message}
// and "messages": {field: that message for a person, in their language}.
// A 429 carries Retry-After: the error's RetryAfter in whole seconds (rounded
// up), or defaultRetryAfter when it names none.
// Anything else — a plain error, code Internal, an unknown code — is logged
// with the request id and r's context and answered 500 "Internal Server
// Error" with no text of its own. When r.WantsHTML() the same status is
// answered as an HTML page, which, like every page (see HTML), panics should
// it fail to render: the router's recovery answers that. r may be nil; log
// nil means slog.Default().
func Error(r *Request, log *slog.Logger, err error) Response {
	p := internalProblem()
	e, ok := apperr.As(err)
	kind, known := problemKinds[apperr.CodeOf(err)]
	if ok && known {
		p = problemDetails{
			Type:   ProblemType(e.Code),
			Title:  kind.title,
			Status: kind.status,
			Detail: e.Message,
		}
		if e.Code == apperr.Invalid && len(e.Fields) > 0 {
			p.Errors = apiWords(e.Fields)
			p.Messages = explain(r, e.Fields)
		}
	} else {
		if log == nil {
			log = slog.Default()
		}
		attrs := []any{slog.String("error", errText(err))}
		if r != nil {
			attrs = append(attrs,
				slog.String("request_id", r.RequestID()),
				slog.String("route", RouteKey(r.Event)))
		}
		log.ErrorContext(r.Context(), "internal error", attrs...)
	}

	resp := respond(r, p)
	if p.Status == http.StatusTooManyRequests {
		resp.Headers["Retry-After"] = retryAfter(e.RetryAfter)
	}
	return resp
}

// explain is each field's message as web.Explain says it in the language
// r's Accept-Language prefers.
func explain(r *Request, fields map[string]problem.Problem) map[string]string {
	l := lang.English
	if r != nil {
		l = lang.FromAcceptLanguage(r.Header("Accept-Language"))
	}
	out := make(map[string]string, len(fields))
	for f, p := range fields {
		out[f] = web.Explain(l, p)
	}
	return out
}

// apiWords is each field's problem as the JSON API says it, in English.
func apiWords(fields map[string]problem.Problem) map[string]string {
	out := make(map[string]string, len(fields))
	for f, p := range fields {
		out[f] = p.String()
	}
	return out
}

// defaultRetryAfter is the wait a 429 asks for when its error names none.
const defaultRetryAfter = 2 * time.Second

// retryAfter is the Retry-After value for a wait of d: whole seconds,
// rounded up, at least one; defaultRetryAfter when d is not positive.
func retryAfter(d time.Duration) string {
	if d <= 0 {
		d = defaultRetryAfter
	}
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// respond answers p as problem+json, or as an HTML page to a person.
func respond(r *Request, p problemDetails) Response {
	var resp Response
	if r != nil && r.WantsHTML() {
		resp = problemPage(p)
	} else {
		resp = problemResponse(p)
	}
	if p.Status == http.StatusUnauthorized {
		resp.Headers["WWW-Authenticate"] = "Bearer"
	}
	return resp
}

func errText(err error) string {
	if err == nil {
		return "nil error"
	}
	return err.Error()
}

func problemResponse(p problemDetails) Response {
	b, err := json.Marshal(p)
	if err != nil { // a map[string]string cannot fail; keep a body anyway
		b = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	return Response{
		StatusCode: p.Status,
		Headers:    baseHeaders("application/problem+json"),
		Body:       string(b),
	}
}

// problemPage shows a problem to a person who posted a form in a browser:
// its title and detail, what to correct, and what to do next.
func problemPage(p problemDetails) Response {
	var paras []string
	if p.Detail != "" {
		paras = append(paras, p.Detail)
	}
	errs := web.Errors(p.Messages, nil)
	if advice := web.Advice(lang.English, p.Status, len(errs) > 0); advice != "" {
		paras = append(paras, advice)
	}
	return HTML(p.Status, web.MessagePage(web.Message{Lang: lang.English, Title: p.Title, Paragraphs: paras, Errors: errs}))
}
