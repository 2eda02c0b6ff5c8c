package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// An organizer signs in by the emailed link, adds a passkey on the
// passkeys page, signs out, and signs in again with the passkey: no email
// for that second sign-in. The device is Chromium's virtual authenticator
// (the DevTools WebAuthn domain), a platform authenticator that keeps
// discoverable credentials and verifies the person.
func TestPasskeySignIn(t *testing.T) {
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	device, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	// Signed in by the emailed link.
	emails := len(emailsTo(t, organizer))
	do(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/sign-in"))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("[data-passkey-signin] button")))
	check(t, ctx, "sign-in", "serious", "critical")
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-email"), organizer))
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form[action='/console/sign-in'] button[type=submit]"))); status != 200 {
		t.Fatalf("asking for a sign-in link answered %d", status)
	}
	if n := len(emailsTo(t, organizer)); n != emails+1 {
		t.Fatalf("%d sign-in emails, want 1", n-emails)
	}
	do(t, ctx, chromedp.Navigate(linkIn(t, organizer, "/auth/session")))
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form button"))); status != 200 {
		t.Fatalf("the sign-in link's button led to a page answering %d", status)
	}

	// A passkey added.
	do(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/passkeys"))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("[data-passkey-start]")))
	if hint := get(t, ctx, chromedp.Evaluate[bool](`document.querySelector("[data-without-script]").hidden`)); !hint {
		t.Error("the page still says it needs JavaScript while running it")
	}
	check(t, ctx, "passkeys-empty", "serious", "critical")
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Test laptop"),
		chromedp.Click(chromedp.CSS("[data-passkey-start]")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	)
	if page := get(t, ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(page, "Your passkey is added") || !strings.Contains(page, "Test laptop") {
		t.Fatalf("after adding a passkey the page says:\n%s", page)
	}
	held, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams(device))
	if err != nil || len(held.Credentials) != 1 || !held.Credentials[0].IsResidentCredential || held.Credentials[0].RpID != "localhost" {
		t.Fatalf("the device holds %+v (%v), want one discoverable credential for localhost", held.Credentials, err)
	}
	check(t, ctx, "passkeys-one", "serious", "critical")

	// Signed out, and in again with the passkey: no email.
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form[action='/console/sign-out'] button"))); status != 200 {
		t.Fatalf("signing out led to a page answering %d", status)
	}
	emails = len(emailsTo(t, organizer))
	do(t, ctx,
		chromedp.WaitVisible(chromedp.CSS("[data-passkey-signin] button")),
		chromedp.Click(chromedp.CSS("[data-passkey-signin] button")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/console/sign-out']")),
	)
	if where := get(t, ctx, chromedp.Location()); where != stack.HTTPURL()+"/console" {
		t.Errorf("after signing in with the passkey the browser is at %s", where)
	}
	if heading := get(t, ctx, chromedp.Text(chromedp.CSS("h1"))); heading != "Dashboard" {
		t.Errorf("after signing in with the passkey the page is %q", heading)
	}
	time.Sleep(500 * time.Millisecond) // an email would be in the emulator by now
	if n := len(emailsTo(t, organizer)); n != emails {
		t.Errorf("signing in with the passkey sent %d emails", n-emails)
	}
	do(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/passkeys"))
	if page := get(t, ctx, chromedp.Text(chromedp.CSS("main"))); strings.Contains(page, "not used yet") {
		t.Errorf("the passkey's use is not recorded:\n%s", page)
	}
}
