package local

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Email is one message the stack's SES emulator holds.
type Email struct {
	To                  []string
	Subject, Text, HTML string
}

// Emails lists every message the stack's SES emulator holds, oldest first.
func (s *Stack) Emails(ctx context.Context) ([]Email, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.SESURL()+"/store", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var store struct {
		Emails []struct {
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
		return nil, fmt.Errorf("decode the SES store: %w", err)
	}
	out := make([]Email, len(store.Emails))
	for i, e := range store.Emails {
		out[i] = Email{To: e.Destination.To, Subject: e.Subject, Text: e.Body.Text, HTML: e.Body.HTML}
	}
	return out, nil
}

// EmailsTo lists the messages the stack's SES emulator holds for an
// address that contains part, in any case, oldest first.
func (s *Stack) EmailsTo(ctx context.Context, part string) ([]Email, error) {
	all, err := s.Emails(ctx)
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
