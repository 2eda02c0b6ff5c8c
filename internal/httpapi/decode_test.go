package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/members"
)

type language string

// joinForm covers every field kind Decode supports.
type joinForm struct {
	Name         string     `json:"name"`
	Email        *string    `json:"email,omitempty"`
	Language     language   `json:"language"`
	Interests    []string   `json:"interests"`
	WantsToSpeak bool       `json:"wants_to_speak"`
	Capacity     int        `json:"capacity"`
	Limit        *int       `json:"limit,omitempty"`
	StartsAt     *time.Time `json:"starts_at,omitempty"`
	Ignored      string     `json:"-"`
	Untagged     string
}

func ptr[T any](v T) *T { return &v }

func TestDecode(t *testing.T) {
	at := time.Date(2025, 6, 1, 18, 0, 0, 0, time.FixedZone("", 3*3600+1800))
	tests := []struct {
		name        string
		contentType string
		body        string
		base64      bool
		want        joinForm
		code        apperr.Code
		fields      map[string]string // field problems expected with Invalid
	}{
		{
			name:        "json all kinds",
			contentType: jsonType,
			body:        `{"name":"Ada","email":"ada@example.org","language":"en","interests":["go","python"],"wants_to_speak":true,"capacity":30,"limit":5,"starts_at":"2025-06-01T18:00:00+03:30","unknown":1}`,
			want:        joinForm{Name: "Ada", Email: ptr("ada@example.org"), Language: "en", Interests: []string{"go", "python"}, WantsToSpeak: true, Capacity: 30, Limit: ptr(5), StartsAt: &at},
		},
		{
			name:        "json with charset",
			contentType: "application/json; charset=UTF-8",
			body:        `{"name":"Ada"}`,
			want:        joinForm{Name: "Ada"},
		},
		{
			name:        "json persian",
			contentType: jsonType,
			body:        `{"name":"علی رضایی‌نژاد","interests":["یادگیری ماشین"]}`,
			want:        joinForm{Name: "علی رضایی‌نژاد", Interests: []string{"یادگیری ماشین"}},
		},
		{
			name:        "json base64",
			contentType: jsonType,
			body:        `{"name":"مریم"}`,
			base64:      true,
			want:        joinForm{Name: "مریم"},
		},
		{
			name:        "form all kinds",
			contentType: formType,
			body:        "name=Ada+Lovelace&email=ada%40example.org&language=en&interests=go&interests=python&wants_to_speak=on&capacity=+30+&limit=5&starts_at=2025-06-01T18%3A00%3A00%2B03%3A30&Untagged=x&unknown=1",
			want:        joinForm{Name: "Ada Lovelace", Email: ptr("ada@example.org"), Language: "en", Interests: []string{"go", "python"}, WantsToSpeak: true, Capacity: 30, Limit: ptr(5), StartsAt: &at, Untagged: "x"},
		},
		{
			name:        "form persian",
			contentType: "application/x-www-form-urlencoded; charset=utf-8",
			body:        "name=%D8%B9%D9%84%DB%8C&interests=%D9%BE%D8%A7%DB%8C%D8%AA%D9%88%D9%86",
			want:        joinForm{Name: "علی", Interests: []string{"پایتون"}},
		},
		{
			name:        "form base64",
			contentType: formType,
			body:        "name=%D9%85%D8%B1%DB%8C%D9%85&wants_to_speak=yes",
			base64:      true,
			want:        joinForm{Name: "مریم", WantsToSpeak: true},
		},
		{
			name:        "form list split on commas",
			contentType: formType,
			body:        "interests=django,+data+science+,,web",
			want:        joinForm{Interests: []string{"django", "data science", "web"}},
		},
		{
			name:        "form list repeated keys and commas",
			contentType: formType,
			body:        "interests=django&interests=&interests=web,+ml",
			want:        joinForm{Interests: []string{"django", "web", "ml"}},
		},
		{
			name:        "form hidden false then checked box",
			contentType: formType,
			body:        "wants_to_speak=false&wants_to_speak=on",
			want:        joinForm{WantsToSpeak: true},
		},
		{
			name:        "form empty optional values stay unset",
			contentType: formType,
			body:        "name=&email=&capacity=&limit=&starts_at=&Ignored=x",
			want:        joinForm{Email: ptr("")},
		},
		{
			name:        "empty form",
			contentType: formType,
			body:        "",
			want:        joinForm{},
		},
		{name: "form bool words false", contentType: formType, body: "wants_to_speak=Off", want: joinForm{}},
		{name: "form bool 1", contentType: formType, body: "wants_to_speak=1", want: joinForm{WantsToSpeak: true}},
		{name: "form bool TRUE", contentType: formType, body: "wants_to_speak=TRUE", want: joinForm{WantsToSpeak: true}},
		{name: "form bool no", contentType: formType, body: "wants_to_speak=no", want: joinForm{}},
		{
			name:        "form bad values name every field",
			contentType: formType,
			body:        "wants_to_speak=maybe&capacity=thirty&limit=1.5&starts_at=tomorrow",
			code:        apperr.Invalid,
			fields:      map[string]string{"wants_to_speak": "must be true or false", "capacity": "must be a whole number", "limit": "must be a whole number", "starts_at": "is not valid"},
		},
		{name: "form int overflow", contentType: formType, body: "capacity=99999999999999999999", code: apperr.Invalid, fields: map[string]string{"capacity": "must be a whole number"}},
		{name: "bad percent-encoding", contentType: formType, body: "name=%zz", code: apperr.Malformed},
		{name: "truncated percent-encoding", contentType: formType, body: "name=abc%4", code: apperr.Malformed},
		{name: "form invalid utf-8 escape", contentType: formType, body: "name=%FF%FE", code: apperr.Malformed},
		{name: "form invalid utf-8 raw", contentType: formType, body: "name=\xff", code: apperr.Malformed},
		{name: "json invalid utf-8", contentType: jsonType, body: "{\"name\":\"\xc3\x28\"}", code: apperr.Malformed},
		{name: "malformed json", contentType: jsonType, body: `{"name":`, code: apperr.Malformed},
		{name: "json trailing data", contentType: jsonType, body: `{"name":"a"} {"name":"b"}`, code: apperr.Malformed},
		{name: "json not an object", contentType: jsonType, body: `["a"]`, code: apperr.Malformed},
		{name: "json null", contentType: jsonType, body: `null`, code: apperr.Malformed},
		{name: "empty json", contentType: jsonType, body: ``, code: apperr.Malformed},
		{name: "json wrong type", contentType: jsonType, body: `{"wants_to_speak":"yes"}`, code: apperr.Invalid, fields: map[string]string{"wants_to_speak": "must be true or false"}},
		{name: "json wrong list element", contentType: jsonType, body: `{"interests":[1]}`, code: apperr.Invalid, fields: map[string]string{"interests": "must be a list of text"}},
		{name: "json string for list", contentType: jsonType, body: `{"interests":"a,b"}`, code: apperr.Invalid, fields: map[string]string{"interests": "must be a list of text"}},
		{name: "json fraction for int", contentType: jsonType, body: `{"capacity":1.5}`, code: apperr.Invalid, fields: map[string]string{"capacity": "must be a whole number"}},
		{name: "json number for string", contentType: jsonType, body: `{"name":42}`, code: apperr.Invalid, fields: map[string]string{"name": "must be text"}},
		{name: "json several wrong types", contentType: jsonType, body: `{"name":42,"wants_to_speak":"yes","interests":"a","capacity":2}`, code: apperr.Invalid,
			fields: map[string]string{"name": "must be text", "wants_to_speak": "must be true or false", "interests": "must be a list of text"}},
		{name: "json bad time", contentType: jsonType, body: `{"starts_at":"tomorrow"}`, code: apperr.Malformed},
		{name: "missing content type", contentType: "", body: `{"name":"a"}`, code: apperr.UnsupportedMedia},
		{name: "text/plain", contentType: "text/plain", body: `name=a`, code: apperr.UnsupportedMedia},
		{name: "multipart", contentType: "multipart/form-data; boundary=x", body: "--x--", code: apperr.UnsupportedMedia},
		{name: "broken content type", contentType: "application/json; ===", body: `{}`, code: apperr.UnsupportedMedia},
		{name: "latin-1 charset", contentType: "application/x-www-form-urlencoded; charset=iso-8859-1", body: "name=a", code: apperr.UnsupportedMedia},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := newEvent(t, "POST /members", tt.contentType, tt.body)
			if tt.base64 {
				ev.Body = base64.StdEncoding.EncodeToString([]byte(tt.body))
				ev.IsBase64Encoded = true
			}
			r, err := NewRequest(ev)
			if err != nil {
				t.Fatalf("NewRequest: %v", err)
			}
			var got joinForm
			err = r.Decode(&got)
			e := wantCode(t, err, tt.code)
			if tt.code != "" {
				if tt.fields != nil && !reflect.DeepEqual(apiWords(e.Fields), tt.fields) {
					t.Errorf("fields = %v, want %v", e.Fields, tt.fields)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decoded %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeBodyLimit(t *testing.T) {
	// A JSON object of exactly n bytes.
	jsonOf := func(n int) string {
		const head, tail = `{"name":"`, `"}`
		return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
	}
	tests := []struct {
		name   string
		size   int
		base64 bool
		code   apperr.Code
	}{
		{name: "exactly 64 KiB", size: MaxBodyBytes},
		{name: "one byte over", size: MaxBodyBytes + 1, code: apperr.TooLarge},
		{name: "exactly 64 KiB base64", size: MaxBodyBytes, base64: true},
		{name: "one byte over base64", size: MaxBodyBytes + 1, base64: true, code: apperr.TooLarge},
		{name: "far over base64", size: 3 * MaxBodyBytes, base64: true, code: apperr.TooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := jsonOf(tt.size)
			ev := newEvent(t, "POST /talks", jsonType, body)
			if tt.base64 {
				ev.Body = base64.StdEncoding.EncodeToString([]byte(body))
				ev.IsBase64Encoded = true
			}
			// Through NewRequest, as the Router does...
			r, err := NewRequest(ev)
			wantCode(t, err, tt.code)
			if err == nil {
				var v joinForm
				wantCode(t, r.Decode(&v), "")
				if len(v.Name) != tt.size-len(`{"name":""}`) {
					t.Errorf("name has %d bytes", len(v.Name))
				}
			}
			// ...and on a Request built by hand, where Decode checks itself.
			var v joinForm
			wantCode(t, (&Request{Event: ev}).Decode(&v), tt.code)
		})
	}
}

func TestNewRequestBadBase64(t *testing.T) {
	ev := newEvent(t, "POST /talks", jsonType, "not base64!")
	ev.IsBase64Encoded = true
	_, err := NewRequest(ev)
	wantCode(t, err, apperr.Malformed)
}

func TestDecodeBadDestination(t *testing.T) {
	tests := []struct {
		name string
		dst  any
	}{
		{"nil", nil},
		{"not a pointer", joinForm{}},
		{"pointer to map", &map[string]any{}},
		{"unsupported form field", &struct {
			Score float64 `json:"score"`
		}{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRequest(newEvent(t, "POST /x", formType, "score=1"))
			if err != nil {
				t.Fatal(err)
			}
			err = r.Decode(tt.dst)
			if err == nil {
				t.Fatal("want an error")
			}
			if _, ok := apperr.As(err); ok {
				t.Errorf("a programming error must be internal, got %v", err)
			}
		})
	}
}

// Persian text must come back byte for byte from a form post to a JSON answer.
func TestPersianRoundTrip(t *testing.T) {
	names := []string{
		"علی رضایی‌نژاد",       // with a zero-width non-joiner
		"مهسا ۱۴۰۳",            // Persian digits
		"Ada «آدا» Lovelace 🐍", // mixed scripts, guillemets, emoji
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			body := "name=" + url.QueryEscape(name)
			ev := newEvent(t, "POST /members", formType, base64.StdEncoding.EncodeToString([]byte(body)))
			ev.IsBase64Encoded = true
			r, err := NewRequest(ev)
			if err != nil {
				t.Fatal(err)
			}
			var in joinForm
			if err := r.Decode(&in); err != nil {
				t.Fatal(err)
			}
			resp := JSON(200, map[string]string{"name": in.Name})
			if !strings.Contains(resp.Body, name) {
				t.Errorf("body %q does not hold %q unescaped", resp.Body, name)
			}
			var out struct{ Name string }
			if err := json.Unmarshal([]byte(resp.Body), &out); err != nil || out.Name != name {
				t.Errorf("round trip = %q, %v; want %q", out.Name, err, name)
			}
		})
	}
}

func TestSampleFormEvent(t *testing.T) {
	r, err := NewRequest(loadEvent(t, "apigw-v2-post-members-form.json"))
	if err != nil {
		t.Fatal(err)
	}
	var in members.JoinInput // what the members handler decodes it into
	if err := r.Decode(&in); err != nil {
		t.Fatal(err)
	}
	if in.Name != "علی رضایی" || in.Email != "ali@example.org" || in.Language != "fa" ||
		!reflect.DeepEqual(in.Interests, []string{"django", "data", "web"}) || !in.WantsToSpeak || in.Mentorship != "mentee" {
		t.Errorf("decoded %+v", in)
	}
	if !r.IsForm() || !r.WantsHTML() || r.Honeypot() {
		t.Errorf("IsForm %v WantsHTML %v Honeypot %v; want true true false", r.IsForm(), r.WantsHTML(), r.Honeypot())
	}
	if got := r.RequestID(); got != "YbX2ViJzliAEMpQ=" {
		t.Errorf("RequestID = %q", got)
	}
}
