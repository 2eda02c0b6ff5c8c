// Package emailtest reads back, in tests, what the emails of package email
// put where (the red banner organizer emails open with), keeps what was
// sent, and fails sends on cue.
package emailtest

import (
	"context"
	"errors"
	"html"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/testenv"
)

// ErrInjected is what a send a test made fail returns.
var ErrInjected = errors.New("injected failure")

// FlakySender sends through Sender, except the sends a test asks to fail
// (FailNext), which return ErrInjected, as SES does when it is down.
type FlakySender struct {
	email.Sender
	fails testenv.Countdown
}

// FailNext makes one more of the next sends fail.
func (f *FlakySender) FailNext() { f.fails.Add(1) }

// Send sends m, or fails if a failure is owed.
func (f *FlakySender) Send(ctx context.Context, m email.Message) (string, error) {
	if f.fails.Take() {
		return "", ErrInjected
	}
	return f.Sender.Send(ctx, m)
}

// Recorder sends through Sender and keeps every message it is given, for
// what the SES emulator does not keep (headers, attachments' bytes).
type Recorder struct {
	email.Sender
	mu   sync.Mutex
	sent []email.Message
}

// Send keeps m and sends it.
func (r *Recorder) Send(ctx context.Context, m email.Message) (string, error) {
	r.mu.Lock()
	r.sent = append(r.sent, m)
	r.mu.Unlock()
	return r.Sender.Send(ctx, m)
}

// Sent is every message given to Send so far, oldest first.
func (r *Recorder) Sent() []email.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]email.Message(nil), r.sent...)
}

// EachLanguage runs f as a parallel subtest in each organizer language.
func EachLanguage(t *testing.T, f func(t *testing.T, lang string)) {
	for _, lang := range []string{"en", "fa"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			f(t, lang)
		})
	}
}

// BannerHeading is how the red banner starts, in each organizer language.
var BannerHeading = map[string]string{
	"en": "RED ALERT: no talk yet, two weeks or less before these meetups:",
	"fa": "هشدار قرمز: تا این دورهمی‌ها دو هفته یا کمتر مانده",
}

// RedBanner returns the red banner e opens with, as its text part and its
// HTML part show it ("" when it has none). It fails the test if e has a
// banner in one part but not the other, or anywhere but at the top of its
// body, or written in another direction than lang's.
func RedBanner(tb testing.TB, e testenv.Email, lang string) (text, html string) {
	tb.Helper()
	heading := BannerHeading[lang]
	if strings.HasPrefix(e.Text, heading) {
		// The heading, a blank line, the list, a blank line.
		head, rest, _ := strings.Cut(e.Text, "\n\n")
		list, _, _ := strings.Cut(rest, "\n\n")
		text = head + "\n\n" + list
	} else if strings.Contains(e.Text, heading) {
		tb.Errorf("%q: the banner is not at the top of the text:\n%s", e.Subject, e.Text)
	}
	dir := map[string]string{"en": "ltr", "fa": "rtl"}[lang]
	const top = `</h1>` // the email's heading, its subject, then the banner
	open := `<div dir="` + dir + `" style="padding:12px;margin:0 0 16px;background-color:#b00020;color:#ffffff;">`
	if i := strings.Index(e.HTML, open); i >= 0 {
		html, _, _ = strings.Cut(e.HTML[i:], "</ul></div>")
		if j := strings.Index(e.HTML, top); j < 0 || j+len(top) != i {
			tb.Errorf("%q: the banner is not at the top of the HTML:\n%s", e.Subject, e.HTML)
		}
		if !strings.Contains(html, heading) {
			tb.Errorf("%q: the HTML banner has no heading:\n%s", e.Subject, html)
		}
	} else if strings.Contains(e.HTML, heading) {
		tb.Errorf("%q: the HTML banner is not a %s block at the top:\n%s", e.Subject, dir, e.HTML)
	}
	if (text == "") != (html == "") {
		tb.Errorf("%q: a banner in one part only:\ntext %q\nhtml %q", e.Subject, text, html)
	}
	return text, html
}

// WantBanner fails the test unless both parts of the red banner of the
// email with subject (as RedBanner returns them) name each of has and none
// of notRed.
func WantBanner(tb testing.TB, subject, text, html string, has, notRed []string) {
	tb.Helper()
	for _, part := range []string{text, html} {
		for _, want := range has {
			if !strings.Contains(part, want) {
				tb.Errorf("%q: the banner lacks %q:\n%s", subject, want, part)
			}
		}
		for _, name := range notRed {
			if strings.Contains(part, name) {
				tb.Errorf("%q: the banner names %s, which is not red:\n%s", subject, name, part)
			}
		}
	}
}

// hrefRE finds the href of every link in an email's HTML.
var hrefRE = regexp.MustCompile(`<a\s[^>]*href="([^"]*)"`)

// Hrefs is the address of every link in an email's HTML, in order.
func Hrefs(doc string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(doc, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}
