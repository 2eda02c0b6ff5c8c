package talks

import "github.com/tehpug/backend/internal/apperr"

// Actor is who moves a talk from one status to another.
type Actor string

// The actors of the transition table.
const (
	Organizer Actor = "organizer" // deciding, signed in
	Speaker   Actor = "speaker"   // by an emailed link
)

// transition is one move of the state machine.
type transition struct{ from, to Status }

// transitions is the talk state machine, the only place that says which
// status may follow which and who makes the move (docs/TALKS.md shows it as
// a table). Anything not listed is refused with a conflict. The store
// applies a move only if the talk is still in `from` when it writes, so of
// two people moving the same talk at once exactly one wins.
var transitions = map[transition]Actor{
	{Pending, Submitted}:   Speaker, // the speaker confirms the address
	{Pending, Withdrawn}:   Speaker,
	{Submitted, Accepted}:  Organizer, // assigned to a meetup
	{Submitted, Rejected}:  Organizer,
	{Submitted, Withdrawn}: Speaker,
	{Accepted, Confirmed}:  Speaker,
	{Accepted, Withdrawn}:  Speaker,
	{Confirmed, Withdrawn}: Speaker,
	// Back to the backlog when the meetup is cancelled.
	{Accepted, Submitted}:  Organizer,
	{Confirmed, Submitted}: Organizer,
}

// Move checks that by may move a talk from one status to another, and
// otherwise returns a conflict saying why not.
func Move(from, to Status, by Actor) error {
	actor, ok := transitions[transition{from, to}]
	switch {
	case ok && actor == by:
		return nil
	case from == to:
		return apperr.New(apperr.Conflict, "This talk is already %s.", from)
	case ok:
		return apperr.New(apperr.Conflict, "Only the %s can move this talk from %s to %s.", actor, from, to)
	}
	return apperr.New(apperr.Conflict, "A %s talk cannot be %s.", from, to)
}

// errMoved is the conflict for a move that lost the race to someone else's.
func errMoved(now Status) error {
	return apperr.New(apperr.Conflict, "Someone else changed this talk at the same moment: it is now %s.", now)
}
