package consoleapi_test

import (
	"github.com/aws/aws-lambda-go/events"

	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/consolewiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// console is the console with the functions it works with, on a fresh
// table, the SES emulator and a clock of its own, with one organizer of its
// own (the SES emulator is shared by every test).
type console struct {
	*apitest.Client
	clock     *wiringtest.Clock
	organizer string
	// other is the other organizer on the list.
	other string
	sys   *wiringtest.System
}

// allFunctions are the functions a console test reaches: the console, the
// sign-in it starts from, and the JSON API a session must also work (or
// stop working) in.
var allFunctions = []wiring.Function{
	consolewiring.ConsoleFunction, wiring.AuthFunction, wiring.MeetupsFunction, wiring.TalksFunction, wiring.MentorshipFunction,
}

// consoleStart is when every console test begins.
var consoleStart = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func newConsole(t *testing.T, opts ...wiring.Option) *console {
	t.Helper()
	c := &console{clock: wiringtest.NewClock(consoleStart), organizer: apitest.UniqueEmail("organizer"), other: apitest.UniqueEmail("other")}
	c.sys = wiringtest.NewWith(t, map[string]string{"OrganizerEmails": strings.Join([]string{c.other, c.organizer}, ",")},
		append([]wiring.Option{wiring.WithClock(c.clock.Now)}, opts...)...)
	c.Client = apitest.New(t, c.sys, allFunctions...)
	return c
}

// deploy builds the functions again on the same table, with organizers
// as ORGANIZER_EMAILS: what a change of the parameter does.
func (c *console) deploy(organizers ...string) {
	c.T.Helper()
	c.Client = apitest.New(c.T, c.sys.Redeploy(map[string]string{"OrganizerEmails": strings.Join(organizers, ",")}, wiring.WithClock(c.clock.Now)), allFunctions...)
}

// signedIn is a browser signed in as the console's organizer.
func (c *console) signedIn() *apitest.Browser { return c.Browser().SignIn(c.organizer) }

// wantSignInRedirect fails the test unless resp sends the browser to sign in.
func wantSignInRedirect(t *testing.T, resp events.APIGatewayV2HTTPResponse, what string) {
	t.Helper()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Headers["Location"], "/console/sign-in") {
		t.Errorf("%s: %d to %q, want 303 to the sign-in page", what, resp.StatusCode, resp.Headers["Location"])
	}
}

// lastSignInLink is the token of the last sign-in link the organizer was sent.
func lastSignInLink(t *testing.T, c *console) string {
	t.Helper()
	mails := testenv.EmailsTo(t, c.organizer)
	if len(mails) == 0 {
		t.Fatal("no sign-in email")
	}
	return apitest.LinkIn(t, mails[len(mails)-1], "/auth/session")
}
