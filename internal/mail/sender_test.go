package mail

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/smithy-go"

	"github.com/tehpug/backend/internal/apperr"
)

// fakeSES is a hand-written SESAPI: each test sets the function it needs.
type fakeSES struct {
	sendRawEmail func(ctx context.Context, in *ses.SendRawEmailInput) (*ses.SendRawEmailOutput, error)
	calls        int
}

func (f *fakeSES) SendRawEmail(ctx context.Context, in *ses.SendRawEmailInput, _ ...func(*ses.Options)) (*ses.SendRawEmailOutput, error) {
	f.calls++
	return f.sendRawEmail(ctx, in)
}

func TestSenderSend(t *testing.T) {
	persian := Message{
		To: "sara@example.org", ToName: "سارا", Subject: "به TehPUG خوش آمدید",
		Text: "سلام سارا،\nخوش آمدید!\n", HTML: "<html lang=\"fa\" dir=\"rtl\"><body><p>سلام</p></body></html>\n",
		Unsubscribe: "https://api.tehpug.ir/unsubscribe?token=abc", Kind: "member-welcome",
	}
	rejected := &smithy.GenericAPIError{Code: "MessageRejected",
		Message: "Email address is not verified. The following identities failed the check in region EU-WEST-1: Sara@Example.org"}

	tests := []struct {
		name      string
		msg       Message
		sesErr    error
		wantID    string
		wantCode  apperr.Code // for errors Build raises
		wantSESOK bool        // the SES error is reachable with errors.As
		wantCalls int
	}{
		{name: "persian message", msg: persian, wantID: "0102-ses-id", wantCalls: 1},
		{name: "SES rejects", msg: persian, sesErr: rejected, wantSESOK: true, wantCalls: 1},
		{name: "bad recipient never reaches SES", msg: Message{To: "sara@example.org\r\nBcc: x@y", Subject: "x", Text: "x"},
			wantCode: apperr.Invalid, wantCalls: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2025, 4, 1, 6, 0, 0, 0, time.UTC)
			fake := &fakeSES{sendRawEmail: func(ctx context.Context, in *ses.SendRawEmailInput) (*ses.SendRawEmailOutput, error) {
				if got := in.Destinations; len(got) != 1 || got[0] != tt.msg.To {
					t.Errorf("Destinations = %v, want [%s]", got, tt.msg.To)
				}
				if in.RawMessage == nil {
					t.Fatal("no RawMessage")
				}
				p := parseMessage(t, in.RawMessage.Data)
				if got, _ := p.header.Subject(); got != tt.msg.Subject {
					t.Errorf("subject = %q, want %q", got, tt.msg.Subject)
				}
				if from, _ := p.header.AddressList("From"); len(from) != 1 || from[0].Address != "noreply@tehpug.ir" {
					t.Errorf("From = %v", from)
				}
				if to, _ := p.header.AddressList("To"); len(to) != 1 || to[0].Address != tt.msg.To || to[0].Name != tt.msg.ToName {
					t.Errorf("To = %v", to)
				}
				if date, _ := p.header.Date(); !date.Equal(now) {
					t.Errorf("Date = %v, want %v", date, now)
				}
				if p.text != tt.msg.Text || p.html != tt.msg.HTML {
					t.Errorf("bodies = %q, %q", p.text, p.html)
				}
				if got := p.header.Get("List-Unsubscribe"); got != "<"+tt.msg.Unsubscribe+">" {
					t.Errorf("List-Unsubscribe = %q", got)
				}
				if tt.sesErr != nil {
					return nil, tt.sesErr
				}
				return &ses.SendRawEmailOutput{MessageId: aws.String(tt.wantID)}, nil
			}}
			s := NewSender(fake, testFrom)
			s.now = func() time.Time { return now }

			id, err := s.Send(context.Background(), tt.msg)
			if fake.calls != tt.wantCalls {
				t.Errorf("SES called %d times, want %d", fake.calls, tt.wantCalls)
			}
			switch {
			case tt.wantCode != "":
				if !apperr.Is(err, tt.wantCode) {
					t.Fatalf("err = %v, want code %s", err, tt.wantCode)
				}
				if e, _ := apperr.As(err); e.Fields["email"] == "" {
					t.Errorf("error has no email field: %v", e.Fields)
				}
			case tt.sesErr != nil:
				if err == nil {
					t.Fatal("Send succeeded")
				}
				var apiErr smithy.APIError
				if tt.wantSESOK && (!errors.As(err, &apiErr) || apiErr.ErrorCode() != "MessageRejected") {
					t.Errorf("SES error not reachable in %v", err)
				}
				if msg := strings.ToLower(err.Error()); strings.Contains(msg, "sara@") || !strings.Contains(msg, "member-welcome") {
					t.Errorf("error %q shows the address or lacks the kind", err)
				}
			default:
				if err != nil {
					t.Fatalf("Send: %v", err)
				}
				if id != tt.wantID {
					t.Errorf("message id = %q, want %q", id, tt.wantID)
				}
			}
		})
	}
}
