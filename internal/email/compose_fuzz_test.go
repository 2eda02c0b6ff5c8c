package email

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
)

// headerNames are the only header fields Encode writes.
var headerNames = []string{"Date", "From", "To", "Subject", "Message-Id", "Mime-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post"}

// FuzzCompose writes one of the sample emails (every one of them, in
// turn) with every field a person types set to hostile text, to a hostile
// display name and address, in English or Persian, and encodes it.
//
// Compose always succeeds (its links are good) with a subject on one line
// and no bidi control, and escapes the text in the HTML (it holds no
// element or attribute but those the emails use). Encode refuses a
// bad address only as a 422 on "email"; otherwise the message parses back
// with go-message: only the header fields Encode writes, each once, every
// header line ASCII with no bare CR or LF and within 998 octets; the
// subject, recipient and display name read back as composed; the text and
// HTML parts read back as written.
func FuzzCompose(f *testing.F) {
	for _, s := range [][3]string{
		{"سارا", "سارا رضایی", "sara@example.org"},
		{`<script>alert("x")</script>`, `"><img src=x onerror=alert(1)>`, "ali@example.org"},
		{"Your talk\r\nBcc: x@y\n was accepted", "Ali\r\nBcc: evil@example.org", "ali@example.org\r\nBcc: x@y"},
		{"Invoice \u202egnp.exe", "\u202eAli", "a@b, c@d"},
		{"=?utf-8?q?hi?= \x00\x1b[31m", "Name <a@b>", "Name <a@b>"},
		{strings.Repeat("دورهمی آذر ", 200), strings.Repeat("x", 300), "x@" + strings.Repeat("a", 250)},
		{"\xff\xfe invalid", "\xff", "ali@example.org"},
		{"", "", ""},
	} {
		f.Add(s[0], s[1], s[2], uint8(0), false)
		f.Add(s[0], s[1], s[2], uint8(17), true)
	}
	emails := samples("")
	f.Fuzz(func(t *testing.T, text, name, address string, which uint8, persian bool) {
		l := lang.English
		if persian {
			l = lang.Persian
		}
		e := withUserText(emails[int(which)%len(emails)], text)
		if ask, ok := e.(SpeakerBacklogAsk); ok {
			ask.Contact = "organizers@tehpug.ir" // the group's address, from its configuration: no one types it
			e = ask
		}
		m, err := Compose(Recipient{Address: address, Name: name, Lang: l}, e)
		if err != nil {
			t.Fatalf("compose %s: %v", e.kind(), err)
		}
		if strings.ContainsAny(m.Subject, "\r\n") || strings.ContainsFunc(m.Subject, func(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) }) {
			t.Fatalf("subject %q spans lines or carries a bidi control", m.Subject)
		}
		checkMarkup(t, m.HTML) // no element or attribute but the email's own: the text is escaped
		if t.Failed() {
			t.FailNow()
		}

		raw, err := Encode(testFrom, m, testNow)
		if err != nil {
			if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || e.Fields["email"].Code == problem.None {
				t.Fatalf("encode refused with %v, want a 422 on email", err)
			}
			return
		}
		head, _, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
		if !ok {
			t.Fatalf("no header/body separator")
		}
		for i, line := range bytes.Split(head, []byte("\r\n")) {
			if bytes.ContainsFunc(line, func(r rune) bool { return r > unicode.MaxASCII || (unicode.IsControl(r) && r != '\t') }) {
				t.Fatalf("header line %d is not plain ASCII: %q", i+1, line)
			}
		}
		p := parseMessage(t, raw)
		if t.Failed() {
			t.FailNow()
		}
		for _, k := range p.keys {
			if !slices.Contains(headerNames, k) {
				t.Fatalf("header field %q: caller data became a header\n%s", k, head)
			}
			if fieldCount(p.header, k) != 1 {
				t.Fatalf("header field %q appears %d times", k, fieldCount(p.header, k))
			}
		}
		if got, err := p.header.Subject(); err != nil || got != m.Subject {
			t.Fatalf("subject reads back %q (%v), want %q", got, err, m.Subject)
		}
		to, err := p.header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != address || to[0].Name != displayName(name) {
			t.Fatalf("To reads back %v (%v), want %q <%s>", to, err, displayName(name), address)
		}
		if want := strings.ReplaceAll(m.Text, "\r\n", "\n"); p.text != want {
			t.Fatalf("text part reads back\n%q\nwant\n%q", p.text, want)
		}
		if want := strings.ReplaceAll(m.HTML, "\r\n", "\n"); p.html != want {
			t.Fatalf("HTML part does not read back as written")
		}
	})
}
