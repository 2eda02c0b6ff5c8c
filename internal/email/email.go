// Package email owns every email the group sends: the links they carry
// (Links) and their encoding as safe RFC 5322 / MIME messages (Encode). It
// never sends: an adapter does, so nothing here links a cloud SDK.
package email

import "errors"

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
