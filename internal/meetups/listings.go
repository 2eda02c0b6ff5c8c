package meetups

import (
	"context"
	"fmt"
)

// Past lists the meetups that have ended, the latest first.
func (s *Service) Past(ctx context.Context, cursor string, limit int) ([]Meetup, string, error) {
	ms, next, err := s.store.ListPast(ctx, s.now(), cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("past meetups: %w", err)
	}
	return ms, next, nil
}

// Cancelled lists the cancelled meetups, the latest first.
func (s *Service) Cancelled(ctx context.Context, cursor string, limit int) ([]Meetup, string, error) {
	ms, next, err := s.store.ListCancelled(ctx, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("cancelled meetups: %w", err)
	}
	return ms, next, nil
}

// GetMany reads the meetups with the given IDs at once, by ID; an ID with
// no meetup is left out.
func (s *Service) GetMany(ctx context.Context, ids []string) (map[string]Meetup, error) {
	ms, err := s.store.GetMeetups(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("get meetups: %w", err)
	}
	return ms, nil
}

// Places reads the registrations of those holding a place on m, the seats
// in the order they were taken and then the waitlist in line: at most limit
// of them from the from-th place (from 0). Each carries its standing and
// waitlist position as m has them (held, when its address is not proven
// yet; pass m as it stands now, Detail); a place whose registration cannot
// be read (erased meanwhile) has only its key.
func (s *Service) Places(ctx context.Context, m Meetup, from, limit int) ([]Registration, error) {
	all := append(append(make([]string, 0, len(m.Seats)+len(m.Waitlist)), m.Seats...), m.Waitlist...)
	from = min(max(from, 0), len(all))
	keys := all[from:min(from+max(limit, 0), len(all))]
	if len(keys) == 0 {
		return nil, nil
	}
	regs, err := s.store.GetRegistrations(ctx, m.ID, keys)
	if err != nil {
		return nil, fmt.Errorf("places on %s: %w", m.ID, err)
	}
	out := make([]Registration, len(keys))
	for i, key := range keys {
		r, ok := regs[key]
		if !ok {
			r = Registration{MeetupID: m.ID, Key: key}
		}
		r.Status, r.Position = standing(m, key)
		out[i] = r
	}
	return out, nil
}

// attendeesPage is how many registrations one read of a meetup's
// registrations asks for: every one a meetup can hold, in a request or two.
const attendeesPage = maxCapacity + maxWaitlist

// Attendees reads a meetup as it stands now (Detail) and the registrations
// of everyone holding a seat that is theirs, in the order the seats were
// taken: who is expected at the door. A seat only held for an address
// nobody has proven is nobody's yet. It reads the meetup's own
// registrations and nothing else, so its cost follows the meetup, never
// the rest of the table.
func (s *Service) Attendees(ctx context.Context, id string) (Meetup, []Registration, error) {
	m, err := s.Detail(ctx, id)
	if err != nil {
		return Meetup{}, nil, err
	}
	var seats []string
	for _, k := range m.Seats {
		if !m.Held(k) {
			seats = append(seats, k)
		}
	}
	seat := make(map[string]int, len(seats))
	for i, k := range seats {
		seat[k] = i
	}
	found := make([]*Registration, len(seats))
	for cursor := ""; ; {
		regs, next, err := s.store.ListRegistrations(ctx, id, cursor, attendeesPage)
		if err != nil {
			return Meetup{}, nil, fmt.Errorf("attendees of %s: %w", id, err)
		}
		for _, r := range regs {
			if i, ok := seat[r.Key]; ok {
				r.Status, r.Position = RegConfirmed, 0
				found[i] = &r
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	out := make([]Registration, 0, len(found))
	for i, r := range found {
		if r == nil {
			out = append(out, Registration{MeetupID: id, Key: seats[i], Status: RegConfirmed})
			continue
		}
		out = append(out, *r)
	}
	return m, out, nil
}
