package email

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
	"github.com/tehpug/backend/internal/problem"
)

// Limits on what Encode accepts. maxAddressLen is RFC 5321's path limit;
// maxURLLen keeps the List-Unsubscribe header within one 998-octet line.
const (
	maxAddressLen = 254
	maxURLLen     = 900
)

// Encode writes m as RFC 5322 bytes from `from` (e.g. "TehPUG <noreply@tehpug.ir>"),
// dated now, with a random Message-ID and a multipart/alternative text + HTML
// body (wrapped in multipart/mixed when there are attachments). When
// m.Unsubscribe is set it adds the RFC 8058 List-Unsubscribe and
// List-Unsubscribe-Post headers, which only non-transactional emails carry.
// A bad recipient address is an apperr.Invalid error on the field "email".
// Caller data never becomes a header of its own: the recipient address is
// validated, display names and subjects are RFC 2047 encoded by go-message,
// and go-message refuses any header value that still holds CR or LF.
func Encode(from string, m Message, now time.Time) ([]byte, error) {
	to, err := recipient(m.To, m.ToName)
	if err != nil {
		return nil, err
	}
	sender, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("encode %s email: sender address: %w", m.Kind, err)
	}
	if m.Text == "" && m.HTML == "" {
		return nil, fmt.Errorf("encode %s email: no body", m.Kind)
	}

	// go-message writes the fields added last first, so they are added here
	// bottom-up to read Date, From, To, Subject... in the message.
	var h gomail.Header
	if m.Unsubscribe != "" {
		if err := checkUnsubscribeURL(m.Unsubscribe); err != nil {
			return nil, fmt.Errorf("encode %s email: %w", m.Kind, err)
		}
		h.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		h.Set("List-Unsubscribe", "<"+m.Unsubscribe+">")
	}
	if err := h.GenerateMessageIDWithHostname(domainOf(sender.Address)); err != nil {
		return nil, fmt.Errorf("encode %s email: message id: %w", m.Kind, err)
	}
	h.SetSubject(m.Subject)
	h.SetAddressList("To", []*gomail.Address{to})
	h.SetAddressList("From", []*gomail.Address{sender})
	h.SetDate(now)

	var buf bytes.Buffer
	if err := writeBody(&buf, h, m); err != nil {
		return nil, fmt.Errorf("encode %s email: %w", m.Kind, err)
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
	invalid := func(code problem.Code, args ...any) error { return apperr.Field("email", code, args...) }
	switch {
	case addr == "":
		return nil, invalid(problem.Required)
	case len(addr) > maxAddressLen:
		return nil, invalid(problem.TooLong, maxAddressLen)
	case strings.ContainsFunc(addr, func(r rune) bool { return r > unicode.MaxASCII || unicode.IsControl(r) }):
		return nil, invalid(problem.PlainEmail)
	}
	parsed, err := netmail.ParseAddress(addr)
	if err != nil || parsed.Name != "" || parsed.Address != addr || !strings.Contains(addr, "@") {
		return nil, invalid(problem.OneEmail)
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
		return errors.New("unsubscribe URL does not parse") // url's error repeats the URL, token and all
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
