package wiringtest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
)

// Meetup is a meetup a test schedules: its times in RFC 3339, in Tehran
// unless Venue names another place.
type Meetup struct {
	Title, StartsAt, EndsAt, Venue string
	Capacity                       int
}

// CreateMeetup schedules m through the meetups service, as an organizer
// does, and fails the test if the service cannot be built or refuses it.
func (s *System) CreateMeetup(m Meetup) meetups.Meetup {
	s.tb.Helper()
	if m.Venue == "" {
		m.Venue = "Tehran"
	}
	svc := s.Meetups()
	s.Built()
	created, err := svc.Create(context.Background(), meetups.MeetupInput{
		Title: &m.Title, StartsAt: &m.StartsAt, EndsAt: &m.EndsAt, Venue: &m.Venue, Capacity: &m.Capacity,
	})
	if err != nil {
		s.tb.Fatal(err)
	}
	return created
}

// StoreMeetup writes a scheduled meetup in Tehran straight to store: three
// hours from start, ten seats, created (and last changed) at created. It is
// a meetup a job finds, made at a time the meetups service would refuse
// (in the past, or away from the system's clock).
func StoreMeetup(tb testing.TB, store interface {
	CreateMeetup(context.Context, meetups.Meetup) error
}, id, title string, start, created time.Time) meetups.Meetup {
	tb.Helper()
	m := meetups.Meetup{ID: id, Title: title, StartsAt: start, EndsAt: start.Add(3 * time.Hour), Venue: "Tehran",
		Capacity: 10, Status: meetups.Scheduled, CreatedAt: created, UpdatedAt: created}
	if err := store.CreateMeetup(context.Background(), m); err != nil {
		tb.Fatal(err)
	}
	return m
}

// memberSince is when the members ConfirmedMember stores joined: long
// before any week a test looks at, so none of them is a new member there.
var memberSince = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// ConfirmedMember stores address as a member who confirmed their
// membership, as joining and pressing the emailed link would: an address
// proven to be its owner's, whose registrations take their place at once.
// An address that is a member already is confirmed, if need be.
func (s *System) ConfirmedMember(name, address string) {
	s.tb.Helper()
	ctx, store := context.Background(), s.Store()
	m := members.Member{Key: person.Key(address), Name: name, Email: person.Normalize(address), Language: "en", Mentorship: "none", CreatedAt: memberSince}
	if err := store.CreateMember(ctx, m, 7*24*time.Hour); err != nil && !errors.Is(err, members.ErrExists) {
		s.tb.Fatal(err)
	}
	if _, _, err := store.ConfirmMember(ctx, m.Key, memberSince); err != nil {
		s.tb.Fatal(err)
	}
}

// MeetupReads is the store, counting its reads of the upcoming meetups: a
// job computes its red list once a run at most.
type MeetupReads struct {
	*dynamo.Table
	n atomic.Int32
}

// MeetupsStarting reads the meetups starting between from and to.
func (r *MeetupReads) MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error) {
	r.n.Add(1)
	return r.Table.MeetupsStarting(ctx, from, to)
}

// Reads is how many times the upcoming meetups were read.
func (r *MeetupReads) Reads() int { return int(r.n.Load()) }
