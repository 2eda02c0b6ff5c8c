package auth

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/token"
)

func TestBearerToken(t *testing.T) {
	const raw = "Xq3bJ1fW0vYp9sR2tU8mN4kL6hG5dC7aE0iO3uY1zQx"
	tests := []struct {
		name   string
		header string
		want   string
		ok     bool
	}{
		{"bearer", "Bearer " + raw, raw, true},
		{"lower-case scheme", "bearer " + raw, raw, true},
		{"upper-case scheme", "BEARER " + raw, raw, true},
		{"surrounding space", "  Bearer   " + raw + " ", raw, true},
		{"empty", "", "", false},
		{"scheme only", "Bearer", "", false},
		{"scheme and space", "Bearer   ", "", false},
		{"basic", "Basic " + raw, "", false},
		{"no scheme", raw, "", false},
		{"two tokens", "Bearer " + raw + " " + raw, "", false},
		{"tab inside", "Bearer a\tb", "", false},
		{"scheme glued to token", "Bearer" + raw, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := bearerToken(tt.header)
			if got != tt.want || ok != tt.ok {
				t.Errorf("bearerToken(%q) = %q, %v; want %q, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseAllowList(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		size    int
		has     []string
		hasNot  []string
		wantErr string
	}{
		{name: "one", in: "organizer@example.org", size: 1, has: []string{"organizer@example.org", " Organizer@Example.ORG "}, hasNot: []string{"other@example.org", ""}},
		{name: "several with spaces and case", in: " Sara@Example.org, ali@example.org ,REZA@example.org", size: 3,
			has: []string{"sara@example.org", "ALI@EXAMPLE.ORG", "reza@example.org"}, hasNot: []string{"sara@example", "ali"}},
		{name: "duplicates and empty entries", in: "a@example.org,,A@example.org,", size: 1, has: []string{"a@example.org"}},
		{name: "empty", in: "", wantErr: "empty"},
		{name: "only commas", in: " , ,", wantErr: "empty"},
		{name: "not an address", in: "a@example.org,not-an-email", wantErr: "entry 2"},
		{name: "display name", in: "Ali <ali@example.org>", wantErr: "entry 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := ParseAllowList(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseAllowList(%q) error %v, want one about %q", tt.in, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "@") {
					t.Errorf("error %q shows an address", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAllowList(%q): %v", tt.in, err)
			}
			if len(list) != tt.size {
				t.Errorf("%d organizers, want %d", len(list), tt.size)
			}
			for _, e := range tt.has {
				if !list.Contains(e) {
					t.Errorf("Contains(%q) = false", e)
				}
			}
			for _, e := range tt.hasNot {
				if list.Contains(e) {
					t.Errorf("Contains(%q) = true", e)
				}
			}
		})
	}
}

func TestEmptyAllowListContainsNobody(t *testing.T) {
	var list AllowList
	if list.Contains("") || list.Contains("a@example.org") {
		t.Error("a nil list lets someone in")
	}
}

// busyTokens is a token store that DynamoDB is throttling.
type busyTokens struct{ token.Store }

func (busyTokens) GetToken(context.Context, string) (token.Token, error) {
	return token.Token{}, fmt.Errorf("dynamo get token: %w", apperr.Throttle(3*time.Second, "Busy."))
}

// A throttled token check is the storage's failure, passed on for a 429:
// it is not the refusal that would tell the organizer to sign in again.
func TestThrottledStorageIsNoRefusal(t *testing.T) {
	tokens, err := token.NewIssuer(busyTokens{}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSessions(AllowList{"organizer@example.org": {}}, tokens)
	if err != nil {
		t.Fatal(err)
	}
	const raw = "Xq3bJ1fW0vYp9sR2tU8mN4kL6hG5dC7aE0iO3uY1zQx"
	if _, err := s.Authenticate(context.Background(), "Bearer "+raw); !apperr.Is(err, apperr.Throttled) {
		t.Errorf("authenticate: %v, want Throttled", err)
	}
	if err := s.SignOut(context.Background(), "Bearer "+raw); !apperr.Is(err, apperr.Throttled) {
		t.Errorf("sign out: %v, want Throttled", err)
	}
}
