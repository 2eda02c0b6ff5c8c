package members

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// AddressInput is a form that asks for an emailed link and gives nothing
// but the address to send it to.
type AddressInput struct {
	Email string `json:"email"`
}

// Validate reports what the request would refuse in for, and does nothing
// else (see JoinInput.Validate).
func (in AddressInput) Validate() error {
	v := validate.New()
	v.Email("email", strings.TrimSpace(in.Email))
	return v.Err()
}

// EraseRequestInput is the erase-request form.
type EraseRequestInput = AddressInput

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
