// Package talks owns the call for proposals: a rolling call that fills every
// monthly meetup. Anyone submits a talk, which waits, pending, until its
// speaker confirms the address it names with the link the submission email
// carries; organizers accept a submitted talk for a meetup or reject it; an
// accepted speaker confirms or withdraws. A submission without a meetup
// waits in the backlog that organizers draw from. Every change of a talk's
// status follows the one transition table in transitions.go, and every one
// but the speaker's confirming their address is emailed to the speaker.
package talks

import (
	"errors"
	"slices"
	"time"
)

// Status is where a talk stands.
type Status string

// Talk statuses; transitions.go says which follows which.
const (
	// Pending is a proposal whose speaker has not yet confirmed the address
	// it names: anyone can type anyone's address into the form, so until
	// then it is in no list, nobody is emailed about it but the submission
	// email itself, and it is deleted when its confirm link expires.
	Pending   Status = "pending"
	Submitted Status = "submitted"
	Accepted  Status = "accepted"
	Confirmed Status = "confirmed"
	Rejected  Status = "rejected"
	Withdrawn Status = "withdrawn"
)

// listed lists every status organizers can list talks by, in the order a
// talk usually goes through them: all but pending, which organizers never
// see.
var listed = []Status{Submitted, Accepted, Confirmed, Rejected, Withdrawn}

// Statuses lists every status organizers can list talks by, in the order
// a talk usually goes through them.
func Statuses() []Status { return slices.Clone(listed) }

// OnProgramme reports whether a talk in this status is on its meetup's
// public programme (and so keeps its title when the speaker erases their
// data).
func (s Status) OnProgramme() bool {
	return s == Accepted || s == Confirmed
}

// Format is a talk's length.
type Format string

// Talk formats.
const (
	Lightning Format = "lightning"
	Short     Format = "short"
	Long      Format = "long"
)

// Minutes is how long a talk of this format lasts.
func (f Format) Minutes() int {
	switch f {
	case Lightning:
		return 5
	case Short:
		return 20
	case Long:
		return 40
	}
	return 0
}

// Level is who a talk is for.
type Level string

// Talk levels.
const (
	Beginner     Level = "beginner"
	Intermediate Level = "intermediate"
	Advanced     Level = "advanced"
)

// Talk is one proposal and what became of it.
type Talk struct {
	ID string
	// Owner is the speaker's person key, so an erase finds the talk; empty
	// once the speaker erased their data (only a programme talk's title,
	// format and meetup are kept then).
	Owner    string
	Name     string
	Email    string
	Title    string
	Abstract string
	Format   Format
	Level    Level
	Language string // the talk's language, and the one its speaker is written to in
	// MeetupID is the meetup the speaker would like while the talk is
	// submitted, and the one it is on once accepted; empty means the backlog.
	MeetupID string
	// TopicID is the wishlist topic the talk was submitted from, if any:
	// the talk claims it once its speaker confirms the address, unless
	// another talk claimed it first (the topic names the talk that won).
	TopicID   string
	Status    Status
	Message   string // the organizers' message with their decision
	CreatedAt time.Time
	UpdatedAt time.Time
	// PendingUntil is, while the talk is pending, when its confirm link
	// expires and the talk with it; zero in every other status.
	PendingUntil time.Time
	// VerifiedAt is when the speaker confirmed the address the talk names;
	// zero for a pending talk, and for one submitted before addresses were
	// confirmed. Only a speaker who confirmed is asked to give a talk from
	// the backlog.
	VerifiedAt time.Time
	// Capstone is the mentorship pair whose mentee proposed this talk when
	// the pair ended as completed (capstone.go); "" for every other talk.
	// Organizers see capstone talks first among the candidates for an
	// empty slot.
	Capstone string
	// CoSpeaker reports that the mentor of a capstone talk agreed to be
	// named co-speaker: both sides said yes. The mentor's name is read from
	// the pair, so it goes when the mentor erases their data.
	CoSpeaker bool
	// Version counts the talk's moves: every move is conditional on the
	// version it was decided on, so a talk that left a status and came
	// back to it meanwhile is not overwritten as if it had never moved.
	Version int
}

// WaitingSince is when the organizers could first see the talk: when its
// speaker confirmed it, or when it was submitted if that was before
// addresses were confirmed.
func (t Talk) WaitingSince() time.Time {
	if !t.VerifiedAt.IsZero() {
		return t.VerifiedAt
	}
	return t.CreatedAt
}

// InBacklog reports whether the talk waits in the backlog: submitted, for
// no particular meetup.
func (t Talk) InBacklog() bool {
	return t.Status == Submitted && t.MeetupID == ""
}

// ListedFor is the meetup whose list of talks shows this one: its preferred
// or assigned meetup, except while pending (nobody vouched for it yet) and
// once withdrawn (a withdrawn talk leaves its meetup at once).
func (t Talk) ListedFor() string {
	if t.Status == Pending || t.Status == Withdrawn {
		return ""
	}
	return t.MeetupID
}

// CapstoneFirst orders candidate talks as organizers see them: capstone
// talks first, each group in the order given.
func CapstoneFirst(ts []Talk) {
	slices.SortStableFunc(ts, func(a, b Talk) int {
		switch {
		case a.Capstone != "" && b.Capstone == "":
			return -1
		case a.Capstone == "" && b.Capstone != "":
			return 1
		}
		return 0
	})
}

// Filter selects the talks an organizer lists: by status, by meetup (and
// status), or the backlog; and of those, the ones of one format, level or
// language, or only those for some meetup.
type Filter struct {
	Status   Status // empty with a MeetupID: every status
	MeetupID string
	Backlog  bool
	// ForMeetup keeps only the talks for a meetup (none of the backlog).
	ForMeetup bool
	// Format, Level and Language keep only the talks of that format, level
	// or language; empty keeps all.
	Format   Format
	Level    Level
	Language string
}

// Narrowed reports whether the filter keeps only some of the talks of its
// status, meetup or backlog.
func (f Filter) Narrowed() bool {
	return f.ForMeetup || f.Format != "" || f.Level != "" || f.Language != ""
}

// Errors a Store returns.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("exists")
	// ErrChanged reports a conditional write that found the talk in another
	// status or version than the caller read: someone else moved it first.
	ErrChanged = errors.New("changed concurrently")
)
