package console

import (
	"time"

	"github.com/tehpug/backend/internal/lang"
)

// BoardTalk is a talk as the board and a talk's page list it.
type BoardTalk struct {
	ID, Title, Speaker, Format, Level, Language, Status string
	// MeetupID and Meetup are its meetup's, "" in the backlog.
	MeetupID, Meetup string
	// Waited is how long it has been waiting (undecided) or in its state.
	Waited time.Duration
	// Ladder is where an accepted talk's speaker stands on the
	// confirmation ladder; nil for any other talk.
	Ladder *Rung
	// Capstone marks a mentorship's capstone talk; CoSpeaker that its
	// mentor agreed to be named.
	Capstone, CoSpeaker bool
}

// Rung is where an accepted speaker stands on the confirmation ladder.
type Rung struct {
	// FirstAsk and SecondAsk are when the speaker was asked to confirm (in
	// the group's zone); zero if not.
	FirstAsk, SecondAsk time.Time
	Silent              bool
	// Days is how many days away the meetup is; below 0 once it began.
	Days int
}

// BoardSection is one list of the board, a page at a time.
type BoardSection struct {
	Heading string
	Rows    []BoardTalk
	// Next is the section's next page; "" on its last.
	Next string
}

// Choice is one option of a filter's select.
type Choice struct {
	Value, Label string
	Selected     bool
}

// Filter is one select of the board's filters.
type Filter struct {
	Name, Label string
	Choices     []Choice
}

// TalkBoard is the talks in one state: undecided (for a meetup, and the
// backlog apart), accepted (with the confirmation ladder), confirmed,
// rejected or withdrawn; narrowed by the filters.
type TalkBoard struct {
	Frame
	Tabs []Tab
	// Status is the tab's status; Filters the selects, with what is chosen.
	Status   string
	Filters  []Filter
	Filtered bool
	// Clear is the tab without its filters.
	Clear    string
	Sections []BoardSection
	// Undecided says how long each talk has waited; Accepted shows the ladder.
	Undecided, Accepted bool
}

// TalkFacts is a talk as its page shows it.
type TalkFacts struct {
	BoardTalk
	Abstract, Message string
	// MeetupLink is the page of its meetup, "" when it has none.
	MeetupLink string
}

// MeetupChoice is an upcoming meetup a talk can be accepted into, with its
// programme and the minutes it takes of the meetup's length.
type MeetupChoice struct {
	Meetup    MeetupRow
	Programme []ProgrammeTalk
	Taken, Of int
	With      int // minutes taken with this talk too
	Preview   string
}

// EmailPreview is the email a decision would send, as composed.
type EmailPreview struct {
	// Accept is true for an acceptance (into Meetup), false for a rejection.
	Accept      bool
	MeetupID    string
	Meetup      string
	To, Subject string
	Lines       []string
	Lang        lang.Tag
	Message     string
	// Update is where the message form goes (the preview again); Action
	// where the confirm button posts.
	Update, Action string
}

// TalkView is a talk's page: the talk, its speaker's other talks, and, while
// it is undecided, the decision: the meetups it can go to and rejecting it,
// or the email one of them would send.
type TalkView struct {
	Frame
	Talk   TalkFacts
	Others []BoardTalk
	Notice string
	// Undecided reports the talk can be decided.
	Undecided bool
	Meetups   []MeetupChoice
	// Reject is the page previewing the rejection email.
	Reject  string
	Preview *EmailPreview
	Back    string
}

// ConflictView says someone else decided a talk first, and links to it.
type ConflictView struct {
	Frame
	Detail, Talk string
}

// Programme is a meetup's programme with the minutes its talks take of
// the meetup's length.
type Programme struct {
	Talks     []ProgrammeTalk
	Taken, Of int
}

// programmeOf is a meetup page's programme with its minutes.
func programmeOf(p MeetupPage) Programme {
	out := Programme{Talks: p.Programme, Of: int(p.Meetup.End.Sub(p.Meetup.Start).Minutes())}
	for _, t := range p.Programme {
		out.Taken += t.Minutes
	}
	return out
}
