package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
)

// Organizer is a signed-in organizer, as a session shows them: their
// address and the language their pages are in.
type Organizer struct {
	Email string
	Lang  lang.Tag
	// raw is the session token, the key of the session's form token.
	raw string
	// hash is the session token's hash, the key it is stored under.
	hash string
}

// Session resolves a session token (a cookie's, or a Bearer token's) to the
// signed-in organizer. The session must exist, be unexpired and unrevoked,
// and belong to someone still on the allow-list. Every refusal is the same
// apperr Unauthorized; only a storage failure is another error.
func (s *Sessions) Session(ctx context.Context, raw string) (Organizer, error) {
	t, err := s.tokens.Check(ctx, raw, token.Session)
	if err != nil {
		if isClientError(err) {
			return Organizer{}, errNoSession
		}
		return Organizer{}, fmt.Errorf("session: %w", err)
	}
	if !s.organizers.Contains(t.Subject) {
		return Organizer{}, errNoSession
	}
	return Organizer{Email: t.Subject, Lang: lang.Parse(t.Lang), raw: raw, hash: t.Hash}, nil
}

// EndSession revokes a session token, so every function refuses it from
// then on. Ending a session that is already over is the same success.
func (s *Sessions) EndSession(ctx context.Context, raw string) error {
	t, err := s.tokens.Check(ctx, raw, token.Session)
	if err != nil {
		if isClientError(err) {
			return nil
		}
		return fmt.Errorf("end session: %w", err)
	}
	return s.tokens.Revoke(ctx, t)
}

// FormToken is the token every form of o's session carries, and every post
// must bring back: derived from the session token, which the browser keeps
// out of reach of scripts and other sites, so another site cannot know it,
// and it changes with each session.
func (o Organizer) FormToken() string {
	mac := hmac.New(sha256.New, []byte(o.raw))
	mac.Write([]byte("tehpug console form"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// ValidFormToken reports whether a posted form token is o's session's, in
// constant time.
func (o Organizer) ValidFormToken(posted string) bool {
	return o.raw != "" && hmac.Equal([]byte(posted), []byte(o.FormToken()))
}

// LanguageStore remembers the language each organizer chose.
type LanguageStore interface {
	// OrganizerLanguage is the language owner chose, "" for none.
	OrganizerLanguage(ctx context.Context, owner string) (string, error)
	SetOrganizerLanguage(ctx context.Context, owner, lang string, now time.Time) error
	// SetTokenLang changes the language a session's pages are in.
	SetTokenLang(ctx context.Context, hash, lang string) error
}

// SetLanguage remembers the language o chose for their pages and emails,
// for this session and the ones after it.
func (s *Service) SetLanguage(ctx context.Context, o Organizer, l lang.Tag) error {
	if err := s.store.SetOrganizerLanguage(ctx, person.Key(o.Email), string(l), s.now()); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	if err := s.store.SetTokenLang(ctx, o.hash, string(l)); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	return nil
}
