// Package consolepath names the pages of the organizers' console, so that
// the console's routes, the links between its pages, the dashboard and
// every organizer email agree on one address for each thing an organizer
// acts on. Paths are relative to the API's base URL; an email makes them
// absolute with email.Links.Console.
package consolepath

import (
	"net/url"
	pathpkg "path"
	"strconv"
	"strings"
)

// Root is the console's home: the dashboard.
const Root = "/console"

// SignIn is the page that asks for an organizer's address.
const SignIn = Root + "/sign-in"

// SignOut ends the session (a post).
const SignOut = Root + "/sign-out"

// Language remembers the organizer's language (a post).
const Language = Root + "/language"

// Passkeys lists the organizer's passkeys, and adds one.
const Passkeys = Root + "/passkeys"

// PasskeyRemove removes one of the organizer's passkeys (a post).
const PasskeyRemove = Passkeys + "/remove"

// PasskeyRegisterOptions and PasskeyRegister are the two posts of adding
// a passkey, which the console's script makes: the options for the
// browser, then its answer.
const (
	PasskeyRegisterOptions = Passkeys + "/register/options"
	PasskeyRegister        = Passkeys + "/register"
)

// PasskeySignInOptions and PasskeySignIn are the two posts of signing in
// with a passkey, which the console's script makes from the sign-in page.
const (
	PasskeySignInOptions = SignIn + "/passkey/options"
	PasskeySignIn        = SignIn + "/passkey"
)

// Script is the console's one script, served by the console itself.
const Script = Root + "/console.js"

// Meetups lists the meetups, upcoming then past.
func Meetups() string { return Root + "/meetups" }

// Meetup is one meetup's page: seats, programme, registrations, waitlist.
func Meetup(id string) string { return Root + "/meetups/" + url.PathEscape(id) }

// MeetupFrom is a meetup's page listing its places from the from-th (from 0).
func MeetupFrom(id string, from int) string {
	if from <= 0 {
		return Meetup(id)
	}
	return withQuery(Meetup(id), "from", strconv.Itoa(from))
}

// Door is a meetup's door page, for marking who came.
func Door(id string) string { return Meetup(id) + "/door" }

// Meetup lists: which one MeetupsOf shows.
const (
	Upcoming  = "upcoming"
	Past      = "past"
	Cancelled = "cancelled"
)

// MeetupsOf is one list of the meetups: Upcoming (the default), Past or
// Cancelled.
func MeetupsOf(list string) string {
	if list == Upcoming {
		list = ""
	}
	return withQuery(Meetups(), "show", list)
}

// NewMeetup is the form that creates a meetup; it posts to Meetups().
func NewMeetup() string { return Meetups() + "/new" }

// EditMeetup is a meetup's form, which posts to itself.
func EditMeetup(id string) string { return Meetup(id) + "/edit" }

// CancelMeetup asks to confirm a meetup's cancellation, and takes the post
// that cancels it (or tells those not told yet).
func CancelMeetup(id string) string { return Meetup(id) + "/cancel" }

// RegistrationsCSV downloads a meetup's registrations as a spreadsheet.
func RegistrationsCSV(id string) string { return Meetup(id) + "/registrations.csv" }

// DoorSearch is a meetup's door page showing those who match q.
func DoorSearch(id, q string) string { return withQuery(Door(id), "q", q) }

// Talks is the talks in one state ("submitted", "accepted", …; "" for all).
func Talks(status string) string { return withQuery(Root+"/talks", "status", status) }

// Mentorships is the mentorship pairs in one state of health ("stalled",
// "at_risk", …; "" for all).
func Mentorships(health string) string { return withQuery(Root+"/mentorships", "health", health) }

// Next is where the sign-in page sends an organizer after signing in: path
// when it is a console page, else the dashboard. Only a path inside the
// console is followed, so a crafted link cannot send a signed-in browser
// anywhere else.
func Next(path string) string {
	u, err := url.Parse(path)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(path, "//") || strings.ContainsAny(path, "\\\r\n\t") {
		return Root
	}
	if pathpkg.Clean(u.Path) != u.Path || u.Path != Root && !strings.HasPrefix(u.Path, Root+"/") || u.Path == SignIn || strings.HasPrefix(u.Path, SignIn+"/") {
		return Root
	}
	return path
}

// SignInTo is the sign-in page that leads to next once signed in.
func SignInTo(next string) string {
	next = Next(next)
	if next == Root {
		return SignIn
	}
	return withQuery(SignIn, "next", next)
}

func withQuery(path, name, value string) string {
	if value == "" {
		return path
	}
	return path + "?" + url.Values{name: {value}}.Encode()
}

// Mentorship is one mentorship pair's page: both sides, its health, and
// every check-in.
func Mentorship(id string) string { return Root + "/mentorships/" + url.PathEscape(id) }

// EndMentorship asks to confirm ending a pair, as completed or dropped
// with a reason, and takes the post that ends it.
func EndMentorship(id string) string { return Mentorship(id) + "/end" }

// Pairing is the open mentorship applications: mentors with their free
// places, mentees with how long they have waited, and for each mentee the
// mentors suggested for them.
func Pairing() string { return Root + "/mentorships/applications" }

// PairMentee pairs the mentee whose application is id with the mentor the
// form names (a post).
func PairMentee(id string) string { return Pairing() + "/" + url.PathEscape(id) + "/pair" }

// Talk is one talk's page: the talk, its speaker's other talks, and the
// decision on it.
func Talk(id string) string { return Root + "/talks/" + url.PathEscape(id) }

// TalkDecision is a talk's page showing the email that deciding it so
// would send: decision "accept" (for meetup) or "reject", with message.
func TalkDecision(id, decision, meetup, message string) string {
	q := url.Values{"decision": {decision}}
	if meetup != "" {
		q.Set("meetup", meetup)
	}
	if message != "" {
		q.Set("message", message)
	}
	return Talk(id) + "?" + q.Encode()
}

// AcceptTalk accepts a talk into a meetup (a post).
func AcceptTalk(id string) string { return Talk(id) + "/accept" }

// RejectTalk rejects a talk (a post).
func RejectTalk(id string) string { return Talk(id) + "/reject" }

// Topics is the topic wishlist: the topics by votes, to merge and hide.
const Topics = Root + "/topics"

// TopicMerge and TopicHide are where a topic's merge and hide forms post.
func TopicMerge(id string) string { return Topics + "/" + url.PathEscape(id) + "/merge" }

// TopicHide is where a topic's hide form posts.
func TopicHide(id string) string { return Topics + "/" + url.PathEscape(id) + "/hide" }

// Leagues lists Battlefield's leagues, and opens one (a post).
const Leagues = Root + "/leagues"

// League is one league's page: entrants, fixtures, failures, the table.
func League(id string) string { return Leagues + "/" + url.PathEscape(id) }
