// Package auth owns organizer sign-in: the allow-list of organizer addresses,
// the one-time sign-in link emailed to them, and the session token that link
// is exchanged for, which every organizer request carries as
// "Authorization: Bearer <token>". Both tokens are token.Issuer tokens, so
// only their hashes are stored; neither they nor addresses are ever logged.
package auth

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// How long each token lasts: a sign-in link is meant to be clicked soon,
// and outlives by a quarter hour the window in which no other is sent (see
// RequestLogin); a session covers a working day.
const (
	loginTTL   = 30 * time.Minute
	sessionTTL = 12 * time.Hour
)

// loginWindow is how often, once the day's sign-in emails are spent, one
// more goes to an organizer: the most a stranger asking without pause can
// send them, and the longest an organizer can be without a fresh link.
const loginWindow = 15 * time.Minute

// organizerLang is the language of organizer emails and pages until
// organizers can choose one.
const organizerLang = lang.English

// loginEmail is the email-quota kind of the sign-in email.
const loginEmail = "organizer-login"

// Sessions recognises signed-in organizers and ends their sessions: all
// that a function serving organizer routes needs.
type Sessions struct {
	organizers AllowList
	tokens     *token.Issuer
}

// NewSessions builds Sessions for the organizers on the allow-list.
func NewSessions(organizers AllowList, tokens *token.Issuer) (*Sessions, error) {
	if err := deps.Require("auth sessions", deps.Given("Organizers", organizers), deps.Given("Tokens", tokens)); err != nil {
		return nil, err
	}
	return &Sessions{organizers: organizers, tokens: tokens}, nil
}

// Service signs organizers in: the emailed one-time link, and its exchange
// for a session. Build it with New.
type Service struct {
	*Sessions
	capped *mailcap.Cap
	store  LanguageStore
	log    *slog.Logger
	now    func() time.Time
	links  email.Links
}

// Deps is what a Service is built from.
type Deps struct {
	Sessions *Sessions
	// Capped sends the sign-in emails: a few a day to one address, and a
	// failed one costing nothing.
	Capped *mailcap.Cap
	// Languages remembers the language each organizer chose.
	Languages LanguageStore
	Log       *slog.Logger
	Now       func() time.Time
	Links     email.Links
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("auth", deps.Given("Sessions", d.Sessions), deps.Given("Capped", d.Capped), deps.Given("Languages", d.Languages),
		deps.Given("Log", d.Log), deps.Given("Now", d.Now), deps.That("Links", d.Links.Valid()))
	if err != nil {
		return nil, err
	}
	return &Service{Sessions: d.Sessions, capped: d.Capped, store: d.Languages, log: d.Log, now: d.Now, links: d.Links}, nil
}

// Session is a signed-in organizer's session: the raw token to send as a
// Bearer token, shown once, and when it stops working.
type Session struct {
	Token     string
	Organizer string
	ExpiresAt time.Time
	Lifetime  time.Duration
}

// Errors a client sees. Each is the same whatever went wrong, so an answer
// reveals nothing about which tokens or organizers exist.
var (
	errSignInLink = apperr.New(apperr.Unauthorized, "This sign-in link is not valid, has expired or was already used.")
	errNoSession  = apperr.New(apperr.Unauthorized, "Sign in as an organizer to do this.")
)

// LoginInput is the sign-in form.
type LoginInput struct {
	Email string `json:"email"`
	// Lang is the language of the page the organizer asked from, which the
	// email is written in (English when absent or unknown).
	Lang string `json:"lang"`
	// Next is the console page to land on once signed in (the dashboard
	// when absent, or not a console page).
	Next string `json:"next"`
}

// Validate checks the form as RequestLogin does, for a post that is
// answered without being acted on (a honeypot post) to get the same answer.
func (in LoginInput) Validate() error {
	v := validate.New()
	v.Email("email", in.Email)
	return v.Err()
}

// RequestLogin emails a one-time sign-in link to the address if it belongs
// to an organizer. The answer is the same for anyone else, and for a
// request that sends nothing.
//
// Anyone can ask for an organizer's link, so no stranger may be able to
// use up what the organizer's own request needs. An organizer gets the
// day's DAILY_EMAIL_LIMIT sign-in emails at once, and beyond them one each
// quarter hour (kind organizer-login@hh:mm, the quarter's start in UTC),
// however many ask. A request that sends nothing therefore comes within the
// quarter hour of one that did, and that email's link, which works 30
// minutes, still works for at least 15: whoever asked, the organizer's
// inbox holds a working link after every request. And the inbox gets at
// most the day's limit plus 96 of them a day.
func (s *Service) RequestLogin(ctx context.Context, in LoginInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	addr := person.Normalize(in.Email)
	if !s.organizers.Contains(addr) {
		s.log.InfoContext(ctx, "sign-in refused: not an organizer", "email", person.Redact(addr))
		return nil
	}
	quarter := mailcap.Allowance{Kind: loginEmail + "@" + s.now().UTC().Truncate(loginWindow).Format("15:04"), Max: 1}
	slot, err := s.capped.Reserve(ctx, loginEmail, addr, quarter)
	if err != nil {
		return fmt.Errorf("request login: %w", err)
	}
	if slot == nil {
		s.log.InfoContext(ctx, "sign-in email dropped: one went out this quarter hour", "email", person.Redact(addr))
		return nil
	}
	l := organizerLang
	if lang.Known(in.Lang) {
		l = lang.Parse(in.Lang)
	}
	raw, err := slot.Issue(ctx, token.Login, addr, string(l), loginTTL)
	if err != nil {
		return fmt.Errorf("request login: %w", err)
	}
	to := email.Recipient{Address: addr, Lang: l}
	if err := slot.Send(ctx, to, email.OrganizerLogin{SignInLink: s.links.SignIn(raw, consolepath.Next(in.Next))}); err != nil {
		return fmt.Errorf("request login: %w", err)
	}
	return nil
}

// CheckSignIn reports whether a sign-in link can still be used, without
// using it, and the language to show its page in.
func (s *Service) CheckSignIn(ctx context.Context, raw string) (lang string, err error) {
	t, err := s.checkLogin(ctx, raw)
	if err != nil {
		return string(organizerLang), err
	}
	return t.Lang, nil
}

// StartSession exchanges a sign-in link's token for a session. The link is
// used up first, in one conditional write, so of two simultaneous exchanges
// only one gets a session.
func (s *Service) StartSession(ctx context.Context, raw string) (Session, error) {
	t, err := s.checkLogin(ctx, raw)
	if err != nil {
		return Session{}, err
	}
	if err := s.tokens.Use(ctx, t); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return Session{}, errSignInLink
		}
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	return s.open(ctx, t.Subject, t.Lang, "emailed link")
}

// StartSessionFor starts a session for an organizer who proved who they
// are without the emailed link (with a passkey), exactly as the link's
// exchange does; pageLang is the language of the page they signed in on.
// Only an organizer still on the allow-list gets one.
func (s *Service) StartSessionFor(ctx context.Context, organizer, pageLang, how string) (Session, error) {
	addr := person.Normalize(organizer)
	if !s.organizers.Contains(addr) {
		return Session{}, errNoSession
	}
	return s.open(ctx, addr, pageLang, how)
}

// open issues the session of the organizer addr. The language chosen on
// the console wins over the sign-in page's (pageLang).
func (s *Service) open(ctx context.Context, addr, pageLang, how string) (Session, error) {
	owner := person.Key(addr)
	l, err := s.store.OrganizerLanguage(ctx, owner)
	if err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	if !lang.Known(l) {
		l = string(organizerLang)
		if lang.Known(pageLang) {
			l = pageLang
		}
	}
	// The stored expiry is computed after this one, so the session never
	// ends before the time the organizer is told.
	expires := s.now().Add(sessionTTL).Truncate(time.Second)
	session, err := s.tokens.Issue(ctx, token.Session, addr, owner, l, sessionTTL)
	if err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	s.log.InfoContext(ctx, "organizer signed in", "organizer", person.Redact(addr), "with", how)
	return Session{Token: session, Organizer: addr, ExpiresAt: expires, Lifetime: sessionTTL}, nil
}

// checkLogin returns the sign-in token for raw if it can be used by an
// organizer still on the allow-list. Every client-side failure is the one
// 401 answer.
func (s *Service) checkLogin(ctx context.Context, raw string) (token.Token, error) {
	t, err := s.tokens.Check(ctx, raw, token.Login)
	if err != nil {
		if isClientError(err) {
			return token.Token{}, errSignInLink
		}
		return token.Token{}, fmt.Errorf("check sign-in link: %w", err)
	}
	if !s.organizers.Contains(t.Subject) {
		return token.Token{}, errSignInLink
	}
	return t, nil
}

// Authenticate resolves an Authorization header to the signed-in organizer's
// address. The session must exist, be unexpired, and belong to someone still
// on the allow-list: taking an address off the list ends its sessions.
// Every refusal is the same apperr Unauthorized; only a storage failure is
// another error.
func (s *Sessions) Authenticate(ctx context.Context, authorization string) (string, error) {
	raw, ok := bearerToken(authorization)
	if !ok {
		return "", errNoSession
	}
	o, err := s.Session(ctx, raw)
	return o.Email, err
}

// SignOut ends the session the Authorization header carries; its token is
// refused from then on. Signing out of a session that is already gone
// (signed out of before, expired, or never issued: the token check cannot
// tell these apart, and none is live) is the same success, so a second
// press of "sign out" or a retry after a lost answer is not told to sign in.
// Only a request with no bearer token at all is refused.
func (s *Sessions) SignOut(ctx context.Context, authorization string) error {
	raw, ok := bearerToken(authorization)
	if !ok {
		return errNoSession
	}
	return s.EndSession(ctx, raw)
}

// isClientError reports whether a token check failed because of the token
// (not found, expired, used, wrong purpose) rather than the storage, which
// fails as Internal or, when it is throttled, as Throttled.
func isClientError(err error) bool {
	code := apperr.CodeOf(err)
	return code != apperr.Internal && code != apperr.Throttled
}

// bearerToken takes the token out of an "Authorization: Bearer <token>"
// header (RFC 6750; the scheme is case-insensitive).
func bearerToken(header string) (string, bool) {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	raw := strings.TrimSpace(rest)
	if raw == "" || strings.ContainsAny(raw, " \t") {
		return "", false
	}
	return raw, true
}
