package web

import (
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
)

// Explain is what is wrong with a field, as a page in l (a member's form
// or the console's) shows it next to the field: in the page's language,
// with its digits.
func Explain(l lang.Tag, p problem.Problem) string { return p.In(known(l)) }
