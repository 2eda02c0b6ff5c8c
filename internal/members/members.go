// Package members owns membership: joining with double opt-in, confirming,
// unsubscribing from everything that is not transactional, and erasing a
// person's data everywhere on request.
package members

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/token"
)

// Status is where a member is in the double opt-in.
type Status string

// Member statuses.
const (
	Pending   Status = "pending"   // joined, confirmation email sent, not yet confirmed
	Confirmed Status = "confirmed" // counts as a member
)

// Member is a person who joined the group.
type Member struct {
	Key          string // person.Key(Email)
	Name         string
	Email        string
	Language     string // "en" or "fa"
	Interests    []string
	WantsToSpeak bool
	Mentorship   string // "none", "mentor" or "mentee"
	Status       Status
	Unsubscribed bool
	// NoCallForSpeakers stops the call-for-speakers emails (and the asks
	// about a talk in the backlog), chosen on the member's page.
	NoCallForSpeakers bool
	// PageSince retires member-page links: one issued before it opens
	// nothing. Opening the page moves it up to the link's issue time.
	PageSince   time.Time
	CreatedAt   time.Time
	ConfirmedAt time.Time
	// ConfirmSentAt is when the confirmation email went out; zero means a
	// join that died before sending, which the next join of the same address
	// completes.
	ConfirmSentAt time.Time
}

// ErrNotFound is returned by a Store for a member it does not hold.
var ErrNotFound = errors.New("member not found")

// ErrExists is returned by Store.CreateMember when the address is taken.
var ErrExists = errors.New("member exists")

// Store keeps members. Its writes are single-item and conditional.
type Store interface {
	// CreateMember stores a new pending member unless the address is taken
	// (ErrExists), which includes a pending one that has not yet expired.
	CreateMember(ctx context.Context, m Member, pendingTTL time.Duration) error
	GetMember(ctx context.Context, key string) (Member, error)
	MarkConfirmSent(ctx context.Context, key string, at time.Time) error
	// DeletePendingMember undoes a join whose email could not be sent.
	DeletePendingMember(ctx context.Context, key string) error
	// ConfirmMember moves a pending member to confirmed and reports whether it
	// did (false: already confirmed).
	ConfirmMember(ctx context.Context, key string, at time.Time) (Member, bool, error)
	SetUnsubscribed(ctx context.Context, key string, at time.Time) (Member, error)
	// SetPreferences changes what a member chose on their page.
	SetPreferences(ctx context.Context, key string, p Preferences) (Member, error)
	// AdvancePageSince moves the member's PageSince up to at, never back.
	AdvancePageSince(ctx context.Context, key string, at time.Time) error
	// HoldsData reports whether anything of the person's is stored.
	HoldsData(ctx context.Context, owner string) (bool, error)
	// EraseOwner deletes everything of the person's; last, it marks the
	// token lastTokenHash used and strips it of whom it was for.
	EraseOwner(ctx context.Context, owner, lastTokenHash string) (int, error)
	// BeginErase records that the person's data is being erased, until
	// until at the latest; EndErase deletes that record.
	BeginErase(ctx context.Context, owner string, until time.Time) error
	EndErase(ctx context.Context, owner string) error
}

// Service carries out the members' actions. Build it with New.
type Service struct {
	store       Store
	tokens      *token.Issuer
	mail        email.Sender
	capped      *mailcap.Cap
	log         *slog.Logger
	now         func() time.Time
	links       email.Links
	beforeErase []func(ctx context.Context, owner string) error
}

// Deps is what a Service is built from.
type Deps struct {
	Store  Store
	Tokens *token.Issuer
	Mail   email.Sender
	Log    *slog.Logger
	Now    func() time.Time
	Links  email.Links
	// BeforeErase runs before a person's data is erased, for what a plain
	// delete would leave wrong (a seat they hold must go to the next in line).
	BeforeErase []func(ctx context.Context, owner string) error
	// Capped sends the emails the forms cause (a confirmation, an erase
	// link): a few a day to one address, the rest dropped with the same
	// answer, and a failed one costing nothing.
	Capped *mailcap.Cap
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("members", deps.Given("Store", d.Store), deps.Given("Tokens", d.Tokens), deps.Given("Mail", d.Mail),
		deps.Given("Capped", d.Capped), deps.Given("Log", d.Log), deps.Given("Now", d.Now), deps.That("Links", d.Links.Valid()))
	if err != nil {
		return nil, err
	}
	return &Service{
		store: d.Store, tokens: d.Tokens, mail: d.Mail, capped: d.Capped, log: d.Log, now: d.Now, links: d.Links,
		beforeErase: d.BeforeErase,
	}, nil
}

// How long the links of each purpose stay valid.
const (
	confirmTTL     = 7 * 24 * time.Hour
	unsubscribeTTL = 365 * 24 * time.Hour
	eraseTTL       = 24 * time.Hour
	// eraseWindow bounds how long an erase keeps new registrations of the
	// address away: far longer than an erase runs, and an erase that dies
	// part-way holds nobody up after it.
	eraseWindow = 10 * time.Minute
)

// recipient is m, written to in their language.
func recipient(m Member) email.Recipient {
	return email.Recipient{Address: m.Email, Name: m.Name, Lang: lang.Parse(m.Language)}
}

// send emails m in their language.
func (s *Service) send(ctx context.Context, m Member, e email.Email) error {
	return email.Send(ctx, s.mail, recipient(m), e)
}

// LinkPage describes what an emailed link's page shows before its button is
// pressed: the language to show it in.
func (s *Service) LinkPage(ctx context.Context, purpose token.Purpose, raw string) (token.Landing, error) {
	t, err := s.tokens.Check(ctx, raw, purpose)
	return token.Landing{Lang: t.Lang}, err // a used link still knows its language
}

// Unsubscribe stops every non-transactional email to the member. The link is
// not used up: mail clients may post it more than once (RFC 8058).
func (s *Service) Unsubscribe(ctx context.Context, raw string) (lang string, err error) {
	t, err := s.tokens.Check(ctx, raw, token.Unsubscribe)
	if err != nil {
		return "", err
	}
	m, err := s.store.SetUnsubscribed(ctx, t.Subject, s.now())
	if errors.Is(err, ErrNotFound) {
		return t.Lang, nil // erased since: nothing left to send to
	}
	if err != nil {
		return "", fmt.Errorf("unsubscribe: %w", err)
	}
	return m.Language, nil
}
