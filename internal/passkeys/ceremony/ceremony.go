// Package ceremony lets an organizer who is signed in add passkeys
// (WebAuthn credentials kept by their device or password manager) and sign
// in with one later, with no email. The emailed link stays the way in and
// the way back when a device is lost; a passkey only spares the wait, and
// cannot be kept from working by someone using up the day's sign-in emails.
//
// The ceremonies' cryptography is the go-webauthn library's, and only this
// package imports it: the library's start-up work and megabytes are the
// console's alone (infra/contract checks no other function links it). This
// package decides the rules around it:
//
//   - the relying party is the console's own site: its ID is the host of
//     PUBLIC_BASE_URL, its one origin that URL's scheme and host;
//   - a passkey must be discoverable and the person verified (PIN,
//     biometrics), since it is the only factor; no attestation is asked;
//   - the user handle is 32 random bytes per organizer, never their
//     address, and leads back to them through a record of its own;
//   - every challenge is stored under its hash, works once (taken by one
//     conditional delete before anything is checked, so of two finishes
//     with one challenge one can win) and for challengeTTL;
//   - every sign-in checks the allow-list: an organizer taken off it cannot
//     sign in, whatever passkeys they hold;
//   - a signature counter that does not move forward (a cloned
//     authenticator, or a replay) refuses the sign-in;
//   - sign-in ceremonies are counted per client network, and every failed
//     sign-in is answered the same way.
package ceremony

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/passkeys"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/validate"
)

// Limits.
const (
	// challengeTTL is how long a ceremony may take, from the options to the
	// finish; the browser is told the same timeout.
	challengeTTL = 5 * time.Minute
	// MaxPerOrganizer is how many passkeys one organizer may hold.
	MaxPerOrganizer = 10
	// MaxName is the longest name an organizer can give a passkey.
	MaxName = 60
	// maxIDBytes is the longest credential id kept: its base64url form
	// must fit in a sort key (1,024 bytes).
	maxIDBytes = 512
	// handleBytes is the length of a user handle.
	handleBytes = 32
)

// Sessions starts an organizer's session once a passkey has shown who
// they are: auth.Service.
type Sessions interface {
	StartSessionFor(ctx context.Context, organizer, pageLang, how string) (auth.Session, error)
}

// Service adds, lists and removes organizers' passkeys, and signs in with
// them. Build it with New.
type Service struct {
	wa         *webauthn.WebAuthn
	store      passkeys.Store
	sessions   Sessions
	organizers auth.AllowList
	log        *slog.Logger
	now        func() time.Time
}

// Deps is what a Service is built from.
type Deps struct {
	Store      passkeys.Store
	Sessions   Sessions
	Organizers auth.AllowList
	// BaseURL is PUBLIC_BASE_URL: the console's site, the relying party.
	BaseURL string
	Log     *slog.Logger
	Now     func() time.Time
}

// New builds the Service, refusing to without any of its dependencies or
// with a base URL no browser would accept as a relying party (an IP
// address, no host).
func New(d Deps) (*Service, error) {
	err := deps.Require("passkeys", deps.Given("Store", d.Store), deps.Given("Sessions", d.Sessions),
		deps.Given("Organizers", d.Organizers), deps.Given("Log", d.Log), deps.Given("Now", d.Now))
	if err != nil {
		return nil, err
	}
	id, origin, err := relyingParty(d.BaseURL)
	if err != nil {
		return nil, err
	}
	wa, err := webauthn.New(&webauthn.Config{
		RPID: id, RPDisplayName: "TehPUG console", RPOrigins: []string{origin},
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementRequired, RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification: protocol.VerificationRequired,
		},
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Timeout: challengeTTL, TimeoutUVD: challengeTTL},
			Registration: webauthn.TimeoutConfig{Timeout: challengeTTL, TimeoutUVD: challengeTTL},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return &Service{wa: wa, store: d.Store, sessions: d.Sessions, organizers: d.Organizers, log: d.Log, now: d.Now}, nil
}

// relyingParty is the relying party ID (the host) and origin (scheme and
// host) of the base URL.
func relyingParty(baseURL string) (id, origin string, err error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme == "" || u.Hostname() == "" {
		return "", "", errors.New("passkeys: the base URL has no scheme or host")
	}
	id = strings.ToLower(u.Hostname())
	if err := protocol.ValidateRPID(id); err != nil {
		return "", "", fmt.Errorf("passkeys: %s cannot be a relying party: %w", id, err)
	}
	return id, u.Scheme + "://" + strings.ToLower(u.Host), nil
}

// Passkey is one of an organizer's passkeys, as the console lists it.
type Passkey struct {
	ID         string
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time
}

func passkey(r passkeys.Record) Passkey {
	return Passkey{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt, LastUsedAt: r.LastUsedAt}
}

// Errors an organizer sees.
var (
	errNotAdded = apperr.New(apperr.Invalid, "The passkey could not be added. Please try again.")
	errFull     = apperr.New(apperr.Conflict, "You have %d passkeys, the most there can be. Remove one to add another.", MaxPerOrganizer)
	errTwice    = apperr.New(apperr.Conflict, "This passkey is added already.")
	errUnknown  = apperr.New(apperr.NotFound, "This passkey is not among yours; it may have been removed already.")
)

// List is the organizer's passkeys, oldest first.
func (s *Service) List(ctx context.Context, organizer string) ([]Passkey, error) {
	records, err := s.store.Passkeys(ctx, person.Key(organizer))
	if err != nil {
		return nil, fmt.Errorf("list passkeys: %w", err)
	}
	out := make([]Passkey, len(records))
	for i, r := range records {
		out[i] = passkey(r)
	}
	return out, nil
}

// Remove deletes one of the organizer's passkeys: it cannot sign in from
// then on.
func (s *Service) Remove(ctx context.Context, organizer, id string) (Passkey, error) {
	if raw, err := base64.RawURLEncoding.DecodeString(id); err != nil || len(raw) == 0 || len(raw) > maxIDBytes {
		return Passkey{}, errUnknown
	}
	r, err := s.store.RemovePasskey(ctx, person.Key(organizer), id)
	if errors.Is(err, passkeys.ErrNotFound) {
		return Passkey{}, errUnknown
	}
	if err != nil {
		return Passkey{}, fmt.Errorf("remove passkey: %w", err)
	}
	s.log.InfoContext(ctx, "passkey removed", "organizer", person.Redact(organizer))
	return passkey(r), nil
}

// BeginRegistration starts adding a passkey for the organizer: the options
// for navigator.credentials.create, as JSON. The organizer's passkeys are
// excluded, so a device does not add the same one twice.
func (s *Service) BeginRegistration(ctx context.Context, organizer string) (json.RawMessage, error) {
	addr := person.Normalize(organizer)
	owner := person.Key(addr)
	records, err := s.store.Passkeys(ctx, owner)
	if err != nil {
		return nil, fmt.Errorf("begin registration: %w", err)
	}
	if len(records) >= MaxPerOrganizer {
		return nil, errFull
	}
	handle, err := s.userHandle(ctx, owner)
	if err != nil {
		return nil, fmt.Errorf("begin registration: %w", err)
	}
	u := user{handle: handle, name: addr}
	for _, r := range records {
		c, err := credential(r)
		if err != nil {
			return nil, fmt.Errorf("begin registration: %w", err)
		}
		u.credentials = append(u.credentials, c)
	}
	creation, session, err := s.wa.BeginRegistration(u, webauthn.WithExclusions(webauthn.Credentials(u.credentials).CredentialDescriptors()))
	if err != nil {
		return nil, fmt.Errorf("begin registration: %w", err)
	}
	return s.issue(ctx, passkeys.Register, owner, session, creation)
}

// FinishRegistration checks the browser's answer to the registration's
// challenge and keeps the new passkey under name ("" for none). Every
// answer that does not check out is the same refusal.
func (s *Service) FinishRegistration(ctx context.Context, organizer, name string, response []byte) (Passkey, error) {
	owner := person.Key(organizer)
	name = strings.TrimSpace(name)
	v := validate.New()
	if v.Text("name", name) {
		v.MaxLen("name", name, MaxName)
	}
	if err := v.Err(); err != nil {
		return Passkey{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return Passkey{}, s.refuse(ctx, errNotAdded, "passkey not added", err)
	}
	session, err := s.take(ctx, parsed.Response.CollectedClientData.Challenge, passkeys.Register, owner)
	if err != nil {
		return Passkey{}, s.refuseOr(ctx, errNotAdded, "passkey not added", err)
	}
	cred, err := s.wa.CreateCredential(user{handle: session.UserID, name: person.Normalize(organizer)}, session, parsed)
	if err != nil {
		return Passkey{}, s.refuse(ctx, errNotAdded, "passkey not added", err)
	}
	if len(cred.ID) > maxIDBytes {
		return Passkey{}, s.refuse(ctx, errNotAdded, "passkey not added", errors.New("credential id too long"))
	}
	records, err := s.store.Passkeys(ctx, owner)
	if err != nil {
		return Passkey{}, fmt.Errorf("finish registration: %w", err)
	}
	if len(records) >= MaxPerOrganizer {
		return Passkey{}, errFull
	}
	r := passkeys.Record{ID: encodeID(cred.ID), Name: name, SignCount: cred.Authenticator.SignCount, CreatedAt: s.now()}
	// The attestation is not kept: none was asked for, and the credential
	// is trusted for what the organizer did while signed in.
	cred.Attestation = webauthn.CredentialAttestation{}
	if r.Credential, err = json.Marshal(cred); err != nil {
		return Passkey{}, fmt.Errorf("finish registration: %w", err)
	}
	switch err := s.store.AddPasskey(ctx, owner, r); {
	case errors.Is(err, passkeys.ErrExists):
		return Passkey{}, errTwice
	case err != nil:
		return Passkey{}, fmt.Errorf("finish registration: %w", err)
	}
	s.log.InfoContext(ctx, "passkey added", "organizer", person.Redact(organizer))
	return passkey(r), nil
}

// userHandle is owner's user handle, made on their first passkey, and
// recorded as leading back to them.
func (s *Service) userHandle(ctx context.Context, owner string) ([]byte, error) {
	fresh := make([]byte, handleBytes)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	handle, err := s.store.UserHandle(ctx, owner, fresh, s.now())
	if err != nil {
		return nil, err
	}
	// Recorded on every registration, so a function that stopped between
	// the two writes leaves nothing missing.
	if err := s.store.PutHandleOwner(ctx, handle, owner); err != nil {
		return nil, err
	}
	return handle, nil
}

// issue stores the ceremony's record under its challenge, and returns the
// options to give the browser as JSON.
func (s *Service) issue(ctx context.Context, c passkeys.Ceremony, owner string, session *webauthn.SessionData, options any) (json.RawMessage, error) {
	rec, err := json.Marshal(session)
	if err != nil {
		return nil, fmt.Errorf("begin %s: %w", c, err)
	}
	ch := passkeys.Challenge{ID: challengeID(session.Challenge), Ceremony: c, Owner: owner, Session: rec, ExpiresAt: s.now().Add(challengeTTL)}
	if err := s.store.PutChallenge(ctx, ch); err != nil {
		return nil, fmt.Errorf("begin %s: %w", c, err)
	}
	out, err := json.Marshal(options)
	if err != nil {
		return nil, fmt.Errorf("begin %s: %w", c, err)
	}
	return out, nil
}

// take uses up the challenge the browser answered (as its client data
// says), returning the ceremony's record; passkeys.ErrNoChallenge when it cannot be
// used.
func (s *Service) take(ctx context.Context, challenge string, c passkeys.Ceremony, owner string) (webauthn.SessionData, error) {
	var session webauthn.SessionData
	if challenge == "" {
		return session, passkeys.ErrNoChallenge
	}
	ch, err := s.store.TakeChallenge(ctx, challengeID(challenge), c, owner, s.now())
	if err != nil {
		return session, err
	}
	if err := json.Unmarshal(ch.Session, &session); err != nil {
		return session, fmt.Errorf("read challenge: %w", err)
	}
	return session, nil
}

// refuse is the refusal an organizer sees when the browser's answer does
// not check out: why is logged (without anything that identifies the
// passkey), and the answer is refusal whatever it was.
func (s *Service) refuse(ctx context.Context, refusal *apperr.Error, what string, why error) error {
	s.log.InfoContext(ctx, what, "reason", reason(why))
	return refusal
}

// refuseOr is refuse when err is the challenge or passkey not being
// there (the client's doing), and err wrapped otherwise: storage failing
// is a 500 or a 429, never a refusal.
func (s *Service) refuseOr(ctx context.Context, refusal *apperr.Error, what string, err error) error {
	for _, theirs := range []error{passkeys.ErrNoChallenge, passkeys.ErrNotFound, passkeys.ErrExists, passkeys.ErrChanged, errNotOrganizer} {
		if errors.Is(err, theirs) {
			return s.refuse(ctx, refusal, what, err)
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// reason is what the log says about why a ceremony failed: the library's
// short description, never the data it was given.
func reason(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return pe.Type + ": " + pe.Details
	}
	return err.Error()
}

// challengeID is the key a challenge is stored under: its SHA-256, so
// the table never holds a challenge itself.
func challengeID(challenge string) string {
	sum := sha256.Sum256([]byte(challenge))
	return hex.EncodeToString(sum[:])
}

// encodeID is a credential id as stored and shown: unpadded base64url.
func encodeID(id []byte) string { return base64.RawURLEncoding.EncodeToString(id) }

// credential is the library's credential record the passkey keeps.
func credential(r passkeys.Record) (webauthn.Credential, error) {
	var c webauthn.Credential
	if err := json.Unmarshal(r.Credential, &c); err != nil {
		return c, fmt.Errorf("read passkey: %w", err)
	}
	return c, nil
}

// user is an organizer as the library sees them: the user handle, their
// address as the account's name on the device, and their passkeys.
type user struct {
	handle      []byte
	name        string
	credentials []webauthn.Credential
}

func (u user) WebAuthnID() []byte                         { return u.handle }
func (u user) WebAuthnName() string                       { return u.name }
func (u user) WebAuthnDisplayName() string                { return u.name }
func (u user) WebAuthnCredentials() []webauthn.Credential { return u.credentials }
