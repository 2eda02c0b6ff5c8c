package meetups

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// CancelRegistration cancels the registration an emailed link names and
// promotes the first in line into the freed seat.
func (s *Service) CancelRegistration(ctx context.Context, raw string) (lang string, err error) {
	t, err := s.tokens.Check(ctx, raw, token.RegistrationCancel)
	if err != nil {
		return "", err
	}
	id, key, ok := strings.Cut(t.Subject, "/")
	if !ok {
		return "", apperr.New(apperr.NotFound, "This link is not valid or has expired.")
	}
	if err := s.release(ctx, id, key); err != nil {
		return "", err
	}
	if err := s.tokens.Use(ctx, t); err != nil && !apperr.Is(err, apperr.Conflict) {
		return "", err
	}
	return t.Lang, nil
}

// release takes a person off a meetup's seats or waitlist, marks the
// registration cancelled, and promotes the first in line into a freed seat.
func (s *Service) release(ctx context.Context, id, key string) error {
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if m, err = s.releaseLapsed(ctx, m); err != nil {
		return err
	}
	for i := 0; ; i++ {
		seat, pos := m.place(key)
		if !seat && pos == 0 {
			break
		}
		if i == retries {
			return errBusy
		}
		next, err := s.store.Leave(ctx, m, key)
		if errors.Is(err, ErrChanged) {
			if m, err = s.Get(ctx, id); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("release on %s: %w", id, err)
		}
		m = next
	}
	if err := s.store.UpdateRegistration(ctx, id, key, RegCancelled, RegCancelled); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("release on %s: %w", id, err)
	}
	_, err = s.promote(ctx, m, noticesPerRequest)
	return err
}

// ReleaseAll frees every seat and waitlist place a person holds, before
// their data is erased, so nobody's seat stays taken by a person who is gone.
func (s *Service) ReleaseAll(ctx context.Context, key string) error {
	ids, err := s.store.MeetupsOf(ctx, key)
	if err != nil {
		return fmt.Errorf("release all: %w", err)
	}
	for _, id := range ids {
		if err := s.release(ctx, id, key); err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
	}
	return nil
}

// Registrations lists a meetup's registrations with their current status,
// read off the meetup as it stands now: a place only held shows as held.
func (s *Service) Registrations(ctx context.Context, id, cursor string, limit int) ([]Registration, string, error) {
	m, err := s.Get(ctx, id)
	if err != nil {
		return nil, "", err
	}
	regs, next, err := s.store.ListRegistrations(ctx, id, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("registrations of %s: %w", id, err)
	}
	m = m.AsOf(s.now())
	out := regs[:0]
	for _, r := range regs {
		st, pos := standing(m, r.Key)
		switch {
		case r.Status == RegCancelled:
		case st == RegCancelled && (r.Status == RegPending || r.Status == RegHeld):
			continue // never placed, or a hold that ended
		default:
			r.Status, r.Position = st, pos
		}
		out = append(out, r)
	}
	return out, next, nil
}

// AttendanceInput marks who came.
type AttendanceInput struct {
	Emails   []string `json:"emails"`
	Attended *bool    `json:"attended"`
}

// MarkAttendance records whether the given registrants came. Every address
// must be registered; if one is not, nothing is recorded.
func (s *Service) MarkAttendance(ctx context.Context, id string, in AttendanceInput) (int, error) {
	v := validate.New()
	v.Check("emails", len(in.Emails) > 0, problem.Required)
	v.Check("emails", len(in.Emails) <= 500, problem.AtMostAtATime, 500)
	v.Check("attended", in.Attended != nil, problem.Required)
	for _, e := range in.Emails {
		v.Email("emails", e)
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	if _, err := s.Get(ctx, id); err != nil {
		return 0, err
	}
	var unknown []string
	for _, e := range in.Emails {
		r, err := s.store.GetRegistration(ctx, id, person.Key(e))
		if errors.Is(err, ErrNotFound) || (err == nil && r.Status == RegCancelled) {
			unknown = append(unknown, strings.TrimSpace(e))
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("attendance on %s: %w", id, err)
		}
	}
	if len(unknown) > 0 {
		return 0, apperr.Field("emails", problem.NotRegistered, strings.Join(unknown, ", "))
	}
	for _, e := range in.Emails {
		if err := s.store.SetAttended(ctx, id, person.Key(e), *in.Attended); err != nil {
			return 0, fmt.Errorf("attendance on %s: %w", id, err)
		}
	}
	return len(in.Emails), nil
}

// LinkPage checks an emailed link before its page is shown: the language
// to show the page in and the meetup's title and time, or why the link
// cannot be used.
func (s *Service) LinkPage(ctx context.Context, purpose token.Purpose, raw string) (token.Landing, error) {
	t, err := s.tokens.Check(ctx, raw, purpose)
	if err != nil {
		return token.Landing{Lang: t.Lang}, err // a used link still knows its language
	}
	id, _, _ := strings.Cut(t.Subject, "/")
	m, err := s.store.GetMeetup(ctx, id)
	if err != nil {
		return token.Landing{Lang: t.Lang}, err
	}
	return token.Landing{Lang: t.Lang, Title: m.Title, Starts: m.StartsAt, Ends: m.EndsAt}, nil
}
