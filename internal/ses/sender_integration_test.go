package ses

import (
	"context"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/testenv"
)

// TestSenderSESEmulator sends a composed Persian email through the local
// SES emulator and reads it back as the emulator's mail parser saw it.
func TestSenderSESEmulator(t *testing.T) {
	t.Parallel()
	client, _ := testenv.SES(t)

	links, err := email.NewLinks("http://127.0.0.1:3000")
	if err != nil {
		t.Fatal(err)
	}
	name := "علی رضایی"
	to := "mail-" + testenv.RandomHex(6) + "@example.org"
	m, err := email.Compose(email.Recipient{Address: to, Name: name, Lang: lang.Persian},
		email.MemberWelcome{Name: name, Unsubscribe: links.Unsubscribe("integration")})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSender(client, testFrom)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Send(context.Background(), m)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if id == "" {
		t.Fatal("no message id")
	}

	for _, e := range testenv.EmailsTo(t, to) {
		if e.MessageID != id {
			continue
		}
		if e.Subject != m.Subject {
			t.Errorf("subject = %q, want %q", e.Subject, m.Subject)
		}
		if len(e.To) != 1 || !strings.Contains(e.To[0], to) || !strings.Contains(e.To[0], name) {
			t.Errorf("to = %q, want %s <%s>", e.To, name, to)
		}
		if !strings.Contains(e.From, "noreply@tehpug.ir") {
			t.Errorf("from = %q", e.From)
		}
		if got := normalizeNewlines(e.Text); strings.TrimSpace(got) != strings.TrimSpace(m.Text) {
			t.Errorf("text = %q, want %q", got, m.Text)
		}
		if got := normalizeNewlines(e.HTML); strings.TrimSpace(got) != strings.TrimSpace(m.HTML) {
			t.Errorf("html = %q, want %q", got, m.HTML)
		}
		if !strings.Contains(e.HTML, `dir="rtl"`) || !strings.Contains(e.Text, name) || !strings.Contains(e.Text, m.Unsubscribe) {
			t.Error("Persian email lost its direction, the name or the unsubscribe link")
		}
		return
	}
	t.Fatalf("message %s not in the emulator's store", id)
}

func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
