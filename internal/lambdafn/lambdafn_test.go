package lambdafn

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// logLines logs through Main's handler into a buffer and returns the lines.
func logLines(t *testing.T, log func(*slog.Logger)) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	log(Logger(&buf).With("function", "members"))
	var lines []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestLinesCarryTheRequestID(t *testing.T) {
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	lines := logLines(t, func(log *slog.Logger) {
		log.InfoContext(ctx, "erased", "items", 3)
		log.Info("no invocation")
	})
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	if lines[0]["aws_request_id"] != "req-1" || lines[0]["function"] != "members" {
		t.Errorf("first line %v", lines[0])
	}
	if _, ok := lines[1]["aws_request_id"]; ok {
		t.Errorf("a line outside an invocation has a request id: %v", lines[1])
	}
}

// A line logged while serving an HTTP request carries API Gateway's request
// id too, through contexts derived from the request's; a line that names
// its request_id keeps it, once.
func TestLinesCarryTheAPIRequestID(t *testing.T) {
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "lambda-1"})
	ctx = WithRequestID(ctx, "api-1")
	if got := RequestID(ctx); got != "api-1" {
		t.Fatalf("RequestID = %q", got)
	}
	detached := context.WithoutCancel(ctx)
	lines := logLines(t, func(log *slog.Logger) {
		log.ErrorContext(ctx, "undo check-in", "err", "boom")
		log.InfoContext(detached, "later")
		log.InfoContext(ctx, "request", "request_id", "api-1")
		log.InfoContext(WithRequestID(context.Background(), ""), "no request")
	})
	if len(lines) != 4 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines[:2] {
		if l["aws_request_id"] != "lambda-1" {
			t.Errorf("line %d lacks the invocation's id: %v", i, l)
		}
	}
	for i, l := range lines[:3] {
		if l["request_id"] != "api-1" {
			t.Errorf("line %d lacks the request id: %v", i, l)
		}
	}
	if _, ok := lines[3]["request_id"]; ok {
		t.Errorf("a line outside a request has a request id: %v", lines[3])
	}
}

// The request id appears once even when the line names it itself.
func TestNamedRequestIDIsNotRepeated(t *testing.T) {
	var buf bytes.Buffer
	Logger(&buf).InfoContext(WithRequestID(context.Background(), "api-1"), "request", "request_id", "api-1")
	if n := bytes.Count(buf.Bytes(), []byte(`"request_id"`)); n != 1 {
		t.Errorf("request_id %d times: %s", n, buf.Bytes())
	}
}
