package httpapi

import (
	"bytes"
	"html/template"
	"net/http"
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

// pageTemplate escapes every value by context (html/template); hidden
// fields come out sorted by name.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{.Title}} · TehPUG</title>
<style>
body{font-family:system-ui,"Vazirmatn",Tahoma,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a;background:#fff}
button{font:inherit;padding:.6rem 1.2rem;border:2px solid #1a1a1a;border-radius:.3rem;background:#ffd43b;color:#1a1a1a;cursor:pointer}
button:focus-visible{outline:3px solid #306998;outline-offset:2px}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}{{with .Errors}}<ul>
{{range .}}<li><strong>{{.Field}}</strong>: {{.Message}}</li>
{{end}}</ul>
{{end}}{{with .Form}}<form method="post" action="{{.Action}}">
{{range $name, $value := .Fields}}<input type="hidden" name="{{$name}}" value="{{$value}}">
{{end}}<button type="submit">{{.Button}}</button>
</form>
{{end}}</main>
</body>
</html>
`))

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
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, d); err != nil {
		// Only a programming error in the template gets here.
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString("<!doctype html><html lang=\"en\"><title>Internal Server Error</title><h1>Internal Server Error</h1></html>")
	}
	h := baseHeaders("text/html; charset=utf-8")
	h["Referrer-Policy"] = "no-referrer"
	h["Content-Security-Policy"] = pageCSP
	h["X-Frame-Options"] = "DENY"
	return Response{StatusCode: status, Headers: h, Body: buf.String()}
}
