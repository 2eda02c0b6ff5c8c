package consolepath_test

import (
	"testing"

	"github.com/tehpug/backend/internal/consolepath"
)

func TestMeetupPaths(t *testing.T) {
	for got, want := range map[string]string{
		consolepath.MeetupsOf(consolepath.Upcoming): "/console/meetups",
		consolepath.MeetupsOf(consolepath.Past):     "/console/meetups?show=past",
		consolepath.NewMeetup():                     "/console/meetups/new",
		consolepath.EditMeetup("a b"):               "/console/meetups/a%20b/edit",
		consolepath.CancelMeetup("x"):               "/console/meetups/x/cancel",
		consolepath.RegistrationsCSV("x"):           "/console/meetups/x/registrations.csv",
		consolepath.MeetupFrom("x", 0):              "/console/meetups/x",
		consolepath.MeetupFrom("x", 50):             "/console/meetups/x?from=50",
		consolepath.DoorSearch("x", ""):             "/console/meetups/x/door",
		consolepath.DoorSearch("x", "sara & ali#1"): "/console/meetups/x/door?q=sara+%26+ali%231",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}
