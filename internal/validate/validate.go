// Package validate checks user input field by field and gathers every
// problem into one apperr Invalid error, so domain packages state their rules
// in a few lines:
//
//	v := validate.New()
//	v.RequiredLine("name", in.Name, 100)
//	v.Email("email", in.Email)
//	v.OneOf("language", in.Language, "en", "fa")
//	return v.Err()
//
// The first problem found for a field is the one reported; later checks of a
// field that already failed are skipped. Lengths count characters (runes), so
// Persian text gets the same limits as Latin. Messages are client-safe.
package validate

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tehpug/backend/internal/problem"

	"github.com/tehpug/backend/internal/apperr"
)

// MaxEmailLen caps an email address (RFC 5321's path limit).
const MaxEmailLen = 254

// Validator collects per-field problems. The zero value is not usable; call New.
type Validator struct {
	fields map[string]problem.Problem
}

// New returns an empty Validator.
func New() *Validator {
	return &Validator{fields: map[string]problem.Problem{}}
}

// Add records the problem code (of args) for field unless it already has one.
func (v *Validator) Add(field string, code problem.Code, args ...any) {
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = problem.Of(code, args...)
	}
}

// Check records the problem code (of args) for field when ok is false. It
// reports ok, and false without checking when the field already failed.
func (v *Validator) Check(field string, ok bool, code problem.Code, args ...any) bool {
	if v.Failed(field) {
		return false
	}
	if !ok {
		v.Add(field, code, args...)
	}
	return ok
}

// Failed reports whether field already has a problem.
func (v *Validator) Failed(field string) bool {
	_, ok := v.fields[field]
	return ok
}

// Err returns nil when every check passed, else an *apperr.Error with code
// Invalid naming every failed field. Its type is error, not *apperr.Error, so
// `return v.Err()` never yields a non-nil interface holding a nil pointer.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return apperr.InvalidFields(v.fields)
}

// Required checks that s is not empty or only white space.
func (v *Validator) Required(field, s string) bool {
	return v.Check(field, strings.TrimSpace(s) != "", problem.Required)
}

// MaxLen checks that s is valid UTF-8 of at most limit characters (runes,
// not bytes). Pair it with Text or Multiline, which check the characters.
func (v *Validator) MaxLen(field, s string, limit int) bool {
	if !v.Check(field, utf8.ValidString(s), problem.NotText) {
		return false
	}
	return v.Check(field, utf8.RuneCountInString(s) <= limit, problem.TooLong, limit)
}

// Text checks that s is single-line text: valid UTF-8 with no control
// characters (no newline or tab either). Use it for names, titles, and list
// items; use Multiline for long text.
func (v *Validator) Text(field, s string) bool {
	if !v.Check(field, utf8.ValidString(s), problem.NotText) {
		return false
	}
	return v.Check(field, !hasControl(s, false), problem.SingleLine)
}

// RequiredLine checks a required single line of at most limit characters
// (a name, a title): Required, MaxLen and Text.
func (v *Validator) RequiredLine(field, s string, limit int) bool {
	return v.Required(field, s) && v.MaxLen(field, s, limit) && v.Text(field, s)
}

// RequiredMultiline checks required long text of at most limit characters
// (an abstract, a reason): Required, MaxLen and Multiline.
func (v *Validator) RequiredMultiline(field, s string, limit int) bool {
	return v.Required(field, s) && v.MaxLen(field, s, limit) && v.Multiline(field, s)
}

// Multiline checks that s is long text: valid UTF-8 with no control
// characters other than newline, carriage return and tab (browsers send
// textarea lines ending in CRLF; see NormalizeText).
func (v *Validator) Multiline(field, s string) bool {
	if !v.Check(field, utf8.ValidString(s), problem.NotText) {
		return false
	}
	return v.Check(field, !hasControl(s, true), problem.NoControl)
}

// Items checks a list of short strings (interests, topics): at most maxItems
// items, each non-empty single-line text of at most maxLen characters.
func (v *Validator) Items(field string, items []string, maxItems, maxLen int) bool {
	if !v.Check(field, len(items) <= maxItems, problem.TooManyItems, maxItems) {
		return false
	}
	for _, it := range items {
		if !v.Check(field, strings.TrimSpace(it) != "", problem.EmptyItem) {
			return false
		}
		if !v.Check(field, utf8.ValidString(it) && !hasControl(it, false),
			problem.ItemSingleLine) {
			return false
		}
		if !v.Check(field, utf8.RuneCountInString(it) <= maxLen,
			problem.ItemTooLong, maxLen) {
			return false
		}
	}
	return true
}

// OneOf checks that s is exactly one of allowed.
func (v *Validator) OneOf(field, s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return !v.Failed(field)
		}
	}
	return v.Check(field, false, problem.OneOf, problem.Choices(allowed...))
}

// Range checks that n is between lo and hi, inclusive.
func (v *Validator) Range(field string, n, lo, hi int) bool {
	return v.Check(field, n >= lo && n <= hi, problem.Between, lo, hi)
}

// Time parses s as an RFC 3339 time (e.g. "2025-06-01T18:00:00+03:30") and
// returns it, or records a problem and returns the zero time.
func (v *Validator) Time(field, s string) time.Time {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if !v.Check(field, err == nil, problem.DateTime) {
		return time.Time{}
	}
	return t
}

// Email checks that s, once trimmed of surrounding white space, is exactly
// one plain address: at most MaxEmailLen characters, ASCII (SES sends to
// nothing else), no control characters, parsed by net/mail with no display
// name, comment or angle brackets, and a domain with a dot in it. Callers
// store strings.TrimSpace(s).
func (v *Validator) Email(field, s string) bool {
	return v.Check(field, IsEmail(s), problem.Email)
}

// IsEmail reports whether s passes Email's rules.
func IsEmail(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > MaxEmailLen {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || unicode.IsControl(r) || r == ' ' {
			return false
		}
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return false
	}
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.ContainsAny(domain, "[]") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// NormalizeText trims s and turns CRLF and lone CR line endings into LF, so
// text from a browser's textarea is stored like text from JSON.
func NormalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(s)
}

// hasControl reports whether s has a control character (C0, DEL, C1) or a
// Unicode line/paragraph separator. multiline allows \n, \r and \t. Format
// characters such as the zero-width non-joiner Persian needs are allowed.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}
