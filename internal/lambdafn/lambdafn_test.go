package lambdafn

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

func TestLinesCarryTheRequestID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(withRequestID{slog.NewJSONHandler(&buf, nil)}).With("function", "members")
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	log.InfoContext(ctx, "erased", "items", 3)
	log.Info("no invocation")

	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	var first, second map[string]any
	_ = json.Unmarshal(lines[0], &first)
	_ = json.Unmarshal(lines[1], &second)
	if first["aws_request_id"] != "req-1" || first["function"] != "members" {
		t.Errorf("first line %s", lines[0])
	}
	if _, ok := second["aws_request_id"]; ok {
		t.Errorf("a line outside an invocation has a request id: %s", lines[1])
	}
}
