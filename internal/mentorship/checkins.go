package mentorship

import (
	"context"
	"errors"
	"fmt"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/token"
)

// CheckInView is what a check-in page shows.
type CheckInView struct {
	Lang    string
	Side    Role
	Partner string // the other side's name; "" if unknown
}

// CheckInPage checks a check-in link without using it and says what its
// page shows.
func (s *Service) CheckInPage(ctx context.Context, raw string) (CheckInView, error) {
	t, side, err := s.checkToken(ctx, raw)
	if err != nil {
		return CheckInView{Lang: t.Lang}, err
	}
	p, err := s.activePair(ctx, t)
	if err != nil {
		return CheckInView{Lang: t.Lang}, err
	}
	v := CheckInView{Lang: t.Lang, Side: side}
	v.Partner = s.partnerName(ctx, p, side)
	return v, nil
}

// CheckIn records a check-in for the side and the pair its token names,
// and nothing else: the token decides both.
func (s *Service) CheckIn(ctx context.Context, in CheckInInput) (CheckIn, string, error) {
	c, err := in.checkIn(s.now())
	if err != nil {
		return CheckIn{}, "", err
	}
	t, side, err := s.checkToken(ctx, in.Token)
	if err != nil {
		return CheckIn{}, t.Lang, err
	}
	p, err := s.activePair(ctx, t)
	if err != nil {
		return CheckIn{}, t.Lang, err
	}
	c.PairID, c.Side, c.Owner = p.ID, side, t.Owner
	if err := s.store.PutCheckIn(ctx, c); err != nil {
		return CheckIn{}, t.Lang, fmt.Errorf("check in on %s: %w", p.ID, err)
	}
	err = s.store.RecordCheckIn(ctx, c)
	if errors.Is(err, ErrChanged) {
		// Either a later check-in of the same side is already counted
		// (keep this one as history), or the pair ended in between.
		cur, gerr := s.store.GetPair(ctx, p.ID)
		switch {
		case gerr != nil && !errors.Is(gerr, ErrNotFound):
			err = gerr
		case gerr == nil && cur.Status == PairActive:
			return c, t.Lang, nil
		default:
			err = mentorshipEnded()
		}
	}
	if err != nil {
		if derr := s.store.DeleteCheckIn(context.WithoutCancel(ctx), c); derr != nil {
			s.log.ErrorContext(ctx, "undo check-in", "pair", p.ID, "err", derr)
		}
		if apperr.Is(err, apperr.Conflict) {
			return CheckIn{}, t.Lang, err
		}
		return CheckIn{}, t.Lang, fmt.Errorf("check in on %s: %w", c.PairID, err)
	}
	return c, t.Lang, nil
}

// checkToken checks a check-in token of either side and returns its side.
func (s *Service) checkToken(ctx context.Context, raw string) (token.Token, Role, error) {
	t, err := s.tokens.Check(ctx, raw, token.MentorCheckIn)
	if err == nil {
		return t, Mentor, nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return token.Token{}, "", err
	}
	if t, err = s.tokens.Check(ctx, raw, token.MenteeCheckIn); err != nil {
		return token.Token{}, "", err
	}
	return t, Mentee, nil
}

// linkedPair reads the pair id an emailed link names; a pair that is gone
// makes the link invalid.
func (s *Service) linkedPair(ctx context.Context, id string) (Pair, error) {
	p, err := s.store.GetPair(ctx, id)
	return apperr.Found(p, err, ErrNotFound, invalidLink(), "read mentorship %s", id)
}

// activePair reads the pair a check-in token names; an ended pair refuses it.
func (s *Service) activePair(ctx context.Context, t token.Token) (Pair, error) {
	p, err := s.linkedPair(ctx, t.Subject)
	switch {
	case err != nil:
		return Pair{}, err
	case p.Status == PairEnded:
		return Pair{}, mentorshipEnded()
	case p.Status != PairActive:
		return Pair{}, invalidLink()
	}
	return p, nil
}

// partnerName is the name of side's partner in p: "" when their
// application cannot be read (erased meanwhile).
func (s *Service) partnerName(ctx context.Context, p Pair, side Role) string {
	partner := p.MenteeApp
	if side == Mentee {
		partner = p.MentorApp
	}
	if a, err := s.store.GetApplication(ctx, partner); err == nil {
		return a.Name
	}
	return ""
}
