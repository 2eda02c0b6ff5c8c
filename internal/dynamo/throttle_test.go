package dynamo_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/testenv"
)

// answer is a canned DynamoDB HTTP response.
type answer struct {
	status  int
	headers map[string]string
	body    string
}

// transport answers every request with what answers gives for its
// operation (the X-Amz-Target after the dot), counting the requests.
type transport struct {
	answers func(op string) answer
	calls   atomic.Int32
}

func (tr *transport) Do(r *http.Request) (*http.Response, error) {
	tr.calls.Add(1)
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	_, op, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
	a := tr.answers(op)
	h := http.Header{"Content-Type": {"application/x-amz-json-1.0"}}
	for k, v := range a.headers {
		h.Set(k, v)
	}
	return &http.Response{
		StatusCode: a.status, Status: http.StatusText(a.status), Header: h, Request: r,
		Body: io.NopCloser(strings.NewReader(a.body)), ContentLength: int64(len(a.body)),
	}, nil
}

// fakeTable is the adapter on a client whose requests tr answers, with the
// SDK's retries at one attempt (unless retryer says otherwise), so that a
// test sees at once what the SDK gives up with.
func fakeTable(tr *transport, retryer aws.Retryer) *dynamo.Table {
	if retryer == nil {
		retryer = retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 1 })
	}
	db := dynamodb.NewFromConfig(testenv.AWSConfig(), func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String("http://dynamodb.test")
		o.HTTPClient = tr
		o.Retryer = retryer
	})
	return dynamo.New(db, "T")
}

func dynamoError(status int, code string, headers map[string]string) func(string) answer {
	return func(string) answer {
		return answer{status, headers, fmt.Sprintf(`{"__type":"com.amazonaws.dynamodb.v20120810#%s","message":"%s"}`, code, code)}
	}
}

// serve answers err as the HTTP layer does, for a JSON client.
func serve(err error) httpapi.Response {
	ev := events.APIGatewayV2HTTPRequest{RouteKey: "GET /meetups/{meetupId}"}
	ev.RequestContext.RequestID = "req-1"
	return httpapi.Error(&httpapi.Request{Event: ev}, slog.New(slog.DiscardHandler), err)
}

// When DynamoDB throttles and the SDK gives up, the adapter's error is
// apperr Throttled, which the HTTP layer answers 429 with Retry-After, also
// once domain code has wrapped it; any other failure stays a 500.
func TestThrottlingAnswers429(t *testing.T) {
	t.Parallel()
	quotaSpent := retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 3
		o.RateLimiter = ratelimit.NewTokenRateLimit(0)
	})
	tests := []struct {
		name       string
		answers    func(string) answer
		retryer    aws.Retryer
		status     int
		retryAfter string
	}{
		{"provisioned throughput exceeded", dynamoError(400, "ProvisionedThroughputExceededException", nil), nil, 429, "2"},
		{"throttling", dynamoError(400, "ThrottlingException", nil), nil, 429, "2"},
		{"request limit exceeded", dynamoError(400, "RequestLimitExceeded", nil), nil, 429, "2"},
		{"DynamoDB names the wait", dynamoError(400, "ThrottlingException", map[string]string{"X-Amz-Retry-After": "2500"}), nil, 429, "3"},
		{"retry quota spent", dynamoError(500, "InternalServerError", nil), quotaSpent, 429, "2"},
		{"not throttling", dynamoError(400, "ValidationException", nil), nil, 500, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &transport{answers: tt.answers}
			_, err := fakeTable(tr, tt.retryer).GetMeetup(context.Background(), "m1")
			if err == nil {
				t.Fatal("no error")
			}
			if throttled := apperr.Is(err, apperr.Throttled); throttled != (tt.status == 429) {
				t.Errorf("throttled = %v for %v", throttled, err)
			}
			for _, err := range []error{err, fmt.Errorf("register for m1: %w", err)} {
				resp := serve(err)
				if resp.StatusCode != tt.status || resp.Headers["Retry-After"] != tt.retryAfter {
					t.Errorf("%v: answered %d, Retry-After %q; want %d, %q", err, resp.StatusCode, resp.Headers["Retry-After"], tt.status, tt.retryAfter)
				}
				if tt.status == 429 && resp.Headers["Content-Type"] != "application/problem+json" {
					t.Errorf("Content-Type %q", resp.Headers["Content-Type"])
				}
			}
		})
	}
}
