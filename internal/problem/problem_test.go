package problem

import (
	"strings"
	"testing"
	"unicode"

	"github.com/tehpug/backend/internal/lang"
)

// Every code says itself to the API and on pages in both languages: the
// Persian with no Latin-script word but the arguments it is given.
func TestEveryCodeSpeaksBothLanguages(t *testing.T) {
	for code, tx := range texts {
		if tx.api == "" || tx.en == "" || tx.fa == "" {
			t.Errorf("%s lacks a text: %+v", code, tx)
		}
		p := Of(code, 7, 9)
		fa := p.In(lang.Persian)
		if strings.IndexFunc(fa, func(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }) >= 0 {
			t.Errorf("%s in Persian has Latin letters: %q", code, fa)
		}
		if strings.Contains(fa, "7") || strings.Contains(fa, "%!") {
			t.Errorf("%s in Persian has ASCII digits or a bad verb: %q", code, fa)
		}
		if en := p.In(lang.English); strings.Contains(en, "%!") || strings.Contains(p.String(), "%!") {
			t.Errorf("%s writes badly: %q / %q", code, en, p.String())
		}
	}
}

// The JSON API's words are the same as before codes: a client reading them
// sees no change.
func TestTheAPIWordsStay(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Of(Required), "is required"},
		{Of(TooLong, 200), "must be at most 200 characters"},
		{Of(OneOf, Choices("mentor", "mentee")), "must be one of: mentor, mentee"},
		{Of(Between, 1, 5), "must be between 1 and 5"},
		{Of(RequiredOnFullForm), "is required on the full form"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%s says %q, want %q", tt.p.Code, got, tt.want)
		}
	}
}
