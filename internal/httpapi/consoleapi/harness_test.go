package consoleapi_test

import (
	"slices"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/wiring"
)

// allFunctions are the functions a console test reaches: the console's
// and its league pages.
var allFunctions = append(slices.Clone(apitest.ConsoleFunctions), wiring.LeaguesFunction)

// console is the console under test, with the helpers the meetup pages'
// tests share.
type console struct{ *apitest.Console }

func newConsole(t *testing.T, opts ...wiring.Option) *console {
	t.Helper()
	return &console{apitest.NewConsole(t, allFunctions, opts...)}
}
