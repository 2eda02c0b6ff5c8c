// Package email owns every email the group sends: what each one says, in
// English and Persian (one typed struct per email, its templ templates beside
// it), the links they carry (Links), their plain-text part, and their
// encoding as safe RFC 5322 / MIME messages (Encode). It never sends: an
// adapter such as internal/ses does, so nothing here links a cloud SDK.
//
// An email is a struct such as MemberConfirm, composed for one recipient:
//
//	m, err := email.Compose(email.Recipient{Address: a, Name: n, Lang: lang.Persian},
//		email.MemberConfirm{Name: n, ConfirmLink: links.ConfirmMembership(raw)})
//
// Each *.templ file holds a few emails, each with its struct, its subject
// and its body in both languages side by side. The HTML is the one source of
// every email: the plain-text part is derived from it (plainText). The
// *_templ.go files are generated from the .templ files by the pinned templ
// (make generate, or go generate ./...) and are not committed: every make
// target that builds or tests generates them first.
package email

//go:generate go tool templ generate -path .

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/a-h/templ"

	"github.com/tehpug/backend/internal/lang"
)

// ErrThrottled is what a sending adapter wraps when the provider refuses for
// rate, so the delivery engine can slow down without knowing the provider.
var ErrThrottled = errors.New("email: sending is throttled")

// Message is one email to one recipient, before MIME encoding.
type Message struct {
	To          string       // recipient address: a bare addr-spec ("ali@example.org"), ASCII only
	ToName      string       // optional display name (any UTF-8, e.g. Persian); encoded safely
	Subject     string       // any UTF-8, one line; RFC 2047 encoded in the header
	Text        string       // plain-text body
	HTML        string       // complete HTML document, user text already escaped
	Unsubscribe string       // one-click unsubscribe URL; empty means transactional: no List-Unsubscribe headers
	Attachments []Attachment // e.g. a text/calendar invite
	Kind        string       // the email's name for logs ("member-confirm"); never an address
}

// Attachment is a file sent along with a Message, such as a calendar invite.
type Attachment struct {
	Filename    string // shown to the recipient; RFC 2047 encoded when not ASCII
	ContentType string // e.g. "text/calendar; method=REQUEST; charset=utf-8"; empty means application/octet-stream
	Data        []byte
}

// Recipient is who an email goes to, and the language it is written in for
// them (anything but a known language gets English).
type Recipient struct {
	Address string // bare addr-spec; checked by Encode
	Name    string // display name in the To header; may be empty
	Lang    lang.Tag
}

// Email is one of the emails this package writes. Its methods are
// unexported, so only this package defines emails: each has its texts, in
// every language, here.
type Email interface {
	// kind is the email's name ("member-confirm"), for logs and ledgers.
	kind() string
	// content is the subject and the HTML body (what goes inside the
	// layout) in language l.
	content(l lang.Tag) (subject string, body templ.Component)
}

// listEmail is an email that is not transactional: it carries the member's
// one-click unsubscribe link, in its footer and in the List-Unsubscribe
// header. required says the email may not go without one.
type listEmail interface {
	unsubscribeLink() (link string, required bool)
}

// toMember is an email that may go to a member: when it carries the link to
// their own page (Links.MemberPage), its footer shows it.
type toMember interface {
	memberPage() string
}

// withAttachments is an email that goes with files, such as an invite.
type withAttachments interface {
	attachments() []Attachment
}

// Compose writes e for to, in to's language: the subject on one line, the
// HTML document (the shared layout around the email's body, with the footer
// and, for a non-transactional email, its unsubscribe link) and the plain
// text derived from it. It fails if e has no link where it needs one, or a
// link that is not an absolute http(s) or mailto URL, so no email goes out
// with a dead button.
func Compose(to Recipient, e Email) (Message, error) {
	if e == nil {
		return Message{}, errors.New("compose: no email")
	}
	l := lang.Parse(string(to.Lang))
	kind := e.kind()
	fail := func(err error) (Message, error) { return Message{}, fmt.Errorf("compose %s (%s): %w", kind, l, err) }

	var unsubscribe string
	if le, ok := e.(listEmail); ok {
		link, required := le.unsubscribeLink()
		if link == "" && required {
			return fail(errors.New("no unsubscribe link"))
		}
		if link != "" {
			if err := checkUnsubscribeURL(link); err != nil {
				return fail(err)
			}
		}
		unsubscribe = link
	}

	var page string
	if tm, ok := e.(toMember); ok {
		page = tm.memberPage()
	}

	subject, body := e.content(l)
	subject = subjectLine(subject)
	bodyHTML, err := render(body)
	if err != nil {
		return fail(err)
	}
	footerHTML, err := render(footer(l, unsubscribe, page))
	if err != nil {
		return fail(err)
	}
	html, err := render(document(l, subject, templ.Raw(bodyHTML), templ.Raw(footerHTML)))
	if err != nil {
		return fail(err)
	}

	bodyText, bodyLinks, err := plainText(bodyHTML)
	if err != nil {
		return fail(err)
	}
	footerText, footerLinks, err := plainText(footerHTML)
	if err != nil {
		return fail(err)
	}
	for i, link := range append(bodyLinks, footerLinks...) {
		if !linkable(link) {
			// The link itself may carry a token: it stays out of the error.
			return fail(fmt.Errorf("link %d is empty, unsafe or not absolute", i+1))
		}
	}

	m := Message{
		To: to.Address, ToName: to.Name, Subject: subject,
		Text: lineBreaks.Replace(bodyText + "\n\n-- \n" + footerText + "\n"), HTML: lineBreaks.Replace(html + "\n"),
		Unsubscribe: unsubscribe, Kind: kind,
	}
	if we, ok := e.(withAttachments); ok {
		m.Attachments = we.attachments()
	}
	return m, nil
}

// lineBreaks turns every CRLF and lone CR into LF. A carriage return in user
// text would reach a part as written, and the quoted-printable encoding sends
// a lone one as a line break, so the part would not read back as composed;
// in the HTML it means nothing more, since a browser reads CR as LF anyway.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// render writes a component to a string. Rendering only fails on a
// cancelled context, which this one never is.
func render(c templ.Component) (string, error) {
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		return "", err
	}
	return b.String(), nil
}

// oneLine collapses every run of white space (line breaks included) into one
// space, so a subject is one header line whatever the data held.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// subjectLine is a subject as it goes out: one line (oneLine), with no bidi
// control character (overrides, embeddings, isolates, marks). A subject is
// plain text built around user text (a talk's title, a name), and a client
// shows it with no markup to contain a control: a right-to-left override in
// a title would reorder everything after it. None of our own subjects needs
// one, so they are dropped, not isolated; the joiners Persian writing needs
// (ZWNJ, ZWJ) are not bidi controls and stay.
func subjectLine(s string) string {
	return oneLine(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s))
}

// Sender sends a composed message: the SES adapter, or what a test puts in
// its place. Every service that emails takes one.
type Sender interface {
	Send(ctx context.Context, m Message) (messageID string, err error)
}

// Send composes e for to and sends it with s: the one call a service makes
// to email someone.
func Send(ctx context.Context, s Sender, to Recipient, e Email) error {
	if e == nil {
		return errors.New("email: send a nil email")
	}
	m, err := Compose(to, e)
	if err != nil {
		return fmt.Errorf("compose %s: %w", e.kind(), err)
	}
	if _, err := s.Send(ctx, m); err != nil {
		return fmt.Errorf("send %s: %w", m.Kind, err)
	}
	return nil
}
