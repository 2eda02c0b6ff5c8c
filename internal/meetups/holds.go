package meetups

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/token"
)

// HoldFor is how long a seat or a place in line taken for an address not
// yet proven is kept for the emailed "confirm my seat" link: long enough
// to open an email, short enough that made-up addresses give back what
// they took within half an hour. A hold never outlives the meetup's start.
const HoldFor = 30 * time.Minute

// Hold is a seat or a place in line kept for Key until Until. The place
// itself is in the meetup's Seats or Waitlist like any other, so that
// order, capacity and promotion treat it the same; the hold only says it
// goes back (to the next in line) at Until unless confirmed first.
type Hold struct {
	Key   string
	Until time.Time
}

// holdUntil is the end of a hold taken at now on m.
func holdUntil(m Meetup, now time.Time) time.Time {
	if until := now.Add(HoldFor); until.Before(m.StartsAt) {
		return until
	}
	return m.StartsAt
}

// HoldOf is the hold on key's place, if its place is held.
func (m Meetup) HoldOf(key string) (Hold, bool) {
	i := slices.IndexFunc(m.Holds, func(h Hold) bool { return h.Key == key })
	if i < 0 {
		return Hold{}, false
	}
	return m.Holds[i], true
}

// Held reports whether key's place is only held: an address nobody has
// proven, which must not be treated as coming (a reminder, a promotion
// notice) until its link confirms it.
func (m Meetup) Held(key string) bool {
	_, ok := m.HoldOf(key)
	return ok
}

// lapsed reports the first hold that ended by now.
func (m Meetup) lapsed(now time.Time) (Hold, bool) {
	i := slices.IndexFunc(m.Holds, func(h Hold) bool { return !now.Before(h.Until) })
	if i < 0 {
		return Hold{}, false
	}
	return m.Holds[i], true
}

// AsOf is the meetup as it stands at now: every hold that ended is
// released and the free seats go to the first in line, as the next write
// to the meetup will store it. Reads show this, so nobody is told a seat
// is taken by a hold that has run out.
func (m Meetup) AsOf(now time.Time) Meetup {
	if _, ok := m.lapsed(now); !ok {
		return m
	}
	gone := map[string]bool{}
	var holds []Hold
	for _, h := range m.Holds {
		if now.Before(h.Until) {
			holds = append(holds, h)
		} else {
			gone[h.Key] = true
		}
	}
	keep := func(keys []string) []string {
		return slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return gone[k] })
	}
	m.Seats, m.Waitlist, m.Holds = keep(m.Seats), keep(m.Waitlist), holds
	if m.Status == Scheduled && now.Before(m.StartsAt) {
		n := min(max(0, m.Capacity-len(m.Seats)), len(m.Waitlist))
		m.Seats, m.Waitlist = append(m.Seats, m.Waitlist[:n]...), m.Waitlist[n:]
	}
	return m
}

// lostRace reads meetup id again after a conditional write on it lost a
// race, the conflicts-th of one loop: errBusy once retries were lost.
func (s *Service) lostRace(ctx context.Context, id string, conflicts *int) (Meetup, error) {
	if *conflicts++; *conflicts == retries {
		return Meetup{}, errBusy
	}
	return s.Get(ctx, id)
}

// releaseLapsed gives back every hold of m that has ended, one
// conditional write each, and deletes the registrations they were for:
// nobody proved those addresses, so nothing of them is kept. Promoting
// into the freed seats is left to the caller, which promotes anyway.
func (s *Service) releaseLapsed(ctx context.Context, m Meetup) (Meetup, error) {
	for conflicts := 0; ; {
		h, ok := m.lapsed(s.now())
		if !ok {
			return m, nil
		}
		next, err := s.store.ReleaseHold(ctx, m, h)
		if errors.Is(err, ErrChanged) {
			if m, err = s.lostRace(ctx, m.ID, &conflicts); err != nil {
				return Meetup{}, err
			}
			continue
		}
		if err != nil {
			return Meetup{}, fmt.Errorf("release hold on %s: %w", m.ID, err)
		}
		m = next
		// Only the registration that held this very hold goes: one made
		// again since, with a hold of its own or none, stays.
		if err := s.store.DeleteRegistration(ctx, m.ID, h.Key, h.Until); err != nil && !errors.Is(err, ErrNotFound) {
			return Meetup{}, fmt.Errorf("release hold on %s: %w", m.ID, err)
		}
	}
}

// ConfirmSeat confirms the held seat or place in line an emailed link
// names: the address is proven, the place is the registrant's to keep,
// and they are sent where they stand with a link to cancel. A link that
// comes after the hold ended finds the place given back.
func (s *Service) ConfirmSeat(ctx context.Context, raw string) (lang string, err error) {
	t, err := s.tokens.Check(ctx, raw, token.RegistrationConfirm)
	if apperr.Is(err, apperr.Conflict) {
		return t.Lang, nil // pressed twice: confirmed the first time
	}
	if err != nil {
		return "", err
	}
	id, key, ok := strings.Cut(t.Subject, "/")
	if !ok {
		return "", apperr.New(apperr.NotFound, "This link is not valid or has expired.")
	}
	m, err := s.Get(ctx, id)
	if err != nil {
		return "", err
	}
	if err := s.open(m); err != nil {
		return "", err
	}
	if m, err = s.releaseLapsed(ctx, m); err != nil {
		return "", err
	}
	h, err := s.confirmHold(ctx, m, key)
	if err != nil {
		return "", err
	}
	if m, err = s.promote(ctx, h.meetup, noticesPerRequest); err != nil {
		return "", err
	}
	// Also after a first press that died here: the registration no longer
	// carries a hold that could be mistaken for one that lapsed.
	if err := s.store.ConfirmRegistration(ctx, id, key); err != nil && !errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("confirm seat on %s: %w", id, err)
	}
	r, err := s.store.GetRegistration(ctx, id, key)
	if err != nil {
		return "", fmt.Errorf("confirm seat on %s: %w", id, err)
	}
	if r.Status, r.Position = standing(m, key); r.Status != RegCancelled {
		if _, err := s.settle(ctx, m, r); err != nil {
			return "", fmt.Errorf("confirm seat on %s: %w", id, err)
		}
	}
	if err := s.tokens.Use(ctx, t); err != nil && !apperr.Is(err, apperr.Conflict) {
		return "", err
	}
	return t.Lang, nil
}

// confirmed is a hold made good, and the meetup after it.
type confirmed struct {
	Hold
	meetup Meetup
}

// confirmHold removes key's hold from m, keeping its place, while the hold
// has not ended; one that ended is released instead, whoever gets there
// first, and never both.
func (s *Service) confirmHold(ctx context.Context, m Meetup, key string) (confirmed, error) {
	for range retries {
		h, ok := m.HoldOf(key)
		if !ok {
			if st, _ := standing(m, key); st != RegCancelled {
				return confirmed{meetup: m}, nil // confirmed already
			}
			return confirmed{}, apperr.New(apperr.NotFound, "This seat was held for you for a while and has gone to the next in line. Please register again.")
		}
		if !s.now().Before(h.Until) {
			// Ended a moment ago: released like any other, and the
			// next look finds no hold to confirm.
			var err error
			if m, err = s.releaseLapsed(ctx, m); err != nil {
				return confirmed{}, err
			}
			continue
		}
		next, err := s.store.ConfirmHold(ctx, m, h)
		if err == nil {
			return confirmed{Hold: h, meetup: next}, nil
		}
		if !errors.Is(err, ErrChanged) {
			return confirmed{}, fmt.Errorf("confirm seat on %s: %w", m.ID, err)
		}
		if m, err = s.Get(ctx, m.ID); err != nil {
			return confirmed{}, err
		}
		if m, err = s.releaseLapsed(ctx, m); err != nil {
			return confirmed{}, err
		}
	}
	return confirmed{}, errBusy
}
