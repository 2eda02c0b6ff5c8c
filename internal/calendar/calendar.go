// Package calendar writes the iCalendar (.ics, RFC 5545) invites that meetup
// reminders carry, so a member adds the meetup to their calendar in one tap.
package calendar

import (
	"time"

	ics "github.com/arran4/golang-ical"
)

// Event is what an invite says.
type Event struct {
	UID         string // stable across reminders, so calendars update rather than duplicate
	Title       string
	Description string
	Location    string
	URL         string
	Start, End  time.Time
	Organizer   string // email
	// Sequence is the invite's revision (RFC 5545 SEQUENCE): a calendar that
	// holds the event replaces it with an invite of a higher one, so it goes
	// up with every change of time or place (the meetup's schedule version).
	Sequence int
}

// Invite returns the event as an .ics file. Times are written in UTC (the
// "Z" form every calendar program reads); they show in each reader's zone.
// Lines end in CRLF, as RFC 5545 requires (the library writes the platform's
// line ending unless told).
func Invite(e Event, now time.Time) []byte {
	cal := ics.NewCalendarFor("TehPUG")
	cal.SetMethod(ics.MethodPublish)
	ev := cal.AddEvent(e.UID)
	ev.SetDtStampTime(now.UTC())
	ev.SetSequence(e.Sequence)
	ev.SetStartAt(e.Start.UTC())
	ev.SetEndAt(e.End.UTC())
	ev.SetSummary(e.Title)
	if e.Description != "" {
		ev.SetDescription(e.Description)
	}
	if e.Location != "" {
		ev.SetLocation(e.Location)
	}
	if e.URL != "" {
		ev.SetURL(e.URL)
	}
	if e.Organizer != "" {
		ev.SetOrganizer("mailto:"+e.Organizer, ics.WithCN("TehPUG"))
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}
