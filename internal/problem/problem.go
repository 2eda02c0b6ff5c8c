// Package problem names what can be wrong with one field of a request, in
// no language: a code and the numbers or names it speaks of. The domain
// returns problems; the JSON API writes them in its English (String), and
// pages in the reader's language (In). Every code has all three texts,
// which a test holds.
package problem

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tehpug/backend/internal/lang"
)

// Code is what is wrong: one of this package's, never a string of the
// caller's (a struct, so that a string literal does not convert to one).
type Code struct{ name string }

// None is no problem: the zero Code.
var None Code

// String is the code's name, as stable as the API: "required".
func (c Code) String() string { return c.name }

// Problem is what is wrong with a field: its code, and the numbers or
// names the code speaks of (a limit, the choices).
type Problem struct {
	Code Code
	Args []string
}

// Of is the problem code with args, each written as fmt's %v does.
func Of(code Code, args ...any) Problem {
	p := Problem{Code: code}
	for _, a := range args {
		p.Args = append(p.Args, fmt.Sprint(a))
	}
	return p
}

// String is the problem as the JSON API says it, in English.
func (p Problem) String() string {
	t, ok := texts[p.Code]
	if !ok {
		return p.Code.name
	}
	return fill(t.api, p.Args, nil)
}

// In is the problem as a page in l says it, next to its field: a sentence
// in l, numbers in l's digits.
func (p Problem) In(l lang.Tag) string {
	t, ok := texts[p.Code]
	if !ok {
		return p.Code.name
	}
	if l == lang.Persian {
		return fill(t.fa, p.Args, &l)
	}
	return fill(t.en, p.Args, &l)
}

// fill writes format with args; a whole number in l's digits when l is
// given, and a list (comma separated) as one argument.
func fill(format string, args []string, l *lang.Tag) string {
	vals := make([]any, len(args))
	for i, a := range args {
		if n, err := strconv.Atoi(a); err == nil && l != nil {
			a = l.Number(n)
		}
		vals[i] = a
	}
	if len(vals) == 0 || !strings.Contains(format, "%[") {
		return format
	}
	return fmt.Sprintf(format, vals...)
}

// Choices is the choices of a OneOf problem, as its argument.
func Choices(names ...string) string { return strings.Join(names, ", ") }
