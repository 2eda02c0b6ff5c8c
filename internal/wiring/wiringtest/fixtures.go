package wiringtest

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/meetups"
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
