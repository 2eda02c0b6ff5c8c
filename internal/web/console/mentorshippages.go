package console

import (
	"strings"
	"time"
)

// PairHealthRow is a mentorship as the pairs by health list it.
type PairHealthRow struct {
	// Path is the pair's page.
	Path           string
	Mentor, Mentee string
	// State is its health; AskedForHelp that its latest check-in asks for
	// help.
	State        string
	AskedForHelp bool
	// MentorLast and MenteeLast are each side's last check-in, zero when
	// it never checked in.
	MentorLast, MenteeLast time.Time
	// Since is the pairing; EndedAt its end (zero while it runs).
	Since, EndedAt time.Time
}

// PairsPage is the mentorships in one state of health (or all current,
// the most urgent first), a page at a time.
type PairsPage struct {
	Frame
	Tabs []Tab
	Rows []PairHealthRow
	// Ended lists ended pairs: their end instead of their check-ins.
	Ended bool
	// Pairing is the open applications' page; Next the next page.
	Pairing, Next string
	// Fades counts the answers to why pairs faded, per reason, in the
	// order FadeOrder gives; FadeTotal is their sum.
	Fades     map[string]int
	FadeOrder []string
	FadeTotal int
}

// MentorRow is a mentor with a free place, as the open applications list them.
type MentorRow struct {
	Name, Email, Language, Availability string
	Topics                              []string
	Free, Capacity                      int
	Applied                             time.Time
}

// SuggestionRow is a mentor suggested for a waiting mentee.
type SuggestionRow struct {
	// MentorID is the mentor's application, which the pair button posts.
	MentorID, Mentor string
	Shared           []string
	SameLanguage     bool
	Free             int
}

// MenteeRow is a waiting mentee with the mentors suggested for them.
type MenteeRow struct {
	Name, Email, Language, Goals string
	Topics                       []string
	Waited                       time.Duration
	// Action is where a suggestion's pair button posts.
	Action      string
	Suggestions []SuggestionRow
}

// PairingPage is the open applications: mentors with their free places,
// and the mentees waiting, each with the mentors suggested for them.
type PairingPage struct {
	Frame
	Mentors []MentorRow
	// Capped is how many mentors the suggestions consider when there may
	// be more (0 when every mentor with a free place is listed).
	Capped  int
	Mentees []MenteeRow
	// Next is the next page of mentees; Pairs the pairs by health.
	Next, Pairs string
}

// PairSide is one side of a pair, on the pair's page.
type PairSide struct {
	Name, Email, Language string
	Topics                []string
	// Detail is a mentor's availability or a mentee's goals.
	Detail string
	Last   time.Time
	// Fade is the side's answer to why the pair faded ("" when it gave
	// none), FadeOther the line of an "other" answer.
	Fade, FadeOther string
}

// CheckInRow is one check-in on a pair's page: a one-tap answer, or the
// full form.
type CheckInRow struct {
	Side   string
	At     time.Time
	Answer string
	// Full reports the full form: Progress (1–5), Summary, NextStep, Blocked.
	Full              bool
	Progress          int
	Summary, NextStep string
	Blocked           bool
}

// PairPage is one mentorship: both sides, its health, how it ended, and
// its check-ins, the latest first, a page at a time.
type PairPage struct {
	Frame
	Notice         string
	State          string
	AskedForHelp   bool
	Mentor, Mentee PairSide
	Paired         time.Time
	Ended          bool
	EndedAt        time.Time
	Outcome        string
	Reason         string
	// Faded reports the pair was asked why it faded (dropped, or stalled):
	// each side's answer is shown.
	Faded    bool
	CheckIns []CheckInRow
	// Older is the next page of check-ins; End the page that ends the
	// pair; Back the pairs by health.
	Older, End, Back string
}

// EndPage asks to confirm ending a pair, as completed or dropped, with a
// reason; after a post that failed, what was typed is kept and each
// problem shown next to its field.
type EndPage struct {
	Frame
	Mentor, Mentee string
	// Ended reports the pair has ended already: nothing to confirm.
	Ended bool
	// Reason is the reason typed; Other the problems of no field (an
	// outcome that is not one of the two buttons').
	Reason       Field
	Other        []string
	Action, Back string
}

// PairConflict is the page of a pairing another organizer got to first:
// why, and the links to how things stand now.
type PairConflict struct {
	Frame
	Why string
	// Now is where things stand now (the open applications, or the
	// pair's page), NowLabel its link's words; Pair the mentee's
	// mentorship when they have one now.
	Now, NowLabel, Pair string
}

// nameOr is a person's name, or what the page says of erased data.
func nameOr(f Frame, name string) string {
	if name == "" {
		return f.MSW().Erased
	}
	return name
}

// topics lists topics as a page says them.
func topics(f Frame, ts []string) string {
	if known(f.Lang) == "fa" {
		return strings.Join(ts, "، ")
	}
	return strings.Join(ts, ", ")
}
