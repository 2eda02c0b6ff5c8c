package membersapi_test

import (
	"context"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// Erasing someone who holds a seat gives the seat to the first in line, and
// leaves nothing of them behind, registrations included.
func TestEraseFreesSeats(t *testing.T) {
	t.Parallel()
	c := newHarness(t)
	seats := c.Meetups()
	m := c.CreateMeetup(wiringtest.Meetup{Title: "One seat", StartsAt: "2026-12-20T18:00:00Z", EndsAt: "2026-12-20T20:00:00Z", Capacity: 1})
	leaving, waiting := apitest.UniqueEmail("leaving"), apitest.UniqueEmail("waiting")
	for _, who := range []string{leaving, waiting} {
		if err := seats.Register(context.Background(), m.ID, meetups.RegisterInput{Name: "Someone", Email: who}); err != nil {
			t.Fatal(err)
		}
	}

	// Someone who only registered (never joined) can erase too.
	apitest.WantStatus(t, c.PostJSON("/members/erase-request", map[string]string{"email": leaving}), 202)
	mails := testenv.EmailsTo(t, leaving)
	raw := apitest.LinkIn(t, mails[len(mails)-1], "/members/erase")
	apitest.WantStatus(t, c.PostJSON("/members/erase", map[string]string{"token": raw}), 200)

	if n := c.OwnerItems(leaving); n != 0 {
		t.Errorf("%d items left of the erased person", n)
	}
	got, err := seats.Get(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Seats) != 1 || got.Seats[0] != person.Key(waiting) || len(got.Waitlist) != 0 {
		t.Errorf("after the erase: seats %v, waitlist %v; want the waiting person seated", got.Seats, got.Waitlist)
	}
}
