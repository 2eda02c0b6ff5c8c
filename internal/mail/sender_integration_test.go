package mail

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/testenv"
)

// TestSenderSESEmulator sends a rendered Persian email through the local SES
// emulator and reads it back as the emulator's mail parser saw it.
func TestSenderSESEmulator(t *testing.T) {
	t.Parallel()
	client, storeURL := testenv.SES(t)

	const unsub = "http://127.0.0.1:3000/unsubscribe?token=integration"
	name := "علی رضایی"
	subject, text, html, err := Render("member-welcome", "fa", map[string]string{"Name": name, "Unsubscribe": unsub})
	if err != nil {
		t.Fatal(err)
	}
	to := "mail-" + testenv.RandomHex(6) + "@example.org"
	id, err := NewSender(client, testFrom).Send(context.Background(), Message{
		To: to, ToName: name, Subject: subject, Text: text, HTML: html, Unsubscribe: unsub, Kind: "member-welcome",
	})
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
		if e.Subject != subject {
			t.Errorf("subject = %q, want %q", e.Subject, subject)
		}
		if len(e.Destination.To) != 1 || !strings.Contains(e.Destination.To[0], to) || !strings.Contains(e.Destination.To[0], name) {
			t.Errorf("to = %q, want %s <%s>", e.Destination.To, name, to)
		}
		if !strings.Contains(e.From, "noreply@tehpug.ir") {
			t.Errorf("from = %q", e.From)
		}
		if got, want := normalizeNewlines(e.Body.Text), strings.TrimSpace(text); strings.TrimSpace(got) != want {
			t.Errorf("text = %q, want %q", got, want)
		}
		if got := normalizeNewlines(e.Body.HTML); strings.TrimSpace(got) != strings.TrimSpace(html) {
			t.Errorf("html = %q, want %q", got, html)
		}
		if !strings.Contains(e.Body.HTML, `dir="rtl"`) || !strings.Contains(e.Body.Text, name) {
			t.Error("Persian email lost its direction or the name")
		}
		return
	}
	t.Fatalf("message %s not in the emulator's store", id)
}

func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
