package console

import (
	"time"

	"github.com/tehpug/backend/internal/consolepath"
)

// MeetupRow is a meetup as the console lists and shows it. Its times are
// in the group's zone.
type MeetupRow struct {
	ID, Title, Venue, Description string
	Start, End                    time.Time
	Taken, Capacity, Waiting      int
	Cancelled                     bool
}

// Tab is one choice of a list's tabs: which part of a list to show.
type Tab struct {
	Label, Href string
	Current     bool
}

// MeetupsList is the meetups page: one of its tabs, a page at a time.
type MeetupsList struct {
	Frame
	Tabs []Tab
	Rows []MeetupRow
	// Next is the next page's path; "" on the last page.
	Next string
}

// MeetupForm creates a meetup, or edits one: what the organizer typed,
// each field's error next to it.
type MeetupForm struct {
	Frame
	// Action is where the form posts; Back where leaving it goes.
	Action, Back string
	Edit         bool
	// Version is the meetup's version the form was filled in from.
	Version                                           int
	Title, Starts, Ends, Venue, Capacity, Description Field
	// Other are the errors that are about no one field.
	Other []string
}

// Fields are the form's fields, in order.
func (p MeetupForm) Fields() []Field {
	return []Field{p.Title, p.Starts, p.Ends, p.Venue, p.Capacity, p.Description}
}

// ProgrammeTalk is a talk on a meetup's programme.
type ProgrammeTalk struct {
	Title, Speaker, Format, Status string
	// ID is the talk's, for a link to its page; Minutes its format's length.
	ID      string
	Minutes int
}

// Place is someone holding a seat or waiting, as a meetup's page lists
// them: N is their place in the list (from 1), Position their place in line
// when they wait.
type Place struct {
	N, Position int
	Name, Email string
	Attended    *bool
	// HeldUntil is when a place only held for an address nobody has
	// proven goes back unless confirmed; zero for a place that is theirs.
	HeldUntil time.Time
}

// ReminderState is where a meetup stands with its reminder.
type ReminderState int

// What the reminder will do.
const (
	ReminderAhead     ReminderState = iota // first sent at At
	ReminderDue                            // due: the next run, at At, sends what is owed
	ReminderLast                           // due, but the meetup starts before the next run
	ReminderOver                           // the meetup has begun
	ReminderCancelled                      // the meetup is off
)

// Reminder is what the meetup reminder job will send for a meetup.
type Reminder struct {
	State ReminderState
	At    time.Time
	// Seats is how many hold a seat now; Speakers the speakers of the
	// programme reminded on their own (who hold no seat).
	Seats    int
	Speakers []ProgrammeTalk
}

// MeetupPage is one meetup's page.
type MeetupPage struct {
	Frame
	Meetup MeetupRow
	// Notice says what was just done; Untold how many are still to be
	// told of a change.
	Notice    string
	Untold    int
	Programme []ProgrammeTalk
	Reminder  Reminder
	Places    []Place
	// Prev and Next page through the places; "" when there is no such page.
	Prev, Next string
	// Edit, Cancel, Door and Download are the meetup's other pages.
	Edit, Cancel, Door, Download string
}

// CancelPage confirms a meetup's cancellation, or, once it is cancelled,
// says who is still to be told.
type CancelPage struct {
	Frame
	Meetup MeetupRow
	// Talks is how many talks go back to the backlog.
	Talks int
	// Untold is how many could not be told yet (after a cancellation);
	// Failed reports that some emails failed.
	Untold int
	Failed bool
	// Action is where the form posts; Back the meetup's page.
	Action, Back string
}

func newMeetupPath() string       { return consolepath.NewMeetup() }
func meetupPath(id string) string { return consolepath.Meetup(id) }

// speaker is a person's name, or what the page says of one who erased their data.
func speaker(f Frame, name string) string {
	if name == "" {
		return f.LW().Erased
	}
	return name
}
