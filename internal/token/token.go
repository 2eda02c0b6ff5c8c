// Package token owns the random, single-purpose, expiring links the group
// emails to people: confirm a membership, unsubscribe, erase, cancel a
// registration, sign in. Only a token's SHA-256 is stored; the token itself
// exists in the email alone and is never logged.
package token

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
)

// Purpose scopes a token to one action: a token issued for one purpose is
// refused for every other.
type Purpose string

// The purposes the group issues tokens for.
const (
	MemberConfirm Purpose = "member-confirm"
	Unsubscribe   Purpose = "unsubscribe"
	Erase         Purpose = "erase"
	Login         Purpose = "login"   // an organizer's one-time sign-in link
	Session       Purpose = "session" // an organizer's session, sent as a Bearer token
)

// Token is what is stored about an issued token.
type Token struct {
	Hash      string
	Purpose   Purpose
	Subject   string // what the token acts on, e.g. a member key
	Owner     string // the person the token belongs to (person.Key), so an erase removes it
	Lang      string // the recipient's language, for the page the link opens
	ExpiresAt time.Time
	UsedAt    time.Time // zero until used
	Revoked   bool
}

// ErrNotFound is returned by a Store for a hash it does not hold.
var ErrNotFound = errors.New("token not found")

// ErrUsed is returned by Store.MarkUsed when the token was used already.
var ErrUsed = errors.New("token already used")

// Store keeps tokens by hash.
type Store interface {
	PutToken(ctx context.Context, t Token) error
	GetToken(ctx context.Context, hash string) (Token, error)
	// MarkTokenUsed records the first use; it fails with ErrUsed on any later one.
	MarkTokenUsed(ctx context.Context, hash string, at time.Time) error
	// RevokeToken makes a token unusable from now on.
	RevokeToken(ctx context.Context, hash string) error
}

// Issuer issues and checks tokens. Build it with NewIssuer.
type Issuer struct {
	store Store
	now   func() time.Time
}

// NewIssuer returns an Issuer keeping tokens in store, on the clock now.
func NewIssuer(store Store, now func() time.Time) (*Issuer, error) {
	if err := deps.Require("token issuer", deps.Given("Store", store), deps.Given("Now", now)); err != nil {
		return nil, err
	}
	return &Issuer{store: store, now: now}, nil
}

// rawLen is the length of an encoded token: 32 random bytes in unpadded base64url.
const rawLen = 43

// Issue creates a token for purpose and subject, valid for ttl, and returns
// the raw token to put in a link.
func (i *Issuer) Issue(ctx context.Context, purpose Purpose, subject, owner, lang string, ttl time.Duration) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("issue %s token: %w", purpose, err)
	}
	raw := base64.RawURLEncoding.EncodeToString(b[:])
	t := Token{Hash: Hash(raw), Purpose: purpose, Subject: subject, Owner: owner, Lang: lang, ExpiresAt: i.now().Add(ttl)}
	if err := i.store.PutToken(ctx, t); err != nil {
		return "", fmt.Errorf("issue %s token: %w", purpose, err)
	}
	return raw, nil
}

// Hash is the stored form of a raw token.
func Hash(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// errInvalid is what a client sees for a forged, mistyped, expired or revoked
// link: the same answer for each, so a link reveals nothing.
var errInvalid = apperr.New(apperr.NotFound, "This link is not valid or has expired.")

// Check returns the token for raw if it exists, has the given purpose, has not
// expired and was not revoked. A used token is answered with a conflict, so a
// second click says "already done" rather than "invalid"; the token comes
// with it, for actions whose second press can simply answer success.
func (i *Issuer) Check(ctx context.Context, raw string, purpose Purpose) (Token, error) {
	if len(raw) != rawLen {
		return Token{}, errInvalid
	}
	if _, err := base64.RawURLEncoding.DecodeString(raw); err != nil {
		return Token{}, errInvalid
	}
	t, err := i.store.GetToken(ctx, Hash(raw))
	if errors.Is(err, ErrNotFound) {
		return Token{}, errInvalid
	}
	if err != nil {
		return Token{}, fmt.Errorf("check %s token: %w", purpose, err)
	}
	if t.Purpose != purpose || t.Revoked || !i.now().Before(t.ExpiresAt) {
		return Token{}, errInvalid
	}
	if !t.UsedAt.IsZero() {
		return t, apperr.New(apperr.Conflict, "This link has already been used.")
	}
	return t, nil
}

// Use marks a checked token used. Call it after the action the token allows
// has been done (idempotently), so a crash in between leaves the link working
// for the retry.
func (i *Issuer) Use(ctx context.Context, t Token) error {
	err := i.store.MarkTokenUsed(ctx, t.Hash, i.now())
	if errors.Is(err, ErrUsed) {
		return apperr.New(apperr.Conflict, "This link has already been used.")
	}
	if err != nil {
		return fmt.Errorf("use %s token: %w", t.Purpose, err)
	}
	return nil
}

// Revoke makes a checked token unusable, e.g. a session its organizer signs
// out of.
func (i *Issuer) Revoke(ctx context.Context, t Token) error {
	if err := i.store.RevokeToken(ctx, t.Hash); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("revoke %s token: %w", t.Purpose, err)
	}
	return nil
}
