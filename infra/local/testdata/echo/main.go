// Command echo is the local stack's test function. It answers with the event
// it received, its process ID and its environment, so tests can check the
// events the gateway builds and how many environments served them. Requests
// steer it: in an HTTP event with x-echo-* headers, in a direct invocation
// with the same names as top-level fields (sleep_ms, fail, crash, raw).
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// reply is what the function answers (as the body of an HTTP response, or
// directly for other invocations).
type reply struct {
	Event     json.RawMessage   `json:"event"`
	PID       int               `json:"pid"`
	RequestID string            `json:"request_id"`
	Env       map[string]string `json:"env"`
}

// controls steer one invocation.
type controls struct {
	SleepMS   int    `json:"sleep_ms"`
	Fail      string `json:"fail"`
	Crash     bool   `json:"crash"`
	Raw       bool   `json:"raw"`        // HTTP: answer without the structured format
	Binary    string `json:"binary"`     // HTTP: answer these bytes base64-encoded
	SetCookie string `json:"set_cookie"` // HTTP: cookies to set, separated by |
	Status    int    `json:"status"`     // HTTP: answer with this status
}

func controlsOf(event json.RawMessage) (controls, *events.APIGatewayV2HTTPRequest) {
	var c controls
	_ = json.Unmarshal(event, &c)
	var req events.APIGatewayV2HTTPRequest
	if json.Unmarshal(event, &req) != nil || req.Version != "2.0" {
		return c, nil
	}
	h := req.Headers
	c.SleepMS, _ = strconv.Atoi(h["x-echo-sleep-ms"])
	c.Fail = h["x-echo-fail"]
	c.Crash = h["x-echo-crash"] != ""
	c.Raw = h["x-echo-raw"] != ""
	c.Binary = h["x-echo-binary"]
	c.SetCookie = h["x-echo-set-cookie"]
	c.Status, _ = strconv.Atoi(h["x-echo-status"])
	return c, &req
}

func handle(ctx context.Context, event json.RawMessage) (any, error) {
	c, req := controlsOf(event)
	slog.InfoContext(ctx, "echo", "sleep_ms", c.SleepMS, "http", req != nil)
	time.Sleep(time.Duration(c.SleepMS) * time.Millisecond)
	if c.Crash {
		fmt.Fprintln(os.Stderr, "echo: crashing as asked")
		os.Exit(3)
	}
	if c.Fail != "" {
		return nil, errors.New(c.Fail)
	}
	r := reply{Event: event, PID: os.Getpid(), Env: map[string]string{}}
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		r.RequestID = lc.AwsRequestID
	}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		r.Env[k] = v
	}
	if req == nil || c.Raw {
		return r, nil
	}
	if c.Binary != "" {
		return events.APIGatewayV2HTTPResponse{
			StatusCode:      200,
			Headers:         map[string]string{"content-type": "application/octet-stream"},
			Body:            base64.StdEncoding.EncodeToString([]byte(c.Binary)),
			IsBase64Encoded: true,
		}, nil
	}
	body, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	resp := events.APIGatewayV2HTTPResponse{
		StatusCode:        200,
		Headers:           map[string]string{"content-type": "application/json"},
		MultiValueHeaders: map[string][]string{"x-echo-multi": {"a", "b"}},
		Body:              string(body),
	}
	if c.Status != 0 {
		resp.StatusCode = c.Status
	}
	if c.SetCookie != "" {
		resp.Cookies = strings.Split(c.SetCookie, "|")
	}
	return resp, nil
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	lambda.Start(handle)
}
