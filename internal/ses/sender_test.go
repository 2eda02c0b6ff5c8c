package ses

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsses "github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/smithy-go"
	gomail "github.com/emersion/go-message/mail"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/problem"
)

const testFrom = "TehPUG <noreply@tehpug.ir>"

// fakeSES is a hand-written SESAPI: each test sets the function it needs.
type fakeSES struct {
	sendRawEmail func(ctx context.Context, in *awsses.SendRawEmailInput) (*awsses.SendRawEmailOutput, error)
	calls        int
}

func (f *fakeSES) SendRawEmail(ctx context.Context, in *awsses.SendRawEmailInput, _ ...func(*awsses.Options)) (*awsses.SendRawEmailOutput, error) {
	f.calls++
	return f.sendRawEmail(ctx, in)
}

// readMessage is what a mail client reads in raw: the header and the text
// and HTML parts, line endings as \n.
func readMessage(tb testing.TB, raw []byte) (h gomail.Header, text, html string) {
	tb.Helper()
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		tb.Fatalf("parse message: %v\n%s", err, raw)
	}
	for {
		part, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			return r.Header, text, html
		}
		if err != nil {
			tb.Fatalf("next part: %v", err)
		}
		body, err := io.ReadAll(part.Body)
		if err != nil {
			tb.Fatalf("read part: %v", err)
		}
		if ih, ok := part.Header.(*gomail.InlineHeader); ok {
			switch ct, _, _ := ih.ContentType(); ct {
			case "text/plain":
				text = strings.ReplaceAll(string(body), "\r\n", "\n")
			case "text/html":
				html = strings.ReplaceAll(string(body), "\r\n", "\n")
			}
		}
	}
}

func TestNewSender(t *testing.T) {
	tests := []struct {
		name, from string
		client     SESAPI
		ok         bool
	}{
		{"name and address", testFrom, &fakeSES{}, true},
		{"bare address", "noreply@tehpug.ir", &fakeSES{}, true},
		{"persian name", "گروه پایتون <noreply@tehpug.ir>", &fakeSES{}, true},
		{"no client", testFrom, nil, false},
		{"empty", "", &fakeSES{}, false},
		{"not an address", "TehPUG", &fakeSES{}, false},
		{"two addresses", "a@tehpug.ir, b@tehpug.ir", &fakeSES{}, false},
		{"header injection", "noreply@tehpug.ir\r\nBcc: x@y", &fakeSES{}, false},
		{"non-ASCII address", "نام@tehpug.ir", &fakeSES{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSender(tt.client, tt.from)
			if tt.ok != (err == nil) || (err == nil) != (s != nil) {
				t.Errorf("NewSender(%q) = %v, %v", tt.from, s, err)
			}
		})
	}
}

func TestSenderSend(t *testing.T) {
	persian := email.Message{
		To: "sara@example.org", ToName: "سارا", Subject: "به TehPUG خوش آمدید",
		Text: "سلام سارا،\nخوش آمدید!\n", HTML: "<html lang=\"fa\" dir=\"rtl\"><body><p>سلام</p></body></html>\n",
		Unsubscribe: "https://api.tehpug.ir/unsubscribe?token=abc", Kind: "member-welcome",
	}
	rejected := &smithy.GenericAPIError{Code: "MessageRejected",
		Message: "Email address is not verified. The following identities failed the check in region EU-WEST-1: Sara@Example.org"}

	tests := []struct {
		name          string
		msg           email.Message
		sesErr        error
		wantID        string
		wantCode      apperr.Code // for errors Encode raises
		wantSESCode   string      // the SES error reachable with errors.As
		wantThrottled bool
		wantCalls     int
	}{
		{name: "persian message", msg: persian, wantID: "0102-ses-id", wantCalls: 1},
		{name: "SES rejects", msg: persian, sesErr: rejected, wantSESCode: "MessageRejected", wantCalls: 1},
		{name: "Throttling", msg: persian, sesErr: &smithy.GenericAPIError{Code: "Throttling", Message: "Maximum sending rate exceeded."},
			wantSESCode: "Throttling", wantThrottled: true, wantCalls: 1},
		{name: "ThrottlingException", msg: persian, sesErr: &smithy.GenericAPIError{Code: "ThrottlingException"},
			wantSESCode: "ThrottlingException", wantThrottled: true, wantCalls: 1},
		{name: "TooManyRequestsException", msg: persian, sesErr: &smithy.GenericAPIError{Code: "TooManyRequestsException"},
			wantSESCode: "TooManyRequestsException", wantThrottled: true, wantCalls: 1},
		{name: "MaxSendingRateExceeded, wrapped by the SDK", msg: persian,
			sesErr:      &smithy.OperationError{ServiceID: "SES", OperationName: "SendRawEmail", Err: &smithy.GenericAPIError{Code: "MaxSendingRateExceeded"}},
			wantSESCode: "MaxSendingRateExceeded", wantThrottled: true, wantCalls: 1},
		{name: "a network error is not throttling", msg: persian, sesErr: context.DeadlineExceeded, wantCalls: 1},
		{name: "bad recipient never reaches SES", msg: email.Message{To: "sara@example.org\r\nBcc: x@y", Subject: "x", Text: "x"},
			wantCode: apperr.Invalid, wantCalls: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2025, 4, 1, 6, 0, 0, 0, time.UTC)
			fake := &fakeSES{sendRawEmail: func(ctx context.Context, in *awsses.SendRawEmailInput) (*awsses.SendRawEmailOutput, error) {
				if got := in.Destinations; len(got) != 1 || got[0] != tt.msg.To {
					t.Errorf("Destinations = %v, want [%s]", got, tt.msg.To)
				}
				if in.RawMessage == nil {
					t.Fatal("no RawMessage")
				}
				h, text, html := readMessage(t, in.RawMessage.Data)
				if got, _ := h.Subject(); got != tt.msg.Subject {
					t.Errorf("subject = %q, want %q", got, tt.msg.Subject)
				}
				if from, _ := h.AddressList("From"); len(from) != 1 || from[0].Address != "noreply@tehpug.ir" {
					t.Errorf("From = %v", from)
				}
				if to, _ := h.AddressList("To"); len(to) != 1 || to[0].Address != tt.msg.To || to[0].Name != tt.msg.ToName {
					t.Errorf("To = %v", to)
				}
				if date, _ := h.Date(); !date.Equal(now) {
					t.Errorf("Date = %v, want %v", date, now)
				}
				if text != tt.msg.Text || html != tt.msg.HTML {
					t.Errorf("bodies = %q, %q", text, html)
				}
				if got := h.Get("List-Unsubscribe"); got != "<"+tt.msg.Unsubscribe+">" {
					t.Errorf("List-Unsubscribe = %q", got)
				}
				if tt.sesErr != nil {
					return nil, tt.sesErr
				}
				return &awsses.SendRawEmailOutput{MessageId: aws.String(tt.wantID)}, nil
			}}
			s, err := NewSender(fake, testFrom)
			if err != nil {
				t.Fatal(err)
			}
			s.now = func() time.Time { return now }

			id, err := s.Send(context.Background(), tt.msg)
			if fake.calls != tt.wantCalls {
				t.Errorf("SES called %d times, want %d", fake.calls, tt.wantCalls)
			}
			if got := errors.Is(err, email.ErrThrottled); got != tt.wantThrottled {
				t.Errorf("errors.Is(%v, ErrThrottled) = %v, want %v", err, got, tt.wantThrottled)
			}
			switch {
			case tt.wantCode != "":
				if !apperr.Is(err, tt.wantCode) {
					t.Fatalf("err = %v, want code %s", err, tt.wantCode)
				}
				if e, _ := apperr.As(err); e.Fields["email"].Code == problem.None {
					t.Errorf("error has no email field: %v", e.Fields)
				}
			case tt.sesErr != nil:
				if err == nil {
					t.Fatal("Send succeeded")
				}
				var apiErr smithy.APIError
				if tt.wantSESCode != "" && (!errors.As(err, &apiErr) || apiErr.ErrorCode() != tt.wantSESCode) {
					t.Errorf("SES error %s not reachable in %v", tt.wantSESCode, err)
				}
				if !errors.Is(err, tt.sesErr) {
					t.Errorf("%v does not wrap %v", err, tt.sesErr)
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
