package meetups

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/shortid"
	"github.com/tehpug/backend/internal/token"
)

// Store keeps meetups and registrations. Every method is one single-item
// write (or read); the ones on a meetup's seats are conditional on what the
// caller read and fail with ErrChanged when it no longer holds.
type Store interface {
	CreateMeetup(ctx context.Context, m Meetup) error
	GetMeetup(ctx context.Context, id string) (Meetup, error)
	// ListUpcoming lists scheduled meetups ending after from, soonest first.
	ListUpcoming(ctx context.Context, from time.Time, cursor string, limit int) ([]Meetup, string, error)
	// ListCancelledUpcoming lists at most limit cancelled meetups ending
	// after from, soonest first.
	ListCancelledUpcoming(ctx context.Context, from time.Time, limit int) ([]Meetup, error)
	// ListPast lists scheduled meetups that ended before to, the latest first.
	ListPast(ctx context.Context, to time.Time, cursor string, limit int) ([]Meetup, string, error)
	// ListCancelled lists cancelled meetups, the latest to end first.
	ListCancelled(ctx context.Context, cursor string, limit int) ([]Meetup, string, error)
	// GetMeetups reads many meetups at once; missing ones are left out.
	GetMeetups(ctx context.Context, ids []string) (map[string]Meetup, error)
	// SaveMeetup writes m's own fields (not its seats) if its version is
	// still m.Version, and refuses (ErrFull) a capacity below the seats taken.
	SaveMeetup(ctx context.Context, m Meetup) (Meetup, error)
	// TakeSeat gives key a seat if one is free and nobody is waiting, held
	// until hold unless hold is zero.
	TakeSeat(ctx context.Context, m Meetup, key string, hold time.Time) (Meetup, error)
	// JoinWaitlist puts key last in line if no seat can be taken directly,
	// held until hold unless hold is zero.
	JoinWaitlist(ctx context.Context, m Meetup, key string, hold time.Time) (Meetup, error)
	// Leave removes key from the seats or the waitlist, where m has it.
	Leave(ctx context.Context, m Meetup, key string) (Meetup, error)
	// ReleaseHold gives back the place h holds: key and hold go together.
	ReleaseHold(ctx context.Context, m Meetup, h Hold) (Meetup, error)
	// ConfirmHold makes the place h holds its holder's: the hold goes, the
	// place stays.
	ConfirmHold(ctx context.Context, m Meetup, h Hold) (Meetup, error)
	// Promote moves the first in line to a free seat and owes them a notice.
	Promote(ctx context.Context, m Meetup) (Meetup, error)
	// ClearNotice records that key was told of its promotion.
	ClearNotice(ctx context.Context, m Meetup, key string) (Meetup, error)

	// PutRegistration stores a new registration, or renews a cancelled one;
	// ErrExists when one is active or in progress.
	PutRegistration(ctx context.Context, r Registration) error
	GetRegistration(ctx context.Context, meetupID, key string) (Registration, error)
	// ConfirmRegistration records that a registration holds nothing any more.
	ConfirmRegistration(ctx context.Context, meetupID, key string) error
	// DeleteRegistration deletes a registration; with holdUntil set, only
	// while it still holds that very hold.
	DeleteRegistration(ctx context.Context, meetupID, key string, holdUntil time.Time) error
	// GetRegistrations reads many people's registrations for one meetup;
	// missing ones are left out.
	GetRegistrations(ctx context.Context, meetupID string, keys []string) (map[string]Registration, error)
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
	// AllowEmail counts an email of kind to the address email today, per
	// mailbox (person.CapKey); false past max.
	AllowEmail(ctx context.Context, kind, email string, max int, now time.Time) (bool, error)
	// ReturnEmail gives back an email AllowEmail counted at now that did
	// not go out.
	ReturnEmail(ctx context.Context, kind, email string, now time.Time) error
	// DeleteToken deletes an emailed link's token.
	DeleteToken(ctx context.Context, hash string) error
	// Erasing reports whether the person's data is being erased at now.
	Erasing(ctx context.Context, key string, now time.Time) (bool, error)
}

// Talk is an accepted talk as a meetup's page shows it.
type Talk struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	SpeakerName string `json:"speaker_name"`
	Format      string `json:"format"`
	Status      string `json:"status"`
	// Speaker is the speaker's person key ("" once they erased their
	// data), for organizers; never shown to the public.
	Speaker string `json:"-"`
}

// TalkLister lists the accepted talks of a meetup.
type TalkLister interface {
	MeetupTalks(ctx context.Context, meetupID string) ([]Talk, error)
}

// Service carries out the meetup and registration actions. Build it with New.
type Service struct {
	store           Store
	tokens          *token.Issuer
	mail            email.Sender
	talks           TalkLister
	champions       Champions
	proven          func(ctx context.Context, key string) (bool, error)
	pages           email.MemberPages
	log             *slog.Logger
	now             func() time.Time
	links           email.Links
	zone            *time.Location
	dailyEmailLimit int
	afterCancel     []func(ctx context.Context, m Meetup) error
}

// Deps is what a Service is built from.
type Deps struct {
	Store  Store
	Tokens *token.Issuer
	Mail   email.Sender
	Talks  TalkLister // a meetup's detail lists its accepted and confirmed talks
	// Champions finds the league champions a meetup announces.
	Champions Champions
	// Proven reports whether the address behind a person key is proven to
	// be its owner's (a confirmed member's): their registration takes its
	// place at once, anyone else's only holds it until they confirm.
	Proven func(ctx context.Context, key string) (bool, error)
	// Pages gives each email to a member the link to their own page.
	Pages email.MemberPages
	Log   *slog.Logger
	Now   func() time.Time
	Links email.Links
	Zone  *time.Location
	// DailyEmailLimit caps the registration emails one address gets a day.
	DailyEmailLimit int
	// AfterCancel runs once everyone registered was told a meetup is off,
	// for what else hangs on the meetup (its talks go back to the backlog).
	AfterCancel []func(ctx context.Context, m Meetup) error
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("meetups", deps.Given("Store", d.Store), deps.Given("Tokens", d.Tokens), deps.Given("Mail", d.Mail),
		deps.Given("Talks", d.Talks), deps.Given("Champions", d.Champions), deps.Given("Proven", d.Proven), deps.Given("Pages", d.Pages), deps.Given("Log", d.Log), deps.Given("Now", d.Now), deps.That("Links", d.Links.Valid()),
		deps.Given("Zone", d.Zone), deps.Positive("DailyEmailLimit", d.DailyEmailLimit))
	if err != nil {
		return nil, err
	}
	return &Service{
		store: d.Store, tokens: d.Tokens, mail: d.Mail, talks: d.Talks, champions: d.Champions, proven: d.Proven, pages: d.Pages, log: d.Log, now: d.Now, links: d.Links,
		zone: d.Zone, dailyEmailLimit: d.DailyEmailLimit, afterCancel: d.AfterCancel,
	}, nil
}

// retries bounds the read-and-retry loops around conditional writes; each
// retry means another writer changed the meetup in between.
const retries = 50

var errBusy = apperr.New(apperr.Throttled, "This meetup is very busy right now. Please try again in a moment.")

func notFound() error { return apperr.New(apperr.NotFound, "No such meetup.") }

// Create adds a meetup.
func (s *Service) Create(ctx context.Context, in MeetupInput) (Meetup, error) {
	now := s.now()
	m, err := in.apply(Meetup{}, true, now)
	if err != nil {
		return Meetup{}, err
	}
	m.ID, m.Status, m.CreatedAt, m.UpdatedAt, m.Version = newID(), Scheduled, now, now, 1
	if err := s.store.CreateMeetup(ctx, m); err != nil {
		return Meetup{}, fmt.Errorf("create meetup: %w", err)
	}
	return m, nil
}

// Detail reads a meetup as it stands now (Meetup.AsOf): what its page shows.
func (s *Service) Detail(ctx context.Context, id string) (Meetup, error) {
	m, err := s.Get(ctx, id)
	return m.AsOf(s.now()), err
}

// Get reads a meetup as stored.
func (s *Service) Get(ctx context.Context, id string) (Meetup, error) {
	m, err := s.store.GetMeetup(ctx, id)
	return apperr.Found(m, err, ErrNotFound, notFound(), "get meetup %s", id)
}

// TalksOf lists a meetup's accepted talks.
func (s *Service) TalksOf(ctx context.Context, id string) ([]Talk, error) {
	talks, err := s.talks.MeetupTalks(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("talks of %s: %w", id, err)
	}
	if talks == nil {
		talks = []Talk{}
	}
	return talks, nil
}

// Upcoming lists the meetups that have not ended, soonest first, each as
// it stands now (Meetup.AsOf).
func (s *Service) Upcoming(ctx context.Context, cursor string, limit int) ([]Meetup, string, error) {
	now := s.now()
	ms, next, err := s.store.ListUpcoming(ctx, now, cursor, limit)
	if err != nil {
		return nil, "", err
	}
	for i := range ms {
		ms[i] = ms[i].AsOf(now)
	}
	return ms, next, nil
}

// Most meetups of each kind the calendar feed carries: far more than a
// group plans ahead, and a bound on what one request reads.
const (
	calendarScheduled = 100
	calendarCancelled = 20
)

// Calendar lists the meetups a calendar feed carries, soonest first: those
// that have not ended, scheduled or cancelled (a subscriber's calendar must
// learn that a meetup it holds is off).
func (s *Service) Calendar(ctx context.Context) ([]Meetup, error) {
	now := s.now()
	scheduled, _, err := s.store.ListUpcoming(ctx, now, "", calendarScheduled)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	cancelled, err := s.store.ListCancelledUpcoming(ctx, now, calendarCancelled)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	all := append(scheduled, cancelled...)
	slices.SortStableFunc(all, func(a, b Meetup) int { return a.StartsAt.Compare(b.StartsAt) })
	return all, nil
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
		if in.IfVersion != 0 && in.IfVersion != cur.Version {
			return Meetup{}, 0, apperr.New(apperr.Conflict, "Someone else saved this meetup meanwhile.")
		}
		// Seats held past their time are given back first, so they count
		// against no new capacity.
		if cur, err = s.releaseLapsed(ctx, cur); err != nil {
			return Meetup{}, 0, err
		}
		m, err := in.apply(cur, false, s.now())
		if err != nil {
			return Meetup{}, 0, err
		}
		if m.Capacity < len(cur.Seats) {
			return Meetup{}, 0, apperr.Field("capacity", problem.BelowSeats, len(cur.Seats))
		}
		m.UpdatedAt = s.now()
		if !m.StartsAt.Equal(cur.StartsAt) || !m.EndsAt.Equal(cur.EndsAt) || m.Venue != cur.Venue {
			m.ScheduleVersion = cur.ScheduleVersion + 1
		}
		saved, err := s.store.SaveMeetup(ctx, m)
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
		cur.Status, cur.UpdatedAt = Cancelled, s.now()
		m, err = s.store.SaveMeetup(ctx, cur)
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
	view := m.AsOf(s.now())
	untold, err = s.tellAll(ctx, m, func(r Registration) bool {
		// Who holds a place is read off the meetup, so a registration
		// still being made is told too; a hold that ended holds nothing.
		placed, _ := standing(view, r.Key)
		return placed != RegCancelled && r.NotifiedAs != meetupCancelled
	}, func(ctx context.Context, r Registration) error {
		_, err := s.notify(ctx, cancelledLetter, r, m, r.Status, meetupCancelled)
		return err
	})
	// Then what hangs on the meetup: its talks go back to the backlog.
	errs := []error{err}
	for _, after := range s.afterCancel {
		errs = append(errs, after(ctx, m))
	}
	if err := errors.Join(errs...); err != nil {
		return Meetup{}, 0, fmt.Errorf("cancel meetup %s: %w", id, err)
	}
	return m, untold, nil
}

// newID returns a short random identifier.
func newID() string { return shortid.New(12) }
