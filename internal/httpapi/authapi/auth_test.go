package authapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// authHarness is the sign-in API built on a fresh table and the SES
// emulator, with one organizer of its own and a log it can read back.
type authHarness struct {
	*apitest.Client
	now       time.Time
	organizer string
	logs      *apitest.Logs
}

func newAuthHarness(t *testing.T) *authHarness {
	t.Helper()
	h := &authHarness{now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), organizer: apitest.UniqueEmail("organizer"), logs: &apitest.Logs{}}
	h.Client = apitest.New(t, h.deploy(wiringtest.NewWith(t, nil), apitest.UniqueEmail("other-organizer"), h.organizer), wiring.AuthFunction)
	return h
}

// deploy builds the sign-in API on sys's table with these organizers.
func (h *authHarness) deploy(sys *wiringtest.System, organizers ...string) *wiringtest.System {
	return sys.Redeploy(map[string]string{"OrganizerEmails": strings.Join(organizers, ",")},
		wiring.WithClock(func() time.Time { return h.now }), wiring.WithLogger(slog.New(slog.NewJSONHandler(h.logs, nil))))
}

// signInLink asks for a sign-in link for the harness's organizer and returns
// the token of the one email that brings it.
func (h *authHarness) signInLink() string {
	h.T.Helper()
	before := len(testenv.EmailsTo(h.T, h.organizer))
	apitest.WantStatus(h.T, h.PostJSON("/auth/login", map[string]string{"email": h.organizer}), 202)
	mails := testenv.EmailsTo(h.T, h.organizer)
	if len(mails) != before+1 {
		h.T.Fatalf("%d sign-in emails, want %d", len(mails), before+1)
	}
	return apitest.LinkIn(h.T, mails[len(mails)-1], "/auth/session")
}

type sessionAnswer struct {
	SessionToken string `json:"session_token"`
	ExpiresAt    string `json:"expires_at"`
}

// signIn exchanges a fresh sign-in link for a session token.
func (h *authHarness) signIn() sessionAnswer {
	h.T.Helper()
	resp := h.PostJSON("/auth/session", map[string]string{"token": h.signInLink()})
	apitest.WantStatus(h.T, resp, 200)
	var s sessionAnswer
	if err := json.Unmarshal([]byte(resp.Body), &s); err != nil || s.SessionToken == "" {
		h.T.Fatalf("session answer %s: %v", resp.Body, err)
	}
	return s
}

// wantUnauthorized checks a 401 problem answer.
func wantUnauthorized(t *testing.T, resp events.APIGatewayV2HTTPResponse) {
	t.Helper()
	apitest.WantStatus(t, resp, 401)
	if ct := resp.Headers["Content-Type"]; ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p struct {
		Status int `json:"status"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &p); err != nil || p.Status != 401 {
		t.Errorf("problem body %s: %v", resp.Body, err)
	}
}

// wantNoSession checks that Authenticate refuses a header with a 401.
func (h *authHarness) wantNoSession(t *testing.T, header string) {
	t.Helper()
	who, err := h.Sessions().Authenticate(context.Background(), header)
	if !apperr.Is(err, apperr.Unauthorized) || who != "" {
		t.Errorf("Authenticate(%q) = %q, %v; want an Unauthorized error", header, who, err)
	}
}

func TestOrganizerSignsIn(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	stranger := apitest.UniqueEmail("stranger")

	// Organizer (written in another case) and stranger get the same answer; only the organizer an email.
	mine := h.PostJSON("/auth/login", map[string]string{"email": "  " + strings.ToUpper(h.organizer) + " "})
	theirs := h.PostJSON("/auth/login", map[string]string{"email": stranger})
	apitest.WantStatus(t, mine, 202)
	if mine.StatusCode != theirs.StatusCode || mine.Body != theirs.Body || !maps.Equal(mine.Headers, theirs.Headers) {
		t.Errorf("answers differ:\norganizer %d %v %s\nstranger  %d %v %s", mine.StatusCode, mine.Headers, mine.Body, theirs.StatusCode, theirs.Headers, theirs.Body)
	}
	if n := len(testenv.EmailsTo(t, stranger)); n != 0 {
		t.Errorf("stranger got %d emails", n)
	}
	mails := testenv.EmailsTo(t, h.organizer)
	if len(mails) != 1 {
		t.Fatalf("organizer got %d emails, want 1", len(mails))
	}
	if mails[0].Subject != "Your TehPUG organizer sign-in link" {
		t.Errorf("subject %q", mails[0].Subject)
	}
	raw := apitest.LinkIn(t, mails[0], "/auth/session")

	// The link opens a page whose button posts the token; the GET uses nothing up.
	for range 2 {
		page := h.Do("GET", "/auth/session?token="+raw, "", "")
		apitest.WantStatus(t, page, 200)
		apitest.WantContains(t, page.Body, "sign-in page", `method="post"`, `action="/auth/session"`, `name="token"`, `value="`+raw+`"`, "Sign in")
	}

	resp := h.PostJSON("/auth/session", map[string]string{"token": raw})
	apitest.WantStatus(t, resp, 200)
	var s sessionAnswer
	if err := json.Unmarshal([]byte(resp.Body), &s); err != nil {
		t.Fatal(err)
	}
	if want := h.now.Add(12 * time.Hour).Format(time.RFC3339); s.ExpiresAt != want {
		t.Errorf("expires_at %q, want %q", s.ExpiresAt, want)
	}
	if b, err := base64.RawURLEncoding.DecodeString(s.SessionToken); err != nil || len(b) < 16 {
		t.Errorf("session token %q is not at least 128 random bits", s.SessionToken)
	}
	if s.SessionToken == raw {
		t.Error("the session token is the sign-in token")
	}
	for _, header := range []string{"Bearer " + s.SessionToken, "bearer " + s.SessionToken, "BEARER  " + s.SessionToken} {
		who, err := h.Sessions().Authenticate(context.Background(), header)
		if err != nil || who != h.organizer {
			t.Errorf("Authenticate(%q) = %q, %v; want %q", header, who, err, h.organizer)
		}
	}

	// The link works once, and its page says so.
	wantUnauthorized(t, h.PostJSON("/auth/session", map[string]string{"token": raw}))
	apitest.WantStatus(t, h.Do("GET", "/auth/session?token="+raw, "", ""), 401)

	// Neither token nor address is ever logged in clear.
	logs := h.logs.String()
	for _, secret := range []string{raw, s.SessionToken, h.organizer, stranger} {
		if strings.Contains(strings.ToLower(logs), strings.ToLower(secret)) {
			t.Errorf("the log holds %q:\n%s", secret, logs)
		}
	}
}

func TestSignInFromTheBrowser(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)

	// The sign-in form on a page: a 303 to the thank-you page.
	form := url.Values{"email": {h.organizer}, "website": {""}}
	resp := h.Do("POST", "/auth/login", "application/x-www-form-urlencoded", form.Encode(), "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; loc != apitest.BaseURL+"/thanks?done=login-requested" {
		t.Errorf("Location %q", loc)
	}
	raw := apitest.LinkIn(t, testenv.EmailsTo(t, h.organizer)[0], "/auth/session")

	// The page's button carries the console page to land on; pressing it
	// signs the browser in with a cookie and lands there.
	page := h.Do("GET", "/auth/session?token="+raw+"&next=%2Fconsole%2Fmeetups%2Fm1", "", "")
	apitest.WantStatus(t, page, 200)
	if !strings.Contains(page.Body, `name="next" value="/console/meetups/m1"`) {
		t.Fatalf("the button's form does not carry next:\n%s", page.Body)
	}
	resp = h.Do("POST", "/auth/session", "application/x-www-form-urlencoded", "token="+raw+"&next=%2Fconsole%2Fmeetups%2Fm1", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; loc != "/console/meetups/m1" {
		t.Errorf("Location %q, want the console page the link carried", loc)
	}
	if strings.Contains(resp.Body, raw) || len(resp.Cookies) != 1 {
		t.Fatalf("want one cookie and no token in the body; cookies %d, body %q", len(resp.Cookies), resp.Body)
	}
	cookie, err := http.ParseSetCookie(resp.Cookies[0])
	if err != nil {
		t.Fatal(err)
	}
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.MaxAge <= 0 {
		t.Errorf("session cookie %q: want HttpOnly, SameSite=Lax, Path=/ and a lifetime", resp.Cookies[0])
	}
	if who, err := h.Sessions().Authenticate(context.Background(), "Bearer "+cookie.Value); err != nil || who != h.organizer {
		t.Errorf("the cookie's session: Authenticate = %q, %v", who, err)
	}

	// A crafted next cannot send the browser off the console.
	raw = h.signInLink()
	resp = h.Do("POST", "/auth/session", "application/x-www-form-urlencoded", "token="+raw+"&next=https%3A%2F%2Fevil.example%2F", "Accept", "text/html")
	if loc := resp.Headers["Location"]; resp.StatusCode != 303 || loc != "/console" {
		t.Errorf("crafted next: %d to %q, want 303 to /console", resp.StatusCode, loc)
	}

	// The same button again: a page saying the link is spent.
	again := h.Do("POST", "/auth/session", "application/x-www-form-urlencoded", "token="+raw, "Accept", "text/html")
	apitest.WantStatus(t, again, 401)
	if !strings.HasPrefix(again.Headers["Content-Type"], "text/html") || len(again.Cookies) != 0 {
		t.Errorf("second press answered %q:\n%s", again.Headers["Content-Type"], again.Body)
	}

	// A script posting the form without asking for HTML gets JSON; the token may also come in the query.
	raw = h.signInLink()
	resp = h.Do("POST", "/auth/session?token="+raw, "", "")
	apitest.WantStatus(t, resp, 200)
	if !strings.Contains(resp.Body, `"session_token"`) {
		t.Errorf("query exchange answered %s", resp.Body)
	}
}

func TestSignInLinkRefused(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	forged := base64.RawURLEncoding.EncodeToString(make([]byte, 32))

	wantUnauthorized(t, h.PostJSON("/auth/session", map[string]string{"token": forged}))
	wantUnauthorized(t, h.PostJSON("/auth/session", map[string]string{"token": "../../etc/passwd"}))
	apitest.WantStatus(t, h.PostJSON("/auth/session", map[string]string{}), 422)
	if page := h.Do("GET", "/auth/session?token="+forged, "", ""); page.StatusCode != 401 || !strings.HasPrefix(page.Headers["Content-Type"], "text/html") {
		t.Errorf("forged link page: %d %q", page.StatusCode, page.Headers["Content-Type"])
	}

	// A session token is no sign-in link.
	s := h.signIn()
	wantUnauthorized(t, h.PostJSON("/auth/session", map[string]string{"token": s.SessionToken}))

	// Nor is a sign-in link a session.
	raw := h.signInLink()
	h.wantNoSession(t, "Bearer "+raw)

	// Past 30 minutes the link is dead, and it was never used.
	h.now = h.now.Add(31 * time.Minute)
	wantUnauthorized(t, h.PostJSON("/auth/session", map[string]string{"token": raw}))
	if page := h.Do("GET", "/auth/session?token="+raw, "", ""); page.StatusCode != 401 {
		t.Errorf("expired link page answered %d", page.StatusCode)
	}
}

func TestSessionEnds(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	s := h.signIn()
	header := "Bearer " + s.SessionToken

	h.now = h.now.Add(12*time.Hour - time.Second)
	if who, err := h.Sessions().Authenticate(context.Background(), header); err != nil || who != h.organizer {
		t.Fatalf("a second before the end: %q, %v", who, err)
	}
	h.now = h.now.Add(time.Second)
	h.wantNoSession(t, header)
}

func TestRemovedOrganizerLosesSessions(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	s := h.signIn()
	pending := h.signInLink()

	// The parameter changes: the organizer is no longer on the list.
	h.Client = apitest.New(t, h.deploy(h.System, apitest.UniqueEmail("someone-else")), wiring.AuthFunction)
	h.wantNoSession(t, "Bearer "+s.SessionToken)
	wantUnauthorized(t, h.PostJSON("/auth/session", map[string]string{"token": pending}))
	before := len(testenv.EmailsTo(t, h.organizer))
	apitest.WantStatus(t, h.PostJSON("/auth/login", map[string]string{"email": h.organizer}), 202)
	if n := len(testenv.EmailsTo(t, h.organizer)); n != before {
		t.Errorf("a removed organizer got a sign-in email")
	}
}

func TestAuthorizationHeaderRefused(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	s := h.signIn()
	forged := base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	for _, header := range []string{
		"",
		"Bearer",
		"Bearer ",
		"Basic x",
		"Basic " + s.SessionToken,
		s.SessionToken,
		"Bearer " + forged,
		"Bearer " + s.SessionToken + "x",
		"Bearer " + s.SessionToken[1:],
		"Bearer " + s.SessionToken + " " + s.SessionToken,
		"Bearer not a token",
	} {
		t.Run(header, func(t *testing.T) { h.wantNoSession(t, header) })
	}
}

func TestSignInEmailsAreCapped(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	for range 5 {
		apitest.WantStatus(t, h.PostJSON("/auth/login", map[string]string{"email": h.organizer}), 202)
	}
	if n := len(testenv.EmailsTo(t, h.organizer)); n != 3+1 {
		t.Errorf("%d sign-in emails at once, want the day's 3 and this quarter hour's one", n)
	}
	// A honeypot post is answered the same and sends nothing.
	h.now = h.now.Add(24 * time.Hour)
	bot := h.PostJSON("/auth/login", map[string]string{"email": h.organizer, "website": "http://spam.example"})
	apitest.WantStatus(t, bot, 202)
	if n := len(testenv.EmailsTo(t, h.organizer)); n != 3+1 {
		t.Errorf("a honeypot post sent an email")
	}
	// The next day brings new emails.
	h.signInLink()
}

func TestSignInLinkExchangedOnce(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	raw := h.signInLink()
	const n = 8
	statuses := make([]int, n)
	apitest.AtOnce(n, func(i int) {
		statuses[i] = h.PostJSON("/auth/session", map[string]string{"token": raw}).StatusCode
	})
	if ok := apitest.Winners(t, statuses, 200, 401); ok != 1 {
		t.Errorf("%d of %d simultaneous exchanges succeeded (%v), want exactly 1", ok, n, statuses)
	}
}

func TestSignOutRevokesTheSession(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	mine, other := h.signIn(), h.signIn()
	header := "Bearer " + mine.SessionToken

	apitest.WantStatus(t, h.Do("POST", "/auth/logout", "", "", "Authorization", header), 200)
	h.wantNoSession(t, header)
	// Signing out again is the same success; with no session named, it is not.
	apitest.WantStatus(t, h.Do("POST", "/auth/logout", "", "", "Authorization", header), 200)
	wantUnauthorized(t, h.Do("POST", "/auth/logout", "", ""))
	// The organizer's other session is untouched.
	if who, err := h.Sessions().Authenticate(context.Background(), "Bearer "+other.SessionToken); err != nil || who != h.organizer {
		t.Errorf("the other session: %q, %v", who, err)
	}
}
