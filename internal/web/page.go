package web

import (
	"maps"
	"slices"

	"github.com/tehpug/backend/internal/lang"
)

// Hidden is a form field posted back unseen, such as an emailed link's token.
type Hidden struct {
	Name, Value string
}

// FieldError is one thing to correct in a form: the field, as the page
// names it, and what is wrong with it.
type FieldError struct {
	Field, Message string
}

// Errors lists a form's field errors in the order of their field names, so
// a page shows them the same way every time; each field is shown by its name
// in names, or as it is when names lacks it.
func Errors(fields map[string]string, names map[string]string) []FieldError {
	var out []FieldError
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		name := f
		if n, ok := names[f]; ok {
			name = n
		}
		out = append(out, FieldError{Field: name, Message: fields[f]})
	}
	return out
}

// Link is the page an emailed link opens: it says what the button does, and
// only the button's POST acts, so a mail scanner that follows links changes
// nothing.
type Link struct {
	Lang       lang.Tag
	Title      string   // the heading and the <title>
	Paragraphs []string // plain text
	Action     string   // where the button posts; an unsafe URL is neutralised
	Hidden     []Hidden // posted with the button, in this order
	Button     string   // the button's label
	// Object names what the button acts on (a talk's title, a meetup's),
	// ObjectWhen the meetup's time; empty when the link names nothing.
	Object, ObjectWhen string
}

// Message is a page that only tells: a thank-you page after an action, or
// an error page, with what to correct in a form when Errors is set.
type Message struct {
	Lang       lang.Tag
	Title      string
	Paragraphs []string
	Errors     []FieldError
	// Next is what to do now, when there is something: a sentence and a
	// link to do it.
	Next *Next
}

// Next is the step a page offers after something could not be done: a
// sentence saying it, and a link (Label, to Href) that does it.
type Next struct {
	Text, Label, Href string
}

// known is l, or English when l is no language the group speaks.
func known(l lang.Tag) lang.Tag {
	return lang.Parse(string(l))
}
