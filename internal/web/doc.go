// Package web owns the HTML that people's browsers are answered with: the
// layout every page shares (language and writing direction, viewport,
// noindex, title, style), the typed templ components of each page — the
// button page an emailed link opens, the message page (thank-you and error
// pages), the mentorship check-in page, a meetup's public page, and a
// member's form shown again after the server refused it — and the words
// that depend only on an answer's status.
//
// A page is a templ.Component that puts its content inside Layout, built
// from the parts here (Heading, Paragraphs, PostForm, HiddenFields,
// ErrorList); the HTTP layer answers any page with its security headers
// through one function, httpapi.HTML. Every value is escaped by templ for
// where it sits, and a URL attribute fed from a string (a form's action, a
// link) goes through templ's URL sanitising; templ.SafeURL skips it, so it
// is only for URLs this code builds itself. Right to left is decided by
// lang.Tag.Dir alone. Nothing here renders with html/template or
// text/template, whose execution makes every binary megabytes bigger.
//
// The *_templ.go files are generated from the .templ files by the pinned
// templ (make generate, or go generate ./...) and are not committed: every
// make target that builds or tests generates them first.
package web

//go:generate go tool templ generate -path .
