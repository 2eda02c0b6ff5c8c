package topics

import (
	"context"
	"errors"
	"fmt"
)

// Open reports whether id is an open topic of the wishlist.
func (s *Service) Open(ctx context.Context, id string) (bool, error) {
	if !validID(id) {
		return false, nil
	}
	t, err := s.store.GetTopic(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil && t.Status == Open, err
}

// Claim marks the open topic id claimed by the talk talkID: one
// conditional write, so of two talks claiming one topic at once one wins.
// It reports false when the topic is not open (claimed by another talk,
// hidden, merged or gone): the talk keeps going without the claim.
func (s *Service) Claim(ctx context.Context, id, talkID string) (bool, error) {
	t, err := s.store.GetTopic(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim topic %s: %w", id, err)
	}
	if t.Status == Claimed && t.ClaimedBy == talkID {
		return true, nil
	}
	if t.Status != Open {
		return false, nil
	}
	to := t
	to.Status, to.ClaimedBy, to.UpdatedAt = Claimed, talkID, s.now()
	err = s.store.SetStatus(ctx, id, Open, "", to)
	if errors.Is(err, ErrChanged) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim topic %s: %w", id, err)
	}
	s.log.InfoContext(ctx, "topic claimed", "topic", id, "talk", talkID)
	return true, nil
}

// Release opens again the topic id if the talk talkID claims it (the talk
// was withdrawn or rejected); nothing if another talk claims it, or none.
func (s *Service) Release(ctx context.Context, id, talkID string) error {
	t, err := s.store.GetTopic(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("release topic %s: %w", id, err)
	}
	if t.Status != Claimed || t.ClaimedBy != talkID {
		return nil
	}
	to := t
	to.Status, to.ClaimedBy, to.UpdatedAt = Open, "", s.now()
	if err := s.store.SetStatus(ctx, id, Claimed, talkID, to); err != nil && !errors.Is(err, ErrChanged) {
		return fmt.Errorf("release topic %s: %w", id, err)
	}
	s.log.InfoContext(ctx, "topic released", "topic", id, "talk", talkID)
	return nil
}
