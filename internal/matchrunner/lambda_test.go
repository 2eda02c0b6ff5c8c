package matchrunner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

const runnerARN = "arn:aws:lambda:eu-west-1:123456789012:function:MatchRunner"

var testCreds = credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "session-token")

// invokeServer answers each call to the Invoke API with the next of
// answers, and records the calls.
type invokeServer struct {
	t       *testing.T
	answers []func(w http.ResponseWriter)
	mu      sync.Mutex
	calls   []*http.Request
	bodies  [][]byte
}

func (s *invokeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.calls)
	s.calls, s.bodies = append(s.calls, r), append(s.bodies, body)
	s.mu.Unlock()
	if n >= len(s.answers) {
		s.t.Errorf("call %d, with %d answers", n+1, len(s.answers))
		w.WriteHeader(http.StatusTeapot)
		return
	}
	s.answers[n](w)
}

func answer(status int, header map[string]string, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// hangUp closes the connection without an answer: the network failing.
func hangUp(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// start serves answers and returns the runner invoking runnerARN there,
// with backoff between attempts.
func start(t *testing.T, backoff func(int) time.Duration, answers ...func(http.ResponseWriter)) (Runner, *invokeServer) {
	t.Helper()
	s := &invokeServer{t: t, answers: answers}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := newLambdaAPI(aws.Config{Region: "eu-west-1", Credentials: testCreds}, srv.URL, runnerARN)
	c.backoff = backoff
	return Runner{invoke: c.Invoke}, s
}

func noWait(int) time.Duration { return 0 }

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

const gamesAnswer = `{"games":[{"name":"duel","house":["calculator","sloppy"]}]}`

// The runner is invoked with one POST to Lambda's Invoke API: the
// function's name escaped as one path segment, synchronously, the event as
// the body, signed with SigV4 for Lambda in the config's region with its
// credentials (the session token sent along); the answer is the runner's.
func TestLambdaInvokesTheRunner(t *testing.T) {
	const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
	t.Setenv("AWS_LAMBDA_FUNCTION_NAME", "BattlefieldFunction")
	t.Setenv("_X_AMZN_TRACE_ID", trace)
	r, s := start(t, noWait, answer(200, map[string]string{"Content-Type": "application/json"}, gamesAnswer))
	games, err := r.Games(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if h := games["duel"]; len(games) != 1 || len(h) != 2 || h[1] != "sloppy" {
		t.Errorf("games %v", games)
	}
	if len(s.calls) != 1 {
		t.Fatalf("%d calls", len(s.calls))
	}
	req, body := s.calls[0], s.bodies[0]
	if req.Method != http.MethodPost {
		t.Errorf("method %s", req.Method)
	}
	if want := "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3AMatchRunner/invocations"; req.URL.EscapedPath() != want {
		t.Errorf("path %s, want %s", req.URL.EscapedPath(), want)
	}
	if got := req.Header.Get("X-Amz-Invocation-Type"); got != "RequestResponse" {
		t.Errorf("X-Amz-Invocation-Type %q", got)
	}
	if string(body) != `{"action":"games"}` {
		t.Errorf("body %s", body)
	}
	if got := req.Header.Get("X-Amzn-Trace-Id"); got != trace {
		t.Errorf("X-Amzn-Trace-Id %q, want the invocation's trace passed on", got)
	}
	if got := req.Header.Get("X-Amz-Security-Token"); got != "session-token" {
		t.Errorf("X-Amz-Security-Token %q", got)
	}

	auth := req.Header.Get("Authorization")
	date := req.Header.Get("X-Amz-Date")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"+date[:8]+"/eu-west-1/lambda/aws4_request, ") {
		t.Fatalf("Authorization %q, want Lambda's scope in eu-west-1", auth)
	}
	// Signing the request as it arrived, with the headers it says it
	// signed, gives the same signature: the path, headers and body sent are
	// the ones signed.
	_, signed, _ := strings.Cut(auth, "SignedHeaders=")
	signed, _, _ = strings.Cut(signed, ",")
	again, err := http.NewRequest(req.Method, "http://"+req.Host+req.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for h := range strings.SplitSeq(signed, ";") {
		if h != "host" && h != "content-length" {
			again.Header[http.CanonicalHeaderKey(h)] = req.Header.Values(h)
		}
	}
	at, err := time.Parse("20060102T150405Z", date)
	if err != nil {
		t.Fatal(err)
	}
	creds, _ := testCreds.Retrieve(t.Context())
	if err := v4.NewSigner().SignHTTP(t.Context(), creds, again, sha256Hex(body), "lambda", "eu-west-1", at); err != nil {
		t.Fatal(err)
	}
	if again.Header.Get("Authorization") != auth {
		t.Errorf("Authorization %q, but the request as received signs as %q", auth, again.Header.Get("Authorization"))
	}
	for _, h := range []string{"host", "x-amz-date", "x-amz-invocation-type", "x-amz-security-token"} {
		if !strings.Contains(";"+signed+";", ";"+h+";") {
			t.Errorf("%s is not signed (%s)", h, signed)
		}
	}
}

// On AWS the runner is reached at the region's Lambda endpoint; the name is
// a path segment whatever it holds.
func TestLambdaEndpoint(t *testing.T) {
	for _, tt := range []struct{ region, endpoint, function, want string }{
		{"eu-west-1", "", "MatchRunner", "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/MatchRunner/invocations"},
		{"cn-north-1", "", "MatchRunner", "https://lambda.cn-north-1.amazonaws.com.cn/2015-03-31/functions/MatchRunner/invocations"},
		{"us-east-1", "http://127.0.0.1:3001/", "Match/Runner:$LATEST", "http://127.0.0.1:3001/2015-03-31/functions/Match%2FRunner%3A%24LATEST/invocations"},
	} {
		if got := newLambdaAPI(aws.Config{Region: tt.region}, tt.endpoint, tt.function).url; got != tt.want {
			t.Errorf("%s %q %s: %s, want %s", tt.region, tt.endpoint, tt.function, got, tt.want)
		}
	}
}

// Each answer of the Invoke API: a function error (200 with
// X-Amz-Function-Error) is the runner failing, with its message, and is not
// retried; throttling, Lambda's own failures and the network's are retried
// up to three calls in all; a client error is not; an answer over Lambda's
// 6 MB is refused unread.
func TestLambdaAnswers(t *testing.T) {
	throttled := answer(429, map[string]string{"X-Amzn-Errortype": "TooManyRequestsException"}, `{"Type":"User","message":"Rate Exceeded.","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}`)
	ok := answer(200, nil, gamesAnswer)
	for _, tt := range []struct {
		name    string
		answers []func(http.ResponseWriter)
		wantErr string // empty: the games
		calls   int
	}{
		{name: "function error", answers: []func(http.ResponseWriter){
			answer(200, map[string]string{"X-Amz-Function-Error": "Unhandled"}, `{"errorType":"InjectedFailure","errorMessage":"a failure"}`),
		}, wantErr: "match runner: function error Unhandled: InjectedFailure: a failure", calls: 1},
		{name: "function error without a message", answers: []func(http.ResponseWriter){
			answer(200, map[string]string{"X-Amz-Function-Error": "Handled"}, `null`),
		}, wantErr: "match runner: function error Handled", calls: 1},
		{name: "throttled, then answered", answers: []func(http.ResponseWriter){throttled, ok}, calls: 2},
		{name: "Lambda failing, then answered", answers: []func(http.ResponseWriter){
			answer(502, map[string]string{"X-Amzn-Errortype": "EC2ThrottledException:http://internal.amazon.com/coral/com.amazonaws.lambda/"}, `{"Type":"Service","Message":"throttled by EC2"}`), ok,
		}, calls: 2},
		{name: "network failing, then answered", answers: []func(http.ResponseWriter){hangUp, ok}, calls: 2},
		{name: "throttled three times", answers: []func(http.ResponseWriter){throttled, throttled, throttled},
			wantErr: "match runner: invoke " + runnerARN + ": 429 TooManyRequestsException: Rate Exceeded.", calls: 3},
		{name: "Lambda failing three times", answers: []func(http.ResponseWriter){
			answer(500, nil, `{"__type":"ServiceException","message":"down"}`), answer(503, nil, ``), answer(500, nil, `{"__type":"ServiceException","message":"down"}`),
		}, wantErr: "500 ServiceException: down", calls: 3},
		{name: "unknown function", answers: []func(http.ResponseWriter){
			answer(404, map[string]string{"X-Amzn-Errortype": "ResourceNotFoundException"}, `{"Type":"User","message":"Function not found: `+runnerARN+`"}`),
		}, wantErr: "match runner: invoke " + runnerARN + ": 404 ResourceNotFoundException: Function not found: " + runnerARN, calls: 1},
		{name: "not allowed", answers: []func(http.ResponseWriter){
			answer(403, map[string]string{"X-Amzn-Errortype": "AccessDeniedException"}, `{"Message":"not authorized to perform: lambda:InvokeFunction"}`),
		}, wantErr: "403 AccessDeniedException: not authorized", calls: 1},
		{name: "answer over 6 MB", answers: []func(http.ResponseWriter){
			answer(200, nil, `{"games":[],"pad":"`+strings.Repeat("x", maxAnswer)+`"}`),
		}, wantErr: "answer over 6291456 bytes", calls: 1},
		{name: "answer of exactly 6 MB", answers: []func(http.ResponseWriter){
			answer(200, nil, gamesAnswer[:len(gamesAnswer)-1]+`,"pad":"`+strings.Repeat("x", maxAnswer-len(gamesAnswer)-9)+`"}`),
		}, calls: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var waits []int
			r, s := start(t, func(n int) time.Duration { waits = append(waits, n); return 0 }, tt.answers...)
			games, err := r.Games(t.Context())
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.wantErr == "" && len(games["duel"]) != 2:
				t.Errorf("games %v", games)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
			if len(s.calls) != tt.calls {
				t.Errorf("%d calls, want %d", len(s.calls), tt.calls)
			}
			// A wait before each call after the first, longer each time.
			if len(waits) != tt.calls-1 || (len(waits) > 0 && waits[len(waits)-1] != len(waits)) {
				t.Errorf("waits %v for %d calls", waits, tt.calls)
			}
		})
	}
}

// A context ended while waiting to try again ends the wait: the call
// returns the context's error at once, and Lambda is not called again.
func TestLambdaRetryWaitEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r, s := start(t, func(int) time.Duration { cancel(); return time.Hour },
		answer(429, map[string]string{"X-Amzn-Errortype": "TooManyRequestsException"}, `{"message":"Rate Exceeded."}`))
	begin := time.Now()
	_, err := r.Games(ctx)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "429 TooManyRequestsException") {
		t.Errorf("error %v, want the context's, after the throttling", err)
	}
	if d := time.Since(begin); d > 10*time.Second {
		t.Errorf("returned after %v", d)
	}
	if len(s.calls) != 1 {
		t.Errorf("%d calls, want 1", len(s.calls))
	}
}

// The backoff waits a random time below 2^n seconds before call n+1.
func TestJitter(t *testing.T) {
	for n := 1; n <= 2; n++ {
		for range 100 {
			if d := jitter(n); d < 0 || d >= time.Second<<n {
				t.Fatalf("jitter(%d) = %v", n, d)
			}
		}
	}
}
