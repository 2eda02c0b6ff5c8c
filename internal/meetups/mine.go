package meetups

import (
	"context"
	"fmt"
	"slices"
)

// Place is where a person stands at an upcoming meetup: a seat, or a
// position in line (from 1); Held when it waits for their emailed link.
type Place struct {
	Meetup   Meetup
	Seat     bool
	Position int
	Held     bool
}

// PlacesOf lists the upcoming meetups where the person key holds a seat or
// a place in line, the soonest first: what their own page shows.
func (s *Service) PlacesOf(ctx context.Context, key string) ([]Place, error) {
	ids, err := s.store.MeetupsOf(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("places of a member: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	ms, err := s.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Place
	for _, m := range ms {
		if s.open(m) != nil {
			continue // cancelled, or begun
		}
		m = m.AsOf(now)
		seat, pos := m.place(key)
		if !seat && pos == 0 {
			continue
		}
		out = append(out, Place{Meetup: m, Seat: seat, Position: pos, Held: m.Held(key)})
	}
	slices.SortFunc(out, func(a, b Place) int { return a.Meetup.StartsAt.Compare(b.Meetup.StartsAt) })
	return out, nil
}

// CancelFor cancels the registration of the person key at meetup id, as
// their emailed cancel link does, for a member whose own page proved key.
// Cancelling where they hold no place changes nothing.
func (s *Service) CancelFor(ctx context.Context, key, id string) error {
	return s.release(ctx, id, key)
}
