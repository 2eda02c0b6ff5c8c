package httpapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/apperr"
)

const (
	formType    = "application/x-www-form-urlencoded"
	jsonType    = "application/json"
	browserHTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
)

// newEvent builds a payload-2.0 event as API Gateway sends it: lowercased
// header names, route key in both places.
func newEvent(tb testing.TB, routeKey, contentType, body string) events.APIGatewayV2HTTPRequest {
	tb.Helper()
	method, path, _ := cutRoute(routeKey)
	ev := events.APIGatewayV2HTTPRequest{
		Version:  "2.0",
		RouteKey: routeKey,
		RawPath:  path,
		Headers:  map[string]string{},
		Body:     body,
	}
	ev.RequestContext.RouteKey = routeKey
	ev.RequestContext.RequestID = "req-" + tb.Name()
	ev.RequestContext.HTTP.Method = method
	ev.RequestContext.HTTP.Path = path
	if contentType != "" {
		ev.Headers["content-type"] = contentType
	}
	return ev
}

func cutRoute(routeKey string) (method, path string, ok bool) {
	for i := range len(routeKey) {
		if routeKey[i] == ' ' {
			return routeKey[:i], routeKey[i+1:], true
		}
	}
	return "", routeKey, false
}

// loadEvent reads a sample event from testdata.
func loadEvent(tb testing.TB, name string) events.APIGatewayV2HTTPRequest {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &ev); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return ev
}

// newLogger returns a JSON logger writing into a buffer the test can read.
func newLogger(tb testing.TB) (*slog.Logger, *bytes.Buffer) {
	tb.Helper()
	var buf bytes.Buffer
	return slog.New(slog.NewJSONHandler(&buf, nil)), &buf
}

// wantCode fails unless err is an *apperr.Error with the given code.
func wantCode(tb testing.TB, err error, code apperr.Code) *apperr.Error {
	tb.Helper()
	if code == "" {
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return nil
	}
	e, ok := apperr.As(err)
	if !ok {
		tb.Fatalf("error = %v (%T), want apperr code %q", err, err, code)
	}
	if e.Code != code {
		tb.Fatalf("code = %q (%v), want %q", e.Code, e, code)
	}
	return e
}

// decodeProblem parses a problem+json response body.
func decodeProblem(tb testing.TB, resp Response) map[string]any {
	tb.Helper()
	if ct := resp.Headers["Content-Type"]; ct != "application/problem+json" {
		tb.Fatalf("Content-Type = %q, want application/problem+json; body %s", ct, resp.Body)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(resp.Body), &p); err != nil {
		tb.Fatalf("problem body %q: %v", resp.Body, err)
	}
	return p
}
