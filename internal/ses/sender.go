// Package ses sends the group's emails with Amazon SES: it owns the one SES
// call the application makes (SendRawEmail, so every header and part is the
// one email.Encode wrote) and what its failures mean to the rest of the
// code. Nothing else needs the SES SDK to send an email.
package ses

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsses "github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/ses/types"
	"github.com/aws/smithy-go"

	"github.com/tehpug/backend/internal/email"
)

// SESAPI is the one SES call the Sender needs; *ses.Client satisfies it, and
// a test can fake it.
type SESAPI interface {
	SendRawEmail(ctx context.Context, params *awsses.SendRawEmailInput, optFns ...func(*awsses.Options)) (*awsses.SendRawEmailOutput, error)
}

// Sender sends composed emails with SES, from one verified address.
type Sender struct {
	client SESAPI
	from   string
	now    func() time.Time
}

// NewSender returns a Sender that sends from `from` ("TehPUG
// <noreply@tehpug.ir>" or a bare address), which must be one ASCII address
// on one line: SES refuses anything else, and only after the first send.
func NewSender(client SESAPI, from string) (*Sender, error) {
	if client == nil {
		return nil, errors.New("ses sender: no SES client")
	}
	if strings.ContainsFunc(from, unicode.IsControl) {
		return nil, fmt.Errorf("ses sender: address %q has control characters", from)
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("ses sender: address %q: %w", from, err)
	}
	if strings.ContainsFunc(addr.Address, func(r rune) bool { return r > unicode.MaxASCII }) {
		return nil, fmt.Errorf("ses sender: address %q is not ASCII", addr.Address)
	}
	return &Sender{client: client, from: from, now: time.Now}, nil
}

// Send encodes m and sends it, returning the SES message id. A bad
// recipient is an apperr.Invalid error on the field "email", and never
// reaches SES. When SES refuses for rate, the error matches
// email.ErrThrottled. Errors never carry the recipient's address, so
// callers may log them.
func (s *Sender) Send(ctx context.Context, m email.Message) (messageID string, err error) {
	raw, err := email.Encode(s.from, m, s.now())
	if err != nil {
		return "", err
	}
	out, err := s.client.SendRawEmail(ctx, &awsses.SendRawEmailInput{
		Destinations: []string{m.To},
		RawMessage:   &types.RawMessage{Data: raw},
	})
	if err != nil {
		return "", &sendError{kind: m.Kind, to: m.To, err: err, throttled: throttled(err)}
	}
	return aws.ToString(out.MessageId), nil
}

// throttled reports whether err is SES refusing for rate.
func throttled(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.ErrorCode() {
	case "Throttling", "ThrottlingException", "TooManyRequestsException", "MaxSendingRateExceeded":
		return true
	}
	return false
}

// sendError wraps an SES failure. SES puts addresses in some messages
// ("Email address is not verified... x@y"), so the text hides the
// recipient; errors.As still reaches the SES error, and errors.Is finds
// email.ErrThrottled when SES refused for rate.
type sendError struct {
	kind, to  string
	err       error
	throttled bool
}

func (e *sendError) Error() string {
	msg := e.err.Error()
	if e.to != "" {
		msg = regexp.MustCompile("(?i)"+regexp.QuoteMeta(e.to)).ReplaceAllLiteralString(msg, "<recipient>")
	}
	if e.throttled {
		msg = "throttled: " + msg
	}
	return fmt.Sprintf("send %s email: %s", e.kind, msg)
}

func (e *sendError) Unwrap() []error {
	if e.throttled {
		return []error{email.ErrThrottled, e.err}
	}
	return []error{e.err}
}
