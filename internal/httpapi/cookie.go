package httpapi

import (
	"net/http"
	"strings"
	"time"
)

// The session cookie's name. Served over HTTPS (every deployment) it carries
// the __Host- prefix, which browsers accept only with Secure, Path=/ and no
// Domain: no other host, and no plain-HTTP page, can set or shadow it.
// Served over plain HTTP (the local stack) it cannot be Secure, so it goes
// without the prefix.
const (
	sessionCookieSecure = "__Host-tehpug-session"
	sessionCookiePlain  = "tehpug-session"
)

// secure reports whether the API is served over HTTPS.
func (c Config) secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func (c Config) sessionCookieName() string {
	if c.secure() {
		return sessionCookieSecure
	}
	return sessionCookiePlain
}

// SessionCookie is the Set-Cookie value that keeps an organizer's session
// token in their browser for lifetime (Max-Age, which does not depend on
// the browser's clock): HttpOnly (out of reach of
// scripts), Secure under HTTPS, and SameSite=Lax, so another site can
// neither post with it nor read it, while a link from an email still
// arrives signed in.
func (c Config) SessionCookie(raw string, lifetime time.Duration) string {
	ck := http.Cookie{
		Name: c.sessionCookieName(), Value: raw, Path: "/", MaxAge: max(int(lifetime/time.Second), 1),
		HttpOnly: true, Secure: c.secure(), SameSite: http.SameSiteLaxMode,
	}
	return ck.String()
}

// ClearSessionCookie is the Set-Cookie value that removes the session cookie.
func (c Config) ClearSessionCookie() string {
	ck := http.Cookie{
		Name: c.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.secure(), SameSite: http.SameSiteLaxMode,
	}
	return ck.String()
}

// SessionToken is the session token the request's cookie carries, "" when
// it carries none.
func (c Config) SessionToken(r *Request) string { return r.Cookie(c.sessionCookieName()) }

// Cookie is the value of the request's cookie name, "" when absent. API
// Gateway passes cookies as a list of "name=value" entries; a header that
// the local stack or a test passes instead is read too.
func (r *Request) Cookie(name string) string {
	entries := r.Event.Cookies
	if h := r.Header("Cookie"); h != "" {
		entries = append(entries[:len(entries):len(entries)], strings.Split(h, ";")...)
	}
	for _, e := range entries {
		cs, err := http.ParseCookie(strings.TrimSpace(e))
		if err != nil {
			continue
		}
		for _, c := range cs {
			if c.Name == name {
				return c.Value
			}
		}
	}
	return ""
}
