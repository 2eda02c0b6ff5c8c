// Package meetups owns the monthly meetups and who comes to them: organizers
// create, change and cancel meetups; members register while seats last and
// then join a waitlist that is promoted in order as seats free up. A meetup is
// never oversold, however many people register at the same moment.
package meetups

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/validate"
)

// Status is a meetup's state.
type Status string

// Meetup statuses.
const (
	Scheduled Status = "scheduled"
	Cancelled Status = "cancelled"
)

// Meetup is one meetup. Seats and Waitlist are the source of truth for who
// holds a seat and who waits, in order; both live on the meetup's own record
// so that every change to them is one atomic, conditional write.
type Meetup struct {
	ID          string
	Title       string
	StartsAt    time.Time
	EndsAt      time.Time
	Venue       string
	Capacity    int
	Description string
	Status      Status
	Seats       []string // person keys holding a seat
	Waitlist    []string // person keys waiting, first in line first
	// Notices lists person keys promoted from the waitlist who have not yet
	// been told; whoever touches the meetup next sends what is owed.
	Notices []string
	// Holds are the seats and places in line above that are only held:
	// taken for an address nobody has proven yet, and released at their
	// end unless the emailed link confirms them first (see Hold).
	Holds   []Hold
	Version int
	// ScheduleVersion counts the changes of time or place that registrants
	// were (or are being) told about.
	ScheduleVersion int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// When is the meetup's time as people read it, in the group's zone:
// "Thursday 17 December 2026, 18:00–21:00 (Asia/Tehran)".
func (m Meetup) When(zone *time.Location) string {
	start, end := m.StartsAt.In(zone), m.EndsAt.In(zone)
	return fmt.Sprintf("%s, %s–%s (%s)", start.Format("Monday 2 January 2006"), start.Format("15:04"), end.Format("15:04"), zone)
}

// UID is the meetup's identity in calendars (iCalendar UID): the same in
// every invite and feed, so a calendar that holds the meetup updates it.
func (m Meetup) UID() string { return m.ID + "@tehpug" }

// Sequence is the revision calendars hold the meetup at (iCalendar
// SEQUENCE): it goes up with each change of time or place, and once more
// when the meetup is cancelled, so the news replaces what they hold.
func (m Meetup) Sequence() int {
	if m.Status == Cancelled {
		return m.ScheduleVersion + 1
	}
	return m.ScheduleVersion
}

// SeatsLeft is how many seats are free. Read it off AsOf(now), so that
// seats held past their time count as given back.
func (m Meetup) SeatsLeft() int {
	return max(0, m.Capacity-len(m.Seats))
}

// place reports where a person stands: a seat, a waitlist position (from 1),
// or neither.
func (m Meetup) place(key string) (seat bool, position int) {
	for _, k := range m.Seats {
		if k == key {
			return true, 0
		}
	}
	for i, k := range m.Waitlist {
		if k == key {
			return false, i + 1
		}
	}
	return false, 0
}

// Limits of a meetup's fields, and of a registrant's name (MaxName, which
// the registration form on the website caps too).
const (
	MaxName        = 100
	maxTitle       = 120
	maxVenue       = 200
	maxDescription = 5000
	maxCapacity    = 1000 // seats and waitlist live on one record
	maxWaitlist    = 1000
)

// MeetupInput creates a meetup, or with pointers left nil, changes some of its
// fields (PATCH).
type MeetupInput struct {
	Title       *string `json:"title"`
	StartsAt    *string `json:"starts_at"`
	EndsAt      *string `json:"ends_at"`
	Venue       *string `json:"venue"`
	Capacity    *int    `json:"capacity"`
	Description *string `json:"description"`
	// IfVersion, when set, refuses an update (a conflict) unless the
	// meetup is still at this Version: a form filled in before someone
	// else saved the meetup does not overwrite their change. Seats taken
	// or given up meanwhile do not change the version.
	IfVersion int `json:"-"`
}

// apply validates in against m (the current meetup, or a zero one for a
// create, where every field but description is required) and returns the
// changed meetup.
func (in MeetupInput) apply(m Meetup, create bool, now time.Time) (Meetup, error) {
	v := validate.New()
	if create {
		v.Check("title", in.Title != nil, problem.Required)
		v.Check("starts_at", in.StartsAt != nil, problem.Required)
		v.Check("ends_at", in.EndsAt != nil, problem.Required)
		v.Check("venue", in.Venue != nil, problem.Required)
		v.Check("capacity", in.Capacity != nil, problem.Required)
	}
	if in.Title != nil {
		m.Title = strings.TrimSpace(*in.Title)
		v.RequiredLine("title", m.Title, maxTitle)
	}
	if in.Venue != nil {
		m.Venue = strings.TrimSpace(*in.Venue)
		v.RequiredLine("venue", m.Venue, maxVenue)
	}
	if in.Description != nil {
		m.Description = validate.NormalizeText(*in.Description)
		v.MaxLen("description", m.Description, maxDescription)
		v.Multiline("description", m.Description)
	}
	if in.Capacity != nil {
		m.Capacity = *in.Capacity
		v.Range("capacity", m.Capacity, 1, maxCapacity)
	}
	if in.StartsAt != nil {
		if t := v.Time("starts_at", *in.StartsAt); !t.IsZero() {
			if create || !t.Equal(m.StartsAt) {
				v.Check("starts_at", t.After(now), problem.Future)
			}
			m.StartsAt = t.UTC()
		}
	}
	if in.EndsAt != nil {
		if t := v.Time("ends_at", *in.EndsAt); !t.IsZero() {
			m.EndsAt = t.UTC()
		}
	}
	if !v.Failed("starts_at") && !v.Failed("ends_at") && !m.StartsAt.IsZero() && !m.EndsAt.IsZero() {
		v.Check("ends_at", m.EndsAt.After(m.StartsAt), problem.AfterStart)
		v.Check("ends_at", m.EndsAt.Sub(m.StartsAt) <= 24*time.Hour, problem.Within24Hours)
	}
	return m, v.Err()
}

// Registration is one person's registration for one meetup. Whether it holds
// a seat or waits is read from the meetup (Meetup.Seats and Waitlist).
type Registration struct {
	MeetupID  string
	Key       string // person key
	Name      string
	Email     string
	Language  string
	Status    RegStatus
	Position  int // waitlist position from 1, when waitlisted
	Attended  *bool
	CreatedAt time.Time
	// NotifiedAs is the status the registrant was last emailed about.
	NotifiedAs RegStatus
	// ScheduleSeen is the meetup's ScheduleVersion the registrant knows.
	ScheduleSeen int
	// HoldUntil is when the place of a registrant whose address is not
	// proven goes back unless confirmed; zero once confirmed, or for a
	// proven address.
	HoldUntil time.Time
}

// RegStatus is where a registration stands.
type RegStatus string

// Registration statuses.
const (
	RegPending    RegStatus = "pending" // being registered; never seen by clients
	RegConfirmed  RegStatus = "confirmed"
	RegWaitlisted RegStatus = "waitlisted"
	// RegHeld is a seat or a place in line kept for an address not yet
	// proven, until its emailed link confirms it (Hold).
	RegHeld      RegStatus = "held"
	RegCancelled RegStatus = "cancelled"
)

// Errors a Store returns.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("exists")
	// ErrChanged reports a conditional write that found the record changed
	// since it was read; the caller reads again and retries.
	ErrChanged = errors.New("changed concurrently")
	// ErrFull reports that no seat is free (or the waitlist must go first).
	ErrFull = errors.New("no seat")
)
