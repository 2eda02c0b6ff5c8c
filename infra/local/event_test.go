package local

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/samtemplate"
)

// awsSample is AWS's own payload format 2.0 sample (see testdata/README.md).
const awsSample = "testdata/apigw-v2-request-no-authorizer.json"

// addedByGateway are the headers API Gateway adds to every request; the
// others in a sample are what the client sent.
var addedByGateway = []string{"content-length", "x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"}

// onlyWith are keys that only exist with a feature the project does not use:
// requestContext.authentication comes with mutual TLS, authorizer with
// authorizers.
var onlyWith = map[string]bool{"requestContext.authentication": true, "requestContext.authorizer": true}

// optionalKeys appear only when the request has them.
var optionalKeys = map[string]bool{
	"cookies": true, "queryStringParameters": true, "pathParameters": true, "body": true, "stageVariables": true,
}

var (
	traceIDShape   = regexp.MustCompile(`^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`)
	requestIDShape = regexp.MustCompile(`^[A-Za-z0-9_-]{15}=$`)
	apiIDShape     = regexp.MustCompile(`^[a-z0-9]{10}$`)
	accountIDShape = regexp.MustCompile(`^[0-9]{12}$`)
)

func loadJSON(tb testing.TB, path string) map[string]any {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatal(err)
	}
	return m
}

// sampleRequest rebuilds the HTTP request behind a sample event: its method,
// path, query, the headers the client sent, its cookies and body.
func sampleRequest(tb testing.TB, sample map[string]any, base string) *http.Request {
	tb.Helper()
	rc := sample["requestContext"].(map[string]any)
	h := rc["http"].(map[string]any)
	target := base + sample["rawPath"].(string)
	if q := sample["rawQueryString"].(string); q != "" {
		target += "?" + q
	}
	var body io.Reader = http.NoBody
	if b, ok := sample["body"].(string); ok {
		if sample["isBase64Encoded"].(bool) {
			raw, err := base64.StdEncoding.DecodeString(b)
			if err != nil {
				tb.Fatal(err)
			}
			b = string(raw)
		}
		body = strings.NewReader(b)
	}
	req := newRequest(tb, h["method"].(string), target, body)
	req.Proto = h["protocol"].(string)
	for name, v := range sample["headers"].(map[string]any) {
		switch {
		case slices.Contains(addedByGateway, name):
		case name == "host":
			req.Host = v.(string)
		default:
			req.Header.Set(name, v.(string))
		}
	}
	if cookies, ok := sample["cookies"].([]any); ok {
		var cs []string
		for _, c := range cookies {
			cs = append(cs, c.(string))
		}
		req.Header.Set("Cookie", strings.Join(cs, "; "))
	}
	return req
}

// TestEventMatchesAWSSample builds the event for the sample's own request
// and compares it with the sample, field by field: everything must be
// equal except what is specific to a deployment (the API's ID, a fresh trace
// ID, plain HTTP locally) and mutual TLS's authentication block.
func TestEventMatchesAWSSample(t *testing.T) {
	sample := loadJSON(t, awsSample)
	rc := sample["requestContext"].(map[string]any)
	req := sampleRequest(t, sample, "http://"+sample["headers"].(map[string]any)["host"].(string))
	req.RemoteAddr = rc["http"].(map[string]any)["sourceIp"].(string) + ":51234"
	port := sample["headers"].(map[string]any)["x-forwarded-port"].(string)
	req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: mustAtoi(t, port)}))
	body, _ := io.ReadAll(req.Body)

	rt := &route{key: "$default", method: "ANY"}
	when := time.UnixMilli(int64(rc["timeEpoch"].(float64)))
	ev := newEvent(req, body, rt, nil, rc["accountId"].(string), rc["requestId"].(string), when)
	b, err := marshalEvent(ev)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}

	// What legitimately differs: check its shape, then take AWS's value.
	gotRC, gotH := got["requestContext"].(map[string]any), got["headers"].(map[string]any)
	if id := gotRC["apiId"].(string); !apiIDShape.MatchString(id) {
		t.Errorf("apiId %q is not shaped like an API ID", id)
	}
	if tr := gotH["x-amzn-trace-id"].(string); !traceIDShape.MatchString(tr) {
		t.Errorf("x-amzn-trace-id %q is not an X-Ray trace header", tr)
	}
	if p := gotH["x-forwarded-proto"]; p != "http" {
		t.Errorf("x-forwarded-proto = %v, want http (the local API is plain HTTP)", p)
	}
	gotRC["apiId"] = rc["apiId"]
	gotH["x-amzn-trace-id"] = sample["headers"].(map[string]any)["x-amzn-trace-id"]
	gotH["x-forwarded-proto"] = sample["headers"].(map[string]any)["x-forwarded-proto"]
	delete(rc, "authentication")

	for _, d := range diff("", sample, got) {
		t.Error(d)
	}
}

// TestGatewayEventMatchesAWSSample replays the sample's request through the
// running gateway and compares the event the function received: the same
// keys at every level with the same JSON types, the values the request
// determines equal, and the rest shaped as API Gateway shapes them.
func TestGatewayEventMatchesAWSSample(t *testing.T) {
	s := startStack(t, testOptions(t))
	sample := loadJSON(t, awsSample)
	start := time.Now()
	resp, body := do(t, sampleRequest(t, sample, s.HTTPURL()))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	got := echoedEvent(t, body)

	delete(sample["requestContext"].(map[string]any), "authentication")
	for _, d := range sameKeys("", sample, got) {
		t.Error(d)
	}
	for _, path := range []string{
		"version", "routeKey", "rawPath", "rawQueryString", "cookies", "queryStringParameters", "pathParameters",
		"body", "isBase64Encoded",
		"headers.accept", "headers.user-agent", "headers.host", "headers.content-length",
		"requestContext.routeKey", "requestContext.stage", "requestContext.domainName", "requestContext.domainPrefix",
		"requestContext.http.method", "requestContext.http.path", "requestContext.http.protocol", "requestContext.http.userAgent",
	} {
		if w, g := lookup(sample, path), lookup(got, path); !reflect.DeepEqual(w, g) {
			t.Errorf("%s = %#v, want %#v", path, g, w)
		}
	}

	u, _ := url.Parse(s.HTTPURL())
	rc := got["requestContext"].(map[string]any)
	for path, want := range map[string]any{
		"headers.x-forwarded-for":      "127.0.0.1",
		"headers.x-forwarded-port":     u.Port(),
		"headers.x-forwarded-proto":    "http",
		"requestContext.http.sourceIp": "127.0.0.1",
	} {
		if g := lookup(got, path); g != want {
			t.Errorf("%s = %#v, want %#v", path, g, want)
		}
	}
	for path, shape := range map[string]*regexp.Regexp{
		"headers.x-amzn-trace-id":  traceIDShape,
		"requestContext.requestId": requestIDShape,
		"requestContext.apiId":     apiIDShape,
		"requestContext.accountId": accountIDShape,
	} {
		if g, _ := lookup(got, path).(string); !shape.MatchString(g) {
			t.Errorf("%s = %q, want the shape %s", path, g, shape)
		}
	}
	when, err := time.Parse(eventTime, rc["time"].(string))
	if err != nil {
		t.Errorf("requestContext.time: %v", err)
	}
	epoch := time.UnixMilli(int64(rc["timeEpoch"].(float64)))
	if epoch.Before(start.Add(-time.Second)) || epoch.After(time.Now().Add(time.Second)) || epoch.Truncate(time.Second).Unix() != when.Unix() {
		t.Errorf("requestContext.time %s / timeEpoch %d do not both give the request's time", rc["time"], epoch.UnixMilli())
	}
	if resp.Header.Get("Apigw-Requestid") != rc["requestId"] {
		t.Errorf("Apigw-Requestid header %q, event requestId %q", resp.Header.Get("Apigw-Requestid"), rc["requestId"])
	}
}

// TestGatewayEvents checks how requests become events: routes and path
// parameters, query strings, cookies, repeated headers, text and binary bodies.
func TestGatewayEvents(t *testing.T) {
	s := startStack(t, testOptions(t))
	tests := []struct {
		name   string
		method string
		target string
		header http.Header
		body   string
		want   map[string]any // JSON path → value; nil means absent
	}{
		{
			name: "query, cookies and a repeated header", method: "GET",
			target: "/items/42?parameter1=value1&parameter1=value2&parameter2=value",
			header: http.Header{"Cookie": {"cookie1; cookie2"}, "X-Multi": {"a", "b"}},
			want: map[string]any{
				"routeKey":                 "GET /items/{itemId}",
				"pathParameters":           map[string]any{"itemId": "42"},
				"rawQueryString":           "parameter1=value1&parameter1=value2&parameter2=value",
				"queryStringParameters":    map[string]any{"parameter1": "value1,value2", "parameter2": "value"},
				"cookies":                  []any{"cookie1", "cookie2"},
				"headers.x-multi":          "a,b",
				"headers.cookie":           nil,
				"body":                     nil,
				"requestContext.routeKey":  "GET /items/{itemId}",
				"requestContext.http.path": "/items/42",
			},
		},
		{
			name: "JSON body is text", method: "POST", target: "/echo",
			header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body: `{"name":"سارا"}`,
			want: map[string]any{"routeKey": "POST /echo", "body": `{"name":"سارا"}`, "isBase64Encoded": false, "headers.content-length": "19"},
		},
		{
			name: "form body is text", method: "POST", target: "/echo",
			header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, body: "name=a+b&email=x%40y.z",
			want: map[string]any{"body": "name=a+b&email=x%40y.z", "isBase64Encoded": false},
		},
		{
			name: "binary body is base64", method: "POST", target: "/echo",
			header: http.Header{"Content-Type": {"application/octet-stream"}}, body: "\xff\x00\x01",
			want: map[string]any{"body": "/wAB", "isBase64Encoded": true},
		},
		{
			name: "body without a content type is base64", method: "POST", target: "/echo", body: "hi",
			want: map[string]any{"body": "aGk=", "isBase64Encoded": true},
		},
		{
			name: "greedy path parameter", method: "DELETE", target: "/files/a/b/c.txt",
			want: map[string]any{"routeKey": "ANY /files/{proxy+}", "pathParameters": map[string]any{"proxy": "a/b/c.txt"}},
		},
		{
			name: "a literal route beats a parameter", method: "GET", target: "/items/special",
			want: map[string]any{"routeKey": "GET /items/special", "pathParameters": nil},
		},
		{
			name: "percent-encoded path is decoded", method: "GET", target: "/items/caf%C3%A9",
			want: map[string]any{"rawPath": "/items/café", "pathParameters": map[string]any{"itemId": "café"}},
		},
		{
			name: "no route: $default", method: "PUT", target: "/nowhere?x",
			want: map[string]any{"routeKey": "$default", "queryStringParameters": map[string]any{"x": ""}, "pathParameters": nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, tt.method, s.HTTPURL()+tt.target, strings.NewReader(tt.body))
			maps.Copy(req.Header, tt.header)
			resp, body := do(t, req)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			ev := echoedEvent(t, body)
			for path, want := range tt.want {
				if got := lookup(ev, path); !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", path, got, want)
				}
			}
		})
	}
}

// TestQueryParameters checks the decoding of query strings.
func TestQueryParameters(t *testing.T) {
	tests := []struct {
		raw  string
		want map[string]string
	}{
		{"", nil},
		{"a=1", map[string]string{"a": "1"}},
		{"a=1&a=2&b=", map[string]string{"a": "1,2", "b": ""}},
		{"q=caf%C3%A9+au+lait", map[string]string{"q": "café au lait"}},
		{"flag", map[string]string{"flag": ""}},
		{"bad=%zz", map[string]string{"bad": "%zz"}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			if got := queryParameters(tt.raw); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestIsText checks which bodies are passed as text.
func TestIsText(t *testing.T) {
	tests := []struct {
		contentType, encoding string
		want                  bool
	}{
		{"text/plain", "", true},
		{"text/csv; charset=utf-8", "", true},
		{"application/json", "", true},
		{"application/problem+json", "", true},
		{"application/x-www-form-urlencoded", "", true},
		{"application/xml", "", true},
		{"application/json", "gzip", false},
		{"application/octet-stream", "", false},
		{"image/png", "", false},
		{"multipart/form-data; boundary=x", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.contentType+"/"+tt.encoding, func(t *testing.T) {
			if got := isText(tt.contentType, tt.encoding); got != tt.want {
				t.Errorf("isText(%q, %q) = %v", tt.contentType, tt.encoding, got)
			}
		})
	}
}

// TestRouter checks API Gateway's choice of route.
func TestRouter(t *testing.T) {
	tpl, err := samtemplate.Load("testdata/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rt, err := newRouter(tpl.Functions)
	if err != nil {
		t.Fatal(err)
	}
	withoutDefault, err := newRouter(tpl.Functions[:1]) // EchoFunction alone
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		router       *router
		method, path string
		wantKey      string // "" for no route
		wantParams   map[string]string
	}{
		{rt, "POST", "/echo", "POST /echo", nil},
		{rt, "GET", "/echo", "$default", nil},
		{rt, "GET", "/items/7", "GET /items/{itemId}", map[string]string{"itemId": "7"}},
		{rt, "GET", "/items/special", "GET /items/special", nil},
		{rt, "GET", "/items/", "$default", nil},
		{rt, "GET", "/items/7/more", "$default", nil},
		{rt, "PATCH", "/files/x", "ANY /files/{proxy+}", map[string]string{"proxy": "x"}},
		{rt, "GET", "/files/x/y/", "ANY /files/{proxy+}", map[string]string{"proxy": "x/y/"}},
		{rt, "GET", "/files", "$default", nil},
		{rt, "GET", "/files/", "$default", nil},
		{withoutDefault, "GET", "/nowhere", "", nil},
		{withoutDefault, "GET", "/items/special", "GET /items/{itemId}", map[string]string{"itemId": "special"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r, params := tt.router.match(tt.method, tt.path)
			key := ""
			if r != nil {
				key = r.key
			}
			if key != tt.wantKey || !reflect.DeepEqual(params, tt.wantParams) {
				t.Errorf("got %q %v, want %q %v", key, params, tt.wantKey, tt.wantParams)
			}
		})
	}
}

// TestRouterRejectsDuplicates checks that two functions cannot claim a route.
func TestRouterRejectsDuplicates(t *testing.T) {
	r := samtemplate.Route{Method: "GET", Path: "/x"}
	_, err := newRouter([]samtemplate.Function{{LogicalID: "A", Routes: []samtemplate.Route{r}}, {LogicalID: "B", Routes: []samtemplate.Route{r}}})
	if err == nil {
		t.Fatal("want an error for a route declared twice")
	}
}

// TestGatewayWithoutDefaultRoute checks API Gateway's own 404.
func TestGatewayWithoutDefaultRoute(t *testing.T) {
	tpl, err := samtemplate.Load("testdata/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := tpl.Function("EchoFunction")
	rt, err := newRouter([]samtemplate.Function{fn})
	if err != nil {
		t.Fatal(err)
	}
	g := &gateway{router: rt, log: testLogger(t)}
	w := httptest.NewRecorder()
	g.ServeHTTP(w, httptest.NewRequest("GET", "/nowhere", nil))
	if w.Code != http.StatusNotFound || strings.TrimSpace(w.Body.String()) != `{"message":"Not Found"}` {
		t.Errorf("got %d %s", w.Code, w.Body)
	}
}

// echoedEvent takes the event out of the echo function's answer.
func echoedEvent(tb testing.TB, body []byte) map[string]any {
	tb.Helper()
	var r struct {
		Event map[string]any `json:"event"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Event == nil {
		tb.Fatalf("not an echo answer: %v: %s", err, body)
	}
	return r.Event
}

// lookup follows a dotted path ("requestContext.http.method") in decoded JSON.
func lookup(m map[string]any, path string) any {
	var cur any = m
	for p := range strings.SplitSeq(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[p]
	}
	return cur
}

// diff lists every difference between two decoded JSON values.
func diff(path string, want, got any) []string {
	wm, wok := want.(map[string]any)
	gm, gok := got.(map[string]any)
	if wok && gok {
		var out []string
		for _, k := range slices.Sorted(maps.Keys(wm)) {
			if _, ok := gm[k]; !ok {
				out = append(out, fmt.Sprintf("%s: missing (AWS: %#v)", join(path, k), wm[k]))
				continue
			}
			out = append(out, diff(join(path, k), wm[k], gm[k])...)
		}
		for _, k := range slices.Sorted(maps.Keys(gm)) {
			if _, ok := wm[k]; !ok {
				out = append(out, fmt.Sprintf("%s: not in AWS's event (%#v)", join(path, k), gm[k]))
			}
		}
		return out
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s = %#v, AWS has %#v", path, got, want)}
	}
	return nil
}

// sameKeys lists keys present in one value and not the other, at every
// level, and values whose JSON types differ. Keys that only exist with
// features not in use, or only when a request carries them, are allowed.
func sameKeys(path string, want, got any) []string {
	wm, wok := want.(map[string]any)
	gm, gok := got.(map[string]any)
	if !wok || !gok {
		if reflect.TypeOf(want) != reflect.TypeOf(got) {
			return []string{fmt.Sprintf("%s: type %T, AWS has %T", path, got, want)}
		}
		return nil
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(wm)) {
		p := join(path, k)
		if _, ok := gm[k]; !ok {
			if !onlyWith[p] {
				out = append(out, p+": missing")
			}
			continue
		}
		out = append(out, sameKeys(p, wm[k], gm[k])...)
	}
	for _, k := range slices.Sorted(maps.Keys(gm)) {
		if _, ok := wm[k]; !ok && !optionalKeys[join(path, k)] && path != "headers" {
			out = append(out, join(path, k)+": not in AWS's event")
		}
	}
	if path == "headers" && !slices.Equal(slices.Sorted(maps.Keys(wm)), slices.Sorted(maps.Keys(gm))) {
		out = append(out, fmt.Sprintf("headers: names %v, AWS has %v", slices.Sorted(maps.Keys(gm)), slices.Sorted(maps.Keys(wm))))
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func mustAtoi(tb testing.TB, s string) int {
	tb.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		tb.Fatal(err)
	}
	return n
}
