package meetups

import (
	"context"
	"errors"
	"fmt"
)

// noticesPerRequest bounds the promotion notices a member's own request
// (a registration, a cancellation) delivers for others, so that it stays
// quick; an organizer's update delivers all it can in time.
const noticesPerRequest = 5

// promote fills free seats from the waitlist, in order, then tells those
// it promoted and, of those others promoted but did not tell (a failed or
// hurried request), at most notices more (0: all); the rest stay owed on
// the meetup for the next request.
func (s *Service) promote(ctx context.Context, m Meetup, notices int) (Meetup, error) {
	if !s.now().Before(m.StartsAt) {
		return m, nil // a seat freed once the meetup has begun goes to nobody
	}
	// Every free seat is filled, however many, while there is time (what is
	// left, the next request fills); only lost races count against the
	// retries.
	mine := map[string]bool{}
	for conflicts := 0; m.Status == Scheduled && len(m.Seats) < m.Capacity && len(m.Waitlist) > 0 && !outOfTime(ctx); {
		first := m.Waitlist[0]
		next, err := s.store.Promote(ctx, m)
		if errors.Is(err, ErrChanged) {
			if m, err = s.lostRace(ctx, m.ID, &conflicts); err != nil {
				return Meetup{}, err
			}
			continue
		}
		if err != nil {
			return Meetup{}, fmt.Errorf("promote on %s: %w", m.ID, err)
		}
		mine[first] = true
		m = next
	}
	others := 0
	for _, key := range m.Notices {
		if outOfTime(ctx) {
			// Still owed on the meetup: the next request that promotes
			// (any registration, cancellation or update) tells them.
			break
		}
		if !mine[key] {
			if notices > 0 && others == notices {
				continue // owed, as above
			}
			others++
		}
		// A held seat is not told of: its holder hears of the seat once
		// they confirm it, and never if the hold ends first.
		if seat, _ := m.place(key); seat && m.Status == Scheduled && !m.Held(key) {
			r, err := s.store.GetRegistration(ctx, m.ID, key)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return Meetup{}, fmt.Errorf("promote on %s: %w", m.ID, err)
			}
			if err == nil && r.NotifiedAs != RegConfirmed {
				if _, err := s.notify(ctx, promotedLetter, r, m, RegConfirmed, RegConfirmed); err != nil {
					return Meetup{}, fmt.Errorf("promote on %s: %w", m.ID, err)
				}
			}
		}
		var err error
		if m, err = s.clearNotice(ctx, m, key); err != nil {
			return Meetup{}, err
		}
	}
	return m, nil
}

// clearNotice removes key from the notices owed. A concurrent write to the
// meetup (another clear shifts the list, a registration joins the line)
// makes the conditional write fail; read again and retry, until the notice
// is gone, whoever removed it.
func (s *Service) clearNotice(ctx context.Context, m Meetup, key string) (Meetup, error) {
	for range retries {
		next, err := s.store.ClearNotice(ctx, m, key)
		if err == nil {
			return next, nil
		}
		if !errors.Is(err, ErrChanged) {
			return Meetup{}, fmt.Errorf("clear notice on %s: %w", m.ID, err)
		}
		if m, err = s.Get(ctx, m.ID); err != nil {
			return Meetup{}, err
		}
	}
	return Meetup{}, errBusy
}
