package ses

import (
	"context"
	"encoding/json"
	"net/http"
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
	client, storeURL := testenv.SES(t)

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

	resp, err := http.Get(storeURL + "/store")
	if err != nil {
		t.Fatalf("GET /store: %v", err)
	}
	defer resp.Body.Close()
	var store struct {
		Emails []struct {
			MessageID   string `json:"messageId"`
			From        string `json:"from"`
			Subject     string `json:"subject"`
			Destination struct {
				To []string `json:"to"`
			} `json:"destination"`
			Body struct {
				Text string `json:"text"`
				HTML string `json:"html"`
			} `json:"body"`
		} `json:"emails"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&store); err != nil {
		t.Fatalf("decode /store: %v", err)
	}
	for _, e := range store.Emails {
		if e.MessageID != id {
			continue
		}
		if e.Subject != m.Subject {
			t.Errorf("subject = %q, want %q", e.Subject, m.Subject)
		}
		if len(e.Destination.To) != 1 || !strings.Contains(e.Destination.To[0], to) || !strings.Contains(e.Destination.To[0], name) {
			t.Errorf("to = %q, want %s <%s>", e.Destination.To, name, to)
		}
		if !strings.Contains(e.From, "noreply@tehpug.ir") {
			t.Errorf("from = %q", e.From)
		}
		if got := normalizeNewlines(e.Body.Text); strings.TrimSpace(got) != strings.TrimSpace(m.Text) {
			t.Errorf("text = %q, want %q", got, m.Text)
		}
		if got := normalizeNewlines(e.Body.HTML); strings.TrimSpace(got) != strings.TrimSpace(m.HTML) {
			t.Errorf("html = %q, want %q", got, m.HTML)
		}
		if !strings.Contains(e.Body.HTML, `dir="rtl"`) || !strings.Contains(e.Body.Text, name) || !strings.Contains(e.Body.Text, m.Unsubscribe) {
			t.Error("Persian email lost its direction, the name or the unsubscribe link")
		}
		return
	}
	t.Fatalf("message %s not in the emulator's store", id)
}

func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
