package web

import (
	"maps"
	"strconv"

	"github.com/a-h/templ"

	"github.com/tehpug/backend/internal/lang"
)

// FieldKind is how a form field is asked: the input a person fills in.
type FieldKind string

// The kinds of field the members' forms have.
const (
	TextField     FieldKind = "text"     // one line
	EmailField    FieldKind = "email"    // an email address
	LongTextField FieldKind = "textarea" // several lines
	NumberField   FieldKind = "number"   // a whole number from Min to Max
	ListField     FieldKind = "list"     // one line of items separated by commas
	ChoiceField   FieldKind = "choice"   // one of Options, as radio buttons
	SelectField   FieldKind = "select"   // one of Options, or none, as a drop-down
	CheckField    FieldKind = "check"    // a yes-or-no box, posted as "yes" when ticked
)

// Field is one field of a form as a page shows it: what it asks in the
// page's language, its limits (the server's own), what the person typed, and
// what is wrong with it when something is.
type Field struct {
	Name         string // the name the route reads
	Kind         FieldKind
	Label, Hint  string
	Required     bool
	MaxLength    int // in characters; 0 for none
	Min, Max     int // a NumberField's range
	Rows         int // a LongTextField's height
	Autocomplete string
	Options      []Choice // a ChoiceField's or SelectField's, in order
	Value        string   // what was typed (a CheckField: non-empty when ticked)
	Error        string   // why it must be corrected; "" when it need not
}

// Form is a member's form as a page shows it again after the server
// refused it: every field filled with what was typed, and what to correct.
type Form struct {
	Lang   lang.Tag
	Title  string   // the page's heading
	Intro  []string // what went wrong, plain text
	Fix    string   // heads the list of fields to correct
	Action string   // where it posts; an unsafe URL is neutralised
	Hidden []Hidden // posted back unseen (the page's language)
	// Honeypot names the field a person never sees and a robot fills in;
	// the route drops a post that fills it.
	Honeypot string
	Fields   []Field
	Submit   string
}

// Problems are the form's fields that need correcting, in the form's order.
func (f Form) Problems() []Field {
	var out []Field
	for _, fl := range f.Fields {
		if fl.Error != "" {
			out = append(out, fl)
		}
	}
	return out
}

// id is the field's element id, which its label and the list of problems
// point at.
func (f Field) id() string { return "f-" + f.Name }

// DescribedBy names the elements that describe the input with element id
// id: its hint (id-hint) when it has one, and its problem (id-error) when
// it has one; "" when neither. The console's forms follow the same rule.
func DescribedBy(id, hint, problem string) string {
	ids := ""
	if hint != "" {
		ids = id + "-hint"
	}
	if problem != "" {
		if ids != "" {
			ids += " "
		}
		ids += id + "-error"
	}
	return ids
}

// GroupAria are the attributes that tie a group of inputs (a fieldset)
// with element id id to its hint and its problem.
func GroupAria(id, hint, problem string) templ.Attributes {
	a := templ.Attributes{}
	if d := DescribedBy(id, hint, problem); d != "" {
		a["aria-describedby"] = d
	}
	return a
}

// InputAria are the attributes of an input with element id id for
// assistive technology: what describes it, as a group's, and, when it has
// a problem, that it is invalid.
func InputAria(id, hint, problem string) templ.Attributes {
	a := GroupAria(id, hint, problem)
	if problem != "" {
		a["aria-invalid"] = "true"
	}
	return a
}

// attrs are the attributes of the field's input element beyond its id,
// name and value: its limits, and its state for assistive technology.
func (f Field) attrs() templ.Attributes {
	a := templ.Attributes{}
	if f.Required && f.Kind != CheckField {
		a["required"] = true
	}
	if f.MaxLength > 0 {
		a["maxlength"] = strconv.Itoa(f.MaxLength)
	}
	if f.Kind == NumberField {
		a["min"], a["max"], a["inputmode"] = strconv.Itoa(f.Min), strconv.Itoa(f.Max), "numeric"
	}
	if f.Kind == EmailField {
		a["dir"] = "ltr" // an address reads left to right on a Persian page too
	}
	if f.Autocomplete != "" {
		a["autocomplete"] = f.Autocomplete
	}
	maps.Copy(a, InputAria(f.id(), f.Hint, f.Error))
	return a
}

// groupAttrs are the attributes of a ChoiceField's fieldset: what
// describes the group.
func (f Field) groupAttrs() templ.Attributes { return GroupAria(f.id(), f.Hint, f.Error) }

// inputType is the type attribute of a one-line field's input.
func (f Field) inputType() string {
	switch f.Kind {
	case EmailField:
		return "email"
	case NumberField:
		return "number"
	}
	return "text"
}

// rows is a LongTextField's height, four lines unless it says.
func (f Field) rows() string {
	if f.Rows > 0 {
		return strconv.Itoa(f.Rows)
	}
	return "4"
}
