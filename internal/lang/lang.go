// Package lang is the languages the group speaks, English and Persian. What
// language a page or an email is in, that Persian reads right to left and
// writes its own digits, is decided here and nowhere else.
package lang

import (
	"strconv"
	"strings"
)

// Tag is a language, as its BCP 47 primary subtag.
type Tag string

// The languages pages and emails are written in.
const (
	English Tag = "en"
	Persian Tag = "fa"
)

// All lists every language, English (the fallback) first.
var All = []Tag{English, Persian}

// Parse returns the language s names ("fa", "FA", "fa-IR"), or English for
// anything it does not know.
func Parse(s string) Tag {
	primary, _, _ := strings.Cut(strings.TrimSpace(s), "-")
	if strings.EqualFold(primary, string(Persian)) {
		return Persian
	}
	return English
}

// Known reports whether s is exactly one of the languages ("en" or "fa").
func Known(s string) bool {
	return s == string(English) || s == string(Persian)
}

// Dir is the writing direction, as HTML's dir attribute takes it.
func (t Tag) Dir() string {
	if t == Persian {
		return "rtl"
	}
	return "ltr"
}

// Number writes n in the language's own digits: ۱۲ in Persian.
func (t Tag) Number(n int) string {
	s := strconv.Itoa(n)
	if t != Persian {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = '۰' + (r - '0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ASCIIDigits writes the Persian (and Arabic-Indic) digits of s as ASCII
// digits, so that a number or a date typed with a Persian keyboard reads as
// the same number: "۱۲" is "12".
func ASCIIDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		}
		return r
	}, s)
}

// FromAcceptLanguage picks the language a browser prefers among the ones
// the group speaks, by q-value ("fa-IR,fa;q=0.9,en;q=0.8" is Persian);
// English when the header names neither.
func FromAcceptLanguage(header string) Tag {
	best, bestQ := English, 0.0
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		primary, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
		var t Tag
		switch {
		case strings.EqualFold(primary, string(Persian)):
			t = Persian
		case strings.EqualFold(primary, string(English)):
			t = English
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = t, q
		}
	}
	return best
}
