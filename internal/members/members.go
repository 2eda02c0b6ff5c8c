// Package members owns membership: joining with double opt-in, confirming,
// unsubscribing from everything that is not transactional, and erasing a
// person's data everywhere on request.
package members

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
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

// JoinInput is the join form.
type JoinInput struct {
	Name         string   `json:"name"`
	Email        string   `json:"email"`
	Language     string   `json:"language"`
	Interests    []string `json:"interests"`
	WantsToSpeak bool     `json:"wants_to_speak"`
	Mentorship   string   `json:"mentorship"`
}

// Limits on what a member can send; the join form on the website caps its
// fields at these too (internal/memberforms).
const (
	MaxName      = 100
	MaxInterests = 20
	MaxInterest  = 40
)

func (in *JoinInput) normalize() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	if in.Language == "" {
		in.Language = "en"
	}
	if in.Mentorship == "" {
		in.Mentorship = "none"
	}
	v := validate.New()
	v.Required("name", in.Name)
	v.MaxLen("name", in.Name, MaxName)
	v.Text("name", in.Name)
	v.Email("email", in.Email)
	v.OneOf("language", in.Language, "en", "fa")
	v.OneOf("mentorship", in.Mentorship, "none", "mentor", "mentee")
	var interests []string
	for _, s := range in.Interests {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		v.MaxLen("interests", s, MaxInterest)
		v.Text("interests", s)
		interests = append(interests, s)
	}
	if len(interests) > MaxInterests {
		v.Add("interests", problem.TooManyInterests, MaxInterests)
	}
	in.Interests = interests
	return v.Err()
}

// Validate reports what Join would refuse in for, and does nothing else: a
// post that filled the honeypot is checked with it, so it is refused exactly
// as the same post without the honeypot would be before it is dropped.
func (in JoinInput) Validate() error { return in.normalize() }

// Join starts a membership: it stores a pending member and emails a
// confirmation link. Joining again with the same address changes nothing and
// answers the same, so the form reveals nothing about who is a member; a
// person still pending gets the confirmation again (a lost or binned email
// must not lock them out for a week), within the daily cap.
func (s *Service) Join(ctx context.Context, in JoinInput) error {
	if err := in.normalize(); err != nil {
		return err
	}
	now := s.now()
	m := Member{
		Key: person.Key(in.Email), Name: in.Name, Email: person.Normalize(in.Email), Language: in.Language,
		Interests: in.Interests, WantsToSpeak: in.WantsToSpeak, Mentorship: in.Mentorship,
		Status: Pending, CreatedAt: now,
	}
	err := s.store.CreateMember(ctx, m, confirmTTL)
	if errors.Is(err, ErrExists) {
		existing, gerr := s.store.GetMember(ctx, m.Key)
		if gerr != nil {
			return fmt.Errorf("join: %w", gerr)
		}
		// A confirmed member gets nothing. A pending one is sent the
		// confirmation again, or for the first time if a join died before
		// its email went out.
		if existing.Status != Pending {
			return nil
		}
		if !existing.ConfirmSentAt.IsZero() {
			if err := s.sendConfirmation(ctx, existing); err != nil {
				return fmt.Errorf("join again: %w", err)
			}
			return nil
		}
		m = existing
	} else if err != nil {
		return fmt.Errorf("join: %w", err)
	}

	if err := s.sendConfirmation(ctx, m); err != nil {
		// Nothing half-written: the pending member goes, so a retry starts clean.
		if derr := s.store.DeletePendingMember(context.WithoutCancel(ctx), m.Key); derr != nil {
			s.log.ErrorContext(ctx, "undo join", "err", derr)
		}
		return fmt.Errorf("join: %w", err)
	}
	if err := s.store.MarkConfirmSent(ctx, m.Key, now); err != nil {
		return fmt.Errorf("join: %w", err)
	}
	return nil
}

// sendConfirmation emails m a confirmation link, within the daily cap.
func (s *Service) sendConfirmation(ctx context.Context, m Member) error {
	slot, err := s.capped.Reserve(ctx, "member-confirm", m.Email)
	if err != nil || slot == nil {
		return err
	}
	raw, err := slot.Issue(ctx, token.MemberConfirm, m.Key, m.Language, confirmTTL)
	if err != nil {
		return err
	}
	return slot.Send(ctx, recipient(m), email.MemberConfirm{Name: m.Name, ConfirmLink: s.links.ConfirmMembership(raw)})
}

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

// Confirm completes a join from the emailed link. The welcome email, which
// carries the member's unsubscribe link, goes out once.
func (s *Service) Confirm(ctx context.Context, raw string) (lang string, err error) {
	t, err := s.tokens.Check(ctx, raw, token.MemberConfirm)
	if apperr.Is(err, apperr.Conflict) {
		// The button pressed twice (a double click, a second tab): the
		// member is confirmed, and that is the answer.
		if m, gerr := s.store.GetMember(ctx, t.Subject); gerr == nil && m.Status == Confirmed {
			return m.Language, nil
		}
	}
	if err != nil {
		return "", err
	}
	m, changed, err := s.store.ConfirmMember(ctx, t.Subject, s.now())
	if errors.Is(err, ErrNotFound) {
		return "", apperr.New(apperr.NotFound, "This link is not valid or has expired. Please join again.")
	}
	if err != nil {
		return "", fmt.Errorf("confirm: %w", err)
	}
	if err := s.tokens.Use(ctx, t); err != nil && !changed {
		return "", err
	}
	if changed {
		if err := s.welcome(ctx, m); err != nil {
			// The membership stands; a lost welcome is logged, not undone.
			s.log.ErrorContext(ctx, "welcome email", "err", err)
		}
	}
	return m.Language, nil
}

func (s *Service) welcome(ctx context.Context, m Member) error {
	raw, err := s.tokens.Issue(ctx, token.Unsubscribe, m.Key, m.Key, m.Language, unsubscribeTTL)
	if err != nil {
		return err
	}
	page, err := s.PageLink(ctx, m)
	if err != nil {
		return err
	}
	return s.send(ctx, m, email.MemberWelcome{Name: m.Name, Unsubscribe: s.links.Unsubscribe(raw), PageLink: page})
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

// EraseRequestInput is the erase-request form.
type EraseRequestInput struct {
	Email string `json:"email"`
}

// Validate reports what RequestErase would refuse in for, and does nothing
// else (see JoinInput.Validate).
func (in EraseRequestInput) Validate() error {
	v := validate.New()
	v.Email("email", strings.TrimSpace(in.Email))
	return v.Err()
}

// RequestErase emails an erase link to the address if anything of theirs is
// stored. The answer is the same either way.
func (s *Service) RequestErase(ctx context.Context, in EraseRequestInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	in.Email = strings.TrimSpace(in.Email)
	owner := person.Key(in.Email)
	holds, err := s.store.HoldsData(ctx, owner)
	if err != nil {
		return fmt.Errorf("erase request: %w", err)
	}
	if !holds {
		return nil
	}
	m, err := s.store.GetMember(ctx, owner)
	if errors.Is(err, ErrNotFound) {
		// Someone with data but no membership (a registration, a talk).
		m = Member{Key: owner, Email: person.Normalize(in.Email), Language: "en"}
	} else if err != nil {
		return fmt.Errorf("erase request: %w", err)
	}
	slot, err := s.capped.Reserve(ctx, "member-erase", m.Email)
	if err != nil {
		return fmt.Errorf("erase request: %w", err)
	}
	if slot == nil {
		return nil
	}
	raw, err := slot.Issue(ctx, token.Erase, owner, m.Language, eraseTTL)
	if err != nil {
		return fmt.Errorf("erase request: %w", err)
	}
	var page string
	if m.Status == Confirmed {
		if page, err = s.PageLink(ctx, m); err != nil {
			return fmt.Errorf("erase request: %w", err)
		}
	}
	if err := slot.Send(ctx, recipient(m), email.MemberErase{Name: m.Name, EraseLink: s.links.Erase(raw), PageLink: page}); err != nil {
		return fmt.Errorf("erase request: %w", err)
	}
	return nil
}

// Erase removes everything stored about the link's owner. It can be retried
// with the same link until it finishes: the link itself is used up last,
// and pressing its button again then answers that it is done.
// The erase is recorded first and that record deleted last, for a
// registration of the same address racing it: one that starts meanwhile
// stores nothing, and one that finds, having written everything, the erase
// under way or its record erased takes it all back (meetups.Service.Register).
func (s *Service) Erase(ctx context.Context, raw string) (lang string, err error) {
	t, err := s.tokens.Check(ctx, raw, token.Erase)
	if apperr.Is(err, apperr.Conflict) {
		return t.Lang, nil // erased already: a second press, or a second tab
	}
	if err != nil {
		return "", err
	}
	if err := s.erase(ctx, t.Owner, t.Hash); err != nil {
		return "", err
	}
	return t.Lang, nil
}

// EraseOnRequest erases everything stored about the person whose address
// is emailAddress, as their own erase link does, for an organizer acting on
// their request. Erasing someone of whom nothing is stored does nothing.
func (s *Service) EraseOnRequest(ctx context.Context, emailAddress string) error {
	return s.erase(ctx, person.Key(emailAddress), "")
}

// erase removes everything of owner's, the token lastTokenHash (the erase
// link's, if any) last.
func (s *Service) erase(ctx context.Context, owner, lastTokenHash string) error {
	if err := s.store.BeginErase(ctx, owner, s.now().Add(eraseWindow)); err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	for _, before := range s.beforeErase {
		if err := before(ctx, owner); err != nil {
			return fmt.Errorf("erase: %w", err)
		}
	}
	n, err := s.store.EraseOwner(ctx, owner, lastTokenHash)
	if err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	if err := s.store.EndErase(ctx, owner); err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	s.log.InfoContext(ctx, "erased", "items", n)
	return nil
}
