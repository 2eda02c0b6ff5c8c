package passkeysapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/wiring/passkeyswiring"
)

func TestAPasskeyChallengeWorksOnce(t *testing.T) {
	c, b, dev := withPasskeys(t)
	b.Get(passkeysPage)
	opts := b.PostJSON(registerOptions, map[string]any{})
	body := map[string]any{"name": "one", "credential": dev.Create([]byte(opts.Body))}
	apitest.WantStatus(t, b.PostJSON(register, body), http.StatusCreated)
	if resp := b.PostJSON(register, body); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, "could not be added") {
		t.Errorf("a registration replayed: %d %s, want 422", resp.StatusCode, resp.Body)
	}

	// Replayed, late, raced, or of the other ceremony: refused alike.
	in := c.Browser()
	opts = in.PostJSON(signInOptions, map[string]any{})
	answer := map[string]any{"credential": dev.Get([]byte(opts.Body))}
	apitest.WantStatus(t, in.PostJSON(signInFinish, answer), http.StatusOK)
	wantRefused(t, c.Browser().PostJSON(signInFinish, answer), "a sign-in replayed")

	opts = in.PostJSON(signInOptions, map[string]any{})
	c.Clock.Advance(5*time.Minute + time.Second)
	wantRefused(t, c.Browser().PostJSON(signInFinish, map[string]any{"credential": dev.Get([]byte(opts.Body))}), "a sign-in after five minutes")

	b = c.SignedIn()
	b.Get(passkeysPage)
	opts = b.PostJSON(registerOptions, map[string]any{})
	wantRefused(t, c.Browser().PostJSON(signInFinish, map[string]any{"credential": dev.Get([]byte(opts.Body))}), "a registration's challenge signed in with")

	opts = in.PostJSON(signInOptions, map[string]any{})
	answer = map[string]any{"credential": dev.Get([]byte(opts.Body))}
	statuses := make([]int, 6)
	apitest.AtOnce(len(statuses), func(i int) { statuses[i] = c.Browser().PostJSON(signInFinish, answer).StatusCode })
	if n := apitest.Winners(t, statuses, http.StatusOK, http.StatusUnauthorized); n != 1 {
		t.Errorf("%d of %d simultaneous finishes with one challenge signed in, want 1", n, len(statuses))
	}
}

func TestEveryFailedPasskeySignInIsAnsweredTheSame(t *testing.T) {
	c, _, dev := withPasskeys(t, "")
	otherDev := apitest.NewAuthenticator(t, apitest.BaseURL)
	apitest.WantStatus(t, addPasskey(t, c.Browser().SignIn(c.Other), otherDev, ""), http.StatusCreated)

	options := func() []byte {
		resp := c.Browser().PostJSON(signInOptions, map[string]any{})
		apitest.WantStatus(t, resp, http.StatusOK)
		return []byte(resp.Body)
	}
	tamper := func(raw json.RawMessage, field, value string) json.RawMessage {
		var cred map[string]any
		if err := json.Unmarshal(raw, &cred); err != nil {
			t.Fatal(err)
		}
		cred["response"].(map[string]any)[field] = value
		out, _ := json.Marshal(cred)
		return out
	}
	stranger := apitest.NewAuthenticator(t, apitest.BaseURL)
	stranger.Create([]byte(`{"publicKey":{"challenge":"AAAA","rp":{"id":"api.tehpug.test"},"user":{"id":"c3RyYW5nZXI"}}}`))
	phisher := apitest.NewAuthenticator(t, "https://api.tehpug.test.evil.example")
	phisher.Credentials = dev.Credentials
	cases := map[string]any{
		"a passkey the console never saw":     stranger.Get(options()),
		"a signature that does not check out": tamper(dev.Get(options()), "signature", "MEUCIQ"),
		"another organizer's user handle":     tamper(dev.Get(options()), "userHandle", b64(otherDev.Credentials[0].UserHandle)),
		"a page of another origin":            phisher.Get(options()),
		"no challenge":                        tamper(dev.Get(options()), "clientDataJSON", b64([]byte(`{"type":"webauthn.get","origin":"https://api.tehpug.test"}`))),
		"not a credential":                    map[string]any{"id": 1},
		"a user handle too long for a key":    tamper(dev.Get(options()), "userHandle", b64(make([]byte, 3000))),
	}
	var first string
	refused := func(name string, cred any) {
		t.Helper()
		resp := c.Browser().PostJSON(signInFinish, map[string]any{"credential": cred})
		wantRefused(t, resp, name)
		if first == "" {
			first = resp.Body
		} else if resp.Body != first {
			t.Errorf("%s is answered differently:\n%s\n%s", name, resp.Body, first)
		}
	}
	for name, cred := range cases {
		refused(name, cred)
	}
	offList := otherDev.Get(options())
	c.Deploy(c.Organizer) // the other organizer is taken off
	refused("an organizer no longer on the list", offList)
	_, resp := signInWith(t, c, dev, "")
	apitest.WantStatus(t, resp, http.StatusOK)
}

func TestAPasskeyWhoseCounterGoesBackIsRefused(t *testing.T) {
	c := newConsole(t)
	dev := apitest.NewAuthenticator(t, apitest.BaseURL)
	dev.Counter = true
	apitest.WantStatus(t, addPasskey(t, c.SignedIn(), dev, ""), http.StatusCreated)
	for range 2 {
		_, resp := signInWith(t, c, dev, "")
		apitest.WantStatus(t, resp, http.StatusOK)
	}
	dev.Credentials[0].Count = 0 // a copy of the key, which signed less
	_, resp := signInWith(t, c, dev, "")
	wantRefused(t, resp, "a counter that went back")
	dev.Credentials[0].Count = 5
	_, resp = signInWith(t, c, dev, "")
	apitest.WantStatus(t, resp, http.StatusOK)
}

func TestPasskeyPostsFromAnotherSiteAreRefused(t *testing.T) {
	c := newConsole(t)
	b := c.SignedIn()
	b.Get(passkeysPage)
	token := b.FormToken
	other := c.Browser().SignIn(c.Other)
	other.Get(passkeysPage)
	for name, post := range map[string]func() int{
		"register options from another site": func() int {
			return b.PostJSONFrom(registerOptions, map[string]any{"form_token": token}, "cross-site", "https://evil.example").StatusCode
		},
		"register options, old browser": func() int {
			return b.PostJSONFrom(registerOptions, map[string]any{"form_token": token}, "", "https://evil.example").StatusCode
		},
		"register options without the form token": func() int {
			return b.PostJSONFrom(registerOptions, map[string]any{}, "same-origin", apitest.BaseURL).StatusCode
		},
		"register options with another session's token": func() int {
			return b.PostJSON(registerOptions, map[string]any{"form_token": other.FormToken}).StatusCode
		},
		"register from a sibling site": func() int {
			return b.PostJSONFrom(register, map[string]any{"form_token": token, "credential": map[string]any{}}, "same-site", "https://www.api.tehpug.test").StatusCode
		},
		"remove from another site": func() int {
			return b.PostJSONFrom(removePasskey, map[string]any{"form_token": token, "id": "x"}, "cross-site", "https://evil.example").StatusCode
		},
		"sign-in options from another site": func() int {
			return c.Browser().PostJSONFrom(signInOptions, map[string]any{}, "cross-site", "https://evil.example").StatusCode
		},
		"sign-in from another site": func() int {
			return c.Browser().PostJSONFrom(signInFinish, map[string]any{"credential": map[string]any{}}, "cross-site", "https://evil.example").StatusCode
		},
	} {
		if status := post(); status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, status)
		}
	}
	if n, _ := passkeyswiring.Passkeys(c.App).List(context.Background(), c.Organizer); len(n) != 0 {
		t.Errorf("a refused post added %d passkeys", len(n))
	}
}

func TestPasskeySignInsAreBoundedPerNetwork(t *testing.T) {
	c := newConsole(t)
	for i := range 30 {
		if resp := c.Browser().PostJSON(signInOptions, map[string]any{}); resp.StatusCode != http.StatusOK {
			t.Fatalf("sign-in %d: %d", i+1, resp.StatusCode)
		}
	}
	resp := c.Browser().PostJSON(signInOptions, map[string]any{})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Headers["Retry-After"] != "3600" {
		t.Errorf("the 31st sign-in in an hour: %d, Retry-After %q; want 429 asking to wait", resp.StatusCode, resp.Headers["Retry-After"])
	}
	ctx, svc := context.Background(), passkeyswiring.Passkeys(c.App)
	for i := range 31 {
		_, err := svc.BeginSignIn(ctx, "2001:db8:1:2::"+string(rune('a'+i%6)))
		if i < 30 && err != nil {
			t.Fatal(err)
		}
		if i == 30 && !apperr.Is(err, apperr.Throttled) {
			t.Errorf("the 31st from one IPv6 /64: %v, want Throttled", err)
		}
	}
	if _, err := svc.BeginSignIn(ctx, "2001:db8:1:3::1"); err != nil {
		t.Errorf("another /64 is refused: %v", err)
	}
	if _, err := svc.BeginSignIn(ctx, "203.0.113.7"); err != nil {
		t.Errorf("an IPv4 address is refused: %v", err)
	}
	c.Clock.Advance(time.Hour)
	if resp := c.Browser().PostJSON(signInOptions, map[string]any{}); resp.StatusCode != http.StatusOK {
		t.Errorf("an hour later: %d", resp.StatusCode)
	}
}
