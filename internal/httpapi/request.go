// Package httpapi is the HTTP layer every Lambda function behind the API
// Gateway HTTP API shares: it reads payload-format-2.0 events (JSON and HTML
// form bodies alike), routes them to handlers, and writes the answers — JSON,
// RFC 9457 problems, 303 redirects after form posts, and the small HTML pages
// emailed links open. Domain packages never see an API Gateway event.
package httpapi

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/apperr"
)

// MaxBodyBytes caps every request body (after base64 decoding), per SPEC §4.
const MaxBodyBytes = 64 << 10

const (
	mediaJSON = "application/json"
	mediaForm = "application/x-www-form-urlencoded"
)

// honeypotField is the hidden anti-spam input every public form carries.
const honeypotField = "website"

// Request wraps one API Gateway HTTP API (payload 2.0) event.
type Request struct {
	Event events.APIGatewayV2HTTPRequest
	// Body is the decoded body (base64 undone when IsBase64Encoded). The
	// Router fills it before the handler runs; NewRequest does the same.
	Body []byte
}

// NewRequest builds the Request the Router hands to handlers, so tests can
// call a HandlerFunc directly with a sample event. It fails with Malformed for
// a body that is not valid base64 and TooLarge for one over MaxBodyBytes.
func NewRequest(ev events.APIGatewayV2HTTPRequest) (*Request, error) {
	r := &Request{Event: ev}
	body, err := eventBody(ev)
	if err != nil {
		return r, err
	}
	r.Body = body
	return r, nil
}

// eventBody returns the event's body as bytes, capped at MaxBodyBytes.
func eventBody(ev events.APIGatewayV2HTTPRequest) ([]byte, error) {
	if ev.Body == "" {
		return nil, nil
	}
	if !ev.IsBase64Encoded {
		if len(ev.Body) > MaxBodyBytes {
			return nil, tooLarge()
		}
		return []byte(ev.Body), nil
	}
	// Padding makes DecodedLen overestimate by at most two bytes.
	if base64.StdEncoding.DecodedLen(len(ev.Body)) > MaxBodyBytes+2 {
		return nil, tooLarge()
	}
	b, err := base64.StdEncoding.DecodeString(ev.Body)
	if err != nil {
		return nil, apperr.New(apperr.Malformed, "The request body is not valid base64.")
	}
	if len(b) > MaxBodyBytes {
		return nil, tooLarge()
	}
	return b, nil
}

func tooLarge() *apperr.Error {
	return apperr.New(apperr.TooLarge, "The request body is larger than %d bytes.", MaxBodyBytes)
}

// body returns the decoded body, decoding it from the event when the Request
// was built by hand rather than by NewRequest or the Router.
func (r *Request) body() ([]byte, error) {
	if r.Body != nil || r.Event.Body == "" {
		if len(r.Body) > MaxBodyBytes {
			return nil, tooLarge()
		}
		return r.Body, nil
	}
	b, err := eventBody(r.Event)
	if err != nil {
		return nil, err
	}
	r.Body = b
	return b, nil
}

// Query returns the first value of a query-string parameter ("" if absent).
// API Gateway joins repeated parameters with commas.
func (r *Request) Query(name string) string {
	if r.Event.QueryStringParameters != nil {
		return r.Event.QueryStringParameters[name]
	}
	if r.Event.RawQueryString == "" {
		return ""
	}
	q, err := url.ParseQuery(r.Event.RawQueryString)
	if err != nil {
		return ""
	}
	return q.Get(name)
}

// PathParam returns a path parameter of the route, e.g. "meetupId".
func (r *Request) PathParam(name string) string {
	return r.Event.PathParameters[name]
}

// Header returns a request header, matching its name case-insensitively
// (API Gateway lowercases names; the local stack and tests may not).
func (r *Request) Header(name string) string {
	if v, ok := r.Event.Headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range r.Event.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// RequestID is API Gateway's id for the request, the one every log line carries.
func (r *Request) RequestID() string {
	return r.Event.RequestContext.RequestID
}

// mediaType returns the Content-Type's media type (lowercased) and params.
func (r *Request) mediaType() (string, map[string]string) {
	ct := r.Header("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", nil
	}
	return mt, params
}

// IsForm reports whether the body is an HTML form post
// (application/x-www-form-urlencoded).
func (r *Request) IsForm() bool {
	mt, _ := r.mediaType()
	return mt == mediaForm
}

// WantsHTML reports whether a person in a browser sent the request: it is a
// form post and its Accept header names text/html explicitly, ranked at least
// as high as JSON. A script posting a form with "Accept: */*" gets JSON.
func (r *Request) WantsHTML() bool {
	if !r.IsForm() {
		return false
	}
	accept := r.Header("Accept")
	qHTML, explicit := acceptQuality(accept, "text", "html")
	if !explicit || qHTML <= 0 {
		return false
	}
	qJSON, _ := acceptQuality(accept, "application", "json")
	qProblem, _ := acceptQuality(accept, "application", "problem+json")
	return qHTML >= max(qJSON, qProblem)
}

// acceptQuality returns the q-value the Accept header gives typ/sub, taken
// from its most specific matching media range, and whether that range named
// the type exactly (not a wildcard).
func acceptQuality(accept, typ, sub string) (q float64, exact bool) {
	best := -1 // specificity of the best match: 0 */*, 1 type/*, 2 type/sub
	for part := range strings.SplitSeq(accept, ",") {
		mr, params, _ := strings.Cut(part, ";")
		t, s, ok := strings.Cut(strings.ToLower(strings.TrimSpace(mr)), "/")
		if !ok {
			continue
		}
		spec := -1
		switch {
		case t == typ && s == sub:
			spec = 2
		case t == typ && s == "*":
			spec = 1
		case t == "*" && s == "*":
			spec = 0
		}
		if spec <= best {
			continue
		}
		best = spec
		q = 1
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
	}
	if best < 0 {
		return 0, false
	}
	return q, best == 2
}

// Decode reads the body into dst, a pointer to a struct with `json` tags.
//
//   - application/json (charset utf-8 allowed): encoding/json, unknown fields
//     ignored. The body must be one JSON object; malformed JSON is Malformed
//     (400). A value of the wrong JSON type for a known field is Invalid (422)
//     naming that field (its JSON path, e.g. "capacity" or "venue.name"), as
//     form values that cannot be converted are. A custom UnmarshalJSON that
//     fails (e.g. time.Time given "tomorrow") cannot be traced to its field
//     and is Malformed: take times as strings and check them with validate.
//   - application/x-www-form-urlencoded: values are set by json tag name on
//     string, bool, int kinds (and pointers to them), []string, and
//     encoding.TextUnmarshaler fields. Scalars take the last value of a
//     repeated key; a bool is true when any of its values is "on", "true",
//     "1" or "yes" and false for "off", "false", "0", "no" or ""; an empty
//     value leaves an int or non-string pointer unset; each []string value is
//     split on commas, trimmed, and empties dropped. Values that cannot be
//     converted are Invalid naming every such field; bad percent-encoding is
//     Malformed.
//   - any other or no Content-Type, or a charset other than UTF-8:
//     UnsupportedMedia (415). A body over MaxBodyBytes: TooLarge (413). A body
//     (or form value) that is not valid UTF-8: Malformed (400).
//
// Strings are not trimmed or otherwise changed; validation is the caller's.
// A dst that is not a pointer to a struct is a programming error, returned as
// a plain (500) error.
func (r *Request) Decode(dst any) error {
	body, err := r.body()
	if err != nil {
		return err
	}
	mt, params := r.mediaType()
	if mt != mediaJSON && mt != mediaForm {
		return apperr.New(apperr.UnsupportedMedia, "Send the body as application/json or application/x-www-form-urlencoded.")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return apperr.New(apperr.UnsupportedMedia, "Send the body encoded as UTF-8.")
	}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("httpapi: decode into %T: want a non-nil pointer to a struct", dst)
	}
	if !utf8.Valid(body) {
		return apperr.New(apperr.Malformed, "The request body is not valid UTF-8.")
	}
	if mt == mediaJSON {
		return decodeJSON(body, dst)
	}
	vals, err := parseForm(body)
	if err != nil {
		return err
	}
	problems := map[string]string{}
	if err := setFields(rv.Elem(), vals, problems); err != nil {
		return err
	}
	if len(problems) > 0 {
		return apperr.InvalidFields(problems)
	}
	return nil
}

func decodeJSON(body []byte, dst any) error {
	if trimmed := strings.TrimLeft(string(body), " \t\r\n"); !strings.HasPrefix(trimmed, "{") {
		return apperr.New(apperr.Malformed, "The request body must be a JSON object.")
	}
	err := json.Unmarshal(body, dst)
	if err == nil {
		return nil
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
		return apperr.InvalidFields(typeErrors(body, reflect.TypeOf(dst).Elem(), te))
	}
	if _, ok := errors.AsType[*json.SyntaxError](err); ok {
		return apperr.New(apperr.Malformed, "The request body is not valid JSON.")
	}
	if _, ok := errors.AsType[*json.InvalidUnmarshalError](err); ok {
		return fmt.Errorf("httpapi: decode json: %w", err)
	}
	// A type's own UnmarshalJSON failed; encoding/json does not say where.
	return apperr.New(apperr.Malformed, "A value in the JSON body has the wrong format.")
}

// typeMessage says what a field of the JSON path te.Field must be, judging by
// the Go type it lands in (the field's, not a list element's).
// typeErrors names every top-level field of the body whose JSON type is
// wrong, not only the first one encoding/json reports, so a client fixes
// them all at once.
func typeErrors(body []byte, root reflect.Type, first *json.UnmarshalTypeError) map[string]string {
	fields := map[string]string{first.Field: typeMessage(root, first)}
	var raw map[string]json.RawMessage
	if root.Kind() != reflect.Struct || json.Unmarshal(body, &raw) != nil {
		return fields
	}
	for name, v := range raw {
		f, ok := fieldByJSONName(root, name)
		if !ok {
			continue
		}
		if _, ok := errors.AsType[*json.UnmarshalTypeError](json.Unmarshal(v, reflect.New(f.Type).Interface())); ok {
			if _, seen := fields[name]; !seen {
				fields[name] = kindMessage(f.Type)
			}
		}
	}
	return fields
}

func typeMessage(root reflect.Type, te *json.UnmarshalTypeError) string {
	t := te.Type
	cur := root
	found := true
	for seg := range strings.SplitSeq(te.Field, ".") {
		for cur.Kind() == reflect.Pointer {
			cur = cur.Elem()
		}
		if cur.Kind() != reflect.Struct {
			found = false
			break
		}
		f, ok := fieldByJSONName(cur, seg)
		if !ok {
			found = false
			break
		}
		cur = f.Type
	}
	if found {
		t = cur
	}
	return kindMessage(t)
}

func kindMessage(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "must be text"
	case reflect.Bool:
		return "must be true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "must be a whole number"
	case reflect.Float32, reflect.Float64:
		return "must be a number"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "must be a list of text"
		}
		return "must be a list"
	case reflect.Struct, reflect.Map:
		return "must be an object"
	}
	return "has the wrong type"
}

// fieldByJSONName finds the struct field (embedded structs included) that a
// JSON or form key names.
func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if sf, ok := fieldByJSONName(et, name); ok {
					return sf, true
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// parseForm parses a urlencoded body, rejecting bad escapes and non-UTF-8.
func parseForm(body []byte) (url.Values, error) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, apperr.New(apperr.Malformed, "The form body is not valid URL encoding.")
	}
	for k, vs := range vals {
		if !utf8.ValidString(k) {
			return nil, apperr.New(apperr.Malformed, "The form body is not valid UTF-8.")
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return nil, apperr.New(apperr.Malformed, "The form body is not valid UTF-8.")
			}
		}
	}
	return vals, nil
}

// setFields sets v's fields from form values, collecting per-field problems.
func setFields(v reflect.Value, vals url.Values, problems map[string]string) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			if err := setFields(v.Field(i), vals, problems); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		vs, ok := vals[tag]
		if !ok || len(vs) == 0 {
			continue
		}
		msg, err := setField(v.Field(i), vs)
		if err != nil {
			return fmt.Errorf("httpapi: form field %q: %w", tag, err)
		}
		if msg != "" {
			problems[tag] = msg
		}
	}
	return nil
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// setField converts form values into fv. It returns a client-facing problem
// for a value that does not convert, or an error for a field type forms do
// not support (a programming error).
func setField(fv reflect.Value, vs []string) (string, error) {
	last := vs[len(vs)-1]
	if fv.Kind() != reflect.Pointer && reflect.PointerTo(fv.Type()).Implements(textUnmarshaler) {
		if err := fv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(strings.TrimSpace(last))); err != nil {
			return "is not valid", nil
		}
		return "", nil
	}
	switch fv.Kind() {
	case reflect.Pointer:
		if strings.TrimSpace(last) == "" && fv.Type().Elem().Kind() != reflect.String {
			return "", nil // an empty optional number or time is absent
		}
		p := reflect.New(fv.Type().Elem())
		msg, err := setField(p.Elem(), vs)
		if msg == "" && err == nil {
			fv.Set(p)
		}
		return msg, err
	case reflect.String:
		fv.SetString(last)
	case reflect.Bool:
		b := false
		for _, s := range vs {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "on", "true", "1", "yes":
				b = true
			case "off", "false", "0", "no", "":
			default:
				return "must be true or false", nil
			}
		}
		fv.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s := strings.TrimSpace(last)
		if s == "" {
			return "", nil
		}
		n, err := strconv.ParseInt(s, 10, fv.Type().Bits())
		if err != nil {
			return "must be a whole number", nil
		}
		fv.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s := strings.TrimSpace(last)
		if s == "" {
			return "", nil
		}
		n, err := strconv.ParseUint(s, 10, fv.Type().Bits())
		if err != nil {
			return "must be a whole number", nil
		}
		fv.SetUint(n)
	case reflect.Slice:
		if fv.Type().Elem().Kind() != reflect.String {
			return "", fmt.Errorf("unsupported type %s", fv.Type())
		}
		items := reflect.MakeSlice(fv.Type(), 0, len(vs))
		for _, v := range vs {
			for item := range strings.SplitSeq(v, ",") {
				if item = strings.TrimSpace(item); item != "" {
					items = reflect.Append(items, reflect.ValueOf(item).Convert(fv.Type().Elem()))
				}
			}
		}
		fv.Set(items)
	default:
		return "", fmt.Errorf("unsupported type %s", fv.Type())
	}
	return "", nil
}

// Honeypot reports whether the hidden anti-spam field "website" was filled
// in a JSON or form body. Forms carry <input name="website" hidden>; a post
// that fills it is answered as usual and dropped by the handler. A body that
// cannot be read reports false (Decode reports the problem).
func (r *Request) Honeypot() bool {
	body, err := r.body()
	if err != nil || len(body) == 0 {
		return false
	}
	switch mt, _ := r.mediaType(); mt {
	case mediaForm:
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return false
		}
		for _, v := range vals[honeypotField] {
			if strings.TrimSpace(v) != "" {
				return true
			}
		}
	case mediaJSON:
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return false
		}
		raw, ok := m[honeypotField]
		if !ok {
			return false
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return strings.TrimSpace(s) != ""
		}
		v := strings.TrimSpace(string(raw))
		return v != "null" && v != "false"
	}
	return false
}
