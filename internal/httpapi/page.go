package httpapi

import (
	"html"
	"maps"
	"slices"
	"strings"
)

// Page is a small, plain, accessible HTML page: what an emailed link opens
// (GET shows a button that POSTs; GET never changes state) and thank-you
// pages. It needs no JavaScript and reads fine without CSS.
type Page struct {
	Lang       string   // "en" or "fa" (anything else is "en"); "fa" is right-to-left
	Title      string   // heading and <title>
	Paragraphs []string // plain text, escaped
	Form       *PageForm
}

// PageForm is the optional one-button form of a Page.
type PageForm struct {
	Action string            // path to POST to, e.g. "/members/confirm"
	Button string            // the button's label
	Fields map[string]string // hidden inputs, e.g. "token"
}

// pageCSP lets a page show inline styles and post its form to its own
// origin, and nothing else: no scripts, images, frames or fetches.
const pageCSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

type fieldError struct {
	Field   string
	Message string
}

type pageData struct {
	Lang, Dir, Title string
	Paragraphs       []string
	Errors           []fieldError
	Form             *PageForm
}

// The fixed parts of a page: pageHead comes after the <html> tag, pageBody
// between the <title> and the heading.
const (
	pageHead = `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
`
	pageBody = `<style>
body{font-family:system-ui,"Vazirmatn",Tahoma,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a;background:#fff}
button{font:inherit;padding:.6rem 1.2rem;border:2px solid #1a1a1a;border-radius:.3rem;background:#ffd43b;color:#1a1a1a;cursor:pointer}
button:focus-visible{outline:3px solid #306998;outline-offset:2px}
</style>
</head>
<body>
<main>
`
)

// writePage writes d as a complete HTML document. Every value sits in
// element content or a double-quoted attribute, where html.EscapeString
// makes it safe; the form's action also loses an unsafe scheme such as
// javascript:. Hidden fields come out sorted by name. (No html/template: its
// reflection makes every binary that links it megabytes bigger.)
func writePage(b *strings.Builder, d pageData) {
	esc := html.EscapeString
	b.WriteString("<!doctype html>\n" + `<html lang="` + esc(d.Lang) + `" dir="` + esc(d.Dir) + "\">\n")
	b.WriteString(pageHead)
	b.WriteString("<title>" + esc(d.Title) + " · TehPUG</title>\n")
	b.WriteString(pageBody)
	b.WriteString("<h1>" + esc(d.Title) + "</h1>\n")
	for _, p := range d.Paragraphs {
		b.WriteString("<p>" + esc(p) + "</p>\n")
	}
	if len(d.Errors) > 0 {
		b.WriteString("<ul>\n")
		for _, e := range d.Errors {
			b.WriteString("<li><strong>" + esc(e.Field) + "</strong>: " + esc(e.Message) + "</li>\n")
		}
		b.WriteString("</ul>\n")
	}
	if f := d.Form; f != nil {
		b.WriteString(`<form method="post" action="` + esc(safeURL(f.Action)) + "\">\n")
		for _, name := range slices.Sorted(maps.Keys(f.Fields)) {
			b.WriteString(`<input type="hidden" name="` + esc(name) + `" value="` + esc(f.Fields[name]) + "\">\n")
		}
		b.WriteString(`<button type="submit">` + esc(f.Button) + "</button>\n</form>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
}

// safeURL is u, or html/template's "#ZgotmplZ" when u has a scheme other
// than http, https or mailto (javascript:, data:...).
func safeURL(u string) string {
	scheme, _, ok := strings.Cut(u, ":")
	if !ok || strings.Contains(scheme, "/") ||
		strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto") {
		return u
	}
	return "#ZgotmplZ"
}

// HTML renders p as text/html; charset=utf-8 with headers that keep it out
// of caches, frames and referrers: Cache-Control: no-store, Referrer-Policy:
// no-referrer (its URL carries a token), X-Content-Type-Options: nosniff,
// X-Frame-Options: DENY and a strict Content-Security-Policy.
func HTML(status int, p Page) Response {
	d := pageData{Lang: "en", Dir: "ltr", Title: p.Title, Paragraphs: p.Paragraphs, Form: p.Form}
	if p.Lang == "fa" {
		d.Lang, d.Dir = "fa", "rtl"
	}
	if d.Title == "" {
		d.Title = "TehPUG"
	}
	return renderPage(status, d)
}

func renderPage(status int, d pageData) Response {
	var b strings.Builder
	writePage(&b, d)
	h := baseHeaders("text/html; charset=utf-8")
	h["Referrer-Policy"] = "no-referrer"
	h["Content-Security-Policy"] = pageCSP
	h["X-Frame-Options"] = "DENY"
	return Response{StatusCode: status, Headers: h, Body: b.String()}
}
