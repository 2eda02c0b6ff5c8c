package consoleapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
)

func TestSignInByTheEmailedLinkLandsOnTheConsole(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.Browser()

	// A page without a session sends the browser to sign in, and back.
	apitest.WantSignInRedirect(t, b.Get("/console"), "the dashboard")
	page := b.Get("/console/sign-in")
	apitest.WantStatus(t, page, http.StatusOK)
	apitest.WantContains(t, page.Body, "sign-in page", `action="/console/sign-in"`, `name="email"`, `type="email"`, `autocomplete="username"`)

	b.SignIn(c.Organizer)
	home := b.Get("/console")
	apitest.WantStatus(t, home, http.StatusOK)
	if !strings.Contains(home.Body, "<h1>Dashboard</h1>") || !strings.Contains(home.Body, `action="/console/sign-out"`) {
		t.Errorf("the dashboard after signing in:\n%s", home.Body)
	}
	// Signed in, the sign-in page goes straight on.
	if resp := b.Get("/console/sign-in?next=%2Fconsole%2Fmeetups"); resp.StatusCode != 303 || resp.Headers["Location"] != "/console/meetups" {
		t.Errorf("sign-in page when signed in: %d to %q", resp.StatusCode, resp.Headers["Location"])
	}
}

func TestSignInLeadsBackToThePageAsked(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.Browser()
	resp := b.Get("/console?lang=fa")
	apitest.WantSignInRedirect(t, resp, "a page with a query")
	page := b.Get("/console/sign-in?next=%2Fconsole%2Fmeetups%3Fpast%3D1")
	if !strings.Contains(page.Body, `name="next" value="/console/meetups?past=1"`) {
		t.Fatalf("the sign-in form does not carry next:\n%s", page.Body)
	}
	resp = b.Post("/console/sign-in", url.Values{"email": {c.Organizer}, "lang": {"en"}, "next": {"/console/meetups?past=1"}})
	apitest.WantStatus(t, resp, http.StatusOK)
	mails := testenv.EmailsTo(t, c.Organizer)
	link := apitest.LinkIn(t, mails[len(mails)-1], "/auth/session")
	if !strings.Contains(mails[len(mails)-1].Text, "next=%2Fconsole%2Fmeetups%3Fpast%3D1") {
		t.Fatalf("the emailed link does not lead back:\n%s", mails[len(mails)-1].Text)
	}
	resp = b.Post("/auth/session", url.Values{"token": {link}, "next": {"/console/meetups?past=1"}})
	if resp.StatusCode != 303 || resp.Headers["Location"] != "/console/meetups?past=1" {
		t.Errorf("after the button: %d to %q", resp.StatusCode, resp.Headers["Location"])
	}
}

func TestTheSignInPageAnswersTheSameForAnyone(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	stranger := apitest.UniqueEmail("stranger")
	org := c.Browser().Post("/console/sign-in", url.Values{"email": {c.Organizer}, "lang": {"en"}})
	str := c.Browser().Post("/console/sign-in", url.Values{"email": {stranger}, "lang": {"en"}})
	bot := c.Browser().Post("/console/sign-in", url.Values{"email": {c.Organizer}, "lang": {"en"}, "website": {"spam"}})
	if org.StatusCode != 200 || org.StatusCode != str.StatusCode || org.Body != str.Body || org.Body != bot.Body {
		t.Errorf("answers differ: organizer %d, stranger %d, honeypot %d", org.StatusCode, str.StatusCode, bot.StatusCode)
	}
	if n := len(testenv.EmailsTo(t, c.Organizer)); n != 1 {
		t.Errorf("%d emails to the organizer, want 1 (none for the honeypot post)", n)
	}
	if n := len(testenv.EmailsTo(t, stranger)); n != 0 {
		t.Errorf("%d emails to a stranger", n)
	}
}

func TestABadAddressIsShownNextToItsField(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	for l, want := range map[string]string{"en": "must be a valid email address.", "fa": "باید نشانی ایمیل معتبری باشد."} {
		resp := c.Browser().Post("/console/sign-in", url.Values{"email": {"not an <address>"}, "lang": {l}})
		apitest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		for _, part := range []string{want, `value="not an &lt;address&gt;"`, `aria-invalid="true"`, `lang="` + l + `"`} {
			if !strings.Contains(resp.Body, part) {
				t.Errorf("%s: the page lacks %s:\n%s", l, part, resp.Body)
			}
		}
	}
}

func TestTheChosenLanguageIsRemembered(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	b.Get("/console")
	resp := b.Post("/console/language", url.Values{"lang": {"fa"}, "next": {"/console?x=1"}})
	if resp.StatusCode != 303 || resp.Headers["Location"] != "/console?x=1" {
		t.Fatalf("choosing a language: %d to %q", resp.StatusCode, resp.Headers["Location"])
	}
	if home := b.Get("/console"); !strings.Contains(home.Body, `<html lang="fa" dir="rtl">`) {
		t.Fatalf("the dashboard after choosing Persian is not in Persian:\n%.300s", home.Body)
	}
	// Signed out and in again, from an English browser: still Persian.
	b.Post("/console/sign-out", nil)
	again := c.Browser().SignIn(c.Organizer)
	if home := again.Get("/console"); !strings.Contains(home.Body, `<html lang="fa" dir="rtl">`) {
		t.Errorf("a new session forgot the language:\n%.300s", home.Body)
	}
	if resp := again.Post("/console/language", url.Values{"lang": {"de"}}); resp.StatusCode != 422 {
		t.Errorf("an unknown language: %d, want 422", resp.StatusCode)
	}
}

func TestAnEndedSessionIsARedirectNotAnError(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	c.Clock.Advance(12*time.Hour + time.Second)
	resp := b.Get("/console")
	apitest.WantSignInRedirect(t, resp, "an expired session")
	if !strings.Contains(resp.Headers["Location"], "notice=session-ended") || b.Cookie != "" {
		t.Errorf("expired session: to %q, cookie kept %v", resp.Headers["Location"], b.Cookie != "")
	}
	if page := b.Get(resp.Headers["Location"]); !strings.Contains(page.Body, "Your session has ended") {
		t.Errorf("the sign-in page does not say why:\n%s", page.Body)
	}
}
