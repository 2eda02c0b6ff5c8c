// Package emailtest reads back, in tests, what the emails of package email
// put where (the red banner organizer emails open with), and fails sends on
// cue.
package emailtest

import (
	"context"
	"errors"
	"strings"
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
	const top = `color:#1f4e79;">TehPUG</p>`
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
