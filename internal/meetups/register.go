package meetups

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/validate"
)

// RegisterInput is the registration form.
type RegisterInput struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Language string `json:"language"`
}

func (in *RegisterInput) normalize() error {
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	if in.Language == "" {
		in.Language = "en"
	}
	v := validate.New()
	v.RequiredLine("name", in.Name, MaxName)
	v.Email("email", in.Email)
	v.OneOf("language", in.Language, "en", "fa")
	return v.Err()
}

// registrationEmails is the daily cap's name for the emails a registration
// sends its registrant.
const registrationEmails = "registration"

// Register registers a person for a meetup: a seat while seats last, then a
// place on the waitlist, and emails them where they stand. The address of
// a confirmed member is proven; any other only holds its place (HoldFor)
// until the emailed link confirms it, so nobody keeps seats with addresses
// that are not theirs. Registering again takes no second place and sends
// nothing more. The caller is told nothing of where the registrant stands
// (whoever typed the address may not own it): that goes by email.
func (s *Service) Register(ctx context.Context, id string, in RegisterInput) error {
	if err := in.normalize(); err != nil {
		return err
	}
	key := person.Key(in.Email)
	// The address's data is being erased: nothing is kept, and the answer
	// is the usual one.
	if erasing, err := s.store.Erasing(ctx, key, s.now()); err != nil || erasing {
		return err
	}
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := s.open(m); err != nil {
		return err
	}
	// The person's own hold that ended goes before a new registration
	// replaces it (place gives back everyone else's).
	if m, err = s.releaseLapsed(ctx, m); err != nil {
		return err
	}
	proven, err := s.proven(ctx, key)
	if err != nil {
		return fmt.Errorf("register %s: %w", id, err)
	}
	r := Registration{
		MeetupID: id, Key: key, Name: in.Name, Email: person.Normalize(in.Email), Language: in.Language,
		Status: RegPending, CreatedAt: s.now(), ScheduleSeen: m.ScheduleVersion,
	}
	if !proven {
		r.HoldUntil = holdUntil(m, r.CreatedAt)
	}
	r, created, err := s.putRegistration(ctx, r)
	if err != nil {
		return err
	}

	// Place the person, unless a first attempt already did.
	m, err = s.place(ctx, m, key, r.HoldUntil)
	if err != nil {
		if apperr.Is(err, apperr.Conflict) && created {
			_ = s.store.UpdateRegistration(ctx, id, key, RegCancelled, r.NotifiedAs)
		}
		return err
	}
	if m, err = s.promote(ctx, m, noticesPerRequest); err != nil {
		return err
	}
	var sp spent
	if r.Status, r.Position = standing(m, key); r.Status != RegCancelled { // else cancelled by the person in between
		sp, err = s.settle(ctx, m, r)
		switch {
		case errors.Is(err, ErrNotFound):
			// Erased in between: the check below takes back the rest.
		case err != nil:
			// Nothing half-written: a new registration whose email could not
			// be sent gives its place back (to the next in line).
			if created {
				if rerr := s.release(context.WithoutCancel(ctx), id, key); rerr != nil {
					s.log.ErrorContext(ctx, "give back a place", "meetup", id, "err", rerr)
				}
			}
			return fmt.Errorf("register %s: %w", id, err)
		}
	}
	return s.kept(ctx, id, key, sp)
}

// putRegistration stores r, or reads the registration the person already
// has for the meetup (created is false). An erase or a lapse can delete
// that one between the two; the store is then tried once more.
func (s *Service) putRegistration(ctx context.Context, r Registration) (Registration, bool, error) {
	for range 2 {
		err := s.store.PutRegistration(ctx, r)
		if err == nil {
			return r, true, nil
		}
		if !errors.Is(err, ErrExists) {
			return Registration{}, false, fmt.Errorf("register %s: %w", r.MeetupID, err)
		}
		existing, err := s.store.GetRegistration(ctx, r.MeetupID, r.Key)
		if err == nil {
			return existing, false, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return Registration{}, false, fmt.Errorf("register %s: %w", r.MeetupID, err)
		}
	}
	return Registration{}, false, errBusy
}

// Check refuses what Register would refuse — the form's fields, then a
// meetup that takes no registrations — and registers nobody: a post
// answered as a registration would be and dropped (the honeypot) gets the
// same problems as a real one.
func (s *Service) Check(ctx context.Context, id string, in RegisterInput) error {
	if err := in.normalize(); err != nil {
		return err
	}
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return s.open(m)
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

// place gives key a seat or a place in line, held until hold unless hold
// is zero, reading again whenever a concurrent registration got there
// first.
func (s *Service) place(ctx context.Context, m Meetup, key string, hold time.Time) (Meetup, error) {
	for range retries {
		// A place whose hold has ended is not one: it goes first.
		var err error
		if m, err = s.releaseLapsed(ctx, m); err != nil {
			return Meetup{}, err
		}
		if seat, pos := m.place(key); seat || pos > 0 {
			return m, nil
		}
		if err := s.open(m); err != nil {
			return Meetup{}, err
		}
		var next Meetup
		switch {
		case len(m.Seats) < m.Capacity && len(m.Waitlist) == 0:
			next, err = s.store.TakeSeat(ctx, m, key, hold)
		case len(m.Waitlist) >= maxWaitlist:
			return Meetup{}, apperr.New(apperr.Conflict, "This meetup and its waitlist are full.")
		default:
			next, err = s.store.JoinWaitlist(ctx, m, key, hold)
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

// standing reads a person's registration status off the meetup: a seat
// (confirmed), a place in line (waitlisted, at a position), either one
// only held, or neither (cancelled).
func standing(m Meetup, key string) (RegStatus, int) {
	seat, pos := m.place(key)
	switch {
	case !seat && pos == 0:
		return RegCancelled, 0
	case m.Held(key):
		return RegHeld, pos
	case seat:
		return RegConfirmed, 0
	}
	return RegWaitlisted, pos
}

// spent is what emailing a registrant stored under their key: the link's
// token and a count against the daily cap, for an undo to take back.
type spent struct {
	token string    // hash of the link's token; "" without one
	at    time.Time // when the email was counted; zero if it was not
	email string    // the address it was counted against
}

// settle records a registration's status and, once per status, emails it:
// a held place with the link that confirms it, any other with a link to
// cancel. An email that does not go out (it failed, or a concurrent
// request is sending it) is given back to the daily cap, and its link's
// token is deleted.
func (s *Service) settle(ctx context.Context, m Meetup, r Registration) (spent, error) {
	if r.NotifiedAs == r.Status {
		return spent{}, s.store.UpdateRegistration(ctx, m.ID, r.Key, r.Status, r.NotifiedAs)
	}
	l := confirmedLetter
	switch r.Status {
	case RegWaitlisted:
		l = waitlistedLetter
	case RegHeld:
		l = heldLetter
	}
	now := s.now()
	ok, err := s.store.AllowEmail(ctx, registrationEmails, r.Email, s.dailyEmailLimit*3, now)
	if err != nil {
		return spent{}, err
	}
	if !ok {
		return spent{}, s.store.UpdateRegistration(ctx, m.ID, r.Key, r.Status, r.Status)
	}
	hash, err := s.notify(ctx, l, r, m, r.Status, r.Status)
	if err != nil || hash == "" {
		s.returnEmail(ctx, r.Email, now)
		return spent{}, err
	}
	return spent{token: hash, at: now, email: r.Email}, nil
}

// returnEmail gives an email that did not go out back to the daily cap.
func (s *Service) returnEmail(ctx context.Context, email string, at time.Time) {
	if err := s.store.ReturnEmail(context.WithoutCancel(ctx), registrationEmails, email, at); err != nil {
		s.log.ErrorContext(ctx, "give back an email's count", "err", err)
	}
}

// kept checks, once a registration has written everything, that it still
// stands. An erase of the address may have begun meanwhile, or run to its
// end and deleted the registration under it; either way the registration
// takes back all it wrote (its place, its record, its link's token, its
// count against the cap), since the erase may have passed before it wrote
// them. Nothing is left of the address, and the answer is the usual one.
func (s *Service) kept(ctx context.Context, id, key string, sp spent) error {
	erasing, err := s.store.Erasing(ctx, key, s.now())
	if err != nil {
		return fmt.Errorf("register %s: %w", id, err)
	}
	if !erasing {
		_, err := s.store.GetRegistration(ctx, id, key)
		if !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	ctx = context.WithoutCancel(ctx)
	errs := []error{s.release(ctx, id, key)}
	if err := s.store.DeleteRegistration(ctx, id, key, time.Time{}); !errors.Is(err, ErrNotFound) {
		errs = append(errs, err)
	}
	if sp.token != "" {
		errs = append(errs, s.store.DeleteToken(ctx, sp.token))
	}
	if !sp.at.IsZero() {
		errs = append(errs, s.store.ReturnEmail(ctx, registrationEmails, sp.email, sp.at))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("register %s: take back: %w", id, err)
	}
	return nil
}
