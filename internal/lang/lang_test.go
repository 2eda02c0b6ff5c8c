package lang

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]Tag{"fa": Persian, "FA": Persian, "fa-IR": Persian, "en": English, "": English, "de": English, " fa ": Persian} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDirAndDigits(t *testing.T) {
	if Persian.Dir() != "rtl" || English.Dir() != "ltr" {
		t.Error("directions")
	}
	if got := Persian.Number(1405); got != "۱۴۰۵" {
		t.Errorf("Persian 1405 = %q", got)
	}
	if got := Persian.Number(-3); got != "-۳" {
		t.Errorf("Persian -3 = %q", got)
	}
	if got := English.Number(15); got != "15" {
		t.Errorf("English 15 = %q", got)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	tests := map[string]Tag{
		"":                        English,
		"fa-IR,fa;q=0.9,en;q=0.8": Persian,
		"en-US,en;q=0.9,fa;q=0.8": English,
		"de-DE,de;q=0.9,fa;q=0.5": Persian,
		"de":                      English,
		"en;q=0.2, fa;q=0.7":      Persian,
		"fa;q=0, en;q=0.1":        English,
		"fa;q=abc, en;q=0.1":      English,
		"*":                       English,
		"FA":                      Persian,
	}
	for h, want := range tests {
		if got := FromAcceptLanguage(h); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestASCIIDigits(t *testing.T) {
	if got := ASCIIDigits("۱۴۰۵-٠٩ 12"); got != "1405-09 12" {
		t.Errorf("ASCIIDigits = %q", got)
	}
}
