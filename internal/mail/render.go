package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"sync"
	texttemplate "text/template"
)

//go:embed templates/layout.html templates/layout.txt templates/*/*.tmpl
var templateFS embed.FS

// Languages the templates are written in. Anything else renders in English.
const (
	English = "en"
	Persian = "fa"
)

// directions holds each language's writing direction, for the HTML layout.
var directions = map[string]string{English: "ltr", Persian: "rtl"}

// Render fills the named template in lang ("en" or "fa"; anything else falls
// back to "en") and returns the subject (one line), the plain text and the
// complete HTML document. data is a struct or a map with the fields the
// template names; a field named Unsubscribe (a URL) adds the unsubscribe
// footer.
func Render(name, lang string, data any) (subject, text, html string, err error) {
	if _, ok := directions[lang]; !ok {
		lang = English
	}
	all, err := loadTemplates()
	if err != nil {
		return "", "", "", err
	}
	t, ok := all[lang][name]
	if !ok {
		return "", "", "", fmt.Errorf("render %s/%s: no such email template", lang, name)
	}

	var buf bytes.Buffer
	if err := t.text.ExecuteTemplate(&buf, "subject", data); err != nil {
		return "", "", "", fmt.Errorf("render %s/%s subject: %w", lang, name, err)
	}
	subject = oneLine(buf.String())

	v := view{Lang: lang, Dir: directions[lang], Subject: subject, Unsubscribe: unsubscribeOf(data), Data: data}
	buf.Reset()
	if err := t.text.ExecuteTemplate(&buf, "layout", v); err != nil {
		return "", "", "", fmt.Errorf("render %s/%s text: %w", lang, name, err)
	}
	text = strings.TrimSpace(buf.String()) + "\n"

	buf.Reset()
	if err := t.html.ExecuteTemplate(&buf, "layout", v); err != nil {
		return "", "", "", fmt.Errorf("render %s/%s html: %w", lang, name, err)
	}
	html = strings.TrimSpace(buf.String()) + "\n"
	return subject, text, html, nil
}

// oneLine collapses every run of white space (line breaks included) into one
// space, so a rendered subject is one header line whatever the data held.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// view is what the shared layouts see; the email's own blocks see Data.
type view struct {
	Lang, Dir   string
	Subject     string
	Unsubscribe string
	Data        any
}

// emailTemplate is one email in one language, parsed with its layouts.
type emailTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// loadTemplates parses every embedded template once, on first use, so
// functions that send no email pay nothing at cold start.
var loadTemplates = sync.OnceValues(func() (map[string]map[string]emailTemplate, error) {
	all := make(map[string]map[string]emailTemplate, len(directions))
	for lang := range directions {
		dir := path.Join("templates", lang)
		entries, err := fs.ReadDir(templateFS, dir)
		if err != nil {
			return nil, fmt.Errorf("email templates %s: %w", lang, err)
		}
		all[lang] = make(map[string]emailTemplate, len(entries))
		for _, e := range entries {
			file := e.Name()
			name, ok := strings.CutSuffix(file, ".tmpl")
			if !ok || strings.HasPrefix(file, "_") {
				continue
			}
			langLayout, own := path.Join(dir, "_layout.tmpl"), path.Join(dir, file)
			text, err := texttemplate.New(name).Option("missingkey=error").
				ParseFS(templateFS, "templates/layout.txt", langLayout, own)
			if err != nil {
				return nil, fmt.Errorf("email template %s/%s text: %w", lang, name, err)
			}
			html, err := htmltemplate.New(name).Option("missingkey=error").
				ParseFS(templateFS, "templates/layout.html", langLayout, own)
			if err != nil {
				return nil, fmt.Errorf("email template %s/%s html: %w", lang, name, err)
			}
			all[lang][name] = emailTemplate{text: text, html: html}
		}
	}
	return all, nil
})

// unsubscribeOf finds the Unsubscribe URL in a template's data, which may be
// a struct (or pointer to one) or a map with string keys; "" when absent.
func unsubscribeOf(data any) string {
	v := reflect.ValueOf(data)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	var f reflect.Value
	switch v.Kind() {
	case reflect.Struct:
		f = v.FieldByName("Unsubscribe")
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String {
			f = v.MapIndex(reflect.ValueOf("Unsubscribe").Convert(v.Type().Key()))
		}
	}
	for f.IsValid() && f.Kind() == reflect.Interface {
		f = f.Elem()
	}
	if f.IsValid() && f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}
