// Package topics is the topic wishlist: members say what they want to hear
// about, vote for each other's wishes, and speakers claim a topic by
// submitting a talk from it. The most-wanted unclaimed topics are shown
// wherever speakers are sought. docs/TOPICS.md has the rules.
package topics

import (
	"errors"
	"slices"
	"time"
)

// Status is where a topic stands.
type Status string

// Topic statuses.
const (
	// Open topics are on the wishlist: members vote for them, speakers can
	// claim them.
	Open Status = "open"
	// Claimed topics have a verified talk submitted from them.
	Claimed Status = "claimed"
	// Hidden topics were taken off the wishlist by organizers.
	Hidden Status = "hidden"
	// Merged topics were duplicates of another (MergedInto), which holds
	// their votes now.
	Merged Status = "merged"
)

// Topic is one wish.
type Topic struct {
	ID       string
	Title    string
	Why      string // one line: why the proposer wants to hear about it
	Language string // the language the talk should be in
	// Owner is the proposer's person key.
	Owner string
	// Voters are the person keys of the members who voted for the topic;
	// Votes is how many there are, kept with them in one write.
	Voters []string
	Votes  int
	Status Status
	// MergedInto is the topic a merged one was a duplicate of.
	MergedInto string
	// ClaimedBy is the talk that claims the topic.
	ClaimedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Voted reports whether the member whose person key is key voted for t.
func (t Topic) Voted(key string) bool { return slices.Contains(t.Voters, key) }

// Errors a Store returns.
var (
	ErrNotFound = errors.New("topic not found")
	ErrExists   = errors.New("topic exists")
	// ErrChanged reports a conditional write that found the topic other than
	// the caller expected: not open, already claimed, or moved meanwhile.
	ErrChanged = errors.New("topic changed concurrently")
)

// Limits of a topic's fields.
const (
	MaxTitle = 120
	MaxWhy   = 200
	MaxID    = 64
)

// Top is how many of the most-wanted open topics are shown where speakers
// are sought.
const Top = 5

// MaxOpen is how many open topics the wishlist reads at most (one query):
// the wishlist is a short list that organizers keep tidy by merging and
// hiding, and every reader of it costs one request, however large the
// table grows.
const MaxOpen = 200

// byVotes orders topics by votes, most first, then oldest first.
func byVotes(a, b Topic) int {
	if a.Votes != b.Votes {
		return b.Votes - a.Votes
	}
	return a.CreatedAt.Compare(b.CreatedAt)
}

// Ranked returns ts sorted by votes, most first (oldest first among equals).
func Ranked(ts []Topic) []Topic {
	out := slices.Clone(ts)
	slices.SortStableFunc(out, byVotes)
	return out
}
