package mail

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/ses/types"
)

// SESAPI is the one SES call the Sender needs; *ses.Client satisfies it.
type SESAPI interface {
	SendRawEmail(ctx context.Context, params *ses.SendRawEmailInput, optFns ...func(*ses.Options)) (*ses.SendRawEmailOutput, error)
}

// Sender sends messages with SES SendRawEmail, so every header and part is
// the one Build wrote.
type Sender struct {
	client SESAPI
	from   string
	now    func() time.Time
}

// NewSender returns a Sender that sends from `from` (e.g. "TehPUG <noreply@tehpug.ir>").
func NewSender(client SESAPI, from string) *Sender {
	return &Sender{client: client, from: from, now: time.Now}
}

// Send builds m and sends it, returning the SES message id. A bad recipient
// is an apperr.Invalid error on the field "email". Errors never carry the
// recipient's address, so callers may log them.
func (s *Sender) Send(ctx context.Context, m Message) (messageID string, err error) {
	raw, err := Build(s.from, m, s.now())
	if err != nil {
		return "", err
	}
	out, err := s.client.SendRawEmail(ctx, &ses.SendRawEmailInput{
		Destinations: []string{m.To},
		RawMessage:   &types.RawMessage{Data: raw},
	})
	if err != nil {
		return "", &sendError{kind: m.Kind, to: m.To, err: err}
	}
	return aws.ToString(out.MessageId), nil
}

// sendError wraps an SES failure. SES puts addresses in some messages
// ("Email address is not verified... x@y"), so the text hides the recipient;
// errors.As still reaches the SES error (e.g. to spot throttling).
type sendError struct {
	kind, to string
	err      error
}

func (e *sendError) Error() string {
	msg := e.err.Error()
	if e.to != "" {
		msg = regexp.MustCompile("(?i)"+regexp.QuoteMeta(e.to)).ReplaceAllLiteralString(msg, "<recipient>")
	}
	return fmt.Sprintf("send %s email: %s", e.kind, msg)
}

func (e *sendError) Unwrap() error { return e.err }
