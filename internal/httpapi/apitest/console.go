package apitest

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/passkeyswiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// ConsoleStart is when every console test's clock begins.
var ConsoleStart = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// ConsoleFunctions are the functions a console test reaches: the console
// and its passkeys, the sign-in it starts from, and the JSON API a session
// must also work (or stop working) in.
var ConsoleFunctions = []wiring.Function{
	wiring.ConsoleFunction, passkeyswiring.PasskeysFunction, wiring.AuthFunction, wiring.MeetupsFunction, wiring.TalksFunction, wiring.MentorshipFunction,
}

// Console is the organizers' console under test: some functions, on a
// fresh table, the SES emulator and a clock of its own, with two
// organizers of its own (the SES emulator is shared by every test).
type Console struct {
	*Client
	Clock *wiringtest.Clock
	// Organizer signs in in the tests; Other is the other organizer on
	// the list.
	Organizer, Other string
	sys              *wiringtest.System
	fns              []wiring.Function
	opts             []wiring.Option
}

// NewConsole builds fns, the console's functions and those a test reaches
// besides, with opts.
func NewConsole(t testing.TB, fns []wiring.Function, opts ...wiring.Option) *Console {
	t.Helper()
	c := &Console{Clock: wiringtest.NewClock(ConsoleStart), Organizer: UniqueEmail("organizer"), Other: UniqueEmail("other"), fns: fns}
	c.opts = append([]wiring.Option{wiring.WithClock(c.Clock.Now)}, opts...)
	c.sys = wiringtest.NewWith(t, map[string]string{"OrganizerEmails": c.Other + "," + c.Organizer}, c.opts...)
	c.Client = New(t, c.sys, fns...)
	return c
}

// Deploy builds the functions again on the same table, with organizers as
// ORGANIZER_EMAILS: what a change of the parameter does.
func (c *Console) Deploy(organizers ...string) {
	c.T.Helper()
	c.Client = New(c.T, c.sys.Redeploy(map[string]string{"OrganizerEmails": strings.Join(organizers, ",")}, c.opts...), c.fns...)
}

// SignedIn is a browser signed in as Organizer.
func (c *Console) SignedIn() *Browser { return c.Browser().SignIn(c.Organizer) }

// LastSignInLink is the token of the last sign-in link Organizer was sent.
func (c *Console) LastSignInLink(t testing.TB) string {
	t.Helper()
	mails := testenv.EmailsTo(t, c.Organizer)
	if len(mails) == 0 {
		t.Fatal("no sign-in email")
	}
	return LinkIn(t, mails[len(mails)-1], "/auth/session")
}

// WantSignInRedirect fails the test unless resp sends the browser to sign in.
func WantSignInRedirect(t testing.TB, resp events.APIGatewayV2HTTPResponse, what string) {
	t.Helper()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Headers["Location"], "/console/sign-in") {
		t.Errorf("%s: %d to %q, want 303 to the sign-in page", what, resp.StatusCode, resp.Headers["Location"])
	}
}
