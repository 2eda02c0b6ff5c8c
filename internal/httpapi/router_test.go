package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/problem"
)

// newTestRouter wires the handlers the Serve tests use.
func newTestRouter(tb testing.TB) (*Router, *bytes.Buffer) {
	tb.Helper()
	log, logs := newLogger(tb)
	rt := NewRouter(log)
	rt.Handle("POST /members", func(ctx context.Context, r *Request) (Response, error) {
		var in struct {
			Name  string `json:"name"`
			Email string `json:"email"`
		}
		if err := r.Decode(&in); err != nil {
			return Response{}, err
		}
		if in.Name == "" {
			return Response{}, apperr.Field("name", problem.Required)
		}
		return Done(r, http.StatusAccepted, map[string]string{"status": "pending"}, "https://tehpug.ir/thanks/"), nil
	})
	rt.Handle("GET /meetups/{meetupId}", func(ctx context.Context, r *Request) (Response, error) {
		if r.PathParam("meetupId") != "m1" {
			return Response{}, fmt.Errorf("get meetup %s: %w", r.PathParam("meetupId"), apperr.New(apperr.NotFound, "No such meetup."))
		}
		return JSON(200, map[string]any{"id": "m1", "seats_left": 3}), nil
	})
	rt.Handle("GET /meetups", func(ctx context.Context, r *Request) (Response, error) {
		resp := JSON(200, map[string]any{"items": []any{}})
		resp.Headers["Cache-Control"] = "public, max-age=60"
		return resp, nil
	})
	rt.Handle("POST /talks", func(ctx context.Context, r *Request) (Response, error) {
		panic("nil map in talks: secret-detail")
	})
	rt.Handle("POST /auth/session", func(ctx context.Context, r *Request) (Response, error) {
		return Response{}, fmt.Errorf("dynamo get session: %w", errors.New("ResourceNotFoundException: secret-table"))
	})
	rt.Handle("GET /checkins/new", func(ctx context.Context, r *Request) (Response, error) {
		return Response{}, nil // forgot to answer
	})
	rt.Handle("$default", func(ctx context.Context, r *Request) (Response, error) {
		return Response{StatusCode: 204}, nil
	})
	return rt, logs
}

func TestServe(t *testing.T) {
	tests := []struct {
		name        string
		route       string
		contentType string
		accept      string
		body        string
		status      int
		contentHas  string // Content-Type
		bodyHas     string
		location    string
		logHas      string
	}{
		{name: "json post", route: "POST /members", contentType: jsonType, body: `{"name":"Ada","email":"ada@example.org"}`,
			status: 202, contentHas: "application/json", bodyHas: `{"status":"pending"}`},
		{name: "form post answers 303", route: "POST /members", contentType: formType, accept: browserHTML, body: "name=Ada&email=ada%40example.org",
			status: 303, location: "https://tehpug.ir/thanks/"},
		{name: "form post with errors answers a page", route: "POST /members", contentType: formType, accept: browserHTML, body: "name=&email=x",
			status: 422, contentHas: "text/html", bodyHas: "<li><strong>name</strong>: is required.</li>"},
		{name: "path parameter", route: "GET /meetups/{meetupId}", status: 200, bodyHas: `"seats_left":3`},
		{name: "not found from handler", route: "GET /meetups/{meetupId}", status: 404, contentHas: "application/problem+json", bodyHas: "No such meetup."},
		{name: "unknown route", route: "DELETE /members", status: 404, contentHas: "application/problem+json", bodyHas: `"type":"urn:tehpug:problem:not-found"`},
		{name: "malformed json", route: "POST /members", contentType: jsonType, body: `{"name":`, status: 400, contentHas: "application/problem+json"},
		{name: "unsupported media", route: "POST /members", contentType: "text/plain", body: "hi", status: 415, contentHas: "application/problem+json"},
		{name: "too large before the handler", route: "POST /talks", contentType: jsonType, body: `{"a":"` + strings.Repeat("x", MaxBodyBytes) + `"}`,
			status: 413, contentHas: "application/problem+json"},
		{name: "panic", route: "POST /talks", contentType: jsonType, body: `{}`, status: 500, contentHas: "application/problem+json",
			bodyHas: `"title":"Internal Server Error"`, logHas: "handler panic"},
		{name: "panic in a browser", route: "POST /talks", contentType: formType, accept: browserHTML, body: "a=b", status: 500, contentHas: "text/html", logHas: "handler panic"},
		{name: "internal error", route: "POST /auth/session", contentType: jsonType, body: `{}`, status: 500, contentHas: "application/problem+json", logHas: "secret-table"},
		{name: "zero response", route: "GET /checkins/new", status: 500, contentHas: "application/problem+json", logHas: "answered no status"},
		{name: "default route", route: "$default", status: 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, logs := newTestRouter(t)
			ev := newEvent(t, tt.route, tt.contentType, tt.body)
			if tt.accept != "" {
				ev.Headers["accept"] = tt.accept
			}
			switch tt.name {
			case "path parameter":
				ev.PathParameters = map[string]string{"meetupId": "m1"}
			case "not found from handler":
				ev.PathParameters = map[string]string{"meetupId": "m2"}
			}
			resp, err := rt.Serve(context.Background(), ev)
			if err != nil {
				t.Fatalf("Serve returned a Go error: %v", err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d; body %s", resp.StatusCode, tt.status, resp.Body)
			}
			if !strings.Contains(resp.Headers["Content-Type"], tt.contentHas) {
				t.Errorf("Content-Type = %q, want %q", resp.Headers["Content-Type"], tt.contentHas)
			}
			if !strings.Contains(resp.Body, tt.bodyHas) {
				t.Errorf("body = %s, want it to hold %q", resp.Body, tt.bodyHas)
			}
			if got := resp.Headers["Location"]; got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			for _, secret := range []string{"secret-detail", "secret-table", "nil map", "goroutine"} {
				if strings.Contains(resp.Body, secret) {
					t.Errorf("body leaks %q: %s", secret, resp.Body)
				}
			}
			wantHeaders(t, resp, map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
			if !strings.Contains(logs.String(), tt.logHas) {
				t.Errorf("log = %s, want it to hold %q", logs, tt.logHas)
			}
			wantRequestLine(t, logs, tt.route, tt.status)
		})
	}
}

// wantRequestLine checks the one structured line Serve logs per request.
func wantRequestLine(tb testing.TB, logs *bytes.Buffer, route string, status int) {
	tb.Helper()
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var line struct {
		Msg        string   `json:"msg"`
		Method     string   `json:"method"`
		Route      string   `json:"route"`
		Status     int      `json:"status"`
		DurationMS *float64 `json:"duration_ms"`
		RequestID  string   `json:"request_id"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &line); err != nil {
		tb.Fatalf("last log line %q: %v", lines[len(lines)-1], err)
	}
	method, _, _ := cutRoute(route)
	if line.Msg != "request" || line.Method != method || line.Route != route || line.Status != status ||
		line.DurationMS == nil || !strings.HasPrefix(line.RequestID, "req-") {
		tb.Errorf("request line = %+v, from %s", line, lines[len(lines)-1])
	}
}

func TestServeLogsNoPersonalData(t *testing.T) {
	rt, logs := newTestRouter(t)
	for _, body := range []string{
		`{"name":"Ada","email":"ada.secret@example.org","token":"tok_SECRET"}`,
		`{"name":"","email":"ada.secret@example.org"}`,
	} {
		ev := newEvent(t, "POST /members", jsonType, body)
		ev.RawQueryString = "token=tok_SECRET"
		ev.QueryStringParameters = map[string]string{"token": "tok_SECRET"}
		ev.Headers["authorization"] = "Bearer tok_SECRET"
		ev.RawPath = "/members?token=tok_SECRET"
		if _, err := rt.Serve(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	for _, secret := range []string{"ada.secret", "tok_SECRET", "example.org"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log holds %q:\n%s", secret, logs)
		}
	}
}

func TestServeSampleEvents(t *testing.T) {
	tests := []struct {
		file   string
		status int
	}{
		{"apigw-v2-request-no-authorizer.json", 204},
		{"apigw-v2-post-members-form.json", 303},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rt, _ := newTestRouter(t)
			resp, err := rt.Serve(context.Background(), loadEvent(t, tt.file))
			if err != nil || resp.StatusCode != tt.status {
				t.Errorf("Serve = %d, %v; want %d", resp.StatusCode, err, tt.status)
			}
		})
	}
}

func TestServeKeepsHandlerCacheControl(t *testing.T) {
	rt, _ := newTestRouter(t)
	resp, _ := rt.Serve(context.Background(), newEvent(t, "GET /meetups", "", ""))
	if got := resp.Headers["Cache-Control"]; got != "public, max-age=60" {
		t.Errorf("Cache-Control = %q", got)
	}
}

func TestHandleTwicePanics(t *testing.T) {
	tests := []struct {
		name string
		h    HandlerFunc
	}{
		{"duplicate", func(context.Context, *Request) (Response, error) { return Response{}, nil }},
		{"nil handler", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := NewRouter(nil)
			if tt.h != nil {
				rt.Handle("POST /members", tt.h)
			}
			defer func() {
				if recover() == nil {
					t.Error("Handle did not panic")
				}
			}()
			rt.Handle("POST /members", tt.h)
		})
	}
}

// Every line logged while a request is served carries API Gateway's request
// id and Lambda's invocation id, through lambdafn's logger: the handler's
// own lines (with its context, or one detached from it), the internal error
// Error logs, on a page or not, a page that fails to render, and the
// request line, each naming the request id once.
func TestEveryLineCarriesTheRequestID(t *testing.T) {
	var buf bytes.Buffer
	log := lambdafn.Logger(&buf)
	rt := NewRouter(log)
	rt.Handle("POST /members", func(ctx context.Context, r *Request) (Response, error) {
		log.ErrorContext(ctx, "send welcome", "err", "ses down")
		log.WarnContext(context.WithoutCancel(r.Context()), "undo join")
		return Response{}, errors.New("boom")
	})
	rt.Handle("GET /members/confirm", func(ctx context.Context, r *Request) (Response, error) {
		return ErrorPage(r, log, "en", errors.New("boom")), nil
	})
	rt.Handle("GET /checkins/new", func(ctx context.Context, r *Request) (Response, error) {
		return HTML(http.StatusOK, templ.ComponentFunc(func(context.Context, io.Writer) error { return errors.New("nil view") })), nil
	})
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "lambda-1"})
	for _, route := range []string{"POST /members", "GET /members/confirm", "GET /checkins/new"} {
		buf.Reset()
		ev := newEvent(t, route, jsonType, `{}`)
		resp, err := rt.Serve(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", route, resp.StatusCode)
		}
		var msgs []string
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var line map[string]any
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			msgs = append(msgs, fmt.Sprint(line["msg"]))
			if line["request_id"] != ev.RequestContext.RequestID || line["aws_request_id"] != "lambda-1" {
				t.Errorf("%s: line lacks the request ids: %s", route, l)
			}
			if n := strings.Count(l, `"request_id"`); n != 1 {
				t.Errorf("%s: request_id %d times: %s", route, n, l)
			}
		}
		want := map[string]string{
			"POST /members":        "[send welcome undo join internal error request]",
			"GET /members/confirm": "[internal error request]",
			"GET /checkins/new":    "[handler panic request]",
		}[route]
		if fmt.Sprint(msgs) != want {
			t.Errorf("%s: lines %v, want %s", route, msgs, want)
		}
	}
}
