package meetups

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// RegisterInput is the registration form.
type RegisterInput struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Language string `json:"language"`
}

// Register registers a person for a meetup: a seat while seats last, then a
// place on the waitlist. Registering again returns the existing registration
// (created is false) and never takes a second place.
func (s *Service) Register(ctx context.Context, id string, in RegisterInput) (r Registration, created bool, err error) {
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	if in.Language == "" {
		in.Language = "en"
	}
	v := validate.New()
	v.Required("name", in.Name)
	v.MaxLen("name", in.Name, MaxName)
	v.Text("name", in.Name)
	v.Email("email", in.Email)
	v.OneOf("language", in.Language, "en", "fa")
	if err := v.Err(); err != nil {
		return Registration{}, false, err
	}
	m, err := s.Get(ctx, id)
	if err != nil {
		return Registration{}, false, err
	}
	if err := s.open(m); err != nil {
		return Registration{}, false, err
	}

	key := person.Key(in.Email)
	r = Registration{
		MeetupID: id, Key: key, Name: in.Name, Email: person.Normalize(in.Email), Language: in.Language,
		Status: RegPending, CreatedAt: s.now(), ScheduleSeen: m.ScheduleVersion,
	}
	created = true
	switch err := s.store.PutRegistration(ctx, r); {
	case errors.Is(err, ErrExists):
		created = false
		if r, err = s.store.GetRegistration(ctx, id, key); err != nil {
			return Registration{}, false, fmt.Errorf("register %s: %w", id, err)
		}
	case err != nil:
		return Registration{}, false, fmt.Errorf("register %s: %w", id, err)
	}

	// Place the person, unless a first attempt already did.
	m, err = s.place(ctx, m, key)
	if err != nil {
		if apperr.Is(err, apperr.Conflict) && created {
			_ = s.store.UpdateRegistration(ctx, id, key, RegCancelled, r.NotifiedAs)
		}
		return Registration{}, false, err
	}
	if m, err = s.promote(ctx, m, noticesPerRequest); err != nil {
		return Registration{}, false, err
	}
	r.Status, r.Position = status(m, key)
	if r.Status == RegCancelled {
		// Cancelled by the person in between: answer what is true.
		return r, created, nil
	}
	if err := s.settle(ctx, m, r); err != nil {
		// Nothing half-written: a new registration whose confirmation could
		// not be sent gives its place back (to the next in line).
		if created {
			if rerr := s.release(context.WithoutCancel(ctx), id, key); rerr != nil {
				s.log.ErrorContext(ctx, "give back a place", "meetup", id, "err", rerr)
			}
		}
		return Registration{}, false, fmt.Errorf("register %s: %w", id, err)
	}
	if r.Status == RegWaitlisted {
		// A promotion between placing and telling (whose email then went
		// out instead of this one): answer what is true now.
		if cur, err := s.Get(ctx, id); err == nil {
			if st, pos := status(cur, key); st != RegCancelled {
				r.Status, r.Position = st, pos
			}
		}
	}
	return r, created, nil
}

// Pretend answers a registration the way Register would now, and stores
// nothing: what a form post that filled the honeypot is told.
func (s *Service) Pretend(ctx context.Context, id string, in RegisterInput) (Registration, error) {
	m, err := s.Get(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	if err := s.open(m); err != nil {
		return Registration{}, err
	}
	r := Registration{MeetupID: id, Key: person.Key(in.Email), Name: in.Name, Status: RegConfirmed}
	if len(m.Seats) >= m.Capacity || len(m.Waitlist) > 0 {
		r.Status, r.Position = RegWaitlisted, len(m.Waitlist)+1
	}
	return r, nil
}

// Open reports whether people can register for m now: it is scheduled
// and has not started.
func (s *Service) Open(m Meetup) bool { return s.open(m) == nil }

// open says why a meetup takes no registrations, if it does not.
func (s *Service) open(m Meetup) error {
	if m.Status == Cancelled {
		return apperr.New(apperr.Conflict, "This meetup is cancelled.")
	}
	if !s.now().Before(m.StartsAt) {
		return apperr.New(apperr.Conflict, "This meetup has already started.")
	}
	return nil
}

// place gives key a seat or a place in line, reading again whenever a
// concurrent registration got there first.
func (s *Service) place(ctx context.Context, m Meetup, key string) (Meetup, error) {
	for range retries {
		if seat, pos := m.place(key); seat || pos > 0 {
			return m, nil
		}
		if err := s.open(m); err != nil {
			return Meetup{}, err
		}
		var err error
		var next Meetup
		switch {
		case len(m.Seats) < m.Capacity && len(m.Waitlist) == 0:
			next, err = s.store.TakeSeat(ctx, m, key)
		case len(m.Waitlist) >= maxWaitlist:
			return Meetup{}, apperr.New(apperr.Conflict, "This meetup and its waitlist are full.")
		default:
			next, err = s.store.JoinWaitlist(ctx, m, key)
		}
		if err == nil {
			return next, nil
		}
		if !errors.Is(err, ErrChanged) {
			return Meetup{}, fmt.Errorf("place on %s: %w", m.ID, err)
		}
		if m, err = s.Get(ctx, m.ID); err != nil {
			return Meetup{}, err
		}
	}
	return Meetup{}, errBusy
}

// status reads a person's registration status off the meetup.
func status(m Meetup, key string) (RegStatus, int) {
	seat, pos := m.place(key)
	switch {
	case seat:
		return RegConfirmed, 0
	case pos > 0:
		return RegWaitlisted, pos
	}
	return RegCancelled, 0
}

// settle records a registration's status and, once per status, emails it
// with a link to cancel.
func (s *Service) settle(ctx context.Context, m Meetup, r Registration) error {
	if r.NotifiedAs == r.Status {
		return s.store.UpdateRegistration(ctx, m.ID, r.Key, r.Status, r.NotifiedAs)
	}
	write := confirmedLetter
	if r.Status == RegWaitlisted {
		write = waitlistedLetter
	}
	ok, err := s.store.AllowEmail(ctx, "registration", r.Key, s.dailyEmailLimit*3, s.now())
	if err != nil {
		return err
	}
	if !ok {
		return s.store.UpdateRegistration(ctx, m.ID, r.Key, r.Status, r.Status)
	}
	return s.notify(ctx, write, r, m, r.Status, r.Status)
}

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

// Registrations lists a meetup's registrations with their current status.
func (s *Service) Registrations(ctx context.Context, id, cursor string, limit int) ([]Registration, string, error) {
	m, err := s.Get(ctx, id)
	if err != nil {
		return nil, "", err
	}
	regs, next, err := s.store.ListRegistrations(ctx, id, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("registrations of %s: %w", id, err)
	}
	out := regs[:0]
	for _, r := range regs {
		if r.Status == RegPending {
			if st, pos := status(m, r.Key); st != RegCancelled {
				r.Status, r.Position = st, pos
			} else {
				continue // a registration that never got placed
			}
		} else if r.Status != RegCancelled {
			r.Status, r.Position = status(m, r.Key)
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
	v.Check("emails", len(in.Emails) > 0, "is required")
	v.Check("emails", len(in.Emails) <= 500, "at most 500 at a time")
	v.Check("attended", in.Attended != nil, "is required")
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
		return 0, apperr.Field("emails", "not registered: "+strings.Join(unknown, ", "))
	}
	for _, e := range in.Emails {
		if err := s.store.SetAttended(ctx, id, person.Key(e), *in.Attended); err != nil {
			return 0, fmt.Errorf("attendance on %s: %w", id, err)
		}
	}
	return len(in.Emails), nil
}

// LinkPage checks an emailed link before its page is shown: the language
// to show the page in, or why the link cannot be used.
func (s *Service) LinkPage(ctx context.Context, purpose token.Purpose, raw string) (lang string, err error) {
	t, err := s.tokens.Check(ctx, raw, purpose)
	return t.Lang, err // a used link still knows its language
}
