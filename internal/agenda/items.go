package agenda

import (
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/topics"
)

// Level is how pressing an item is.
type Level int

// The levels, the most pressing first.
const (
	// Urgent needs action now: red wherever it is shown.
	Urgent Level = iota
	// Action needs action.
	Action
	// Info is the week, for information.
	Info
)

func (l Level) String() string {
	switch l {
	case Urgent:
		return "urgent"
	case Action:
		return "action"
	}
	return "info"
}

// Kind is what an item is about; it says which of an Item's facts are set.
type Kind string

// The kinds of items.
const (
	// NoTalk: Meetup is at an alarm step with no accepted or confirmed
	// talk; Urgent at the last step (two weeks or less), else Action.
	// Count is how many mentorship capstone talks wait in the backlog, and
	// Talk the longest waiting of them: the first candidate for the slot.
	NoTalk Kind = "no_talk"
	// UnconfirmedSpeaker: Talk, on Meetup's programme, is accepted and not
	// confirmed two weeks or less before; Urgent under a week before.
	UnconfirmedSpeaker Kind = "unconfirmed_speaker"
	// LongWaitlist: Meetup has LongWaitlistSize people or more waiting.
	LongWaitlist Kind = "long_waitlist"
	// NoMeetup: no meetup starts within Count (HorizonDays) days. Urgent.
	NoMeetup Kind = "no_meetup"
	// UndecidedTalks: Count talks wait for a decision; Talk is the oldest.
	UndecidedTalks Kind = "undecided_talks"
	// StalledPair: Pair has stalled. Urgent.
	StalledPair Kind = "stalled_pair"
	// AtRiskPair: Pair is at risk.
	AtRiskPair Kind = "at_risk_pair"
	// ComingMeetup: Meetup starts within the horizon. Info.
	ComingMeetup Kind = "coming_meetup"
	// PairCounts: Pairs counts the pairs that have not ended. Info.
	PairCounts Kind = "pair_counts"
	// FadeReasons: Fades counts the answers to why pairs faded, per
	// reason, over every dropped or stalled pair asked. Info; only when
	// someone answered.
	FadeReasons Kind = "fade_reasons"
	// NewMembers: Count members confirmed in the last week, Names theirs. Info.
	NewMembers Kind = "new_members"
	// WantedTopics: Topics are the most-wanted open topics of the
	// wishlist, most votes first, for someone to speak about. Info; none
	// when the wishlist is empty.
	WantedTopics Kind = "wanted_topics"
	// RunningLeague: League is running: taking entries, or drawn and
	// playing. Info.
	RunningLeague Kind = "running_league"
	// FailedLeagueMatch: the match runner failed on Match, a fixture of
	// League, which waits to be played again on a later day. Action.
	FailedLeagueMatch Kind = "failed_league_match"
	// ThinLeague: League's registration closes within ClosingDays days
	// with fewer than Count (leagues.MinRobots) robots entered: as it
	// stands, it ends with no matches. Info.
	ThinLeague Kind = "thin_league"
)

// Item is one thing the agenda says. Only the facts its Kind names are set.
type Item struct {
	Level Level
	Kind  Kind
	// Path is the console page where the item is acted on (package
	// consolepath); "" for an item no console page is about (new members).
	Path   string
	Meetup Meetup
	Talk   Talk
	Pair   Pair
	Pairs  PairTally
	Fades  mentorship.FadeCounts
	Count  int
	Names  []string
	Topics []Topic
	League League
	Match  LeagueMatch
}

// Topic is a wishlist topic as the agenda shows it.
type Topic struct {
	ID, Title string
	Votes     int
}

// Wanted is the most-wanted open topics of ts (up to topics.Top), for
// every place that asks for speakers.
func Wanted(ts []topics.Topic) []Topic {
	ts = topics.Ranked(ts)
	out := make([]Topic, 0, min(len(ts), topics.Top))
	for _, t := range ts[:min(len(ts), topics.Top)] {
		out = append(out, Topic{ID: t.ID, Title: t.Title, Votes: t.Votes})
	}
	return out
}
