package mail

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
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
// complete HTML document. data is a map[string]string or a map[string]any
// with every key the template names (values print with fmt.Sprint); a
// string value under Unsubscribe (a URL) adds the unsubscribe footer.
func Render(name, lang string, data any) (subject, text, html string, err error) {
	switch data.(type) {
	case map[string]string, map[string]any:
	default:
		return "", "", "", fmt.Errorf("render %s/%s: data is a %T, want map[string]string or map[string]any", lang, name, data)
	}
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

	subject, err = t.text.execute("subject", data)
	if err != nil {
		return "", "", "", fmt.Errorf("render %s/%s subject: %w", lang, name, err)
	}
	subject = oneLine(subject)

	// What the shared layouts see; the email's own blocks see Data.
	view := map[string]any{
		"Lang": lang, "Dir": directions[lang], "Subject": subject,
		"Unsubscribe": unsubscribeOf(data), "Data": data,
	}
	if text, err = t.text.execute("layout", view); err != nil {
		return "", "", "", fmt.Errorf("render %s/%s text: %w", lang, name, err)
	}
	if html, err = t.html.execute("layout", view); err != nil {
		return "", "", "", fmt.Errorf("render %s/%s html: %w", lang, name, err)
	}
	return subject, strings.TrimSpace(text) + "\n", strings.TrimSpace(html) + "\n", nil
}

// oneLine collapses every run of white space (line breaks included) into one
// space, so a rendered subject is one header line whatever the data held.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// emailTemplate is one email in one language, parsed with its layouts.
type emailTemplate struct {
	text *templateSet // "subject" and the plain-text "layout"
	html *templateSet // the HTML "layout"
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
			text, err := parseFiles(false, []string{"subject", "layout"}, "templates/layout.txt", langLayout, own)
			if err != nil {
				return nil, fmt.Errorf("email template %s/%s text: %w", lang, name, err)
			}
			html, err := parseFiles(true, []string{"layout"}, "templates/layout.html", langLayout, own)
			if err != nil {
				return nil, fmt.Errorf("email template %s/%s html: %w", lang, name, err)
			}
			all[lang][name] = emailTemplate{text: text, html: html}
		}
	}
	return all, nil
})

// parseFiles parses the embedded files into one set, HTML-escaping if html,
// and checks it from roots, the templates Render executes.
func parseFiles(html bool, roots []string, files ...string) (*templateSet, error) {
	s := newTemplateSet(html)
	for _, f := range files {
		src, err := fs.ReadFile(templateFS, f)
		if err != nil {
			return nil, err
		}
		if err := s.parse(f, string(src)); err != nil {
			return nil, err
		}
	}
	if err := s.check(roots...); err != nil {
		return nil, err
	}
	return s, nil
}

// unsubscribeOf is the Unsubscribe URL in a template's data; "" when absent.
func unsubscribeOf(data any) string {
	switch d := data.(type) {
	case map[string]string:
		return d["Unsubscribe"]
	case map[string]any:
		s, _ := d["Unsubscribe"].(string)
		return s
	}
	return ""
}
