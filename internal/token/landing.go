package token

import "time"

// Landing is what the page an emailed link opens shows before its button
// is pressed: the language to show it in and what the link acts on, so a
// person with several talks or registrations knows which one the button
// is for. A link that cannot be used names nothing (a guessed one shows
// nothing of anyone), but may still know its language.
type Landing struct {
	Lang string
	// Title names the thing: a talk's title, a meetup's.
	Title string
	// Starts and Ends are a meetup's time; zero for anything else.
	Starts, Ends time.Time
}
