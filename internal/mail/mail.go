// Package mail owns every email the group sends: the texts (embedded
// templates in English and Persian), their encoding as safe RFC 5322 / MIME
// messages, and sending them with SES SendRawEmail.
//
// Templates live in templates/<lang>/<name>.tmpl, one file per email per
// language. Each file defines three blocks:
//
//	{{define "subject"}}...{{end}}  whitespace is collapsed to one line
//	{{define "text"}}...{{end}}     the plain-text body
//	{{define "html"}}...{{end}}     the HTML body, placed inside templates/layout.html; values are HTML-escaped
//
// in text/template's syntax, limited to what tmpl.go implements (fields,
// {{if}}/{{else}}, {{template}}, comments and trim markers) so that no
// binary links text/template or html/template.
//
// templates/<lang>/_layout.tmpl holds what the shared layouts (layout.html,
// layout.txt) say in that language: the footers, with the unsubscribe link
// when the data has a non-empty Unsubscribe key. To add an email, add
// templates/en/<name>.tmpl and templates/fa/<name>.tmpl; nothing needs
// registering, and the tests check that every email exists in every language
// and escapes user text. A new language is a new folder plus its entry in
// directions (render.go).
//
// Build never lets caller data create a header: the recipient address is
// validated, display names and subjects are RFC 2047 encoded by go-message, and
// go-message refuses any header value that still holds CR or LF.
package mail

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gomail "github.com/emersion/go-message/mail"

	"github.com/tehpug/backend/internal/apperr"
)

// Message is one email to one recipient, before MIME encoding.
type Message struct {
	To          string       // recipient address: a bare addr-spec ("ali@example.org"), ASCII only
	ToName      string       // optional display name (any UTF-8, e.g. Persian); encoded safely
	Subject     string       // any UTF-8; RFC 2047 encoded in the header
	Text        string       // plain-text body
	HTML        string       // complete HTML document (already escaped by the templates)
	Unsubscribe string       // one-click unsubscribe URL; empty means transactional: no List-Unsubscribe headers
	Attachments []Attachment // e.g. a text/calendar invite
	Kind        string       // short label for logs ("member-confirm"); never an address
}

// Attachment is a file sent along with a Message, such as a calendar invite.
type Attachment struct {
	Filename    string // shown to the recipient; RFC 2047 encoded when not ASCII
	ContentType string // e.g. "text/calendar; method=REQUEST; charset=utf-8"; empty means application/octet-stream
	Data        []byte
}

// Limits on what Build accepts. maxAddressLen is RFC 5321's path limit;
// maxURLLen keeps the List-Unsubscribe header within one 998-octet line.
const (
	maxAddressLen = 254
	maxURLLen     = 900
)

// Build encodes m as RFC 5322 bytes from `from` (e.g. "TehPUG <noreply@tehpug.ir>"),
// dated now, with a random Message-ID and a multipart/alternative text + HTML
// body (wrapped in multipart/mixed when there are attachments). When
// m.Unsubscribe is set it adds the RFC 8058 List-Unsubscribe and
// List-Unsubscribe-Post headers. A bad recipient address is an apperr.Invalid
// error on the field "email".
func Build(from string, m Message, now time.Time) ([]byte, error) {
	to, err := recipient(m.To, m.ToName)
	if err != nil {
		return nil, err
	}
	sender, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("build %s email: sender address: %w", m.Kind, err)
	}
	if m.Text == "" && m.HTML == "" {
		return nil, fmt.Errorf("build %s email: no body", m.Kind)
	}

	// go-message writes the fields added last first, so they are added here
	// bottom-up to read Date, From, To, Subject... in the message.
	var h gomail.Header
	if m.Unsubscribe != "" {
		if err := checkUnsubscribeURL(m.Unsubscribe); err != nil {
			return nil, fmt.Errorf("build %s email: %w", m.Kind, err)
		}
		h.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		h.Set("List-Unsubscribe", "<"+m.Unsubscribe+">")
	}
	if err := h.GenerateMessageIDWithHostname(domainOf(sender.Address)); err != nil {
		return nil, fmt.Errorf("build %s email: message id: %w", m.Kind, err)
	}
	h.SetSubject(m.Subject)
	h.SetAddressList("To", []*gomail.Address{to})
	h.SetAddressList("From", []*gomail.Address{sender})
	h.SetDate(now)

	var buf bytes.Buffer
	if err := writeBody(&buf, h, m); err != nil {
		return nil, fmt.Errorf("build %s email: %w", m.Kind, err)
	}
	return buf.Bytes(), nil
}

// writeBody writes the header and the MIME tree: alternative text + HTML,
// inside mixed when there are attachments.
func writeBody(buf *bytes.Buffer, h gomail.Header, m Message) error {
	if len(m.Attachments) == 0 {
		iw, err := gomail.CreateInlineWriter(buf, h)
		if err != nil {
			return err
		}
		if err := writeAlternatives(iw, m); err != nil {
			return err
		}
		return iw.Close()
	}

	mw, err := gomail.CreateWriter(buf, h)
	if err != nil {
		return err
	}
	iw, err := mw.CreateInline()
	if err != nil {
		return err
	}
	if err := writeAlternatives(iw, m); err != nil {
		return err
	}
	if err := iw.Close(); err != nil {
		return err
	}
	for i, a := range m.Attachments {
		if err := writeAttachment(mw, a); err != nil {
			return fmt.Errorf("attachment %d: %w", i, err)
		}
	}
	return mw.Close()
}

// writeAlternatives writes the text part, then the HTML part: the last
// alternative is the preferred one (RFC 2046 §5.1.4).
func writeAlternatives(iw *gomail.InlineWriter, m Message) error {
	for _, p := range []struct{ mediaType, body string }{
		{"text/plain", m.Text},
		{"text/html", m.HTML},
	} {
		if p.body == "" {
			continue
		}
		var ph gomail.InlineHeader
		ph.SetContentType(p.mediaType, map[string]string{"charset": "utf-8"})
		ph.Set("Content-Transfer-Encoding", "quoted-printable")
		w, err := iw.CreatePart(ph)
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	return nil
}

func writeAttachment(mw *gomail.Writer, a Attachment) error {
	mediaType, params := "application/octet-stream", map[string]string{}
	if a.ContentType != "" {
		var err error
		mediaType, params, err = mime.ParseMediaType(a.ContentType)
		if err != nil {
			return fmt.Errorf("content type: %w", err)
		}
	}
	filename := a.Filename
	if filename == "" {
		filename = "attachment"
	}
	var ah gomail.AttachmentHeader
	ah.SetContentType(mediaType, params)
	ah.SetFilename(filename)
	ah.Set("Content-Transfer-Encoding", "base64")
	w, err := mw.CreateAttachment(ah)
	if err != nil {
		return err
	}
	if _, err := w.Write(a.Data); err != nil {
		return err
	}
	return w.Close()
}

// recipient validates a recipient address and pairs it with a display name.
// Only a bare ASCII addr-spec is accepted: SES needs ASCII local parts, and
// anything else ("a@b, c@d", "Name <a@b>", comments) is not one address.
func recipient(addr, name string) (*gomail.Address, error) {
	invalid := func(problem string) error { return apperr.Field("email", problem) }
	switch {
	case addr == "":
		return nil, invalid("is required")
	case len(addr) > maxAddressLen:
		return nil, invalid(fmt.Sprintf("must be at most %d characters", maxAddressLen))
	case strings.ContainsFunc(addr, func(r rune) bool { return r > unicode.MaxASCII || unicode.IsControl(r) }):
		return nil, invalid("must be a plain email address")
	}
	parsed, err := netmail.ParseAddress(addr)
	if err != nil || parsed.Name != "" || parsed.Address != addr || !strings.Contains(addr, "@") {
		return nil, invalid("must be a single valid email address")
	}
	return &gomail.Address{Name: displayName(name), Address: parsed.Address}, nil
}

// displayName makes a name fit for a header: valid UTF-8 on one line. The
// encoding itself (quoting or RFC 2047) is net/mail's.
func displayName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name)
	return strings.Join(strings.Fields(name), " ")
}

// checkUnsubscribeURL accepts an absolute http(s) URL that can sit inside
// <...> in a header: no spaces, controls, angle brackets or non-ASCII.
func checkUnsubscribeURL(raw string) error {
	if len(raw) > maxURLLen {
		return errors.New("unsubscribe URL too long")
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c <= ' ' || c >= utf8.RuneSelf || c == '<' || c == '>' || c == 0x7f {
			return errors.New("unsubscribe URL has characters not allowed in a header")
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("unsubscribe URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("unsubscribe URL must be absolute http(s)")
	}
	return nil
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "localhost"
}
