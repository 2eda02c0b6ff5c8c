package passkeysapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
)

// The console's passkey routes.
const (
	passkeysPage    = "/console/passkeys"
	registerOptions = "/console/passkeys/register/options"
	register        = "/console/passkeys/register"
	signInOptions   = "/console/sign-in/passkey/options"
	signInFinish    = "/console/sign-in/passkey"
	removePasskey   = "/console/passkeys/remove"
)

// addPasskey adds a passkey named name to b's organizer from dev, as the
// passkeys page's script does, and returns the finish's answer.
func addPasskey(t *testing.T, b *apitest.Browser, dev *apitest.Authenticator, name string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	apitest.WantStatus(t, b.Get(passkeysPage), http.StatusOK)
	opts := b.PostJSON(registerOptions, map[string]any{})
	apitest.WantStatus(t, opts, http.StatusOK)
	return b.PostJSON(register, map[string]any{"name": name, "credential": dev.Create([]byte(opts.Body))})
}

// signInWith signs a new browser in with dev's newest passkey, as the
// sign-in page's script does; it returns the browser and the finish's answer.
func signInWith(t *testing.T, c *apitest.Console, dev *apitest.Authenticator, next string) (*apitest.Browser, events.APIGatewayV2HTTPResponse) {
	t.Helper()
	b := c.Browser()
	apitest.WantStatus(t, b.Get("/console/sign-in"), http.StatusOK)
	opts := b.PostJSON(signInOptions, map[string]any{})
	apitest.WantStatus(t, opts, http.StatusOK)
	return b, b.PostJSON(signInFinish, map[string]any{"credential": dev.Get([]byte(opts.Body)), "next": next, "lang": "en"})
}

// withPasskeys is a console whose organizer is signed in on b, with a
// passkey from dev added for each of names.
func withPasskeys(t *testing.T, names ...string) (*apitest.Console, *apitest.Browser, *apitest.Authenticator) {
	t.Helper()
	c := newConsole(t)
	b := c.SignedIn()
	dev := apitest.NewAuthenticator(t, apitest.BaseURL)
	for _, name := range names {
		apitest.WantStatus(t, addPasskey(t, b, dev, name), http.StatusCreated)
	}
	return c, b, dev
}

func TestAPasskeySignsInWithNoEmail(t *testing.T) {
	c, b, dev := withPasskeys(t)
	page := b.Get(passkeysPage)
	apitest.WantContains(t, page.Body, "the passkeys page", "You have no passkeys yet.", "needs a browser with JavaScript", `<script src="/console/console.js" defer>`, `data-passkey-add`)
	added := addPasskey(t, b, dev, "Work <laptop>")
	apitest.WantStatus(t, added, http.StatusCreated)
	var out struct{ Next string }
	if err := json.Unmarshal([]byte(added.Body), &out); err != nil || out.Next != "/console/passkeys?notice=added" {
		t.Fatalf("adding answered %s", added.Body)
	}
	page = b.Get(out.Next)
	apitest.WantContains(t, page.Body, "the passkeys page after adding", "Your passkey is added", "Work &lt;laptop&gt;", "not used yet", `aria-label="Remove the passkey Work &lt;laptop&gt;"`)
	b.Post("/console/sign-out", nil)

	emails := len(testenv.EmailsTo(t, c.Organizer))
	other, resp := signInWith(t, c, dev, "/console/meetups?past=1")
	apitest.WantStatus(t, resp, http.StatusOK)
	if err := json.Unmarshal([]byte(resp.Body), &out); err != nil || out.Next != "/console/meetups?past=1" {
		t.Errorf("signing in answered %s, want to go on to the page asked", resp.Body)
	}
	if other.Cookie == "" || len(resp.Cookies) != 1 {
		t.Fatalf("signing in with a passkey set cookies %q", resp.Cookies)
	}
	ck, _ := http.ParseSetCookie(resp.Cookies[0])
	if ck.Name != "__Host-tehpug-session" || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge != 12*3600 {
		t.Errorf("the session cookie %q is not the emailed link's", resp.Cookies[0])
	}
	if home := other.Get("/console"); home.StatusCode != 200 || !strings.Contains(home.Body, "<h1>Dashboard</h1>") {
		t.Errorf("the dashboard after a passkey sign-in: %d", home.StatusCode)
	}
	if n := len(testenv.EmailsTo(t, c.Organizer)); n != emails {
		t.Errorf("a passkey sign-in sent %d emails", n-emails)
	}
	if _, err := c.Sessions().Authenticate(context.Background(), "Bearer "+other.SessionToken()); err != nil {
		t.Errorf("the passkey's session does not work in the JSON API: %v", err)
	}
	if page := other.Get(passkeysPage); strings.Contains(page.Body, "not used yet") || !strings.Contains(page.Body, "last used Wed 25 Nov 2026, 13:30") {
		t.Errorf("the passkey's last use is not shown (in Tehran's time):\n%s", page.Body)
	}
}

func TestAPasskeySessionSpeaksTheRememberedLanguage(t *testing.T) {
	c, b, dev := withPasskeys(t, "")
	if page := b.Get(passkeysPage); !strings.Contains(page.Body, "Passkey added 25 Nov 2026") {
		t.Errorf("a passkey with no name is not named after its day:\n%s", page.Body)
	}
	other, resp := signInWith(t, c, dev, "")
	apitest.WantStatus(t, resp, http.StatusOK)
	if home := other.Get("/console"); !strings.Contains(home.Body, `<html lang="en"`) {
		t.Errorf("with no language chosen, the sign-in page's (en) is not the session's")
	}
	b.Post("/console/language", url.Values{"lang": {"fa"}, "next": {"/console"}})
	other, resp = signInWith(t, c, dev, "")
	apitest.WantStatus(t, resp, http.StatusOK)
	home := other.Get(passkeysPage)
	if !strings.Contains(home.Body, `<html lang="fa" dir="rtl">`) || !strings.Contains(home.Body, "کلیدهای عبور شما") || !strings.Contains(home.Body, "۲۰۲۶/۱۱/۲۵") {
		t.Errorf("a passkey session after choosing Persian is not in Persian:\n%.600s", home.Body)
	}
}

func TestARemovedPasskeyCannotSignIn(t *testing.T) {
	c, b, dev := withPasskeys(t, "Phone", "Laptop")
	phone := dev.Credentials[0]
	b.Get(passkeysPage)
	resp := b.Post(removePasskey, url.Values{"id": {b64(phone.ID)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Headers["Location"] != "/console/passkeys?notice=removed" {
		t.Fatalf("removing: %d to %q", resp.StatusCode, resp.Headers["Location"])
	}
	page := b.Get(resp.Headers["Location"])
	if !strings.Contains(page.Body, "can no longer sign you in") || strings.Contains(page.Body, "Phone") || !strings.Contains(page.Body, "Laptop") {
		t.Errorf("the page after removing:\n%s", page.Body)
	}
	for name, id := range map[string]string{"again": b64(phone.ID), "by an id too long for a key": b64(make([]byte, 1500)), "by no id": "", "by a malformed id": "a b"} {
		if again := b.Post(removePasskey, url.Values{"id": {id}}); again.StatusCode != http.StatusNotFound {
			t.Errorf("removing it %s: %d, want 404", name, again.StatusCode)
		}
	}
	laptop := dev.Credentials[1]
	dev.Credentials = dev.Credentials[:1] // the device still holds the removed one
	_, resp = signInWith(t, c, dev, "")
	wantRefused(t, resp, "a removed passkey")
	// Another organizer cannot remove one of theirs.
	stranger := c.Browser().SignIn(c.Other)
	stranger.Get(passkeysPage)
	if resp := stranger.Post(removePasskey, url.Values{"id": {b64(laptop.ID)}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another organizer removing a passkey: %d, want 404", resp.StatusCode)
	}
	dev.Credentials = []*apitest.SoftCredential{laptop}
	_, resp = signInWith(t, c, dev, "")
	apitest.WantStatus(t, resp, http.StatusOK)
}

func TestAnOrganizerTakenOffTheListCannotSignInWithAPasskey(t *testing.T) {
	c, _, dev := withPasskeys(t, "")
	_, resp := signInWith(t, c, dev, "")
	apitest.WantStatus(t, resp, http.StatusOK)

	c.Deploy(c.Other) // ORGANIZER_EMAILS without them
	_, resp = signInWith(t, c, dev, "")
	wantRefused(t, resp, "an organizer taken off the list")
}

func TestAPasskeyCannotBeAddedTwiceOrBeyondTheLimit(t *testing.T) {
	c, b, dev := withPasskeys(t)
	for i := range 10 {
		apitest.WantStatus(t, addPasskey(t, b, dev, "key "+string(rune('a'+i))), http.StatusCreated)
	}
	page := b.Get(passkeysPage)
	if !strings.Contains(page.Body, "You have as many passkeys as you can") || strings.Contains(page.Body, "data-passkey-add") {
		t.Errorf("the page of a full organizer still offers to add one")
	}
	if resp := b.PostJSON(registerOptions, map[string]any{}); resp.StatusCode != http.StatusConflict {
		t.Errorf("options past the limit: %d, want 409", resp.StatusCode)
	}
	// The options name every passkey the organizer has, for the device to
	// refuse making a second one.
	b = c.SignedIn()
	b.Get(passkeysPage)
	b.Post(removePasskey, url.Values{"id": {b64(dev.Credentials[0].ID)}})
	opts := b.PostJSON(registerOptions, map[string]any{})
	for _, cred := range dev.Credentials[1:] {
		if !strings.Contains(opts.Body, b64(cred.ID)) {
			t.Fatalf("the options do not exclude a passkey the organizer has:\n%s", opts.Body)
		}
	}
	if !strings.Contains(opts.Body, `"name":"`+c.Organizer+`"`) || strings.Contains(opts.Body, b64([]byte(c.Organizer))) {
		t.Errorf("the user is not named by address, or the address is the user handle:\n%s", opts.Body)
	}
}

func TestTheScriptIsServedFromTheConsole(t *testing.T) {
	c := newConsole(t)
	resp := c.Browser().Get("/console/console.js")
	apitest.WantStatus(t, resp, http.StatusOK)
	if resp.Headers["Content-Type"] != "text/javascript; charset=utf-8" || resp.Headers["ETag"] == "" || resp.Headers["Cache-Control"] != "no-cache" {
		t.Errorf("script headers %v", resp.Headers)
	}
	apitest.WantContains(t, resp.Body, "the script", "navigator.credentials.create", "navigator.credentials.get", "form_token")
	again := c.Do("GET", "/console/console.js", "", "", "If-None-Match", resp.Headers["ETag"])
	if again.StatusCode != http.StatusNotModified || again.Body != "" {
		t.Errorf("revalidating the script: %d", again.StatusCode)
	}
	page := c.Browser().Get("/console/sign-in")
	apitest.WantContains(t, page.Body, "the sign-in page", `<script src="/console/console.js" defer>`, `data-passkey-signin hidden`, `data-finish="/console/sign-in/passkey"`)
}

// wantRefused fails the test unless resp is the one answer to every
// failed passkey sign-in.
func wantRefused(t *testing.T, resp events.APIGatewayV2HTTPResponse, what string) {
	t.Helper()
	if resp.StatusCode != http.StatusUnauthorized || len(resp.Cookies) != 0 || !strings.Contains(resp.Body, "This passkey could not sign you in") {
		t.Errorf("%s: %d %s, cookies %q; want the one 401 refusal", what, resp.StatusCode, resp.Body, resp.Cookies)
	}
}

// b64 is a credential id as the console names it: unpadded base64url.
func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
