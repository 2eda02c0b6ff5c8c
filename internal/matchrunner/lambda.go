package matchrunner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/encoding/httpbinding"
)

// Lambda invokes the runner function by name (MATCH_RUNNER_FUNCTION),
// synchronously, through Lambda's Invoke API: one POST signed with the
// SDK's SigV4 signer, with cfg's region, credentials and HTTP client.
// endpoint is the local stack's Invoke API, or empty on AWS (the region's
// Lambda endpoint). It uses no generated Lambda client: that client's
// package initialisation and size are what a function's cold start would
// pay for one call.
func Lambda(cfg aws.Config, endpoint, function string) Runner {
	return Runner{invoke: newLambdaAPI(cfg, endpoint, function).Invoke}
}

const (
	// maxAnswer is Lambda's limit on a synchronous invocation's response;
	// an answer longer than that is not the runner's, and is not read.
	maxAnswer = 6 * 1024 * 1024
	// maxErrorBody bounds what is read of an error's body.
	maxErrorBody = 64 * 1024
	// attempts is how many times a throttled or failed call is made in
	// all, as the SDK's standard retryer makes it.
	attempts = 3
	// callTimeout bounds one call on the default HTTP client: longer than
	// the runner's own timeout (template.yaml's 30 s) plus its cold start.
	callTimeout = 60 * time.Second
)

// lambdaAPI is the one operation of Lambda's API the runner needs.
type lambdaAPI struct {
	client   aws.HTTPClient
	signer   *v4.Signer
	creds    aws.CredentialsProvider
	region   string
	url      string // the function's invocations URL
	function string
	// backoff is the wait before attempt n+1 after attempt n failed.
	backoff func(n int) time.Duration
}

func newLambdaAPI(cfg aws.Config, endpoint, function string) *lambdaAPI {
	if endpoint == "" {
		endpoint = "https://lambda." + cfg.Region + ".amazonaws.com"
		if strings.HasPrefix(cfg.Region, "cn-") {
			endpoint += ".cn"
		}
	}
	client := cfg.HTTPClient
	if client == nil {
		client = awshttp.NewBuildableClient().WithTimeout(callTimeout)
	}
	return &lambdaAPI{
		client: client, signer: v4.NewSigner(), creds: cfg.Credentials, region: cfg.Region, function: function,
		// The name is one path segment: everything but unreserved
		// characters escaped (an ARN's colons too), as the SDK sends it.
		url:     strings.TrimSuffix(endpoint, "/") + "/2015-03-31/functions/" + httpbinding.EscapePath(function, true) + "/invocations",
		backoff: jitter,
	}
}

// jitter waits a random time below 2^n seconds, the SDK's standard backoff.
func jitter(n int) time.Duration { return rand.N(time.Second << n) }

// retryable is a failure worth another attempt: throttling, Lambda's own
// failure, or the network's.
type retryable struct{ err error }

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// Invoke sends payload to the function and returns its answer. A function
// error (the runner's exception, a crash, a timeout) is an error carrying
// the runner's message, and is not retried; nor is a client error (4xx but
// throttling).
func (c *lambdaAPI) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	for n := 1; ; n++ {
		out, err := c.call(ctx, payload)
		var again *retryable
		if err == nil || !errors.As(err, &again) || n == attempts {
			return out, err
		}
		t := time.NewTimer(c.backoff(n))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w, after %w", ctx.Err(), err)
		case <-t.C:
		}
	}
}

// call makes one signed POST to the Invoke API.
func (c *lambdaAPI) call(ctx context.Context, payload []byte) ([]byte, error) {
	if c.creds == nil {
		return nil, errors.New("invoke: no AWS credentials")
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("invoke: credentials: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("X-Amz-Invocation-Type", "RequestResponse")
	if trace := traceID(); trace != "" {
		req.Header.Set("X-Amzn-Trace-Id", trace)
	}
	sum := sha256.Sum256(payload)
	if err := c.signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "lambda", c.region, time.Now()); err != nil {
		return nil, fmt.Errorf("invoke: sign: %w", err)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		err = fmt.Errorf("invoke %s: %w", c.function, err)
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, &retryable{err}
	}
	defer func() { _ = resp.Body.Close() }()

	if resp.StatusCode != http.StatusOK {
		return nil, c.apiError(resp)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, fmt.Errorf("invoke %s: reading the answer: %w", c.function, err)
	case err != nil:
		return nil, &retryable{fmt.Errorf("invoke %s: reading the answer: %w", c.function, err)}
	case len(body) > maxAnswer:
		return nil, fmt.Errorf("invoke %s: answer over %d bytes", c.function, maxAnswer)
	}
	// A function that failed is answered 200, with the error's kind
	// (Unhandled, Handled) in this header and its message as the body.
	if fe := resp.Header.Get("X-Amz-Function-Error"); fe != "" {
		return nil, failed("function error "+fe, body)
	}
	return body, nil
}

// apiError is the Invoke API refusing the call: the error's type in
// X-Amzn-ErrorType (or the body's), its message in the JSON body.
func (c *lambdaAPI) apiError(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
		Upper   string `json:"Message"`
	}
	_ = json.Unmarshal(body, &e)
	kind := resp.Header.Get("X-Amzn-Errortype")
	if kind == "" {
		kind = e.Type
	}
	// The type may carry a namespace before '#' or a URL after ':'.
	if i := strings.LastIndexByte(kind, '#'); i >= 0 {
		kind = kind[i+1:]
	}
	kind, _, _ = strings.Cut(kind, ":")
	if kind == "" {
		kind = http.StatusText(resp.StatusCode)
	}
	msg := e.Message
	if msg == "" {
		msg = e.Upper
	}
	err := fmt.Errorf("invoke %s: %d %s: %s", c.function, resp.StatusCode, kind, msg)
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return &retryable{err}
	}
	return err
}

// traceID is the invocation's X-Ray trace header, passed on as the SDK
// does inside Lambda, so that Lambda can tell a loop of invocations.
func traceID() string {
	if _, ok := os.LookupEnv("AWS_LAMBDA_FUNCTION_NAME"); !ok {
		return ""
	}
	id := os.Getenv("_X_AMZN_TRACE_ID")
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-=;:+&[]{}\"',", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
