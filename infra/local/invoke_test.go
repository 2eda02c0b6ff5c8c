package local

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestInvokeAPI runs events through the Lambda Invoke API as the AWS CLI and
// SDKs call it, and checks the environment functions get.
func TestInvokeAPI(t *testing.T) {
	t.Setenv("AWS_PROFILE", "someones-real-account") // must not reach functions
	s := startStack(t, testOptions(t))
	invoke := func(t *testing.T, name, payload string, header http.Header) (*http.Response, []byte) {
		t.Helper()
		req := newRequest(t, "POST", s.InvokeURL()+"/2015-03-31/functions/"+url.PathEscape(name)+"/invocations", strings.NewReader(payload))
		for k, v := range header {
			req.Header[k] = v
		}
		return do(t, req)
	}

	t.Run("round trip and environment", func(t *testing.T) {
		resp, body := invoke(t, "EchoFunction", `{"time":"2026-11-28T05:30:00Z"}`, nil)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Amz-Function-Error") != "" {
			t.Fatalf("status %d, function error %q: %s", resp.StatusCode, resp.Header.Get("X-Amz-Function-Error"), body)
		}
		var r reply
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
		if string(r.Event) != `{"time":"2026-11-28T05:30:00Z"}` {
			t.Errorf("event %s", r.Event)
		}
		if r.RequestID != resp.Header.Get("X-Amzn-Requestid") {
			t.Errorf("function saw request ID %q, API answered %q", r.RequestID, resp.Header.Get("X-Amzn-Requestid"))
		}
		for k, want := range map[string]string{
			"AWS_LAMBDA_FUNCTION_NAME":        "EchoFunction",
			"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
			"AWS_REGION":                      "us-east-1",
			"AWS_ENDPOINT_URL_DYNAMODB":       s.DynamoURL(),
			"AWS_ENDPOINT_URL_SES":            s.SESURL(),
			"AWS_ACCESS_KEY_ID":               "local",
			"AWS_LAMBDA_LOG_FORMAT":           "JSON",
			"TABLE_NAME":                      "test",
			"PUBLIC_BASE_URL":                 s.HTTPURL(),
			"SITE_ORIGIN":                     "https://site.example",
			"GREETING":                        "hello from us-east-1",
			"AWS_PROFILE":                     "",
		} {
			if got := r.Env[k]; got != want {
				t.Errorf("env %s = %q, want %q", k, got, want)
			}
		}
	})

	tests := []struct {
		name, function, payload string
		header                  http.Header
		wantStatus              int
		wantFunctionError       string
		wantErrorType           string // X-Amzn-Errortype
		wantInBody              string
	}{
		{name: "full ARN", function: "arn:aws:lambda:us-east-1:000000000000:function:EchoFunction", payload: `{"a":1}`,
			wantStatus: 200, wantInBody: `"event":{"a":1}`},
		{name: "empty payload is {}", function: "EchoFunction", payload: "", wantStatus: 200, wantInBody: `"event":{}`},
		{name: "handler error", function: "EchoFunction", payload: `{"fail":"boom"}`,
			wantStatus: 200, wantFunctionError: "Unhandled", wantInBody: `"errorMessage":"boom"`},
		{name: "crash", function: "EchoFunction", payload: `{"crash":true}`,
			wantStatus: 200, wantFunctionError: "Unhandled", wantInBody: `Runtime.ExitError`},
		{name: "works again after a crash", function: "EchoFunction", payload: `{"b":2}`, wantStatus: 200, wantInBody: `"event":{"b":2}`},
		{name: "timeout", function: "OtherFunction", payload: `{"sleep_ms":2500}`,
			wantStatus: 200, wantFunctionError: "Unhandled", wantInBody: `Task timed out after 2.00 seconds`},
		{name: "unknown function", function: "NoSuchFunction", payload: `{}`,
			wantStatus: 404, wantErrorType: "ResourceNotFoundException", wantInBody: "Function not found"},
		{name: "not JSON", function: "EchoFunction", payload: `{`,
			wantStatus: 400, wantErrorType: "InvalidRequestContentException"},
		{name: "asynchronous", function: "EchoFunction", payload: `{}`, header: http.Header{"X-Amz-Invocation-Type": {"Event"}},
			wantStatus: 202},
		{name: "dry run", function: "EchoFunction", payload: `{}`, header: http.Header{"X-Amz-Invocation-Type": {"DryRun"}},
			wantStatus: 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			resp, body := invoke(t, tt.function, tt.payload, tt.header)
			t.Logf("%d in %s: %.200s", resp.StatusCode, time.Since(start).Round(time.Millisecond), body)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Header.Get("X-Amz-Function-Error"); got != tt.wantFunctionError {
				t.Errorf("X-Amz-Function-Error %q, want %q", got, tt.wantFunctionError)
			}
			if got := resp.Header.Get("X-Amzn-Errortype"); got != tt.wantErrorType {
				t.Errorf("X-Amzn-Errortype %q, want %q", got, tt.wantErrorType)
			}
			if !strings.Contains(string(body), tt.wantInBody) {
				t.Errorf("body %s, want it to contain %s", body, tt.wantInBody)
			}
		})
	}

	t.Run("unknown path", func(t *testing.T) {
		resp, _ := do(t, newRequest(t, "GET", s.InvokeURL()+"/2015-03-31/functions", nil))
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

// TestFunctionName checks the function names the Invoke API accepts.
func TestFunctionName(t *testing.T) {
	tests := []struct{ name, id, qualifier string }{
		{"MembersFunction", "MembersFunction", ""},
		{"MembersFunction:$LATEST", "MembersFunction", "$LATEST"},
		{"000000000000:function:MembersFunction", "MembersFunction", ""},
		{"arn:aws:lambda:us-east-1:000000000000:function:MembersFunction", "MembersFunction", ""},
		{"arn:aws:lambda:us-east-1:000000000000:function:MembersFunction:live", "MembersFunction", "live"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, q := functionName(tt.name)
			if id != tt.id || q != tt.qualifier {
				t.Errorf("got %q %q", id, q)
			}
		})
	}
}

// TestIsErrorPayload checks how handler errors are told from answers.
func TestIsErrorPayload(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{`{"errorMessage":"boom","errorType":"errorString"}`, true},
		{`{"errorMessage":"boom","errorType":"x","stackTrace":[]}`, true},
		{`{"errorMessage":"boom"}`, false},
		{`{"errorMessage":"boom","errorType":"x","statusCode":500}`, false},
		{`{"statusCode":200}`, false},
		{`"errorMessage"`, false},
		{`not json`, false},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			if got := isErrorPayload([]byte(tt.body)); got != tt.want {
				t.Errorf("got %v", got)
			}
		})
	}
}
