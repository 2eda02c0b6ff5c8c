package consoleapi_test

import (
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/passkeyswiring"
)

// allFunctions are the functions a console test reaches: the console, its
// passkeys and its league pages, the sign-in it starts from, and the JSON API a session must
// also work (or stop working) in.
var allFunctions = []wiring.Function{
	wiring.ConsoleFunction, passkeyswiring.PasskeysFunction, wiring.AuthFunction, wiring.MeetupsFunction, wiring.TalksFunction, wiring.MentorshipFunction,
	wiring.LeaguesFunction,
}

// console is the console under test, with the helpers the meetup pages'
// tests share.
type console struct{ *apitest.Console }

func newConsole(t *testing.T, opts ...wiring.Option) *console {
	t.Helper()
	return &console{apitest.NewConsole(t, allFunctions, opts...)}
}
