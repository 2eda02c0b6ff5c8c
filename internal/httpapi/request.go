package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/memberforms"
)

// MaxBodyBytes caps every request body (after base64 decoding): a larger one is answered 413.
const MaxBodyBytes = 64 << 10

// MaxUploadBytes caps the body of an upload route (Router.HandleUpload):
// a robot's file of up to 64 KiB, with the form around it.
const MaxUploadBytes = 192 << 10

const (
	mediaJSON = "application/json"
	mediaForm = "application/x-www-form-urlencoded"
)

// honeypotField is the hidden anti-spam input every public form carries.
const honeypotField = memberforms.Honeypot

// Request wraps one API Gateway HTTP API (payload 2.0) event.
type Request struct {
	Event events.APIGatewayV2HTTPRequest
	// Body is the decoded body (base64 undone when IsBase64Encoded). The
	// Router fills it before the handler runs; NewRequest does the same.
	Body []byte
	// ctx is the context the Router serves the request with.
	ctx context.Context
	// limit caps the body: MaxBodyBytes, or MaxUploadBytes on an upload route.
	limit int
}

// Context is the context the Router serves r with, which carries the
// request id for the logs (context.Background() for a Request the Router
// did not make).
func (r *Request) Context() context.Context {
	if r == nil || r.ctx == nil {
		return context.Background()
	}
	return r.ctx
}

// NewRequest builds the Request the Router hands to handlers, so tests can
// call a HandlerFunc directly with a sample event. It fails with Malformed for
// a body that is not valid base64 and TooLarge for one over MaxBodyBytes.
func NewRequest(ev events.APIGatewayV2HTTPRequest) (*Request, error) {
	r := &Request{Event: ev}
	body, err := eventBody(ev)
	if err != nil {
		return r, err
	}
	r.Body = body
	return r, nil
}

// eventBody returns the event's body as bytes, capped at MaxBodyBytes.
func eventBody(ev events.APIGatewayV2HTTPRequest) ([]byte, error) {
	return eventBodyUpTo(ev, MaxBodyBytes)
}

// eventBodyUpTo is eventBody capped at limit bytes.
func eventBodyUpTo(ev events.APIGatewayV2HTTPRequest, limit int) ([]byte, error) {
	if ev.Body == "" {
		return nil, nil
	}
	if !ev.IsBase64Encoded {
		if len(ev.Body) > limit {
			return nil, tooLarge(limit)
		}
		return []byte(ev.Body), nil
	}
	// Padding makes DecodedLen overestimate by at most two bytes.
	if base64.StdEncoding.DecodedLen(len(ev.Body)) > limit+2 {
		return nil, tooLarge(limit)
	}
	b, err := base64.StdEncoding.DecodeString(ev.Body)
	if err != nil {
		return nil, apperr.New(apperr.Malformed, "The request body is not valid base64.")
	}
	if len(b) > limit {
		return nil, tooLarge(limit)
	}
	return b, nil
}

func tooLarge(limit int) *apperr.Error {
	return apperr.New(apperr.TooLarge, "The request body is larger than %d bytes.", limit)
}

// bodyLimit is r's cap on its body.
func (r *Request) bodyLimit() int {
	if r.limit > 0 {
		return r.limit
	}
	return MaxBodyBytes
}

// body returns the decoded body, decoding it from the event when the Request
// was built by hand rather than by NewRequest or the Router.
func (r *Request) body() ([]byte, error) {
	if r.Body != nil || r.Event.Body == "" {
		if len(r.Body) > r.bodyLimit() {
			return nil, tooLarge(r.bodyLimit())
		}
		return r.Body, nil
	}
	b, err := eventBodyUpTo(r.Event, r.bodyLimit())
	if err != nil {
		return nil, err
	}
	r.Body = b
	return b, nil
}

// Query returns the first value of a query-string parameter ("" if absent).
// API Gateway joins repeated parameters with commas.
func (r *Request) Query(name string) string {
	if r.Event.QueryStringParameters != nil {
		return r.Event.QueryStringParameters[name]
	}
	if r.Event.RawQueryString == "" {
		return ""
	}
	q, err := url.ParseQuery(r.Event.RawQueryString)
	if err != nil {
		return ""
	}
	return q.Get(name)
}

// PathParam returns a path parameter of the route, e.g. "meetupId".
func (r *Request) PathParam(name string) string {
	return r.Event.PathParameters[name]
}

// Header returns a request header, matching its name case-insensitively
// (API Gateway lowercases names; the local stack and tests may not).
func (r *Request) Header(name string) string {
	if v, ok := r.Event.Headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range r.Event.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// RequestID is API Gateway's id for the request, the one every log line carries.
func (r *Request) RequestID() string {
	return r.Event.RequestContext.RequestID
}

// Honeypot reports whether the hidden anti-spam field "website" was filled
// in a JSON, form or multipart body. Forms carry <input name="website"
// hidden>; a post that fills it is answered as usual and dropped by the
// handler. A body that cannot be read reports false (Decode reports the
// problem).
func (r *Request) Honeypot() bool {
	body, err := r.body()
	if err != nil || len(body) == 0 {
		return false
	}
	switch mt, params := r.mediaType(); mt {
	case mediaForm, mediaMultipart:
		var vals url.Values
		if mt == mediaForm {
			vals, err = url.ParseQuery(string(body))
		} else {
			vals, _, err = parseMultipart(body, params["boundary"], "")
		}
		if err != nil {
			return false
		}
		for _, v := range vals[honeypotField] {
			if strings.TrimSpace(v) != "" {
				return true
			}
		}
	case mediaJSON:
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return false
		}
		raw, ok := m[honeypotField]
		if !ok {
			return false
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return strings.TrimSpace(s) != ""
		}
		v := strings.TrimSpace(string(raw))
		return v != "null" && v != "false"
	}
	return false
}

// UnlessRobot does in with do, unless r fills the honeypot: a robot's post
// is only validated, so that it is refused, or answered, as the person's
// would be, and dropped.
func UnlessRobot[In interface{ Validate() error }](ctx context.Context, r *Request, in In, do func(context.Context, In) error) error {
	if r.Honeypot() {
		return in.Validate()
	}
	return do(ctx, in)
}
