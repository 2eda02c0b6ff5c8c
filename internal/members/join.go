package members

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
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
	v.RequiredLine("name", in.Name, MaxName)
	v.Email("email", in.Email)
	v.OneOf("language", in.Language, "en", "fa")
	v.OneOf("mentorship", in.Mentorship, "none", "mentor", "mentee")
	in.Interests = interests(v, in.Interests)
	return v.Err()
}

// interests checks a member's interests and keeps them trimmed, the blank
// ones left out: at most MaxInterests, each a line of at most MaxInterest
// characters.
func interests(v *validate.Validator, items []string) []string {
	var out []string
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			v.MaxLen("interests", s, MaxInterest)
			v.Text("interests", s)
			out = append(out, s)
		}
	}
	if len(out) > MaxInterests {
		v.Add("interests", problem.TooManyInterests, MaxInterests)
	}
	return out
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
