// Package memberview is what organizers see of the members: how many there
// are and how many joined each month, and everything stored about one
// person found by their exact address, for answering their questions and
// erasing them when they ask.
package memberview

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/validate"
)

// Joined is one confirmed member, as the counts need them.
type Joined struct {
	At           time.Time
	Unsubscribed bool
}

// Counts is what the store counts of the members.
type Counts struct {
	// Confirmed is every confirmed member.
	Confirmed []Joined
	// Pending is how many joined and may still confirm.
	Pending int
}

// Footprint is everything stored about one person that an organizer
// answering them needs.
type Footprint struct {
	// Member is their membership; nil if they never joined (or never
	// confirmed and their window has passed).
	Member        *members.Member
	Registrations []meetups.Registration
	Talks         []talks.Talk
	Applications  []mentorship.Application
}

// Empty reports whether nothing is stored about the person.
func (f Footprint) Empty() bool {
	return f.Member == nil && len(f.Registrations) == 0 && len(f.Talks) == 0 && len(f.Applications) == 0
}

// Store reads the members.
type Store interface {
	MemberCounts(ctx context.Context, now time.Time) (Counts, error)
	Footprint(ctx context.Context, owner string) (Footprint, error)
}

// Eraser erases a person on their request (members.Service).
type Eraser interface {
	EraseOnRequest(ctx context.Context, emailAddress string) error
}

// Service answers the members page.
type Service struct {
	store  Store
	eraser Eraser
	now    func() time.Time
	zone   *time.Location
}

// New is the members' view over store, erasing with eraser, months counted
// in zone.
func New(store Store, eraser Eraser, now func() time.Time, zone *time.Location) (*Service, error) {
	if err := deps.Require("memberview", deps.Given("Store", store), deps.Given("Eraser", eraser), deps.Given("Now", now), deps.Given("Zone", zone)); err != nil {
		return nil, err
	}
	return &Service{store: store, eraser: eraser, now: now, zone: zone}, nil
}

// Month is how many confirmed members joined in one month (in the group's
// zone), the first day of which is Start.
type Month struct {
	Start  time.Time
	Joined int
}

// Summary is the members at a glance.
type Summary struct {
	// Confirmed counts the confirmed members, Unsubscribed those of them
	// who asked for no more news; Pending those who joined and may still
	// confirm.
	Confirmed, Unsubscribed, Pending int
	// Months are the last twelve months, the newest first.
	Months []Month
}

// Months is how many months Summary shows.
const Months = 12

// Summary counts the members now.
func (s *Service) Summary(ctx context.Context) (Summary, error) {
	now := s.now().In(s.zone)
	c, err := s.store.MemberCounts(ctx, now)
	if err != nil {
		return Summary{}, err
	}
	out := Summary{Confirmed: len(c.Confirmed), Pending: c.Pending}
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.zone)
	for i := range Months {
		out.Months = append(out.Months, Month{Start: first.AddDate(0, -i, 0)})
	}
	for _, j := range c.Confirmed {
		if j.Unsubscribed {
			out.Unsubscribed++
		}
		at := j.At.In(s.zone)
		if i := monthsBetween(at, first); i >= 0 && i < Months {
			out.Months[i].Joined++
		}
	}
	return out, nil
}

// monthsBetween is how many months at's month is before first's.
func monthsBetween(at, first time.Time) int {
	return (first.Year()-at.Year())*12 + int(first.Month()) - int(at.Month())
}

// Find is everything stored about the person with the exact address
// emailAddress, registrations the latest first. An address that is not
// one is refused (apperr Invalid on "email").
func (s *Service) Find(ctx context.Context, emailAddress string) (Footprint, error) {
	emailAddress = strings.TrimSpace(emailAddress)
	if err := checkAddress(emailAddress); err != nil {
		return Footprint{}, err
	}
	f, err := s.store.Footprint(ctx, person.Key(emailAddress))
	if err != nil {
		return Footprint{}, err
	}
	slices.SortFunc(f.Registrations, func(a, b meetups.Registration) int { return b.CreatedAt.Compare(a.CreatedAt) })
	slices.SortFunc(f.Talks, func(a, b talks.Talk) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return f, nil
}

// Erase erases everything stored about the person with the address
// emailAddress, on their request.
func (s *Service) Erase(ctx context.Context, emailAddress string) error {
	emailAddress = strings.TrimSpace(emailAddress)
	if err := checkAddress(emailAddress); err != nil {
		return err
	}
	return s.eraser.EraseOnRequest(ctx, emailAddress)
}

// checkAddress refuses what is not an email address, on the field "email".
func checkAddress(s string) error {
	v := validate.New()
	v.Email("email", s)
	return v.Err()
}
