package consoleapi_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/samtemplate"
)

// publicRoutes are the console routes a browser reaches before signing in.
var publicRoutes = map[string]bool{
	"GET /console/sign-in":                  true,
	"POST /console/sign-in":                 true,
	"POST /console/sign-in/passkey/options": true,
	"POST /console/sign-in/passkey":         true,
	"GET /console/console.js":               true,
}

// consoleRoutes are the console's routes as template.yaml declares them:
// ConsoleFunction's, PasskeysFunction's, which serves its passkeys, and
// the console pages of any other function (LeaguesFunction's).
func consoleRoutes(t *testing.T) []samtemplate.Route {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	tpl, err := samtemplate.Load(filepath.Join(filepath.Dir(here), "..", "..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var routes []samtemplate.Route
	for _, f := range tpl.Functions {
		for _, r := range f.Routes {
			if f.LogicalID == "ConsoleFunction" || f.LogicalID == "PasskeysFunction" || strings.HasPrefix(r.Path, consolepath.Root+"/") {
				routes = append(routes, r)
			}
		}
	}
	if len(routes) == 0 {
		t.Fatal("template.yaml has no ConsoleFunction")
	}
	return routes
}

// target is a request path for a template route, "x" for each parameter.
func target(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "x"
		}
	}
	return strings.Join(segs, "/")
}

func TestNoConsolePageOrActionWithoutASession(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	stale := c.SignedIn()
	stale.Post("/console/sign-out", nil)
	stale.Cookie = "tehpug-session=" + strings.Repeat("A", 43) // a forged one; the revoked one is tested below
	for _, r := range consoleRoutes(t) {
		if publicRoutes[r.RouteKey()] {
			continue
		}
		for name, b := range map[string]*apitest.Browser{"no cookie": c.Browser(), "a forged cookie": stale} {
			var resp = b.Get(target(r.Path))
			if r.Method == http.MethodPost {
				resp = b.Post(target(r.Path), url.Values{"form_token": {"x"}, "lang": {"fa"}})
			}
			apitest.WantSignInRedirect(t, resp, r.RouteKey()+" with "+name)
		}
	}
}

func TestACrossSitePostIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	b.Get("/console")
	other := c.Browser().SignIn(c.Organizer)
	other.Get("/console")
	choose := url.Values{"lang": {"fa"}, "next": {"/console"}}
	withToken := func(token string) url.Values {
		v := url.Values{"form_token": {token}}
		for k, vs := range choose {
			v[k] = vs
		}
		return v
	}
	for name, post := range map[string]func() (int, string){
		"from another site": func() (int, string) {
			r := b.PostFrom("/console/language", withToken(b.FormToken), "cross-site", "https://evil.example")
			return r.StatusCode, r.Body
		},
		"from a sibling site": func() (int, string) {
			r := b.PostFrom("/console/language", withToken(b.FormToken), "same-site", "https://www.api.tehpug.test")
			return r.StatusCode, r.Body
		},
		"from another origin, old browser": func() (int, string) {
			r := b.PostFrom("/console/language", withToken(b.FormToken), "", "https://evil.example")
			return r.StatusCode, r.Body
		},
		"without the form token": func() (int, string) {
			r := b.PostFrom("/console/language", choose, "same-origin", apitest.BaseURL)
			return r.StatusCode, r.Body
		},
		"with another session's token": func() (int, string) {
			r := b.Post("/console/language", withToken(other.FormToken))
			return r.StatusCode, r.Body
		},
	} {
		status, body := post()
		if status != http.StatusForbidden || !strings.Contains(body, "nothing was changed") {
			t.Errorf("a post %s: %d, want 403 saying nothing changed:\n%.400s", name, status, body)
		}
	}
	if home := b.Get("/console"); !strings.Contains(home.Body, `<html lang="en"`) {
		t.Fatal("a refused post changed the language")
	}
	if resp := b.Post("/console/language", withToken(b.FormToken)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the same post from the console: %d", resp.StatusCode)
	}
}

func TestTheSessionCookiesFlags(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	resp := c.Browser().Post("/auth/session", url.Values{"token": {freshLink(t, c)}})
	if len(resp.Cookies) != 1 {
		t.Fatalf("%d cookies set", len(resp.Cookies))
	}
	ck, err := http.ParseSetCookie(resp.Cookies[0])
	if err != nil {
		t.Fatal(err)
	}
	if ck.Name != "__Host-tehpug-session" || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "" || ck.MaxAge != 12*3600 {
		t.Errorf("session cookie %q: want __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain, 12 hours", resp.Cookies[0])
	}
	out := c.SignedIn().Post("/console/sign-out", nil)
	gone, err := http.ParseSetCookie(out.Cookies[0])
	if err != nil || gone.Name != ck.Name || gone.MaxAge >= 0 || gone.Value != "" {
		t.Errorf("signing out set %q, want the cookie removed", out.Cookies)
	}
}

func TestASessionSignedOutIsDeadInEveryFunction(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	raw, cookie := b.SessionToken(), b.Cookie
	bearer := []string{"Authorization", "Bearer " + raw}
	// Alive first, everywhere.
	for _, route := range []string{"/talks?status=submitted", "/mentorships"} {
		apitest.WantStatus(t, c.Do("GET", route, "", "", bearer...), http.StatusOK)
	}
	resp := b.Post("/console/sign-out", nil)
	if resp.StatusCode != 303 || !strings.Contains(resp.Headers["Location"], "notice=signed-out") || !strings.Contains(resp.Headers["Location"], "lang=en") {
		t.Fatalf("sign-out: %d to %q", resp.StatusCode, resp.Headers["Location"])
	}
	b.Cookie = cookie // a copy of the cookie kept from before
	apitest.WantSignInRedirect(t, b.Get("/console"), "the console with a signed-out cookie")
	for _, route := range []string{"/talks?status=submitted", "/mentorships"} {
		apitest.WantStatus(t, c.Do("GET", route, "", "", bearer...), http.StatusUnauthorized)
	}
	apitest.WantStatus(t, c.Serve("GET", "/meetups/{meetupId}/registrations", "/meetups/x/registrations", "", "", bearer...), http.StatusUnauthorized)
	if _, err := c.Sessions().Authenticate(context.Background(), "Bearer "+raw); err == nil {
		t.Error("the signed-out session still authenticates")
	}
}

func TestNoConsolePageCanBeFramedOrRunInlineScript(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	for _, r := range consoleRoutes(t) {
		if r.Method != http.MethodGet {
			continue
		}
		resp := b.Get(target(r.Path))
		if !strings.HasPrefix(resp.Headers["Content-Type"], "text/html") {
			continue // a download or the script
		}
		csp := resp.Headers["Content-Security-Policy"]
		if resp.Headers["X-Frame-Options"] != "DENY" || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s can be framed: X-Frame-Options %q, CSP %q", r.RouteKey(), resp.Headers["X-Frame-Options"], csp)
		}
		if strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q allows inline script or scripts from elsewhere", r.RouteKey(), csp)
		}
	}
}

// freshLink is the token of a new sign-in link for the console's organizer.
func freshLink(t *testing.T, c *console) string {
	t.Helper()
	c.Browser().Post("/console/sign-in", url.Values{"email": {c.Organizer}})
	return c.LastSignInLink(t)
}
