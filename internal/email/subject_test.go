package email

import (
	"strings"
	"testing"
	"unicode"

	"github.com/tehpug/backend/internal/lang"
)

// A right-to-left override (or any other bidi control) in user text would
// reorder the rest of a plain-text subject in the recipient's inbox, e.g.
// make "…\u202Egnp.exe" read "exe.png": a subject carries none of them. The
// joiners Persian needs (ZWNJ) stay.
func TestSubjectCarriesNoBidiControls(t *testing.T) {
	hostile := []string{
		"Invoice \u202Egnp.exe",        // right-to-left override
		"a\u202Bb\u202Cc",              // embedding and pop
		"\u2066x\u2067y\u2068z\u2069w", // isolates
		"\u200Fmark\u200E\u061C",       // marks
		"\u202D\u202A\u202C",           // nothing but controls
	}
	for _, title := range hostile {
		for _, l := range []lang.Tag{lang.English, lang.Persian} {
			m, err := Compose(Recipient{Address: "ali@example.org", Lang: l}, TalkSubmitted{Title: title, WithdrawLink: "https://api.tehpug.test/talks/withdraw?token=x", VerifyLink: "https://api.tehpug.test/talks/verify?token=x"})
			if err != nil {
				t.Fatal(err)
			}
			if strings.ContainsFunc(m.Subject, func(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) }) {
				t.Errorf("%s subject %q carries a bidi control", l, m.Subject)
			}
			if strings.Contains(m.HTML, "<title>"+title) {
				t.Errorf("%s HTML title carries the controls", l)
			}
		}
	}
	if got := subjectLine("دورهمی\u200cها \u202Eabc"); got != "دورهمی\u200cها abc" {
		t.Errorf("subjectLine = %q", got)
	}
}
