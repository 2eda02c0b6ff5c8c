package local

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// The local HTTP API's identity, as API Gateway would report it.
const (
	apiID       = "tehpuglocl"
	eventTime   = "02/Jan/2006:15:04:05 -0700"
	stage       = "$default"
	payloadV2   = "2.0"
	forwardedBy = "http" // the local API is plain HTTP
)

// newEvent builds the payload format 2.0 event that API Gateway's HTTP API
// sends for r, routed to rt with the given path parameters.
func newEvent(r *http.Request, body []byte, rt *route, params map[string]string, accountID, requestID string, now time.Time) events.APIGatewayV2HTTPRequest {
	headers, cookies := eventHeaders(r, len(body))
	ev := events.APIGatewayV2HTTPRequest{
		Version:               payloadV2,
		RouteKey:              rt.key,
		RawPath:               r.URL.Path,
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: queryParameters(r.URL.RawQuery),
		PathParameters:        params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			AccountID:    accountID,
			APIID:        apiID,
			DomainName:   r.Host,
			DomainPrefix: domainPrefix(r.Host),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method:    r.Method,
				Path:      r.URL.Path,
				Protocol:  r.Proto,
				SourceIP:  sourceIP(r),
				UserAgent: r.UserAgent(),
			},
			RequestID: requestID,
			RouteKey:  rt.key,
			Stage:     stage,
			Time:      now.UTC().Format(eventTime),
			TimeEpoch: now.UnixMilli(),
		},
	}
	if len(body) > 0 {
		if isText(headers["content-type"], headers["content-encoding"]) && utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	return ev
}

// eventHeaders lower-cases header names and joins repeated headers with
// commas; the Cookie header moves to the cookies list. API Gateway adds the
// host, content length, forwarding and trace headers.
func eventHeaders(r *http.Request, bodyLen int) (map[string]string, []string) {
	headers := map[string]string{}
	var cookies []string
	for name, values := range r.Header {
		name = strings.ToLower(name)
		if name == "cookie" {
			for _, v := range values {
				for c := range strings.SplitSeq(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[name] = strings.Join(values, ",")
	}
	headers["host"] = r.Host
	headers["content-length"] = strconv.Itoa(bodyLen)
	ip := sourceIP(r)
	if prev := headers["x-forwarded-for"]; prev != "" {
		headers["x-forwarded-for"] = prev + ", " + ip
	} else {
		headers["x-forwarded-for"] = ip
	}
	headers["x-forwarded-port"] = localPort(r)
	headers["x-forwarded-proto"] = forwardedBy
	if headers["x-amzn-trace-id"] == "" {
		headers["x-amzn-trace-id"] = newTraceID(time.Now())
	}
	return headers, cookies
}

// queryParameters decodes the query, joining repeated names with commas.
func queryParameters(raw string) map[string]string {
	if raw == "" {
		return nil
	}
	params := map[string]string{}
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, v = unescape(k), unescape(v)
		if prev, ok := params[k]; ok {
			v = prev + "," + v
		}
		params[k] = v
	}
	if len(params) == 0 {
		return nil
	}
	return params
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// isText reports whether API Gateway passes a body of this type as text;
// anything else (binary types, compressed bodies, no type) is base64.
func isText(contentType, contentEncoding string) bool {
	if contentEncoding != "" && !strings.EqualFold(contentEncoding, "identity") {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	if strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml") {
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript", "application/x-www-form-urlencoded",
		"application/x-ndjson", "application/graphql", "application/yaml", "application/x-yaml":
		return true
	}
	return false
}

func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func localPort(r *http.Request) string {
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, port, err := net.SplitHostPort(a.String()); err == nil {
			return port
		}
	}
	return "80"
}

// domainPrefix is the first label of the host name ("127" for 127.0.0.1).
func domainPrefix(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	prefix, _, _ := strings.Cut(host, ".")
	return prefix
}

// newRequestID makes an ID shaped like API Gateway's ("LV7fzho-PHcEJPw=").
func newRequestID() string {
	return base64.URLEncoding.EncodeToString(randomBytes(11))
}

// newTraceID makes an X-Ray trace header: Root=1-<epoch hex>-<96 random bits>.
func newTraceID(now time.Time) string {
	return fmt.Sprintf("Root=1-%08x-%s", now.Unix(), hex.EncodeToString(randomBytes(12)))
}

// newUUID makes a random (version 4) UUID, the shape of Lambda request IDs.
func newUUID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// marshalEvent encodes ev as API Gateway sends it: without the
// requestContext.authentication object, which only mutual TLS fills in
// (the Go type cannot omit it).
func marshalEvent(ev events.APIGatewayV2HTTPRequest) ([]byte, error) {
	type wireContext struct {
		events.APIGatewayV2HTTPRequestContext
		Authentication *struct{} `json:"authentication,omitempty"`
	}
	type wire struct {
		events.APIGatewayV2HTTPRequest
		RequestContext wireContext `json:"requestContext"`
	}
	return json.Marshal(wire{ev, wireContext{APIGatewayV2HTTPRequestContext: ev.RequestContext}})
}
