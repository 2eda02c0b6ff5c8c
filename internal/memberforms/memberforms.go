// Package memberforms is the four forms members fill in on the group's
// website — join, register for a meetup, submit a talk, apply to the
// mentorship program — described once: each field's name as its route reads
// it, its kind, its words in English and Persian, and its limits, which are
// the domain's own. The website's Hugo module renders them from a data file
// written from these descriptions (site/module/data/tehpug/forms.json, kept
// current by a test in internal/httpapi), and the server shows the same form
// again, filled in, when it refuses a post from a browser.
package memberforms

import (
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
)

// Words is a text in each language the group speaks.
type Words struct {
	En string `json:"en"`
	Fa string `json:"fa"`
}

// In is the text in l; English when l is not Persian or it has no Persian.
func (w Words) In(l lang.Tag) string {
	if l == lang.Persian && w.Fa != "" {
		return w.Fa
	}
	return w.En
}

// Option is one answer of a choice.
type Option struct {
	Value string `json:"value"`
	Label Words  `json:"label"`
}

// PageLang as a field's Default means the language of the page the form is on.
const PageLang = "@lang"

// Field is one field of a form.
type Field struct {
	Name         string        `json:"name"`
	Kind         web.FieldKind `json:"kind"`
	Label        Words         `json:"label"`
	Hint         Words         `json:"hint,omitzero"`
	Required     bool          `json:"required,omitempty"`
	MaxLength    int           `json:"maxlength,omitempty"`
	Min          int           `json:"min,omitempty"`
	Max          int           `json:"max,omitempty"`
	Rows         int           `json:"rows,omitempty"`
	Autocomplete string        `json:"autocomplete,omitempty"`
	Options      []Option      `json:"options,omitempty"`
	// Meetups adds the upcoming meetups after Options, each by its id.
	Meetups bool `json:"meetups,omitempty"`
	// Topics adds the wishlist's most-wanted open topics after Options,
	// each by its id.
	Topics bool `json:"topics,omitempty"`
	// Default is the value the field starts with (PageLang: the page's language).
	Default string `json:"default,omitempty"`
}

// Form is one member form.
type Form struct {
	ID string `json:"id"`
	// Route is its route as template.yaml names it; Path is the route's
	// path, with {meetupId} for the meetup a registration is for.
	Route string `json:"route"`
	Path  string `json:"path"`
	Title Words  `json:"title"`
	// Submit labels the button.
	Submit Words `json:"submit"`
	// Done is the thank-you page's "done" value after a success ("joined").
	Done   string  `json:"done"`
	Fields []Field `json:"fields"`
	// PageLanguage names the fields posted unseen with the language of the
	// page the form is on: always LangField, and "language" on the forms
	// that ask no language but record one.
	PageLanguage []string `json:"page_language"`
}

// LangField is the field every form posts unseen with its page's
// language: the language the server answers a refused post in.
const LangField = "lang"

// Honeypot is the field every form carries for robots only: hidden from
// people, and a post that fills it is answered as usual and dropped.
const Honeypot = "website"

// ByRoute finds the form a route serves.
func ByRoute(route string) (Form, bool) {
	i := slices.IndexFunc(All, func(f Form) bool { return f.Route == route })
	if i < 0 {
		return Form{}, false
	}
	return All[i], true
}

// Field finds a field by name.
func (f Form) Field(name string) (Field, bool) {
	i := slices.IndexFunc(f.Fields, func(fl Field) bool { return fl.Name == name })
	if i < 0 {
		return Field{}, false
	}
	return f.Fields[i], true
}

// Show is the form as a page shows it, in l, posting to action: fresh
// (typed empty: each field holds its default), or again after the server
// refused a post from a browser, every field holding what was typed, each
// problem (a field's domain message) explained next to its field
// (web.Explain), and intro saying what went wrong.
func (f Form) Show(l lang.Tag, action string, typed url.Values, problems map[string]problem.Problem, intro []string) web.Form {
	out := web.Form{
		Lang: l, Title: refusedTitle.In(l), Intro: intro, Fix: fixHeading.In(l), Action: action,
		Honeypot: Honeypot, Submit: f.Submit.In(l),
	}
	for _, name := range f.PageLanguage {
		out.Hidden = append(out.Hidden, web.Hidden{Name: name, Value: string(l)})
	}
	for _, fl := range f.Fields {
		wf := web.Field{
			Name: fl.Name, Kind: fl.Kind, Label: fl.Label.In(l), Hint: fl.Hint.In(l), Required: fl.Required,
			MaxLength: fl.MaxLength, Min: fl.Min, Max: fl.Max, Rows: fl.Rows, Autocomplete: fl.Autocomplete,
			Value: typedValue(fl, typed, l),
		}
		for _, o := range fl.Options {
			wf.Options = append(wf.Options, web.Choice{Value: o.Value, Label: o.Label.In(l)})
		}
		if fl.Topics && wf.Value != "" {
			wf.Options = append(wf.Options, web.Choice{Value: wf.Value, Label: chosenTopic.In(l)})
		}
		if fl.Meetups && wf.Value != "" {
			// The page does not list the meetups; it keeps the one chosen.
			wf.Options = append(wf.Options, web.Choice{Value: wf.Value, Label: chosenMeetup.In(l)})
		}
		if msg, ok := problems[fl.Name]; ok {
			wf.Error = web.Explain(l, msg)
		}
		out.Fields = append(out.Fields, wf)
	}
	for _, name := range slices.Sorted(maps.Keys(problems)) {
		if _, ok := f.Field(name); !ok {
			out.Intro = append(out.Intro, name+": "+web.Explain(l, problems[name]))
		}
	}
	return out
}

// typedValue is what a field held when posted, as the route decodes it: a
// repeated field's last value, or a list's values joined; the field's
// default when the post did not carry it.
func typedValue(fl Field, typed url.Values, l lang.Tag) string {
	vs, ok := typed[fl.Name]
	if !ok || len(vs) == 0 {
		if fl.Kind == web.CheckField && len(typed) > 0 {
			return "" // an unticked box is not posted
		}
		if fl.Default == PageLang {
			return string(l)
		}
		return fl.Default
	}
	switch fl.Kind {
	case web.ListField:
		return strings.Join(vs, ", ")
	case web.CheckField:
		for _, v := range vs {
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "", "off", "false", "0", "no":
			default:
				return "yes"
			}
		}
		return ""
	}
	return vs[len(vs)-1]
}

var (
	refusedTitle = Words{En: "Please check the form", Fa: "لطفاً فرم را بررسی کنید"}
	fixHeading   = Words{En: "Correct these fields and send the form again:", Fa: "این‌ها را اصلاح کنید و فرم را دوباره بفرستید:"}
	chosenMeetup = Words{En: "The meetup you chose", Fa: "دورهمی‌ای که انتخاب کردید"}
	// chosenTopic labels the wishlist topic a refused talk form keeps.
	chosenTopic = Words{En: "The topic you chose", Fa: "موضوعی که انتخاب کردید"}
)
