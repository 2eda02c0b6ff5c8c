// Package sesstore reads back what the local SES emulator (aws-ses-v2-local)
// holds: every email sent through it, as its mail parser saw it. Tests and
// the local stack's tools read their emails with it.
package sesstore

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Email is one message as the SES emulator stores it.
type Email struct {
	MessageID   string `json:"messageId"`
	From        string `json:"from"`
	Subject     string `json:"subject"`
	Text        string `json:"text"`
	HTML        string `json:"html"`
	To          []string
	At          int64 `json:"at"`
	Attachments []Attachment
}

// Attachment is a stored email's attachment.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"contentType"`
	Size        int    `json:"size"`
}

type storedEmail struct {
	MessageID string `json:"messageId"`
	From      string `json:"from"`
	Subject   string `json:"subject"`
	Body      struct {
		Text string `json:"text"`
		HTML string `json:"html"`
	} `json:"body"`
	Destination json.RawMessage `json:"destination"`
	At          int64           `json:"at"`
	Attachments []Attachment    `json:"attachments"`
}

// Read lists every email the SES emulator at baseURL holds, oldest first.
// An email whose destination names no To addresses has none.
func Read(ctx context.Context, baseURL string) ([]Email, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/store", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("read the SES store: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("read the SES store: %s", resp.Status)
	}
	var store struct {
		Emails []storedEmail `json:"emails"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&store); err != nil {
		return nil, fmt.Errorf("decode the SES store: %w", err)
	}
	out := make([]Email, len(store.Emails))
	for i, e := range store.Emails {
		var dest struct {
			To []string `json:"to"`
		}
		_ = json.Unmarshal(e.Destination, &dest)
		out[i] = Email{MessageID: e.MessageID, From: e.From, Subject: e.Subject, Text: e.Body.Text, HTML: e.Body.HTML, To: dest.To, At: e.At, Attachments: e.Attachments}
	}
	return out, nil
}

// ReadTo lists the emails the SES emulator at baseURL holds for an address
// that contains part, in any case, oldest first.
func ReadTo(ctx context.Context, baseURL, part string) ([]Email, error) {
	all, err := Read(ctx, baseURL)
	if err != nil {
		return nil, err
	}
	var out []Email
	for _, e := range all {
		if _, ok := e.SentTo(part); ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// SentTo is the first of the email's recipients whose address contains
// part, in any case, in lower case; false when none does.
func (e Email) SentTo(part string) (string, bool) {
	for _, to := range e.To {
		if to = strings.ToLower(to); strings.Contains(to, strings.ToLower(part)) {
			return to, true
		}
	}
	return "", false
}
