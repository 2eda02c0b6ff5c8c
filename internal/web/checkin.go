package web

import (
	"strings"

	"github.com/tehpug/backend/internal/lang"
)

// CheckIn is the page a mentorship check-in link opens: three one-tap
// answers, and a fuller form that comes back filled with what was typed when
// something in it needs correcting.
type CheckIn struct {
	Lang    lang.Tag
	Words   CheckInWords
	Intro   string       // "{partner}" in it marks where Partner goes
	Partner string       // the other side of the pair, isolated for direction
	Action  string       // where both forms post; an unsafe URL is neutralised
	Token   string       // the link's token, posted back by both forms as "token"
	Answers []Choice     // the one-tap buttons, each posting "answer"
	Errors  []FieldError // shown under Words.Fix
	Typed   CheckInValues
}

// CheckInWords is everything the check-in page says, in one language.
type CheckInWords struct {
	Title    string
	Fix      string // heads the list of errors
	OneTap   string // the legend of the one-tap answers
	More     string // heads the fuller form
	Progress string // the legend of the 1 to 5 progress choice
	Summary  string // labels the "summary" text area
	NextStep string // labels the "next_step" text area
	Blocked  string // the legend of the blocked choice
	No, Yes  string // the blocked choice's labels
	Send     string // the fuller form's button
}

// Choice is one button of a group posting the same name: its value and label.
type Choice struct {
	Value, Label string
}

// CheckInValues is what the fuller check-in form holds: nothing at first,
// then what the person typed, so a mistake costs them nothing they wrote.
type CheckInValues struct {
	Progress int // 1 to 5; 0 when none is chosen
	Summary  string
	NextStep string
	Blocked  bool
}

// intro splits the introduction around the partner's name; ok is false when
// it does not name the partner.
func (p CheckIn) intro() (before, after string, ok bool) {
	return strings.Cut(p.Intro, "{partner}")
}
