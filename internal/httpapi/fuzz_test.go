package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/members"
)

// decodeSeeds are bodies from the decoding tests (TestDecode, TestHoneypot)
// and the sample events in testdata, by content type.
func decodeSeeds(f *testing.F) [][2]string {
	seeds := [][2]string{
		{jsonType, `{"name":"Ada","email":"ada@example.org","language":"en","interests":["go","python"],"wants_to_speak":true,"capacity":30,"limit":5,"starts_at":"2025-06-01T18:00:00+03:30","unknown":1}`},
		{"application/json; charset=UTF-8", `{"name":"علی رضایی‌نژاد","interests":["یادگیری ماشین"]}`},
		{formType, "name=Ada+Lovelace&email=ada%40example.org&language=en&interests=go&interests=python&wants_to_speak=on&capacity=+30+&limit=5&starts_at=2025-06-01T18%3A00%3A00%2B03%3A30&Untagged=x&unknown=1"},
		{formType, "interests=django,+data+science+,,web&wants_to_speak=false&wants_to_speak=on"},
		{formType, "name=&email=&capacity=&limit=&starts_at=&Ignored=x"},
		{formType, "wants_to_speak=maybe&capacity=thirty&limit=1.5&starts_at=tomorrow"},
		{formType, "capacity=99999999999999999999&name=%zz"},
		{formType, "name=%FF%FE&website=http%3A%2F%2Fspam.example"},
		{formType, "website=&website=x"},
		{jsonType, `{"wants_to_speak":"yes","interests":[1],"capacity":1.5,"name":42}`},
		{jsonType, `{"starts_at":"tomorrow","venue":{"name":1}}`},
		{jsonType, `{"name":"a"} {"name":"b"}`},
		{jsonType, `{"website":null}`},
		{jsonType, `{"name":"a","website":"spam.example"}`},
		{jsonType, `{"website":1}`},
		{jsonType, "{\"name\":\"\xc3\x28\"}"},
		{"text/plain", "website=x"},
		{"application/x-www-form-urlencoded; charset=iso-8859-1", "name=a"},
		{"application/json; ===", "{}"},
	}
	for _, name := range []string{"apigw-v2-post-members-form.json", "apigw-v2-request-no-authorizer.json"} {
		ev := loadEvent(f, name)
		body := ev.Body
		if ev.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(body)
			if err != nil {
				f.Fatal(err)
			}
			body = string(b)
		}
		seeds = append(seeds, [2]string{ev.Headers["content-type"], body})
	}
	return seeds
}

// fuzzRequest is the Request the Router would hand a handler for body,
// sent as is or base64-encoded as API Gateway sends binary bodies.
func fuzzRequest(t *testing.T, contentType, body string, b64 bool) (*Request, bool) {
	ev := newEvent(t, "POST /members", contentType, body)
	if b64 {
		ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString([]byte(body)), true
	}
	r, err := NewRequest(ev)
	if err != nil {
		if !apperr.Is(err, apperr.TooLarge) {
			t.Fatalf("NewRequest: %v", err)
		}
		return nil, false
	}
	return r, true
}

// clientCodes are the only ways decoding may refuse a body: all 4xx.
var clientCodes = map[apperr.Code]bool{apperr.Malformed: true, apperr.Invalid: true, apperr.UnsupportedMedia: true, apperr.TooLarge: true}

// FuzzDecode decodes any body, as JSON or a form, into a struct with every
// field kind Decode supports and into the members' JoinInput. It never
// panics; it refuses only with a client error (never a 500), and an Invalid
// one names fields the struct has; what it decodes is valid UTF-8 and
// survives a JSON round trip unchanged.
func FuzzDecode(f *testing.F) {
	for _, s := range decodeSeeds(f) {
		f.Add(s[0], s[1], false)
		f.Add(s[0], s[1], true)
	}
	f.Fuzz(func(t *testing.T, contentType, body string, b64 bool) {
		r, ok := fuzzRequest(t, contentType, body, b64)
		if !ok {
			return
		}
		var form joinForm
		checkDecoded(t, r, &form, func(v *joinForm) []string { return []string{v.Name, string(v.Language), strings.Join(v.Interests, "")} })
		var join members.JoinInput
		checkDecoded(t, r, &join, func(v *members.JoinInput) []string {
			return []string{v.Name, v.Email, v.Language, v.Mentorship, strings.Join(v.Interests, "")}
		})
	})
}

func checkDecoded[T any](t *testing.T, r *Request, dst *T, texts func(*T) []string) {
	t.Helper()
	err := r.Decode(dst)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || !clientCodes[e.Code] {
			t.Fatalf("Decode into %T refused with %v: not a client error", dst, err)
		}
		if e.Code == apperr.Invalid {
			if len(e.Fields) == 0 {
				t.Fatalf("Invalid with no field: %v", e)
			}
			for name := range e.Fields {
				if _, ok := fieldByJSONName(reflect.TypeFor[T](), strings.Split(name, ".")[0]); !ok {
					t.Fatalf("Invalid names %q, not a field of %T", name, dst)
				}
			}
		}
		return
	}
	for _, s := range texts(dst) {
		if !utf8.ValidString(s) {
			t.Fatalf("decoded text %q is not UTF-8", s)
		}
	}
	first, err := json.Marshal(dst)
	if err != nil {
		t.Fatalf("decoded %+v does not marshal: %v", dst, err)
	}
	again, ok := fuzzRequest(t, jsonType, string(first), false)
	if !ok {
		return
	}
	var back T
	if err := again.Decode(&back); err != nil {
		t.Fatalf("%s does not decode back: %v", first, err)
	}
	if second, _ := json.Marshal(&back); string(second) != string(first) {
		t.Fatalf("round trip changed %s into %s", first, second)
	}
}

// FuzzHoneypot: Honeypot never panics and answers true only for a JSON,
// form or multipart body that decodes and whose "website" holds something;
// the same body with every "website" taken out answers false, and a form
// encoded again in canonical form answers the same.
func FuzzHoneypot(f *testing.F) {
	for _, s := range decodeSeeds(f) {
		f.Add(s[0], s[1])
	}
	ct, body := multipartBody(f, map[string]string{"name": "Ada", "website": "spam.example"}, []byte("x"))
	f.Add(ct, body)
	f.Fuzz(func(t *testing.T, contentType, body string) {
		r, ok := fuzzRequest(t, contentType, body, false)
		if !ok {
			return
		}
		got := r.Honeypot()
		if !got {
			return
		}
		mt, _ := r.mediaType()
		var without string
		switch mt {
		case mediaForm:
			vals, err := url.ParseQuery(body)
			if err != nil {
				t.Fatalf("honeypot in a form that does not parse: %q", body)
			}
			if again, _ := fuzzRequest(t, contentType, vals.Encode(), false); again != nil && !again.Honeypot() {
				t.Fatalf("%q and its canonical form %q disagree", body, vals.Encode())
			}
			delete(vals, honeypotField)
			without = vals.Encode()
		case mediaJSON:
			var m map[string]json.RawMessage
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				t.Fatalf("honeypot in JSON that does not parse: %q", body)
			}
			delete(m, honeypotField)
			b, _ := json.Marshal(m)
			without = string(b)
		case mediaMultipart:
			_, params := r.mediaType()
			vals, file, err := parseMultipart([]byte(body), params["boundary"], "file")
			if err != nil {
				t.Fatalf("honeypot in a multipart body that does not parse: %q", body)
			}
			fields := map[string]string{}
			for k, v := range vals {
				if k != honeypotField && len(v) > 0 {
					fields[k] = v[len(v)-1]
				}
			}
			contentType, without = multipartBody(t, fields, file)
		default:
			t.Fatalf("honeypot in a %q body", contentType)
		}
		if again, _ := fuzzRequest(t, contentType, without, false); again != nil && again.Honeypot() {
			t.Fatalf("%q still fills the honeypot with website taken out", without)
		}
	})
}

var idShape = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// FuzzPathParams: ValidID is exactly "1 to 64 of [A-Za-z0-9_-]"; the
// Router hands a handler only such ids, byte for byte, and answers any
// other path parameter 404 before the handler runs, never a 5xx.
func FuzzPathParams(f *testing.F) {
	for _, s := range []string{"6k2ub434r6wh", "m1", "x", "nope", "a_b-C9", strings.Repeat("a", 64), strings.Repeat("a", 65),
		strings.Repeat("a", 2042), "", "ab.cd", "a b", "a/b", "..", "شناسه", "a\x00b", "a\r\nb", "\x7f", "a\u202eb", "%zz", "%00", "a%252Fb", "a\xffb",
		loadEvent(f, "apigw-v2-request-no-authorizer.json").RequestContext.RequestID} {
		f.Add(s, "meetupId")
	}
	f.Add("m1", "")
	f.Add("m1", "talkId")
	f.Fuzz(func(t *testing.T, id, extra string) {
		if ValidID(id) != idShape.MatchString(id) {
			t.Fatalf("ValidID(%q) = %v", id, ValidID(id))
		}
		rt := NewRouter(slog.New(slog.DiscardHandler))
		var seen []string
		rt.Handle("GET /meetups/{meetupId}", func(_ context.Context, r *Request) (Response, error) {
			seen = append(seen, r.PathParam("meetupId"))
			return JSON(200, nil), nil
		})
		ev := newEvent(t, "GET /meetups/{meetupId}", "", "")
		ev.PathParameters = map[string]string{"meetupId": id}
		if extra != "meetupId" {
			ev.PathParameters[extra] = "ok"
		}
		resp, _ := rt.Serve(context.Background(), ev)
		wantServed := ValidID(id) // the extra parameter's value is a valid id
		switch {
		case resp.StatusCode >= 500:
			t.Fatalf("%q answered %d", id, resp.StatusCode)
		case wantServed && (resp.StatusCode != 200 || len(seen) != 1 || seen[0] != id):
			t.Fatalf("%q: %d, handler saw %q", id, resp.StatusCode, seen)
		case !wantServed && (resp.StatusCode != 404 || len(seen) != 0):
			t.Fatalf("%q: %d, handler saw %q; want 404 before the handler", id, resp.StatusCode, seen)
		}
		if !wantServed && !strings.HasPrefix(resp.Headers["Content-Type"], "application/problem+json") {
			t.Fatalf("%q: a 404 that is no problem: %q", id, resp.Headers["Content-Type"])
		}
	})
}
