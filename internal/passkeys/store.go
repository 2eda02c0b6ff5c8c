// Package passkeys is what is kept of organizers' passkeys and of the
// challenges of their ceremonies, and the store that keeps them. The
// ceremonies themselves, which need a WebAuthn library, are package
// passkeys/ceremony, so that what stores passkeys (the DynamoDB adapter,
// linked by every function) does not link that library.
package passkeys

import (
	"context"
	"errors"
	"time"
)

// Ceremony is what a challenge was issued for: a challenge of one is
// refused by the other.
type Ceremony string

// The two ceremonies.
const (
	Register Ceremony = "register"
	SignIn   Ceremony = "sign-in"
)

// Challenge is what is stored about a challenge the browser was given: the
// library's record of the ceremony, under the challenge's hash, until it
// is taken once or expires.
type Challenge struct {
	// ID is the SHA-256 of the challenge as the browser sends it back.
	ID       string
	Ceremony Ceremony
	// Owner is the organizer a registration is for (person.Key); "" for a
	// sign-in, which is for whoever the passkey turns out to be.
	Owner string
	// Session is the library's record of the ceremony (JSON).
	Session   []byte
	ExpiresAt time.Time
}

// Record is a passkey as stored, under its organizer.
type Record struct {
	// ID is the credential's id, in unpadded base64url.
	ID   string
	Name string
	// Credential is the library's credential record (JSON): the public key,
	// the flags and the authenticator's data.
	Credential []byte
	// SignCount is the authenticator's signature counter at the last use
	// (0 for the many authenticators that keep none).
	SignCount  uint32
	CreatedAt  time.Time
	LastUsedAt time.Time // zero until the first sign-in with it
}

// Errors a Store answers with.
var (
	// ErrNoChallenge: the challenge is unknown, taken already, expired, or
	// of another ceremony or organizer.
	ErrNoChallenge = errors.New("no such challenge")
	// ErrNotFound: no such passkey, or no organizer for a user handle.
	ErrNotFound = errors.New("passkey not found")
	// ErrExists: the organizer has a passkey with this credential id already.
	ErrExists = errors.New("passkey exists")
	// ErrChanged: the passkey is gone, or was used meanwhile.
	ErrChanged = errors.New("passkey changed meanwhile")
)

// Store keeps challenges, passkeys and the user handles that lead to their
// organizers.
type Store interface {
	// PutChallenge stores a new challenge.
	PutChallenge(ctx context.Context, c Challenge) error
	// TakeChallenge removes and returns the challenge id if it is of
	// ceremony and owner and unexpired at now, in one conditional write: of
	// two takers, one gets it. Anything else is ErrNoChallenge.
	TakeChallenge(ctx context.Context, id string, ceremony Ceremony, owner string, now time.Time) (Challenge, error)

	// UserHandle is owner's user handle: the one stored, or handle when
	// none is (then it is stored), in one write.
	UserHandle(ctx context.Context, owner string, handle []byte, now time.Time) ([]byte, error)
	// PutHandleOwner records that handle leads to owner (again: idempotent).
	PutHandleOwner(ctx context.Context, handle []byte, owner string) error
	// HandleOwner is the organizer a user handle leads to; ErrNotFound for none.
	HandleOwner(ctx context.Context, handle []byte) (string, error)

	// AddPasskey stores a new passkey of owner's; ErrExists if its id is there.
	AddPasskey(ctx context.Context, owner string, r Record) error
	// Passkeys lists owner's passkeys, oldest first.
	Passkeys(ctx context.Context, owner string) ([]Record, error)
	// Passkey reads one of owner's passkeys; ErrNotFound for none.
	Passkey(ctx context.Context, owner, id string) (Record, error)
	// UsePasskey records a sign-in: the new counter and credential record,
	// and the time; only if the passkey is still there with the counter
	// seen at read, else ErrChanged.
	UsePasskey(ctx context.Context, owner string, r Record, seenCount uint32, at time.Time) error
	// RemovePasskey deletes one of owner's passkeys and returns it;
	// ErrNotFound for none.
	RemovePasskey(ctx context.Context, owner, id string) (Record, error)

	// CountAttempt counts one more attempt of kind by who in the window
	// of length window that now falls in, and reports whether it is
	// within max.
	CountAttempt(ctx context.Context, kind, who string, max int, window time.Duration, now time.Time) (bool, error)
}
