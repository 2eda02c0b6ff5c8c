package ceremony

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/passkeys"
	"github.com/tehpug/backend/internal/person"
)

// How many sign-in ceremonies one client network may start in a window.
// Each challenge allows one attempt, so this bounds the attempts too; an
// organizer needs one per sign-in.
const (
	maxSignIns   = 30
	signInWindow = time.Hour
	signInKind   = "passkey-sign-in"
)

var (
	// errSignIn is every failed passkey sign-in, whatever failed: the
	// answer says nothing about which passkeys or organizers exist.
	errSignIn = apperr.New(apperr.Unauthorized, "This passkey could not sign you in. Try again, or sign in with the emailed link.")
	// errNotOrganizer: the passkey's organizer is no longer on the allow-list.
	errNotOrganizer = errors.New("not an organizer")
)

// BeginSignIn starts a passkey sign-in for whoever the passkey turns out
// to be: the options for navigator.credentials.get, as JSON. client is the
// address the request came from; past maxSignIns in a window from one
// network, the answer is Throttled.
func (s *Service) BeginSignIn(ctx context.Context, client string) (json.RawMessage, error) {
	now := s.now()
	ok, err := s.store.CountAttempt(ctx, signInKind, network(client), maxSignIns, signInWindow, now)
	if err != nil {
		return nil, fmt.Errorf("begin sign-in: %w", err)
	}
	if !ok {
		s.log.InfoContext(ctx, "passkey sign-in refused: too many from one network")
		return nil, apperr.Throttle(now.UTC().Truncate(signInWindow).Add(signInWindow).Sub(now),
			"Too many passkey sign-ins from your network. Sign in with the emailed link, or try again later.")
	}
	assertion, session, err := s.wa.BeginDiscoverableLogin()
	if err != nil {
		return nil, fmt.Errorf("begin sign-in: %w", err)
	}
	return s.issue(ctx, passkeys.SignIn, "", session, assertion)
}

// FinishSignIn checks the browser's answer to a sign-in's challenge and,
// when it is an organizer's passkey and they are still on the allow-list,
// starts their session as the emailed link does (pageLang is the language
// of the page they signed in on). Every failure that is not the storage's
// is the one Unauthorized answer.
func (s *Service) FinishSignIn(ctx context.Context, response []byte, pageLang string) (auth.Session, error) {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return auth.Session{}, s.refuse(ctx, errSignIn, "passkey sign-in refused", err)
	}
	session, err := s.take(ctx, parsed.Response.CollectedClientData.Challenge, passkeys.SignIn, "")
	if err != nil {
		return auth.Session{}, s.refuseOr(ctx, errSignIn, "passkey sign-in refused", err)
	}
	var (
		owner, organizer string
		record           passkeys.Record
		lookup           error // why finding the passkey failed
	)
	find := func(rawID, handle []byte) (webauthn.User, error) {
		u, err := s.find(ctx, rawID, handle, &owner, &organizer, &record)
		lookup = err
		return u, err
	}
	_, cred, err := s.wa.ValidatePasskeyLogin(find, session, parsed)
	if lookup != nil {
		return auth.Session{}, s.refuseOr(ctx, errSignIn, "passkey sign-in refused", lookup)
	}
	if err != nil {
		return auth.Session{}, s.refuse(ctx, errSignIn, "passkey sign-in refused", err)
	}
	if cred.Authenticator.CloneWarning {
		// The counter did not move forward: another copy of the key may be
		// signing too. The organizer can still sign in by email, and
		// remove this passkey.
		s.log.WarnContext(ctx, "passkey sign-in refused: its signature counter went back (a copied authenticator?)",
			"organizer", person.Redact(organizer))
		return auth.Session{}, errSignIn
	}
	seen := record.SignCount
	record.SignCount = cred.Authenticator.SignCount
	if record.Credential, err = json.Marshal(cred); err != nil {
		return auth.Session{}, fmt.Errorf("finish sign-in: %w", err)
	}
	// Recorded before the session starts, and only if the passkey is still
	// there as it was read: one removed meanwhile signs nobody in.
	if err := s.store.UsePasskey(ctx, owner, record, seen, s.now()); err != nil {
		return auth.Session{}, s.refuseOr(ctx, errSignIn, "passkey sign-in refused", err)
	}
	started, err := s.sessions.StartSessionFor(ctx, organizer, pageLang, "passkey")
	if apperr.Is(err, apperr.Unauthorized) {
		return auth.Session{}, errSignIn
	}
	if err != nil {
		return auth.Session{}, fmt.Errorf("finish sign-in: %w", err)
	}
	return started, nil
}

// find is the organizer a passkey sign-in is for: the user handle's
// owner, still on the allow-list, holding the passkey rawID. It fills in
// who they are and the passkey as read.
func (s *Service) find(ctx context.Context, rawID, handle []byte, owner, organizer *string, record *passkeys.Record) (webauthn.User, error) {
	// Only what this service gives out is looked up: anything longer
	// would not fit in a key, and DynamoDB would fail rather than find none.
	if len(handle) != handleBytes || len(rawID) == 0 || len(rawID) > maxIDBytes {
		return nil, passkeys.ErrNotFound
	}
	var err error
	if *owner, err = s.store.HandleOwner(ctx, handle); err != nil {
		return nil, err
	}
	var ok bool
	if *organizer, ok = s.organizers.Organizer(*owner); !ok {
		return nil, errNotOrganizer
	}
	if *record, err = s.store.Passkey(ctx, *owner, encodeID(rawID)); err != nil {
		return nil, err
	}
	c, err := credential(*record)
	if err != nil {
		return nil, err
	}
	return user{handle: handle, name: *organizer, credentials: []webauthn.Credential{c}}, nil
}

// network is the key sign-in ceremonies are counted under for a client
// address: the address's hash, or for IPv6 its /64's (one household or
// machine holds a whole /64). Unknown addresses share one count.
func network(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil {
		return "unknown"
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		a = p.Addr()
	}
	sum := sha256.Sum256([]byte(a.String()))
	return hex.EncodeToString(sum[:16])
}
