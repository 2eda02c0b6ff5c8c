package local

import (
	"bytes"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// TestGatewayAnswers checks how function results become HTTP answers, and
// API Gateway's own answers (errors, limits, CORS).
func TestGatewayAnswers(t *testing.T) {
	s := startStack(t, testOptions(t))
	tests := []struct {
		name       string
		method     string
		path       string
		header     http.Header
		body       []byte
		wantStatus int
		wantHeader http.Header // nil value: header absent
		wantBody   string      // exact, when set
		wantInBody string
	}{
		{name: "structured answer", method: "POST", path: "/echo",
			header:     http.Header{"X-Echo-Status": {"201"}, "X-Echo-Set-Cookie": {"a=1; Path=/|b=2"}},
			wantStatus: 201,
			wantHeader: http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"a=1; Path=/", "b=2"}, "X-Echo-Multi": nil},
			wantInBody: `"routeKey":"POST /echo"`},
		{name: "answer without statusCode is 200 JSON", method: "POST", path: "/echo", header: http.Header{"X-Echo-Raw": {"1"}},
			wantStatus: 200, wantHeader: http.Header{"Content-Type": {"application/json"}}, wantInBody: `"event":{"version":"2.0"`},
		{name: "base64 answer is decoded", method: "POST", path: "/echo", header: http.Header{"X-Echo-Binary": {"some bytes"}},
			wantStatus: 200, wantHeader: http.Header{"Content-Type": {"application/octet-stream"}}, wantBody: "some bytes"},
		{name: "handler error", method: "POST", path: "/echo", header: http.Header{"X-Echo-Fail": {"boom"}},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "crash", method: "POST", path: "/echo", header: http.Header{"X-Echo-Crash": {"1"}},
			wantStatus: 500, wantBody: `{"message":"Internal Server Error"}`},
		{name: "after a crash", method: "POST", path: "/echo", wantStatus: 200},
		{name: "body over 10 MB", method: "POST", path: "/echo", body: bytes.Repeat([]byte("x"), maxRequestBody+1),
			wantStatus: 413, wantBody: `{"message":"Request Entity Too Large"}`},
		{name: "event over Lambda's 6 MB", method: "POST", path: "/echo", body: bytes.Repeat([]byte("x"), 5*1024*1024),
			header: http.Header{"Content-Type": {"application/octet-stream"}}, wantStatus: 413},
		{name: "preflight from the site", method: "OPTIONS", path: "/echo",
			header:     http.Header{"Origin": {"https://site.example"}, "Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"content-type"}},
			wantStatus: 204,
			wantHeader: http.Header{
				"Access-Control-Allow-Origin":  {"https://site.example"},
				"Access-Control-Allow-Methods": {"GET,POST,OPTIONS"},
				"Access-Control-Allow-Headers": {"content-type,authorization"},
				"Access-Control-Max-Age":       {"600"},
			}},
		{name: "preflight from elsewhere", method: "OPTIONS", path: "/echo",
			header:     http.Header{"Origin": {"https://evil.example"}, "Access-Control-Request-Method": {"POST"}},
			wantStatus: 204, wantHeader: http.Header{"Access-Control-Allow-Origin": nil}},
		{name: "request from the site", method: "POST", path: "/echo", header: http.Header{"Origin": {"https://site.example"}},
			wantStatus: 200, wantHeader: http.Header{"Access-Control-Allow-Origin": {"https://site.example"}}},
		{name: "request from elsewhere", method: "POST", path: "/echo", header: http.Header{"Origin": {"https://evil.example"}},
			wantStatus: 200, wantHeader: http.Header{"Access-Control-Allow-Origin": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, tt.method, s.HTTPURL()+tt.path, bytes.NewReader(tt.body))
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, body := do(t, req)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d: %.300s", resp.StatusCode, tt.wantStatus, body)
			}
			for k, want := range tt.wantHeader {
				if got := resp.Header.Values(k); !reflect.DeepEqual(got, []string(want)) && !(len(got) == 0 && want == nil) {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			if tt.wantBody != "" && string(body) != tt.wantBody {
				t.Errorf("body %q, want %q", body, tt.wantBody)
			}
			if !strings.Contains(string(body), tt.wantInBody) {
				t.Errorf("body %.300s, want it to contain %s", body, tt.wantInBody)
			}
			if resp.Header.Get("Apigw-Requestid") == "" {
				t.Error("no Apigw-Requestid header")
			}
		})
	}
}

// TestParseAnswer checks the payload format 2.0 response rules.
func TestParseAnswer(t *testing.T) {
	tests := []struct {
		name        string
		payload     string
		wantErr     bool
		wantStatus  int
		wantHeader  http.Header
		wantBody    string
		wantIgnored []string
	}{
		{name: "structured", payload: `{"statusCode":404,"headers":{"content-type":"text/plain","x-n":3},"body":"nope"}`,
			wantStatus: 404, wantHeader: http.Header{"Content-Type": {"text/plain"}, "X-N": {"3"}}, wantBody: "nope"},
		{name: "cookies", payload: `{"statusCode":200,"cookies":["a=1","b=2"]}`,
			wantStatus: 200, wantHeader: http.Header{"Set-Cookie": {"a=1", "b=2"}}},
		{name: "base64", payload: `{"statusCode":200,"body":"aGk=","isBase64Encoded":true}`, wantStatus: 200, wantHeader: http.Header{}, wantBody: "hi"},
		{name: "multiValueHeaders are ignored", payload: `{"statusCode":200,"multiValueHeaders":{"x":["1","2"]}}`,
			wantStatus: 200, wantHeader: http.Header{}, wantIgnored: []string{"multiValueHeaders"}},
		{name: "object without statusCode", payload: `{"message":"hi"}`,
			wantStatus: 200, wantHeader: http.Header{"Content-Type": {"application/json"}}, wantBody: `{"message":"hi"}`},
		{name: "string", payload: `"Hello from Lambda!"`,
			wantStatus: 200, wantHeader: http.Header{"Content-Type": {"application/json"}}, wantBody: "Hello from Lambda!"},
		{name: "number", payload: `42`, wantStatus: 200, wantHeader: http.Header{"Content-Type": {"application/json"}}, wantBody: "42"},
		{name: "not JSON", payload: `hello`, wantErr: true},
		{name: "bad status", payload: `{"statusCode":1000}`, wantErr: true},
		{name: "bad base64", payload: `{"statusCode":200,"body":"!!","isBase64Encoded":true}`, wantErr: true},
		{name: "header that is an object", payload: `{"statusCode":200,"headers":{"x":{}}}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseAnswer([]byte(tt.payload))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v", err)
			}
			if err != nil {
				return
			}
			if a.status != tt.wantStatus || !reflect.DeepEqual(a.header, tt.wantHeader) || string(a.body) != tt.wantBody ||
				!reflect.DeepEqual(a.ignored, tt.wantIgnored) {
				t.Errorf("got %d %v %q ignored %v", a.status, a.header, a.body, a.ignored)
			}
		})
	}
}

// TestCorsAllowOrigin checks origin matching.
func TestCorsAllowOrigin(t *testing.T) {
	tests := []struct {
		origins     []string
		credentials bool
		origin      string
		want        string
	}{
		{[]string{"https://tehpug.ir"}, false, "https://tehpug.ir", "https://tehpug.ir"},
		{[]string{"https://tehpug.ir"}, false, "https://TEHPUG.ir", "https://TEHPUG.ir"},
		{[]string{"https://tehpug.ir"}, false, "http://tehpug.ir", ""},
		{[]string{"https://tehpug.ir"}, false, "", ""},
		{[]string{"*"}, false, "https://any.example", "*"},
		{[]string{"*"}, true, "https://any.example", "https://any.example"},
		{[]string{"https://*.tehpug.ir"}, false, "https://www.tehpug.ir", "https://www.tehpug.ir"},
		{[]string{"https://*.tehpug.ir"}, false, "https://tehpug.ir.evil.example", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.origins, ",")+" "+tt.origin, func(t *testing.T) {
			c := newCorsPolicy(tt.origins, nil, nil, nil, tt.credentials, 0)
			if got := c.allowOrigin(tt.origin); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
