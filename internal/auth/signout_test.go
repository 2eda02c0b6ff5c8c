package auth

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/token"
)

// memTokens is a token store in memory.
type memTokens struct {
	mu sync.Mutex
	m  map[string]token.Token
}

func (s *memTokens) PutToken(_ context.Context, t token.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[t.Hash] = t
	return nil
}

func (s *memTokens) GetToken(_ context.Context, hash string) (token.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[hash]
	if !ok {
		return token.Token{}, token.ErrNotFound
	}
	return t, nil
}

func (s *memTokens) MarkTokenUsed(context.Context, string, time.Time) error { return nil }

func (s *memTokens) RevokeToken(_ context.Context, hash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[hash]
	if !ok {
		return token.ErrNotFound
	}
	t.Revoked = true
	s.m[hash] = t
	return nil
}

// Signing out of a session that is already gone (signed out before,
// expired, never issued) is the same success as signing out of a live one;
// a request that names no session at all is still refused.
func TestSignOutOfAGoneSessionSucceeds(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tokens, err := token.NewIssuer(&memTokens{m: map[string]token.Token{}}, clock)
	if err != nil {
		t.Fatal(err)
	}
	const organizer = "organizer@example.org"
	s, err := NewSessions(AllowList{organizer: {}}, tokens)
	if err != nil {
		t.Fatal(err)
	}
	issue := func(ttl time.Duration) string {
		raw, err := tokens.Issue(ctx, token.Session, organizer, "P#organizer", "en", ttl)
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + raw
	}

	live := issue(time.Hour)
	for i := range 2 {
		if err := s.SignOut(ctx, live); err != nil {
			t.Fatalf("sign out %d: %v", i+1, err)
		}
	}
	if _, err := s.Authenticate(ctx, live); !apperr.Is(err, apperr.Unauthorized) {
		t.Errorf("the session signed out of still works: %v", err)
	}
	expired := issue(time.Minute)
	now = now.Add(time.Hour)
	if err := s.SignOut(ctx, expired); err != nil {
		t.Errorf("sign out of an expired session: %v", err)
	}
	if err := s.SignOut(ctx, "Bearer Xq3bJ1fW0vYp9sR2tU8mN4kL6hG5dC7aE0iO3uY1zQx"); err != nil {
		t.Errorf("sign out of a session never issued: %v", err)
	}
	for _, header := range []string{"", "Basic abc", "Bearer "} {
		if err := s.SignOut(ctx, header); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("sign out with %q: %v, want Unauthorized", header, err)
		}
	}
}
