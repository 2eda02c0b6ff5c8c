package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

func TestErrorProblem(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		typ    string
		detail string
		fields map[string]any
	}{
		{"malformed", apperr.New(apperr.Malformed, "The request body is not valid JSON."), 400, "urn:tehpug:problem:malformed", "The request body is not valid JSON.", nil},
		{"unauthorized", apperr.New(apperr.Unauthorized, "Sign in first."), 401, "urn:tehpug:problem:unauthorized", "Sign in first.", nil},
		{"forbidden", apperr.New(apperr.Forbidden, "Organizers only."), 403, "urn:tehpug:problem:forbidden", "Organizers only.", nil},
		{"not found", apperr.New(apperr.NotFound, "No such meetup."), 404, "urn:tehpug:problem:not-found", "No such meetup.", nil},
		{"conflict", apperr.New(apperr.Conflict, "The meetup is cancelled."), 409, "urn:tehpug:problem:conflict", "The meetup is cancelled.", nil},
		{"too large", apperr.New(apperr.TooLarge, "Too big."), 413, "urn:tehpug:problem:too-large", "Too big.", nil},
		{"unsupported media", apperr.New(apperr.UnsupportedMedia, "Send JSON."), 415, "urn:tehpug:problem:unsupported-media-type", "Send JSON.", nil},
		{"invalid", apperr.InvalidFields(map[string]problem.Problem{"email": problem.Of(problem.Email), "name": problem.Of(problem.Required)}), 422, "urn:tehpug:problem:invalid", "Some fields are not valid.",
			map[string]any{"email": "must be a valid email address", "name": "is required"}},
		{"throttled", apperr.New(apperr.Throttled, "Slow down."), 429, "urn:tehpug:problem:throttled", "Slow down.", nil},
		{"wrapped", fmt.Errorf("register m1: %w", apperr.New(apperr.NotFound, "No such meetup.")), 404, "urn:tehpug:problem:not-found", "No such meetup.", nil},
		{"message without fields", &apperr.Error{Code: apperr.Conflict}, 409, "urn:tehpug:problem:conflict", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, logs := newLogger(t)
			r := &Request{Event: newEvent(t, "POST /members", jsonType, "")}
			resp := Error(r, log, tt.err)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			p := decodeProblem(t, resp)
			if p["type"] != tt.typ || p["status"] != float64(tt.status) || p["title"] == "" {
				t.Errorf("problem = %v, want type %q status %d and a title", p, tt.typ, tt.status)
			}
			if got, _ := p["detail"].(string); got != tt.detail {
				t.Errorf("detail = %q, want %q", got, tt.detail)
			}
			if got, _ := p["errors"].(map[string]any); !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("errors = %v, want %v", got, tt.fields)
			}
			wantHeaders(t, resp, map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
			if got, want := resp.Headers["WWW-Authenticate"], map[bool]string{true: "Bearer"}[tt.status == 401]; got != want {
				t.Errorf("WWW-Authenticate = %q, want %q", got, want)
			}
			if logs.Len() != 0 {
				t.Errorf("client errors are not logged here, got %s", logs)
			}
		})
	}
}

func TestErrorInternalNeverLeaks(t *testing.T) {
	const secret = "dynamodb: table tehpug-prod-Members access denied for arn:aws:iam::123456789012"
	tests := []struct {
		name string
		err  error
	}{
		{"plain", errors.New(secret)},
		{"wrapped", fmt.Errorf("join member: %w", errors.New(secret))},
		{"internal code", apperr.New(apperr.Internal, "%s", secret)},
		{"unknown code", &apperr.Error{Code: "weird", Message: secret}},
		{"invalid fields wrapped in internal", fmt.Errorf("%s: %w", secret, apperr.New(apperr.Internal, "x"))},
	}
	for _, tt := range tests {
		for _, html := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s html=%v", tt.name, html), func(t *testing.T) {
				log, logs := newLogger(t)
				ev := newEvent(t, "POST /members", jsonType, "")
				if html {
					ev.Headers["content-type"] = formType
					ev.Headers["accept"] = browserHTML
				}
				resp := Error(&Request{Event: ev}, log, tt.err)
				if resp.StatusCode != 500 {
					t.Errorf("status = %d, want 500", resp.StatusCode)
				}
				for _, leak := range []string{"dynamodb", "tehpug-prod", "arn:aws", "join member"} {
					if strings.Contains(resp.Body, leak) {
						t.Errorf("body leaks %q: %s", leak, resp.Body)
					}
				}
				if !strings.Contains(resp.Body, "Internal Server Error") {
					t.Errorf("body = %s, want the generic title", resp.Body)
				}
				if html {
					wantHeaders(t, resp, map[string]string{"Content-Type": "text/html; charset=utf-8"})
				} else if p := decodeProblem(t, resp); p["type"] != "about:blank" || p["detail"] != nil || p["errors"] != nil {
					t.Errorf("problem = %v", p)
				}
				if !strings.Contains(logs.String(), "tehpug-prod-Members") || !strings.Contains(logs.String(), `"request_id":"req-`) {
					t.Errorf("log = %s, want the error with the request id", logs)
				}
			})
		}
	}
}

// A 429 says when to come back: the error's wait in whole seconds, rounded
// up, or a default; through wrapping, and on the HTML page too.
func TestErrorRetryAfter(t *testing.T) {
	tests := []struct {
		name string
		err  error
		html bool
		want string
	}{
		{"no wait named", apperr.New(apperr.Throttled, "Slow down."), false, "2"},
		{"whole seconds", apperr.Throttle(3*time.Second, "Slow down."), false, "3"},
		{"rounded up", apperr.Throttle(1500*time.Millisecond, "Slow down."), false, "2"},
		{"under a second", apperr.Throttle(time.Millisecond, "Slow down."), false, "1"},
		{"wrapped twice", fmt.Errorf("list meetups: %w", fmt.Errorf("dynamo: %w: %w", apperr.Throttle(4*time.Second, "Busy."), errors.New("sdk"))), false, "4"},
		{"html page", apperr.Throttle(5*time.Second, "Busy."), true, "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := newEvent(t, "GET /meetups", "", "")
			if tt.html {
				ev.Headers["accept"] = browserHTML
			}
			resp := Error(&Request{Event: ev}, nil, tt.err)
			if resp.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("status = %d, want 429", resp.StatusCode)
			}
			if got := resp.Headers["Retry-After"]; got != tt.want {
				t.Errorf("Retry-After = %q, want %q", got, tt.want)
			}
			if !tt.html {
				decodeProblem(t, resp)
			}
		})
	}
	if resp := Error(nil, nil, apperr.New(apperr.Conflict, "No.")); resp.Headers["Retry-After"] != "" {
		t.Errorf("a 409 carries Retry-After %q", resp.Headers["Retry-After"])
	}
}

func TestErrorNilRequestAndLogger(t *testing.T) {
	resp := Error(nil, nil, apperr.Field("name", problem.Required))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	if resp := Error(nil, nil, errors.New("boom")); resp.StatusCode != 500 || strings.Contains(resp.Body, "boom") {
		t.Fatalf("got %d %s", resp.StatusCode, resp.Body)
	}
}

func TestErrorHTMLPage(t *testing.T) {
	ev := newEvent(t, "POST /members", formType, "name=")
	ev.Headers["accept"] = browserHTML
	r := &Request{Event: ev}
	resp := Error(r, nil, apperr.InvalidFields(map[string]problem.Problem{
		"name":  problem.Of(problem.Required),
		"email": problem.Of(problem.NotRegistered, `<script>alert("x")</script>`),
	}))
	if resp.StatusCode != 422 {
		t.Errorf("status = %d, want 422", resp.StatusCode)
	}
	wantHeaders(t, resp, map[string]string{
		"Content-Type":  "text/html; charset=utf-8",
		"Cache-Control": "no-store",
	})
	for _, want := range []string{
		`<html lang="en" dir="ltr">`,
		"<h1>Invalid fields</h1>",
		"Some fields are not valid.",
		"<li><strong>email</strong>: has addresses not registered: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;.</li>",
		"<li><strong>name</strong>: is required.</li>",
	} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("page lacks %q:\n%s", want, resp.Body)
		}
	}
	if strings.Contains(resp.Body, "<script>") {
		t.Errorf("page holds an unescaped script:\n%s", resp.Body)
	}
	if strings.Index(resp.Body, "email") > strings.Index(resp.Body, "<strong>name") {
		t.Errorf("field errors are not sorted")
	}
}

func TestJSON(t *testing.T) {
	resp := JSON(http.StatusCreated, map[string]any{"id": "t1", "status": "submitted"})
	if resp.StatusCode != 201 || resp.Body != `{"id":"t1","status":"submitted"}` {
		t.Errorf("got %d %s", resp.StatusCode, resp.Body)
	}
	wantHeaders(t, resp, map[string]string{
		"Content-Type":           "application/json; charset=utf-8",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
	})
	if bad := JSON(200, func() {}); bad.StatusCode != 500 {
		t.Errorf("unmarshalable value: status %d", bad.StatusCode)
	}
}

func TestDone(t *testing.T) {
	const thanks = "https://tehpug.ir/thanks/joined/"
	tests := []struct {
		name, contentType, accept, thanks string
		status                            int
		location                          string
		bodyHas                           string
	}{
		{"json", jsonType, "application/json", thanks, 202, "", `{"status":"pending"}`},
		{"browser form", formType, browserHTML, thanks, 303, thanks, ""},
		{"script form", formType, "*/*", thanks, 303, thanks, ""},
		{"browser form without thanks", formType, browserHTML, "", 202, "", "Thank you"},
		{"script form without thanks", formType, "*/*", "", 202, "", `{"status":"pending"}`},
		{"header injection", formType, browserHTML, thanks + "\r\nSet-Cookie: x=1", 202, "", "Thank you"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := newEvent(t, "POST /members", tt.contentType, "")
			ev.Headers["accept"] = tt.accept
			resp := Done(&Request{Event: ev}, 202, map[string]string{"status": "pending"}, tt.thanks)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Headers["Location"]; got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if !strings.Contains(resp.Body, tt.bodyHas) {
				t.Errorf("body = %q, want it to hold %q", resp.Body, tt.bodyHas)
			}
			wantHeaders(t, resp, map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
		})
	}
}

func wantHeaders(tb testing.TB, resp Response, want map[string]string) {
	tb.Helper()
	for k, v := range want {
		if got := resp.Headers[k]; got != v {
			tb.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
}
