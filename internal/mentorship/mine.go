package mentorship

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/apperr"
)

// MemberPair is an active mentorship of a member, as their own page shows
// it: their side, the other side's name, and their own last check-in.
type MemberPair struct {
	PairID      string
	Side        Role
	Partner     string
	LastCheckIn time.Time
}

// PairsOf lists the active mentorships of the person key, on either side.
func (s *Roster) PairsOf(ctx context.Context, key string) ([]MemberPair, error) {
	apps, err := s.store.ApplicationsOf(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("mentorships of a member: %w", err)
	}
	var out []MemberPair
	for _, a := range apps {
		ids := a.Mentees
		if a.Role == Mentee {
			ids = nil
			if a.PairID != "" {
				ids = []string{a.PairID}
			}
		}
		for _, id := range ids {
			p, err := s.store.GetPair(ctx, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("mentorships of a member: %w", err)
			}
			if p.Status != PairActive {
				continue
			}
			partner := p.MenteeApp
			if a.Role == Mentee {
				partner = p.MentorApp
			}
			mp := MemberPair{PairID: p.ID, Side: a.Role, LastCheckIn: p.Of(a.Role).LastCheckIn}
			if o, err := s.store.GetApplication(ctx, partner); err == nil {
				mp.Partner = o.Name
			}
			out = append(out, mp)
		}
	}
	return out, nil
}

// CheckInLinkFor issues the person key a check-in link for their side of
// the active pair pairID, as the check-in emails carry, for a member whose
// own page proved key. A pair they are not in is answered as one that does
// not exist.
func (s *Roster) CheckInLinkFor(ctx context.Context, key, pairID string) (string, error) {
	pairs, err := s.PairsOf(ctx, key)
	if err != nil {
		return "", err
	}
	for _, p := range pairs {
		if p.PairID != pairID {
			continue
		}
		apps, err := s.store.ApplicationsOf(ctx, key)
		if err != nil {
			return "", fmt.Errorf("check-in link: %w", err)
		}
		for _, a := range apps {
			if a.Role == p.Side {
				return s.CheckInLink(ctx, pairID, p.Side, a)
			}
		}
	}
	return "", apperr.New(apperr.NotFound, "No such mentorship.")
}
