package email

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

const testFrom = "TehPUG <noreply@tehpug.ir>"

var testNow = time.Date(2025, 3, 21, 9, 30, 0, 0, time.FixedZone("IRST", 3*3600+1800))

// parsed is what a mail client sees in a message Encode wrote.
type parsed struct {
	header      gomail.Header
	keys        []string // header field names, in order
	text, html  string   // decoded bodies, line endings normalised to \n
	attachments []parsedAttachment
}

type parsedAttachment struct {
	filename, contentType string
	params                map[string]string
	data                  []byte
}

// parseMessage reads raw back with go-message, failing tb on anything a
// client could not read.
func parseMessage(tb testing.TB, raw []byte) parsed {
	tb.Helper()
	if n, crlf := bytes.Count(raw, []byte("\n")), bytes.Count(raw, []byte("\r\n")); n != crlf {
		tb.Errorf("message has %d bare LFs; lines must end with CRLF", n-crlf)
	}
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 {
			tb.Errorf("line %d is %d octets long, over RFC 5322's 998", i+1, len(line))
		}
	}
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		tb.Fatalf("parse message: %v\n%s", err, raw)
	}
	p := parsed{header: r.Header}
	for f := r.Header.Fields(); f.Next(); {
		p.keys = append(p.keys, f.Key())
	}
	for {
		part, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("next part: %v", err)
		}
		body, err := io.ReadAll(part.Body)
		if err != nil {
			tb.Fatalf("read part: %v", err)
		}
		switch h := part.Header.(type) {
		case *gomail.InlineHeader:
			ct, _, err := h.ContentType()
			if err != nil {
				tb.Fatalf("inline content type: %v", err)
			}
			text := strings.ReplaceAll(string(body), "\r\n", "\n")
			switch ct {
			case "text/plain":
				p.text = text
			case "text/html":
				p.html = text
			default:
				tb.Errorf("unexpected inline part %q", ct)
			}
		case *gomail.AttachmentHeader:
			name, err := h.Filename()
			if err != nil {
				tb.Fatalf("attachment filename: %v", err)
			}
			ct, params, err := h.ContentType()
			if err != nil {
				tb.Fatalf("attachment content type: %v", err)
			}
			p.attachments = append(p.attachments, parsedAttachment{filename: name, contentType: ct, params: params, data: body})
		}
	}
	return p
}

func TestEncode(t *testing.T) {
	const (
		persianSubject = "عضویت در TehPUG را تأیید کنید"
		persianText    = "سلام علی،\n\nبرای تأیید عضویت این پیوند را باز کنید:\nhttps://tehpug.ir/members/confirm?token=abc\n"
		persianHTML    = "<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\"><body><p>سلام <bdi>علی</bdi>،</p></body></html>\n"
		unsubscribeURL = "https://api.tehpug.ir/unsubscribe?token=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy"
	)
	longPersian := strings.Repeat("یادآوری دورهمی ماهانهٔ پایتون تهران ", 8)

	tests := []struct {
		name     string
		msg      Message
		wantName string // display name the client shows
	}{
		{
			name: "ascii transactional",
			msg: Message{To: "ali@example.org", ToName: "Ali Rezaei", Subject: "Confirm you want to join TehPUG",
				Text: "Hi Ali,\nopen the link.\n", HTML: "<p>Hi Ali</p>\n", Kind: "member-confirm"},
			wantName: "Ali Rezaei",
		},
		{
			name: "persian with unsubscribe",
			msg: Message{To: "ali@example.org", ToName: "علی رضایی", Subject: persianSubject,
				Text: persianText, HTML: persianHTML, Unsubscribe: unsubscribeURL, Kind: "member-welcome"},
			wantName: "علی رضایی",
		},
		{
			name: "long persian subject is folded and decodes back",
			msg: Message{To: "ali@example.org", Subject: longPersian, Text: persianText, HTML: persianHTML,
				Unsubscribe: unsubscribeURL, Kind: "meetup-reminder"},
		},
		{
			name: "CRLF in subject stays inside the subject",
			msg: Message{To: "ali@example.org", Subject: "Hello\r\nBcc: x@y", Text: "t\n", HTML: "<p>h</p>\n",
				Kind: "member-confirm"},
		},
		{
			name: "bare LF and header-like text in subject",
			msg:  Message{To: "ali@example.org", Subject: "Hi\nTo: victim@example.com\n\nbody", Text: "t\n", HTML: "<p>h</p>\n"},
		},
		{
			name:     "CRLF in display name cannot add a header",
			msg:      Message{To: "ali@example.org", ToName: "Ali\r\nBcc: x@y", Subject: "Hi", Text: "t\n", HTML: "<p>h</p>\n"},
			wantName: "Ali Bcc: x@y",
		},
		{
			name:     "display name with quotes and angle brackets",
			msg:      Message{To: "ali@example.org", ToName: `"Ali" <evil@example.com>, x@y`, Subject: "Hi", Text: "t\n", HTML: "<p>h</p>\n"},
			wantName: `"Ali" <evil@example.com>, x@y`,
		},
		{
			name: "calendar attachment",
			msg: Message{To: "ali@example.org", ToName: "علی", Subject: "یادآوری دورهمی", Text: persianText, HTML: persianHTML,
				Unsubscribe: unsubscribeURL, Kind: "meetup-reminder",
				Attachments: []Attachment{{
					Filename:    "meetup.ics",
					ContentType: "text/calendar; method=REQUEST; charset=utf-8",
					Data:        []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:دورهمی\r\nEND:VCALENDAR\r\n"),
				}}},
			wantName: "علی",
		},
		{
			name: "persian attachment filename and default content type",
			msg: Message{To: "ali@example.org", Subject: "Slides", Text: "t\n", HTML: "<p>h</p>\n",
				Attachments: []Attachment{{Filename: "اسلاید.pdf", Data: []byte{0, 1, 2, 0xff}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := Encode(testFrom, tt.msg, testNow)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			p := parseMessage(t, raw)

			if got, err := p.header.Subject(); err != nil || got != tt.msg.Subject {
				t.Errorf("subject = %q (err %v), want %q", got, err, tt.msg.Subject)
			}
			to, err := p.header.AddressList("To")
			if err != nil || len(to) != 1 {
				t.Fatalf("To = %v (err %v), want one address", to, err)
			}
			if to[0].Address != tt.msg.To || to[0].Name != tt.wantName {
				t.Errorf("To = %q <%s>, want %q <%s>", to[0].Name, to[0].Address, tt.wantName, tt.msg.To)
			}
			from, err := p.header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Address != "noreply@tehpug.ir" || from[0].Name != "TehPUG" {
				t.Errorf("From = %v (err %v)", from, err)
			}

			// Only the fields Encode writes: nothing smuggled in by the caller's data.
			allowed := map[string]bool{"Date": true, "From": true, "To": true, "Subject": true, "Message-Id": true,
				"Mime-Version": true, "Content-Type": true, "List-Unsubscribe": true, "List-Unsubscribe-Post": true}
			for _, k := range p.keys {
				if !allowed[k] {
					t.Errorf("unexpected header field %q", k)
				}
			}
			if n := fieldCount(p.header, "To"); n != 1 {
				t.Errorf("%d To fields, want 1", n)
			}
			if n := fieldCount(p.header, "Subject"); n != 1 {
				t.Errorf("%d Subject fields, want 1", n)
			}
			if got := p.header.Get("Mime-Version"); got != "1.0" {
				t.Errorf("MIME-Version = %q", got)
			}
			if date, err := p.header.Date(); err != nil || !date.Equal(testNow) {
				t.Errorf("Date = %v (err %v), want %v", date, err, testNow)
			}
			if id, err := p.header.MessageID(); err != nil || !strings.HasSuffix(id, "@tehpug.ir") {
				t.Errorf("Message-ID = %q (err %v), want one at tehpug.ir", id, err)
			}

			wantType := "multipart/alternative"
			if len(tt.msg.Attachments) > 0 {
				wantType = "multipart/mixed"
			}
			if ct, _, _ := p.header.ContentType(); ct != wantType {
				t.Errorf("Content-Type = %q, want %q", ct, wantType)
			}
			if p.text != tt.msg.Text {
				t.Errorf("text part = %q, want %q", p.text, tt.msg.Text)
			}
			if p.html != tt.msg.HTML {
				t.Errorf("html part = %q, want %q", p.html, tt.msg.HTML)
			}

			if tt.msg.Unsubscribe != "" {
				if got, want := p.header.Get("List-Unsubscribe"), "<"+tt.msg.Unsubscribe+">"; got != want {
					t.Errorf("List-Unsubscribe = %q, want %q", got, want)
				}
				if got := p.header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
					t.Errorf("List-Unsubscribe-Post = %q", got)
				}
			} else if p.header.Has("List-Unsubscribe") || p.header.Has("List-Unsubscribe-Post") {
				t.Error("transactional email has List-Unsubscribe headers")
			}

			if len(p.attachments) != len(tt.msg.Attachments) {
				t.Fatalf("%d attachments, want %d", len(p.attachments), len(tt.msg.Attachments))
			}
			for i, want := range tt.msg.Attachments {
				got := p.attachments[i]
				if got.filename != want.Filename {
					t.Errorf("attachment %d filename = %q, want %q", i, got.filename, want.Filename)
				}
				wantType := "application/octet-stream"
				if want.ContentType != "" {
					wantType = strings.SplitN(want.ContentType, ";", 2)[0]
				}
				if got.contentType != wantType {
					t.Errorf("attachment %d content type = %q, want %q", i, got.contentType, wantType)
				}
				if strings.Contains(want.ContentType, "method=REQUEST") && got.params["method"] != "REQUEST" {
					t.Errorf("attachment %d lost its parameters: %v", i, got.params)
				}
				if !bytes.Equal(got.data, want.Data) {
					t.Errorf("attachment %d data = %q, want %q", i, got.data, want.Data)
				}
			}
		})
	}
}

func fieldCount(h gomail.Header, key string) int {
	n := 0
	for f := h.FieldsByKey(key); f.Next(); {
		n++
	}
	return n
}

func TestEncodeMessageIDsDiffer(t *testing.T) {
	msg := Message{To: "ali@example.org", Subject: "Hi", Text: "t\n", HTML: "<p>h</p>\n"}
	ids := map[string]bool{}
	for range 3 {
		raw, err := Encode(testFrom, msg, testNow)
		if err != nil {
			t.Fatal(err)
		}
		h := parseMessage(t, raw).header
		id, _ := h.MessageID()
		if ids[id] {
			t.Fatalf("Message-ID %q repeated", id)
		}
		ids[id] = true
	}
}

func TestEncodeRejectsBadRecipient(t *testing.T) {
	tests := []struct {
		name, to string
	}{
		{"empty", ""},
		{"CRLF header injection", "ali@example.org\r\nBcc: x@y"},
		{"LF header injection", "ali@example.org\nBcc: x@y"},
		{"CR alone", "ali@example.org\rx"},
		{"two addresses", "ali@example.org, x@y.org"},
		{"two addresses with semicolon", "ali@example.org; x@y.org"},
		{"display name in address", "Ali <ali@example.org>"},
		{"comment", "ali@example.org (Ali)"},
		{"surrounding spaces", " ali@example.org "},
		{"not an address", "ali"},
		{"no domain", "ali@"},
		{"non-ASCII", "علی@example.org"},
		{"NUL", "ali@example.org\x00"},
		{"too long", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := Encode(testFrom, Message{To: tt.to, Subject: "Hi", Text: "t", HTML: "<p>h</p>"}, testNow)
			if err == nil {
				t.Fatalf("Encode accepted %q:\n%s", tt.to, raw)
			}
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid || e.Fields["email"].Code == problem.None {
				t.Fatalf("error = %#v, want apperr.Invalid on field email", err)
			}
			if strings.Contains(err.Error(), "ali@") {
				t.Errorf("error %q repeats the address", err)
			}
		})
	}
}

func TestEncodeRejectsBadInput(t *testing.T) {
	ok := Message{To: "ali@example.org", Subject: "Hi", Text: "t", HTML: "<p>h</p>"}
	tests := []struct {
		name string
		from string
		edit func(*Message)
	}{
		{"CRLF in unsubscribe URL", testFrom, func(m *Message) { m.Unsubscribe = "https://tehpug.ir/u?t=1\r\nBcc: x@y" }},
		{"angle bracket in unsubscribe URL", testFrom, func(m *Message) { m.Unsubscribe = "https://tehpug.ir/u?t=1>, <mailto:x@y" }},
		{"relative unsubscribe URL", testFrom, func(m *Message) { m.Unsubscribe = "/unsubscribe?token=1" }},
		{"javascript unsubscribe URL", testFrom, func(m *Message) { m.Unsubscribe = "javascript:alert(1)" }},
		{"no body", testFrom, func(m *Message) { m.Text, m.HTML = "", "" }},
		{"bad attachment type", testFrom, func(m *Message) {
			m.Attachments = []Attachment{{Filename: "a", ContentType: "text/calendar\r\nBcc: x@y"}}
		}},
		{"bad sender", "not an address", func(*Message) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			if raw, err := Encode(tt.from, m, testNow); err == nil {
				t.Fatalf("Encode accepted it:\n%s", raw)
			}
		})
	}
}
