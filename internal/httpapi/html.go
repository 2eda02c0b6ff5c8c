package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"
)

// pageCSP lets a page show inline styles and post its forms to its own
// origin, and nothing else: no scripts, images, frames or fetches.
const pageCSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// HTML answers page, a whole document from package web, as text/html;
// charset=utf-8 with headers that keep it out of caches, frames and
// referrers: Cache-Control: no-store, Referrer-Policy: no-referrer (its URL
// may carry a token), X-Content-Type-Options: nosniff, X-Frame-Options: DENY
// and a strict Content-Security-Policy. Every HTML answer goes through here.
// A page that fails to render is a programming error: HTML panics, and the
// router's recovery logs it with the request's ids and answers a 500
// problem.
func HTML(status int, page templ.Component) Response {
	return HTMLWithPolicy(status, page, pageCSP)
}

// HTMLWithPolicy is HTML with a Content-Security-Policy of the page's own,
// for pages (the console's) that load their own script.
func HTMLWithPolicy(status int, page templ.Component, csp string) Response {
	var b strings.Builder
	if err := page.Render(context.Background(), &b); err != nil {
		panic(fmt.Errorf("page failed to render: %w", err))
	}
	h := baseHeaders("text/html; charset=utf-8")
	h["Referrer-Policy"] = "no-referrer"
	h["Content-Security-Policy"] = csp
	h["X-Frame-Options"] = "DENY"
	return Response{StatusCode: status, Headers: h, Body: b.String()}
}

// SeeOther answers 303 See Other to location, a path on this API, with
// Set-Cookie values if any: where a browser goes after a post, or when a
// page needs a session it has not got.
func SeeOther(location string, cookies ...string) Response {
	h := baseHeaders("")
	h["Location"] = location
	return Response{StatusCode: http.StatusSeeOther, Headers: h, Cookies: cookies}
}
