package validate

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

func TestValidator(t *testing.T) {
	tests := []struct {
		name  string
		check func(v *Validator)
		want  map[string]string // nil: no error
	}{
		{"nothing checked", func(v *Validator) {}, nil},
		{"required ok", func(v *Validator) { v.Required("name", "Ada") }, nil},
		{"required empty", func(v *Validator) { v.Required("name", "") }, map[string]string{"name": "is required"}},
		{"required blank", func(v *Validator) { v.Required("name", " \t\n") }, map[string]string{"name": "is required"}},
		{"maxlen counts runes", func(v *Validator) { v.MaxLen("name", strings.Repeat("ع", 100), 100) }, nil},
		{"maxlen over", func(v *Validator) { v.MaxLen("name", strings.Repeat("ع", 101), 100) }, map[string]string{"name": "must be at most 100 characters"}},
		{"maxlen invalid utf-8", func(v *Validator) { v.MaxLen("name", "a\xffb", 100) }, map[string]string{"name": "is not valid UTF-8 text"}},
		{"text persian with zwnj", func(v *Validator) { v.Text("name", "علی رضایی‌نژاد") }, nil},
		{"text newline", func(v *Validator) { v.Text("name", "Ada\nBcc: x@example.org") }, map[string]string{"name": "must be a single line without control characters"}},
		{"text tab", func(v *Validator) { v.Text("name", "Ada\tL") }, map[string]string{"name": "must be a single line without control characters"}},
		{"text nul", func(v *Validator) { v.Text("name", "Ada\x00") }, map[string]string{"name": "must be a single line without control characters"}},
		{"text c1 control", func(v *Validator) { v.Text("name", "Ada\u0085") }, map[string]string{"name": "must be a single line without control characters"}},
		{"text line separator", func(v *Validator) { v.Text("name", "Ada\u2028L") }, map[string]string{"name": "must be a single line without control characters"}},
		{"text invalid utf-8", func(v *Validator) { v.Text("name", "\xc3\x28") }, map[string]string{"name": "is not valid UTF-8 text"}},
		{"multiline ok", func(v *Validator) { v.Multiline("abstract", "خط یک\r\nline two\n\tindented") }, nil},
		{"multiline control", func(v *Validator) { v.Multiline("abstract", "bell\a") }, map[string]string{"abstract": "must not contain control characters"}},
		{"required line ok", func(v *Validator) { v.RequiredLine("name", "علی رضایی", 100) }, nil},
		{"required line empty", func(v *Validator) { v.RequiredLine("name", " ", 100) }, map[string]string{"name": "is required"}},
		{"required line over", func(v *Validator) { v.RequiredLine("name", "Ada\nL", 3) }, map[string]string{"name": "must be at most 3 characters"}},
		{"required line newline", func(v *Validator) { v.RequiredLine("name", "Ada\nL", 100) }, map[string]string{"name": "must be a single line without control characters"}},
		{"required multiline ok", func(v *Validator) { v.RequiredMultiline("abstract", "one\r\ntwo", 100) }, nil},
		{"required multiline empty", func(v *Validator) { v.RequiredMultiline("abstract", "", 100) }, map[string]string{"abstract": "is required"}},
		{"required multiline over", func(v *Validator) { v.RequiredMultiline("abstract", "one\ntwo", 5) }, map[string]string{"abstract": "must be at most 5 characters"}},
		{"required multiline control", func(v *Validator) { v.RequiredMultiline("abstract", "bell\a", 100) }, map[string]string{"abstract": "must not contain control characters"}},
		{"oneof ok", func(v *Validator) { v.OneOf("language", "fa", "en", "fa") }, nil},
		{"oneof no", func(v *Validator) { v.OneOf("language", "de", "en", "fa") }, map[string]string{"language": "must be one of: en, fa"}},
		{"oneof is exact", func(v *Validator) { v.OneOf("language", "EN", "en", "fa") }, map[string]string{"language": "must be one of: en, fa"}},
		{"range ok", func(v *Validator) { v.Range("progress", 5, 1, 5) }, nil},
		{"range low", func(v *Validator) { v.Range("progress", 0, 1, 5) }, map[string]string{"progress": "must be between 1 and 5"}},
		{"items ok", func(v *Validator) { v.Items("interests", []string{"جنگو", "data"}, 3, 10) }, nil},
		{"items too many", func(v *Validator) { v.Items("interests", []string{"a", "b", "c"}, 2, 10) }, map[string]string{"interests": "must have at most 2 items"}},
		{"items too long", func(v *Validator) { v.Items("interests", []string{"a", strings.Repeat("b", 11)}, 5, 10) }, map[string]string{"interests": "items must be at most 10 characters each"}},
		{"items empty", func(v *Validator) { v.Items("interests", []string{" "}, 5, 10) }, map[string]string{"interests": "must not have empty items"}},
		{"items control", func(v *Validator) { v.Items("interests", []string{"a\nb"}, 5, 10) }, map[string]string{"interests": "items must be single lines without control characters"}},
		{"first problem wins", func(v *Validator) {
			v.Required("name", "")
			v.MaxLen("name", "", 0)
			v.Text("name", "\x00")
			v.Add("name", problem.NotValid)
		}, map[string]string{"name": "is required"}},
		{"every field reported", func(v *Validator) {
			v.Required("name", "")
			v.Email("email", "nope")
			v.OneOf("mentorship", "both", "none", "mentor", "mentee")
			v.Check("capacity", false, problem.Between, 1, 5)
		}, map[string]string{"name": "is required", "email": "must be a valid email address", "mentorship": "must be one of: none, mentor, mentee", "capacity": "must be between 1 and 5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := New()
			tt.check(v)
			err := v.Err()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Err() = %v, want nil", err)
				}
				return
			}
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid {
				t.Fatalf("Err() = %v, want an Invalid apperr", err)
			}
			said := map[string]string{}
			for f, p := range e.Fields {
				said[f] = p.String()
			}
			if !reflect.DeepEqual(said, tt.want) {
				t.Errorf("fields = %v, want %v", e.Fields, tt.want)
			}
		})
	}
}

// Err must give a nil interface, not a typed nil, when all is well.
func TestErrIsUntypedNil(t *testing.T) {
	f := func() error { return New().Err() }
	if err := f(); err != nil {
		t.Fatalf("Err() = %#v, want nil", err)
	}
}

func TestEmail(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{"ada@example.org", true},
		{"  ada@example.org  ", true},
		{"ada.lovelace+pug@mail.example.co.uk", true},
		{"a_b-c@sub.example.ir", true},
		{"", false},
		{"ada", false},
		{"ada@", false},
		{"@example.org", false},
		{"ada@localhost", false},
		{"ada@example.", false},
		{"ada@.example.org", false},
		{"ada@[192.0.2.1]", false},
		{"Ada <ada@example.org>", false},
		{"<ada@example.org>", false},
		{"ada@example.org (Ada)", false},
		{`"ada lovelace"@example.org`, false},
		{"ada@example.org, bob@example.org", false},
		{"ada@example.org\r\nBcc: eve@example.org", false},
		{"ada@example.org\nbcc", false},
		{"ada\x00@example.org", false},
		{"ada @example.org", false},
		{"علی@example.org", false},
		{"ada@مثال.ایران", false},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".org", true}, // 254
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".org", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := IsEmail(tt.addr); got != tt.ok {
				t.Errorf("IsEmail(%q) = %v, want %v", tt.addr, got, tt.ok)
			}
			v := New()
			if got := v.Email("email", tt.addr); got != tt.ok {
				t.Errorf("Email(%q) = %v, want %v", tt.addr, got, tt.ok)
			}
		})
	}
}

func TestTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2025-06-01T18:00:00+03:30", time.Date(2025, 6, 1, 14, 30, 0, 0, time.UTC), true},
		{"2025-06-01T14:30:00Z", time.Date(2025, 6, 1, 14, 30, 0, 0, time.UTC), true},
		{"2025-06-01", time.Time{}, false},
		{"tomorrow", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v := New()
			got := v.Time("starts_at", tt.in)
			if !got.Equal(tt.want) || (v.Err() == nil) != tt.ok {
				t.Errorf("Time(%q) = %v, err %v; want %v ok=%v", tt.in, got, v.Err(), tt.want, tt.ok)
			}
		})
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  line one\r\nline two\rthree\n ", "line one\nline two\nthree"},
		{"متن فارسی", "متن فارسی"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormalizeText(tt.in); got != tt.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
