package console

import "time"

// DoorPerson is someone holding a seat, as the door page lists them.
type DoorPerson struct {
	// Seat is their seat's number (from 1); Anchor the id of their row,
	// which marking them comes back to.
	Seat   int
	Anchor string
	Name   string
	// Email is shown only when another person of the list has the same
	// name; Address is what their button posts to name them ("" when their
	// data is erased: nothing to mark).
	Email, Address string
	Present        bool
}

// DoorPage is a meetup's door page: everyone holding a seat (or those
// matching the search), one button each to mark them present, and the
// count.
type DoorPage struct {
	Frame
	Meetup MeetupRow
	Query  string
	People []DoorPerson
	// Present and Confirmed count everyone holding a seat, whatever the search.
	Present, Confirmed int
	// Action is where the buttons post; All the page without a search;
	// Back the meetup's page.
	Action, All, Back string
}

// PairRow is a mentorship as the mentorships page lists it.
type PairRow struct {
	Mentor, Mentee, State string
	// LastCheckIn is zero when nobody has checked in; Since is the pairing.
	LastCheckIn, Since time.Time
}

// PairsList is the mentorships in one state of health, a page at a time.
type PairsList struct {
	Frame
	Tabs []Tab
	Rows []PairRow
	Next string
}

func doorName(f Frame, name string) string {
	if name == "" {
		return f.DW().Erased
	}
	return name
}
