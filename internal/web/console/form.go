package console

import (
	"maps"

	"github.com/a-h/templ"

	"github.com/tehpug/backend/internal/web"
)

// Field is one input of a console form, as a page shows it after a post
// that failed: the value the organizer typed, kept, and what is wrong with
// it, next to it.
type Field struct {
	Name     string // the form field's name, as the handler reads it
	Label    string
	Type     string // "text" when empty; "textarea" for a text area
	Value    string
	Error    string // shown next to the field; the field is marked invalid
	Hint     string
	Required bool
	// Attrs are more attributes of the input (min, max, maxlength, inputmode, autocomplete…).
	Attrs map[string]string
}

func (f Field) id() string      { return "f-" + f.Name }
func (f Field) errorID() string { return f.id() + "-error" }
func (f Field) hintID() string  { return f.id() + "-hint" }

func (f Field) kind() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// attrs are the input's own attributes (Attrs), and what describes it and
// whether it is invalid, for assistive technology.
func (f Field) attrs() templ.Attributes {
	a := templ.Attributes{}
	for k, v := range f.Attrs {
		a[k] = v
	}
	maps.Copy(a, web.InputAria(f.id(), f.Hint, f.Error))
	return a
}

// groupAttrs are a group of inputs' (a fieldset's) attributes: its hint
// and error describe it; each input in it says for itself what it is.
func (f Field) groupAttrs() templ.Attributes { return web.GroupAria(f.id(), f.Hint, f.Error) }

func hasErrors(fields []Field) bool {
	for _, f := range fields {
		if f.Error != "" {
			return true
		}
	}
	return false
}
