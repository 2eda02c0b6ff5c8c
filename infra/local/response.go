package local

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// answer is the HTTP response API Gateway makes of a function's result.
type answer struct {
	status  int
	header  http.Header
	body    []byte
	ignored []string // response fields payload format 2.0 does not use
}

// errMalformed is a function result API Gateway cannot turn into a response
// (it answers 500 Internal Server Error).
var errMalformed = errors.New("malformed Lambda proxy response")

// parseAnswer reads a function's result as payload format 2.0 does: an
// object with a statusCode is the structured format (statusCode, headers,
// cookies, body, isBase64Encoded); any other valid JSON is a 200
// application/json answer whose body is the result (a JSON string's text).
func parseAnswer(payload []byte) (answer, error) {
	payload = bytes.TrimSpace(payload)
	if !json.Valid(payload) {
		return answer{}, fmt.Errorf("%w: not JSON", errMalformed)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(payload, &fields) != nil || fields["statusCode"] == nil {
		body := payload
		var s string
		if json.Unmarshal(payload, &s) == nil {
			body = []byte(s)
		}
		return answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: body}, nil
	}

	var r struct {
		StatusCode      int                        `json:"statusCode"`
		Headers         map[string]json.RawMessage `json:"headers"`
		Cookies         []string                   `json:"cookies"`
		Body            *string                    `json:"body"`
		IsBase64Encoded bool                       `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(payload, &r); err != nil {
		return answer{}, fmt.Errorf("%w: %v", errMalformed, err)
	}
	if r.StatusCode < 100 || r.StatusCode > 599 {
		return answer{}, fmt.Errorf("%w: statusCode %d", errMalformed, r.StatusCode)
	}
	a := answer{status: r.StatusCode, header: http.Header{}}
	for name, raw := range r.Headers {
		v, err := headerValue(raw)
		if err != nil {
			return answer{}, fmt.Errorf("%w: header %s: %v", errMalformed, name, err)
		}
		a.header.Set(name, v)
	}
	for _, c := range r.Cookies {
		a.header.Add("Set-Cookie", c)
	}
	if r.Body != nil {
		a.body = []byte(*r.Body)
		if r.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(*r.Body)
			if err != nil {
				return answer{}, fmt.Errorf("%w: body is not base64: %v", errMalformed, err)
			}
			a.body = b
		}
	}
	for _, f := range []string{"multiValueHeaders"} {
		if v := fields[f]; v != nil && !bytes.Equal(v, []byte("null")) && !bytes.Equal(v, []byte("{}")) {
			a.ignored = append(a.ignored, f)
		}
	}
	return a, nil
}

// headerValue accepts the scalar types API Gateway accepts as header values.
func headerValue(raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b), nil
	}
	return "", fmt.Errorf("not a string: %s", strings.TrimSpace(string(raw)))
}

// write sends the answer, without letting net/http guess a content type
// the function did not set.
func (a answer) write(w http.ResponseWriter) {
	h := w.Header()
	for name, values := range a.header {
		h[name] = values
	}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = nil
	}
	if bodyAllowed(a.status) {
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// writeMessage sends one of API Gateway's own answers, {"message": "..."}.
func writeMessage(w http.ResponseWriter, status int, message string) {
	b, _ := json.Marshal(map[string]string{"message": message})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// bodyAllowed reports whether a response with status may carry a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}
