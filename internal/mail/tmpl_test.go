package mail

import (
	"errors"
	htmltemplate "html/template"
	"strings"
	"testing"
	texttemplate "text/template"
)

// executeSrc parses src as the file f.tmpl and executes its template "t".
func executeSrc(tb testing.TB, html bool, src string, data any) (string, error) {
	tb.Helper()
	s := newTemplateSet(html)
	if err := s.parse("f.tmpl", src); err != nil {
		tb.Fatalf("parse: %v", err)
	}
	if err := s.check("t"); err != nil {
		tb.Fatalf("check: %v", err)
	}
	return s.execute("t", data)
}

func TestTemplateExecute(t *testing.T) {
	const evil = `<b class="x">Tom & 'Jerry'</b>`
	tests := []struct {
		name     string
		src      string // defines "t", the template executed
		data     map[string]any
		want     string // in a text set, and in an HTML set unless wantHTML
		wantHTML string
	}{
		{
			name: "field",
			src:  `{{define "t"}}Hi {{.Name}}!{{end}}`,
			data: map[string]any{"Name": "Ali"},
			want: "Hi Ali!",
		},
		{
			name: "fmt.Sprint of a number",
			src:  `{{define "t"}}number {{.Position}}{{end}}`,
			data: map[string]any{"Position": 3},
			want: "number 3",
		},
		{
			name: "spaces inside the delimiters",
			src:  `{{ define "t" }}{{ .Name }}{{ if .Name }}!{{ else }}?{{ end }}{{ end }}`,
			data: map[string]any{"Name": "Ali"},
			want: "Ali!",
		},
		{
			name: "trim both sides",
			src:  "{{define \"t\"}}a \n\t {{- .X -}} \r\n b{{end}}",
			data: map[string]any{"X": "X"},
			want: "aXb",
		},
		{
			name: "trim before only",
			src:  "{{define \"t\"}}a \n{{- .X}} \nb{{end}}",
			data: map[string]any{"X": "X"},
			want: "aX \nb",
		},
		{
			name: "trim after only",
			src:  "{{define \"t\"}}a \n{{.X -}} \nb{{end}}",
			data: map[string]any{"X": "X"},
			want: "a \nXb",
		},
		{
			name: "trim markers on define and end",
			src:  "{{define \"t\" -}}\n\n  body  \n\n{{- end}}",
			want: "body",
		},
		{
			name: "trim reaches only the next text",
			src:  "{{define \"t\"}}{{.A -}}{{.B}}  {{- .C}} - {{- .D}}{{end}}",
			data: map[string]any{"A": "a", "B": "b", "C": "c", "D": "d"},
			want: "abc -d",
		},
		{
			name: "a dash without a space is text",
			src:  "{{define \"t\"}}a -{{.X}}- b{{end}}",
			data: map[string]any{"X": "x"},
			want: "a -x- b",
		},
		{
			name: "comments print nothing",
			src:  "{{/* before */}}{{define \"t\"}}a{{/* one */}}b {{/* spans\nlines, }} and {{ inside */}} c{{end}}\n{{/* after */}}\n",
			want: "ab  c",
		},
		{
			name: "comments trim",
			src:  "{{define \"t\"}}a \n{{- /* both */ -}}\n b \n{{/* after */ -}}\n c \n{{- /* before */}}\nd{{end}}",
			want: "ab \nc\nd",
		},
		{
			name: "if true",
			src:  `{{define "t"}}{{if .Name}}Hi {{.Name}},{{else}}Hi,{{end}}{{end}}`,
			data: map[string]any{"Name": "Ali"},
			want: "Hi Ali,",
		},
		{
			name: "if empty string",
			src:  `{{define "t"}}{{if .Name}}Hi {{.Name}},{{else}}Hi,{{end}}{{end}}`,
			data: map[string]any{"Name": ""},
			want: "Hi,",
		},
		{
			name: "if without else",
			src:  `{{define "t"}}[{{if .Name}}{{.Name}}{{end}}]{{end}}`,
			data: map[string]any{"Name": ""},
			want: "[]",
		},
		{
			name: "if on numbers, bools and nil",
			src:  `{{define "t"}}{{if .Zero}}0{{end}}{{if .One}}1{{end}}{{if .Half}}h{{end}}{{if .False}}f{{end}}{{if .True}}t{{end}}{{if .Nil}}n{{end}}{{end}}`,
			data: map[string]any{"Zero": 0, "One": 1, "Half": 0.5, "False": false, "True": true, "Nil": nil},
			want: "1ht",
		},
		{
			name: "nested if",
			src:  `{{define "t"}}{{if .A}}a{{if .B}}b{{else}}!b{{end}}{{else}}!a{{end}}{{end}}`,
			data: map[string]any{"A": "x", "B": ""},
			want: "a!b",
		},
		{
			name: "if with trim markers, as the footers use it",
			src:  "{{define \"t\" -}}\n<p>group</p>\n{{- if .U}}\n<p>{{.U}}</p>\n{{- end}}\n{{- end}}",
			data: map[string]any{"U": "u"},
			want: "<p>group</p>\n<p>u</p>",
		},
		{
			name: "nested templates with dot and a field",
			src: `{{define "t"}}({{template "data" .Data}}|{{template "view" .}}){{end}}` +
				`{{define "data"}}{{.Name}}{{end}}{{define "view"}}{{.Lang}}/{{template "data" .Data}}{{end}}`,
			data: map[string]any{"Lang": "fa", "Data": map[string]string{"Name": "Ali"}},
			want: "(Ali|fa/Ali)",
		},
		{
			name:     "escaped in HTML only: text and attribute values",
			src:      `{{define "t"}}<p title="{{.X}}" lang='{{.X}}'>{{.X}}</p>{{end}}`,
			data:     map[string]any{"X": evil},
			want:     `<p title="` + evil + `" lang='` + evil + `'>` + evil + `</p>`,
			wantHTML: `<p title="&lt;b class=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;" lang='&lt;b class=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;'>&lt;b class=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;</p>`,
		},
		{
			name:     "escaped in <title>",
			src:      `{{define "t"}}<title>{{.X}}</title>{{end}}`,
			data:     map[string]any{"X": "</title><script>"},
			want:     `<title></title><script></title>`,
			wantHTML: `<title>&lt;/title&gt;&lt;script&gt;</title>`,
		},
		{
			name:     "javascript: URL dropped in HTML",
			src:      `{{define "t"}}<a href="{{.U}}">x</a><a HREF = "{{.V}}">y</a>{{end}}`,
			data:     map[string]any{"U": "javascript:alert(1)", "V": " JavaScript:alert(1)"},
			want:     `<a href="javascript:alert(1)">x</a><a HREF = " JavaScript:alert(1)">y</a>`,
			wantHTML: `<a href="#ZgotmplZ">x</a><a HREF = "#ZgotmplZ">y</a>`,
		},
		{
			name:     "safe URLs kept and escaped",
			src:      `{{define "t"}}<a href="{{.A}}"></a><a href="{{.B}}"></a><a href="{{.C}}"></a><form action="{{.D}}"></form>{{end}}`,
			data:     map[string]any{"A": "https://x.ir/c?t=a&b=1", "B": "/members/confirm", "C": "mailto:a@b.ir", "D": "HTTP://x.ir"},
			want:     `<a href="https://x.ir/c?t=a&b=1"></a><a href="/members/confirm"></a><a href="mailto:a@b.ir"></a><form action="HTTP://x.ir"></form>`,
			wantHTML: `<a href="https://x.ir/c?t=a&amp;b=1"></a><a href="/members/confirm"></a><a href="mailto:a@b.ir"></a><form action="HTTP://x.ir"></form>`,
		},
		{
			name: "URL filtered only at the start of the value",
			src:  `{{define "t"}}<a href="/x/{{.U}}">{{.U}}</a><p title="{{.U}}"></p>{{end}}`,
			data: map[string]any{"U": "javascript:y"},
			want: `<a href="/x/javascript:y">javascript:y</a><p title="javascript:y"></p>`,
		},
		{
			name: "markup in the template text is not data",
			src:  "{{define \"t\"}}<!DOCTYPE html>\n<!-- note -->\n<style>p{color:red}</style><p a=b c>{{.X}}</p>{{end}}",
			data: map[string]any{"X": "x"},
			want: "<!DOCTYPE html>\n<!-- note -->\n<style>p{color:red}</style><p a=b c>x</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, html := range []bool{false, true} {
				want := tt.want
				if html && tt.wantHTML != "" {
					want = tt.wantHTML
				}
				got, err := executeSrc(t, html, tt.src, tt.data)
				if err != nil {
					t.Fatalf("html=%v: execute: %v", html, err)
				}
				if got != want {
					t.Errorf("html=%v:\n got %q\nwant %q", html, got, want)
				}
			}
		})
		// The engine is text/template's subset and escapes like
		// html/template: check the expectations against both.
		t.Run(tt.name+"/text-template", func(t *testing.T) {
			tmpl := texttemplate.Must(texttemplate.New("f.tmpl").Option("missingkey=error").Parse(tt.src))
			var b strings.Builder
			if err := tmpl.ExecuteTemplate(&b, "t", tt.data); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("text/template gives %q, want %q", b.String(), tt.want)
			}
		})
		t.Run(tt.name+"/html-template", func(t *testing.T) {
			if strings.Contains(tt.src, "<!--") || strings.Contains(tt.src, "<style>") {
				t.Skip("html/template rewrites comments and CSS")
			}
			want := tt.want
			if tt.wantHTML != "" {
				want = tt.wantHTML
			}
			tmpl := htmltemplate.Must(htmltemplate.New("f.tmpl").Option("missingkey=error").Parse(tt.src))
			var b strings.Builder
			if err := tmpl.ExecuteTemplate(&b, "t", tt.data); err != nil {
				t.Fatal(err)
			}
			if b.String() != want {
				t.Errorf("html/template gives %q, want %q", b.String(), want)
			}
		})
	}
}

func TestTemplateParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		html    bool
		src     string // checked from "t"
		wantErr string
	}{
		{"unclosed action", false, "{{define \"t\"}}\n{{.X}}{{.Y", `f.tmpl:2: unclosed action`},
		{"unclosed comment", false, "\n{{/* c }}", `f.tmpl:2: unclosed comment`},
		{"comment not closed by the delimiter", false, `{{/* c */ x}}`, `f.tmpl:1: comment ends before closing delimiter`},
		{"empty action", false, `{{define "t"}}{{}}{{end}}`, `f.tmpl:1: empty action`},
		{"unterminated string", false, `{{define "t}}{{end}}`, `f.tmpl:1: unclosed action`},
		{"delimiters in a string", false, `{{define "}}"}}{{end}}`, `no template "t"`},
		{"range", false, "{{define \"t\"}}\n\n{{range .X}}{{end}}{{end}}", `f.tmpl:3: unsupported action {{range .X}}`},
		{"pipeline", false, `{{define "t"}}{{.X | html}}{{end}}`, `unsupported action {{.X | html}}`},
		{"function", false, `{{define "t"}}{{printf "%s" .X}}{{end}}`, `unsupported action {{printf "%s" .X}}`},
		{"field chain", false, `{{define "t"}}{{.A.B}}{{end}}`, `unsupported action {{.A.B}}`},
		{"variable", false, `{{define "t"}}{{$x}}{{end}}`, `unsupported action {{$x}}`},
		{"dot alone", false, `{{define "t"}}{{.}}{{end}}`, `unsupported action {{.}}`},
		{"else if", false, `{{define "t"}}{{if .A}}{{else if .B}}{{end}}{{end}}`, `unsupported action {{else if .B}}`},
		{"if without a field", false, `{{define "t"}}{{if}}{{end}}{{end}}`, `unsupported action {{if}}`},
		{"if on two fields", false, `{{define "t"}}{{if .A .B}}{{end}}{{end}}`, `unsupported action {{if .A .B}}`},
		{"template without data", false, `{{define "t"}}{{template "u"}}{{end}}`, `unsupported action {{template "u"}}`},
		{"template name unquoted", false, `{{define "t"}}{{template u .}}{{end}}`, `the name must be a quoted string`},
		{"else outside if", false, "{{define \"t\"}}a\n{{else}}b{{end}}", `f.tmpl:2: unexpected {{else}} in {{define "t"}}`},
		{"two elses", false, `{{define "t"}}{{if .A}}{{else}}{{else}}{{end}}{{end}}`, `unexpected {{else}} in {{if .A}}`},
		{"define without end", false, `{{define "t"}}{{if .A}}{{end}}`, `f.tmpl:1: {{define "t"}} has no {{end}}`},
		{"if without end", false, "{{define \"t\"}}\n{{if .A}}a{{end}}", `{{define "t"}} has no {{end}}`},
		{"if without end at the end of the file", false, "{{define \"t\"}}\n{{if .A}}a", `f.tmpl:2: {{if .A}} has no {{end}}`},
		{"define inside define", false, `{{define "t"}}{{define "u"}}{{end}}{{end}}`, `unsupported action {{define "u"}}`},
		{"text outside define", false, "{{/* c */}}\n\n  hello {{define \"t\"}}{{end}}", `f.tmpl:3: text outside {{define}}`},
		{"action outside define", false, `{{.X}}`, `f.tmpl:1: {{.X}} outside {{define}}`},
		{"end outside define", false, `{{end}}`, `{{end}} outside {{define}}`},
		{"define twice", false, "{{define \"t\"}}{{end}}\n{{define \"t\"}}{{end}}", `f.tmpl:2: template "t" is already defined at f.tmpl:1`},
		{"unknown template", false, "{{define \"t\"}}\n{{template \"u\" .}}{{end}}", `f.tmpl:2: no template "u"`},
		{"no root", false, `{{define "u"}}{{end}}`, `no template "t"`},
		{"recursion", false, `{{define "t"}}{{template "u" .}}{{end}}{{define "u"}}{{template "t" .}}{{end}}`, `template "t" calls itself`},
		{"html: unquoted attribute", true, `{{define "t"}}<a href={{.U}}>{{end}}`, `f.tmpl:1: {{.U}} is in the unquoted value of href`},
		{"html: inside a tag", true, `{{define "t"}}<a {{.U}}>{{end}}`, `{{.U}} is inside a tag`},
		{"html: after an attribute name", true, `{{define "t"}}<input disabled {{.U}}>{{end}}`, `{{.U}} is inside a tag`},
		{"html: script", true, `{{define "t"}}<SCRIPT>{{.X}}</script>{{end}}`, `{{.X}} is in <script>`},
		{"html: style element", true, `{{define "t"}}<style>p{}</style><style>{{.X}}</style>{{end}}`, `{{.X}} is in <style>`},
		{"html: event handler", true, `{{define "t"}}<p onclick="{{.X}}">{{end}}`, `{{.X}} is in the onclick attribute`},
		{"html: style attribute", true, `{{define "t"}}<p style='{{.X}}'>{{end}}`, `{{.X}} is in the style attribute`},
		{"html: comment", true, `{{define "t"}}<!-- {{.X}} -->{{end}}`, `{{.X}} is in an HTML comment`},
		{"html: if branches end apart", true, `{{define "t"}}{{if .X}}<a href="{{end}}">{{end}}`, `the branches of {{if .X}} end in different places`},
		{"html: template ends in a tag", true, `{{define "t"}}<p title="{{end}}`, `template "t" ends in the value of title`},
		{"html: template called in a tag", true, `{{define "t"}}<a {{template "u" .}}>{{end}}{{define "u"}}{{end}}`, `{{template "u"}} is inside a tag`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTemplateSet(tt.html)
			err := s.parse("f.tmpl", tt.src)
			if err == nil {
				err = s.check("t")
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one with %q", err, tt.wantErr)
			}
			if tt.html {
				// A text set prints these anywhere: escaping is HTML's concern.
				s := newTemplateSet(false)
				if err := s.parse("f.tmpl", tt.src); err != nil {
					t.Fatal(err)
				}
				if err := s.check("t"); err != nil {
					t.Errorf("text set: %v", err)
				}
			}
		})
	}
}

func TestTemplateExecuteErrors(t *testing.T) {
	tests := []struct {
		name    string
		src     string // defines "t"
		data    any
		wantIs  error // nil: any error
		wantErr string
	}{
		{"missing key", "{{define \"t\"}}\n{{.Link}}{{end}}", map[string]string{"Name": "Ali"}, errMissingKey, "f.tmpl:2: .Link: no such key"},
		{"missing key in if", `{{define "t"}}{{if .Name}}{{end}}{{end}}`, map[string]any{}, errMissingKey, ".Name"},
		{"missing key passed on", `{{define "t"}}{{template "u" .Data}}{{end}}{{define "u"}}{{end}}`, map[string]any{}, errMissingKey, ".Data"},
		{"missing key in a called template", "{{define \"t\"}}{{template \"u\" .}}{{end}}\n{{define \"u\"}}{{.X}}{{end}}", map[string]any{}, errMissingKey, "f.tmpl:2: .X"},
		{"data not a map", `{{define "t"}}{{.Name}}{{end}}`, struct{ Name string }{"Ali"}, nil, "data is a struct { Name string }"},
		{"field of a string", `{{define "t"}}{{template "u" .Name}}{{end}}{{define "u"}}{{.X}}{{end}}`, map[string]any{"Name": "Ali"}, nil, "data is a string"},
		{"if on a map", `{{define "t"}}{{if .M}}{{end}}{{end}}`, map[string]any{"M": map[string]any{}}, nil, "{{if .M}}: cannot test a map[string]interface {}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, html := range []bool{false, true} {
				_, err := executeSrc(t, html, tt.src, tt.data)
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("html=%v: err = %v, want one with %q", html, err, tt.wantErr)
				}
				if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
					t.Errorf("html=%v: err = %v, want %v", html, err, tt.wantIs)
				}
			}
		})
	}
}

func TestTemplateExecuteUnchecked(t *testing.T) {
	s := newTemplateSet(false)
	if err := s.parse("f.tmpl", `{{define "t"}}x{{end}}`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.execute("t", map[string]any{}); err == nil {
		t.Error("an unchecked template executed")
	}
}

func BenchmarkLoadTemplates(b *testing.B) {
	for b.Loop() {
		if _, err := parseFiles(true, []string{"layout"}, "templates/layout.html", "templates/fa/_layout.tmpl", "templates/fa/member-erase.tmpl"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	data := map[string]string{"Name": "علی", "Link": "https://api.tehpug.ir/members/confirm?token=abc"}
	for b.Loop() {
		if _, _, _, err := Render("member-confirm", "fa", data); err != nil {
			b.Fatal(err)
		}
	}
}
