// Package functions lists every function of template.yaml by logical ID,
// with the builder its main starts: for the tests and tools that go through
// all of them (the contract tests, make bench). No main imports it, so no
// binary links another function's code through it.
package functions

import (
	"maps"

	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/passkeyswiring"
)

// All is every function by logical ID.
func All() map[string]wiring.Function {
	all := maps.Clone(wiring.Functions())
	all["PasskeysFunction"] = passkeyswiring.PasskeysFunction
	return all
}
