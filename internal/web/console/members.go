package console

import "time"

// MembersView is the members page: the counts, the find form and, after a
// search, what is stored about the address.
type MembersView struct {
	Frame
	Notice                           string
	Confirmed, Unsubscribed, Pending int
	Months                           []MonthRow
	// Find is the address field; Action where it posts.
	Find   Field
	Action string
	// Searched is whether a search was made; Found what it found.
	Searched bool
	Found    *PersonView
	// EraseAction is where the erase button posts.
	EraseAction string
}

// MonthRow is how many joined in one month.
type MonthRow struct {
	Start  time.Time
	Joined int
}

// PersonView is what is stored about one address.
type PersonView struct {
	Address string
	// Member is the membership, nil when they are not a member.
	Member        *MemberFacts
	Registrations []PersonRegistration
	Talks         []PersonTalk
	Applications  []PersonApplication
}

// MemberFacts is a membership.
type MemberFacts struct {
	Name, Status, Language string
	Unsubscribed           bool
	Joined                 time.Time
}

// PersonRegistration is one registration: the meetup's title and page.
type PersonRegistration struct {
	Meetup, Href, Status string
	Came                 bool
}

// PersonTalk is one talk, with its console page.
type PersonTalk struct {
	Title, Href, Status string
}

// PersonApplication is one mentorship application.
type PersonApplication struct {
	Role, Status string
	At           time.Time
}

// EraseView is the page that asks before erasing a person.
type EraseView struct {
	Frame
	Address              string
	Registrations, Talks int
	Nothing              bool
	Action, Back         string
}
