package console

import "time"

// RecordList is a page of the record of organizer actions.
type RecordList struct {
	Frame
	Rows []RecordRow
	Next string
}

// RecordRow is one change an organizer made.
type RecordRow struct {
	At        time.Time
	Organizer string
	// Action is the change's route.
	Action  string
	Objects []RecordObject
	// API is whether it was made through the organizer API (else the console).
	API bool
}

// RecordObject is one thing a change was made on: its kind (a path
// parameter's name), a label (a meetup's title, else its id) and the
// console page about it, if any.
type RecordObject struct {
	Kind, Label, Href string
}

// action names the change of route in the frame's language.
func (f Frame) action(route string) (string, bool) {
	a, ok := f.RW().Actions[route]
	return a, ok
}
