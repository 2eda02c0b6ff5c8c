package meetups

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// Store keeps meetups and registrations. Every method is one single-item
// write (or read); the ones on a meetup's seats are conditional on what the
// caller read and fail with ErrChanged when it no longer holds.
type Store interface {
	CreateMeetup(ctx context.Context, m Meetup) error
	GetMeetup(ctx context.Context, id string) (Meetup, error)
	// ListUpcoming lists scheduled meetups ending after from, soonest first.
	ListUpcoming(ctx context.Context, from time.Time, cursor string, limit int) ([]Meetup, string, error)
	// SaveMeetup writes m's own fields (not its seats) if its version is
	// still m.Version, and refuses (ErrFull) a capacity below the seats taken.
	SaveMeetup(ctx context.Context, m Meetup) (Meetup, error)
	// TakeSeat gives key a seat if one is free and nobody is waiting.
	TakeSeat(ctx context.Context, m Meetup, key string) (Meetup, error)
	// JoinWaitlist puts key last in line if no seat can be taken directly.
	JoinWaitlist(ctx context.Context, m Meetup, key string) (Meetup, error)
	// Leave removes key from the seats or the waitlist, where m has it.
	Leave(ctx context.Context, m Meetup, key string) (Meetup, error)
	// Promote moves the first in line to a free seat and owes them a notice.
	Promote(ctx context.Context, m Meetup) (Meetup, error)
	// ClearNotice records that key was told of its promotion.
	ClearNotice(ctx context.Context, m Meetup, key string) (Meetup, error)

	// PutRegistration stores a new registration, or renews a cancelled one;
	// ErrExists when one is active or in progress.
	PutRegistration(ctx context.Context, r Registration) error
	GetRegistration(ctx context.Context, meetupID, key string) (Registration, error)
	UpdateRegistration(ctx context.Context, meetupID, key string, status, notifiedAs RegStatus) error
	// ClaimScheduleNotice records that the registrant is being told of the
	// meetup's schedule version, unless they know it already.
	ClaimScheduleNotice(ctx context.Context, meetupID, key string, version int) (bool, error)
	// ReturnScheduleNotice gives a claim back after its email failed.
	ReturnScheduleNotice(ctx context.Context, meetupID, key string, version, previous int) error
	// ClaimNotice records that the registrant is being told of status, and
	// reports false if someone already was (or is): of concurrent requests
	// owing the same email, exactly one sends it.
	ClaimNotice(ctx context.Context, meetupID, key string, status, notice RegStatus) (bool, error)
	ListRegistrations(ctx context.Context, meetupID, cursor string, limit int) ([]Registration, string, error)
	SetAttended(ctx context.Context, meetupID, key string, attended bool) error
	// MeetupsOf lists the IDs of the meetups a person has registered for.
	MeetupsOf(ctx context.Context, key string) ([]string, error)
	AllowEmail(ctx context.Context, kind, owner string, max int, now time.Time) (bool, error)
}

// Mailer sends one email.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) (string, error)
}

// Talk is an accepted talk as a meetup's page shows it.
type Talk struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	SpeakerName string `json:"speaker_name"`
	Format      string `json:"format"`
	Status      string `json:"status"`
}

// TalkLister lists the accepted talks of a meetup.
type TalkLister interface {
	MeetupTalks(ctx context.Context, meetupID string) ([]Talk, error)
}

// Service carries out the meetup and registration actions.
type Service struct {
	Store           Store
	Tokens          *token.Issuer
	Mail            Mailer
	Talks           TalkLister // nil: no talks yet
	Log             *slog.Logger
	Now             func() time.Time
	BaseURL         string
	Zone            *time.Location
	DailyEmailLimit int
	// AfterCancel runs once everyone registered was told a meetup is off,
	// for what else hangs on the meetup (its talks go back to the backlog).
	AfterCancel []func(ctx context.Context, m Meetup) error
}

// retries bounds the read-and-retry loops around conditional writes; each
// retry means another writer changed the meetup in between.
const retries = 50

var errBusy = apperr.New(apperr.Throttled, "This meetup is very busy right now. Please try again in a moment.")

func notFound() error { return apperr.New(apperr.NotFound, "No such meetup.") }

// Create adds a meetup.
func (s *Service) Create(ctx context.Context, in MeetupInput) (Meetup, error) {
	now := s.Now()
	m, err := in.apply(Meetup{}, true, now)
	if err != nil {
		return Meetup{}, err
	}
	m.ID, m.Status, m.CreatedAt, m.UpdatedAt, m.Version = newID(), Scheduled, now, now, 1
	if err := s.Store.CreateMeetup(ctx, m); err != nil {
		return Meetup{}, fmt.Errorf("create meetup: %w", err)
	}
	return m, nil
}

// Get reads a meetup.
func (s *Service) Get(ctx context.Context, id string) (Meetup, error) {
	m, err := s.Store.GetMeetup(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Meetup{}, notFound()
	}
	if err != nil {
		return Meetup{}, fmt.Errorf("get meetup %s: %w", id, err)
	}
	return m, nil
}

// TalksOf lists a meetup's accepted talks.
func (s *Service) TalksOf(ctx context.Context, id string) ([]Talk, error) {
	if s.Talks == nil {
		return []Talk{}, nil
	}
	talks, err := s.Talks.MeetupTalks(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("talks of %s: %w", id, err)
	}
	if talks == nil {
		talks = []Talk{}
	}
	return talks, nil
}

// Upcoming lists the meetups that have not ended, soonest first.
func (s *Service) Upcoming(ctx context.Context, cursor string, limit int) ([]Meetup, string, error) {
	ms, next, err := s.Store.ListUpcoming(ctx, s.Now(), cursor, limit)
	if err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

// Update changes a meetup's fields. Raising the capacity promotes the
// waitlist; lowering it below the seats taken is refused.
func (s *Service) Update(ctx context.Context, id string, in MeetupInput) (Meetup, int, error) {
	for range retries {
		cur, err := s.Get(ctx, id)
		if err != nil {
			return Meetup{}, 0, err
		}
		if cur.Status == Cancelled {
			return Meetup{}, 0, apperr.New(apperr.Conflict, "This meetup is cancelled.")
		}
		m, err := in.apply(cur, false, s.Now())
		if err != nil {
			return Meetup{}, 0, err
		}
		if m.Capacity < len(cur.Seats) {
			return Meetup{}, 0, apperr.Field("capacity", fmt.Sprintf("is below the %d seats already taken", len(cur.Seats)))
		}
		m.UpdatedAt = s.Now()
		if !m.StartsAt.Equal(cur.StartsAt) || !m.EndsAt.Equal(cur.EndsAt) || m.Venue != cur.Venue {
			m.ScheduleVersion = cur.ScheduleVersion + 1
		}
		saved, err := s.Store.SaveMeetup(ctx, m)
		if errors.Is(err, ErrChanged) || errors.Is(err, ErrFull) {
			continue // someone registered or changed it meanwhile: look again
		}
		if err != nil {
			return Meetup{}, 0, fmt.Errorf("update meetup %s: %w", id, err)
		}
		if saved, err = s.promote(ctx, saved, 0); err != nil {
			return Meetup{}, 0, err
		}
		// Every update finishes telling registrants of the latest change of
		// time or place, so a retry after a failed email sends what is owed.
		untold, err := s.tellSchedule(ctx, saved)
		if err != nil {
			return Meetup{}, 0, err
		}
		return saved, untold + len(saved.Notices), nil
	}
	return Meetup{}, 0, errBusy
}

// CancelMeetup cancels a meetup, sends its talks back to the backlog and
// tells everyone registered. It reports how many registrants it could not
// tell before the request's deadline: cancelling again tells exactly those
// (and anyone a failed run missed), nobody twice.
func (s *Service) CancelMeetup(ctx context.Context, id string) (m Meetup, untold int, err error) {
	for i := 0; ; i++ {
		cur, err := s.Get(ctx, id)
		if err != nil {
			return Meetup{}, 0, err
		}
		if cur.Status == Cancelled {
			m = cur
			break
		}
		if i == retries {
			return Meetup{}, 0, errBusy
		}
		cur.Status, cur.UpdatedAt = Cancelled, s.Now()
		m, err = s.Store.SaveMeetup(ctx, cur)
		if errors.Is(err, ErrChanged) || errors.Is(err, ErrFull) {
			continue
		}
		if err != nil {
			return Meetup{}, 0, fmt.Errorf("cancel meetup %s: %w", id, err)
		}
		break
	}
	// Registrants first: people must not come to a meetup that is off, and
	// nothing that hangs on the meetup may stand in the way of telling them.
	untold, err = s.tellAll(ctx, m, func(r Registration) bool {
		// Who holds a place is read off the meetup, so a registration
		// still being made is told too.
		placed, _ := status(m, r.Key)
		return placed != RegCancelled && r.NotifiedAs != meetupCancelled
	}, func(ctx context.Context, r Registration) error {
		return s.notify(ctx, "meetup-cancelled", r, m, r.Status, meetupCancelled, nil)
	})
	// Then what hangs on the meetup: its talks go back to the backlog.
	errs := []error{err}
	for _, after := range s.AfterCancel {
		errs = append(errs, after(ctx, m))
	}
	if err := errors.Join(errs...); err != nil {
		return Meetup{}, 0, fmt.Errorf("cancel meetup %s: %w", id, err)
	}
	return m, untold, nil
}

// noticeMargin is how long before a request's deadline a loop of emails
// stops starting new ones, so the request always answers in time.
const noticeMargin = 3 * time.Second

// outOfTime reports whether ctx's deadline is within noticeMargin. The
// deadline is the Lambda's, on the wall clock.
func outOfTime(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) < noticeMargin
}

// tellAll emails, with tell, every registration of m that owes an email,
// until the request nears its deadline, and counts those left untold. One
// failed email does not stop the others.
func (s *Service) tellAll(ctx context.Context, m Meetup, owes func(Registration) bool, tell func(context.Context, Registration) error) (untold int, err error) {
	var errs []error
	cursor := ""
	for {
		regs, next, err := s.Store.ListRegistrations(ctx, m.ID, cursor, 100)
		if err != nil {
			return 0, err
		}
		for _, r := range regs {
			if !owes(r) {
				continue
			}
			if outOfTime(ctx) {
				untold++
				continue
			}
			// One email may not run into the deadline itself: cut short a
			// second before it, the claim is given back while the function
			// still lives, and the registrant stays owed.
			sendCtx, cancel := ctx, context.CancelFunc(func() {})
			if dl, ok := ctx.Deadline(); ok {
				sendCtx, cancel = context.WithDeadline(ctx, dl.Add(-time.Second))
			}
			err := tell(sendCtx, r)
			cutShort := sendCtx.Err() != nil && ctx.Err() == nil
			cancel()
			switch {
			case err != nil && cutShort:
				untold++
			case err != nil:
				errs = append(errs, err)
				untold++
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(errs) > 0 {
		return untold, errors.Join(errs...)
	}
	if untold > 0 {
		s.Log.WarnContext(ctx, "registrants left untold", "meetup", m.ID, "untold", untold)
	}
	return untold, nil
}

// tellSchedule emails everyone holding a seat or a place in line the
// meetup's new time and place, once per change.
func (s *Service) tellSchedule(ctx context.Context, m Meetup) (untold int, err error) {
	if m.ScheduleVersion == 0 {
		return 0, nil
	}
	untold, err = s.tellAll(ctx, m, func(r Registration) bool {
		placed, _ := status(m, r.Key)
		return placed != RegCancelled && r.ScheduleSeen < m.ScheduleVersion
	}, func(ctx context.Context, r Registration) error {
		claimed, err := s.Store.ClaimScheduleNotice(ctx, m.ID, r.Key, m.ScheduleVersion)
		if err != nil || !claimed {
			return err
		}
		if err := s.sendTo(ctx, "meetup-changed", r, m, nil); err != nil {
			if rerr := s.Store.ReturnScheduleNotice(context.WithoutCancel(ctx), m.ID, r.Key, m.ScheduleVersion, r.ScheduleSeen); rerr != nil {
				s.Log.ErrorContext(ctx, "give back schedule notice", "meetup", m.ID, "err", rerr)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return untold, fmt.Errorf("tell schedule of %s: %w", m.ID, err)
	}
	return untold, nil
}

// meetupCancelled marks a registration whose holder was told the meetup is off.
const meetupCancelled RegStatus = "meetup-cancelled"

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
	v.MaxLen("name", in.Name, 100)
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
		Status: RegPending, CreatedAt: s.Now(), ScheduleSeen: m.ScheduleVersion,
	}
	created = true
	switch err := s.Store.PutRegistration(ctx, r); {
	case errors.Is(err, ErrExists):
		created = false
		if r, err = s.Store.GetRegistration(ctx, id, key); err != nil {
			return Registration{}, false, fmt.Errorf("register %s: %w", id, err)
		}
	case err != nil:
		return Registration{}, false, fmt.Errorf("register %s: %w", id, err)
	}

	// Place the person, unless a first attempt already did.
	m, err = s.place(ctx, m, key)
	if err != nil {
		if apperr.Is(err, apperr.Conflict) && created {
			_ = s.Store.UpdateRegistration(ctx, id, key, RegCancelled, r.NotifiedAs)
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
				s.Log.ErrorContext(ctx, "give back a place", "meetup", id, "err", rerr)
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

// open reports whether a meetup takes registrations.
func (s *Service) open(m Meetup) error {
	if m.Status == Cancelled {
		return apperr.New(apperr.Conflict, "This meetup is cancelled.")
	}
	if !s.Now().Before(m.StartsAt) {
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
			next, err = s.Store.TakeSeat(ctx, m, key)
		case len(m.Waitlist) >= maxWaitlist:
			return Meetup{}, apperr.New(apperr.Conflict, "This meetup and its waitlist are full.")
		default:
			next, err = s.Store.JoinWaitlist(ctx, m, key)
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
		return s.Store.UpdateRegistration(ctx, m.ID, r.Key, r.Status, r.NotifiedAs)
	}
	kind := "registration-confirmed"
	if r.Status == RegWaitlisted {
		kind = "registration-waitlisted"
	}
	ok, err := s.Store.AllowEmail(ctx, "registration", r.Key, s.DailyEmailLimit*3, s.Now())
	if err != nil {
		return err
	}
	if !ok {
		return s.Store.UpdateRegistration(ctx, m.ID, r.Key, r.Status, r.Status)
	}
	return s.notify(ctx, kind, r, m, r.Status, r.Status, map[string]any{"Position": r.Position})
}

// notify emails a registrant once about notice: it claims the notice on the
// registration (so concurrent requests owing it send it once), sends, and
// gives the claim back if sending fails, so the next request tries again.
// A function that dies between claim and send loses that one email; the
// registration's status itself is never lost.
func (s *Service) notify(ctx context.Context, kind string, r Registration, m Meetup, status, notice RegStatus, extra map[string]any) error {
	claimed, err := s.Store.ClaimNotice(ctx, m.ID, r.Key, status, notice)
	if err != nil || !claimed {
		return err
	}
	if err := s.sendTo(ctx, kind, r, m, extra); err != nil {
		if uerr := s.Store.UpdateRegistration(context.WithoutCancel(ctx), m.ID, r.Key, status, r.NotifiedAs); uerr != nil {
			s.Log.ErrorContext(ctx, "give back notice", "meetup", m.ID, "err", uerr)
		}
		return err
	}
	return nil
}

// noticesPerRequest bounds the promotion notices a member's own request
// (a registration, a cancellation) delivers for others, so that it stays
// quick; an organizer's update delivers all it can in time.
const noticesPerRequest = 5

// promote fills free seats from the waitlist, in order, then tells those
// it promoted and, of those others promoted but did not tell (a failed or
// hurried request), at most notices more (0: all); the rest stay owed on
// the meetup for the next request.
func (s *Service) promote(ctx context.Context, m Meetup, notices int) (Meetup, error) {
	if !s.Now().Before(m.StartsAt) {
		return m, nil // a seat freed once the meetup has begun goes to nobody
	}
	// Every free seat is filled, however many, while there is time (what is
	// left, the next request fills); only lost races count against the
	// retries.
	mine := map[string]bool{}
	for conflicts := 0; m.Status == Scheduled && len(m.Seats) < m.Capacity && len(m.Waitlist) > 0 && !outOfTime(ctx); {
		first := m.Waitlist[0]
		next, err := s.Store.Promote(ctx, m)
		if errors.Is(err, ErrChanged) {
			if conflicts++; conflicts == retries {
				return Meetup{}, errBusy
			}
			if m, err = s.Get(ctx, m.ID); err != nil {
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
		if seat, _ := m.place(key); seat && m.Status == Scheduled {
			r, err := s.Store.GetRegistration(ctx, m.ID, key)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return Meetup{}, fmt.Errorf("promote on %s: %w", m.ID, err)
			}
			if err == nil && r.NotifiedAs != RegConfirmed {
				if err := s.notify(ctx, "registration-promoted", r, m, RegConfirmed, RegConfirmed, nil); err != nil {
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
		next, err := s.Store.ClearNotice(ctx, m, key)
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

// CancelRegistration cancels the registration an emailed link names and
// promotes the first in line into the freed seat.
func (s *Service) CancelRegistration(ctx context.Context, raw string) (lang string, err error) {
	t, err := s.Tokens.Check(ctx, raw, token.RegistrationCancel)
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
	if err := s.Tokens.Use(ctx, t); err != nil && !apperr.Is(err, apperr.Conflict) {
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
		next, err := s.Store.Leave(ctx, m, key)
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
	if err := s.Store.UpdateRegistration(ctx, id, key, RegCancelled, RegCancelled); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("release on %s: %w", id, err)
	}
	_, err = s.promote(ctx, m, noticesPerRequest)
	return err
}

// ReleaseAll frees every seat and waitlist place a person holds, before
// their data is erased, so nobody's seat stays taken by a person who is gone.
func (s *Service) ReleaseAll(ctx context.Context, key string) error {
	ids, err := s.Store.MeetupsOf(ctx, key)
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
	regs, next, err := s.Store.ListRegistrations(ctx, id, cursor, limit)
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
		r, err := s.Store.GetRegistration(ctx, id, person.Key(e))
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
		if err := s.Store.SetAttended(ctx, id, person.Key(e), *in.Attended); err != nil {
			return 0, fmt.Errorf("attendance on %s: %w", id, err)
		}
	}
	return len(in.Emails), nil
}

// sendTo emails a registrant about a meetup, with a fresh cancel link unless
// the meetup is cancelled.
func (s *Service) sendTo(ctx context.Context, kind string, r Registration, m Meetup, extra map[string]any) error {
	data := map[string]any{
		"Name": r.Name, "Title": m.Title, "When": m.When(s.Zone), "Venue": m.Venue, "CancelLink": "",
	}
	for k, v := range extra {
		data[k] = v
	}
	if m.Status == Scheduled {
		ttl := max(m.EndsAt.Sub(s.Now()), time.Hour)
		raw, err := s.Tokens.Issue(ctx, token.RegistrationCancel, m.ID+"/"+r.Key, r.Key, r.Language, ttl)
		if err != nil {
			return err
		}
		data["CancelLink"] = s.BaseURL + "/registrations/cancel?token=" + url.QueryEscape(raw)
	}
	subject, text, html, err := mail.Render(kind, r.Language, data)
	if err != nil {
		return fmt.Errorf("render %s: %w", kind, err)
	}
	if _, err := s.Mail.Send(ctx, mail.Message{To: r.Email, ToName: r.Name, Subject: subject, Text: text, HTML: html, Kind: kind}); err != nil {
		return fmt.Errorf("send %s: %w", kind, err)
	}
	return nil
}

// newID returns a short random identifier.
func newID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	var b [12]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}
