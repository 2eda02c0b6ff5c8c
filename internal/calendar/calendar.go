// Package calendar writes iCalendar (.ics, RFC 5545): the invite a meetup
// reminder carries and a meetup's page offers, so a member adds the meetup
// to their calendar in one tap, and the feed of upcoming meetups a member
// subscribes to once.
package calendar

import (
	"strconv"
	"strings"
	"time"
	"unicode"

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
	// Stamp is when the event was last changed (DTSTAMP); zero means the
	// moment the calendar is written.
	Stamp time.Time
	// Cancelled marks an event called off (STATUS:CANCELLED); it keeps its
	// UID, and its Sequence must be above the last one sent as scheduled.
	Cancelled bool
}

// Invite returns the event as an .ics file. Times are written in UTC (the
// "Z" form every calendar program reads); they show in each reader's zone.
// Lines end in CRLF, as RFC 5545 requires (the library writes the platform's
// line ending unless told).
//
// No value can break a line: the title, description and place go through
// text (their line breaks become the escaped \n the library writes), and
// the uid, link and organizer through oneLine. The library escapes line
// feeds only, so a carriage return left in would end the line early and
// start a property of the writer's choosing.
func Invite(e Event, now time.Time) []byte {
	cal := ics.NewCalendarFor("TehPUG")
	cal.SetMethod(ics.MethodPublish)
	add(cal, e, now)
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}

// Feed returns a calendar a calendar program subscribes to: named name,
// holding events, asking to be fetched again every refresh. A subscriber's
// program replaces what it holds by UID, so an event that moves keeps its
// UID with a higher Sequence.
func Feed(name string, events []Event, refresh time.Duration, now time.Time) []byte {
	cal := ics.NewCalendarFor("TehPUG")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	d := duration(refresh)
	cal.SetRefreshInterval(d) // the library writes VALUE=DURATION itself
	cal.SetXPublishedTTL(d)
	for _, e := range events {
		add(cal, e, now)
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}

// add writes e into cal as a VEVENT.
func add(cal *ics.Calendar, e Event, now time.Time) {
	ev := cal.AddEvent(uid(e.UID))
	if e.Stamp.IsZero() {
		e.Stamp = now
	}
	ev.SetDtStampTime(e.Stamp.UTC())
	ev.SetSequence(e.Sequence)
	ev.SetStartAt(e.Start.UTC())
	ev.SetEndAt(e.End.UTC())
	ev.SetSummary(text(e.Title))
	if e.Cancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	if e.Description != "" {
		ev.SetDescription(text(e.Description))
	}
	if e.Location != "" {
		ev.SetLocation(text(e.Location))
	}
	if e.URL != "" {
		ev.SetURL(oneLine(e.URL))
	}
	if e.Organizer != "" {
		ev.SetOrganizer("mailto:"+oneLine(e.Organizer), ics.WithCN("TehPUG"))
	}
}

// duration writes d as an RFC 5545 duration in whole minutes ("PT360M"),
// at least one.
func duration(d time.Duration) string {
	return "PT" + strconv.Itoa(max(1, int(d/time.Minute))) + "M"
}

// text is s as a text value: valid UTF-8, every line break (CRLF, CR, LF)
// one LF, and no other control character but tab, which a text value may
// not hold.
func text(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// uid is s as an event's UID: oneLine, with the characters a text value
// escapes (backslash, comma, semicolon) as hyphens. The library writes the
// UID as it is, and readers unescape it as text, so one of those would
// read back as another UID. The system's UIDs ("<meetup id>@tehpug") have
// none of them.
func uid(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\\' || r == ',' || r == ';' {
			return '-'
		}
		return r
	}, oneLine(s))
}

// oneLine is s as a value that is not text (an id, a link, an address):
// valid UTF-8 with no control character at all. These come from the system,
// never from a form; this only guarantees they stay on their line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
