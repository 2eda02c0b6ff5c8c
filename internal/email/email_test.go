package email

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	xhtml "golang.org/x/net/html"

	"github.com/tehpug/backend/internal/lang"
)

var (
	hrefRE = regexp.MustCompile(`href="([^"]*)"`)
	tagRE  = regexp.MustCompile(`<[A-Za-z/!]`)
	kindRE = regexp.MustCompile(`^[a-z]+(-[a-z]+)+$`)
)

// compose is Compose for a test recipient in l, failing tb on an error.
func compose(tb testing.TB, l lang.Tag, e Email) Message {
	tb.Helper()
	m, err := Compose(Recipient{Address: "ali@example.org", Name: "Ali", Lang: l}, e)
	if err != nil {
		tb.Fatalf("Compose %T in %s: %v", e, l, err)
	}
	return m
}

// hrefs lists the links of an HTML document, unescaped.
func hrefs(doc string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(doc, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func hasPersian(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) })
}

// emailTypes lists the types that implement Email in the package's source:
// every type with a kind method.
func emailTypes(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		tb.Fatal(err)
	}
	var types []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			tb.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "kind" {
				continue
			}
			if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok {
				types = append(types, id.Name)
			}
		}
	}
	slices.Sort(types)
	return types
}

func TestSamplesCoverEveryEmail(t *testing.T) {
	var sampled []string
	kinds := map[string]string{}
	for _, e := range samples("x") {
		typ := reflect.TypeOf(e).Name()
		sampled = append(sampled, typ)
		k := e.kind()
		if !kindRE.MatchString(k) {
			t.Errorf("%s: kind %q is not a lower-case, dashed name", typ, k)
		}
		if other, dup := kinds[k]; dup {
			t.Errorf("%s and %s share the kind %q", other, typ, k)
		}
		kinds[k] = typ
	}
	slices.Sort(sampled)
	if want := emailTypes(t); !slices.Equal(sampled, want) {
		t.Errorf("samples cover %v,\nthe package defines %v", sampled, want)
	}
	if len(sampled) != 36 {
		t.Errorf("%d emails, want the 36 the group sends", len(sampled))
	}
}

// TestComposeEveryEmail composes every email in both languages and checks
// what every email must be.
func TestComposeEveryEmail(t *testing.T) {
	for _, e := range samples("Ali") {
		t.Run(e.kind(), func(t *testing.T) {
			en, fa := compose(t, lang.English, e), compose(t, lang.Persian, e)
			for _, tt := range []struct {
				l   lang.Tag
				m   Message
				dir string
			}{{lang.English, en, "ltr"}, {lang.Persian, fa, "rtl"}} {
				m := tt.m
				if m.Kind != e.kind() || m.To != "ali@example.org" || m.ToName != "Ali" {
					t.Errorf("%s: kind %q, to %q <%s>", tt.l, m.Kind, m.ToName, m.To)
				}
				if m.Subject == "" || m.Subject != oneLine(m.Subject) {
					t.Errorf("%s: subject %q is not one trimmed line", tt.l, m.Subject)
				}
				checkDocument(t, m, tt.l, tt.dir)
				checkText(t, m)
				if got := hasPersian(m.Subject + m.Text + m.HTML); got != (tt.l == lang.Persian) {
					t.Errorf("%s: Persian script in the email is %v:\n%s", tt.l, got, m.Text)
				}
				checkListHeaders(t, e, m)
			}
			if en.Subject == fa.Subject || en.Text == fa.Text {
				t.Error("the Persian email is the English one")
			}
			if len(hrefs(en.HTML)) != len(hrefs(fa.HTML)) {
				t.Errorf("English has links %v, Persian %v", hrefs(en.HTML), hrefs(fa.HTML))
			}
		})
	}
}

// checkListHeaders encodes m and checks it has the List-Unsubscribe
// headers if, and only if, e is a non-transactional email.
func checkListHeaders(tb testing.TB, e Email, m Message) {
	tb.Helper()
	_, isList := e.(listEmail)
	if !isList && m.Unsubscribe != "" {
		tb.Errorf("transactional %s has an unsubscribe link", m.Kind)
	}
	raw, err := Encode(testFrom, m, testNow)
	if err != nil {
		tb.Fatalf("Encode: %v", err)
	}
	h := parseMessage(tb, raw).header
	if got, want := h.Has("List-Unsubscribe") && h.Has("List-Unsubscribe-Post"), isList && m.Unsubscribe != ""; got != want {
		tb.Errorf("%s: List-Unsubscribe headers: %v, want %v", m.Kind, got, want)
	}
}

// checkDocument checks that m's HTML is a whole document in l, readable
// by assistive technology, with nothing active in it.
func checkDocument(tb testing.TB, m Message, l lang.Tag, dir string) {
	tb.Helper()
	doc := m.HTML
	for _, want := range []string{
		"<!doctype html>",
		`<html lang="` + string(l) + `" dir="` + dir + `">`,
		`<meta charset="utf-8">`,
		"<title>" + html.EscapeString(m.Subject) + "</title>",
		`role="article"`,
		`aria-label="` + html.EscapeString(m.Subject) + `"`,
	} {
		if !strings.Contains(doc, want) {
			tb.Errorf("%s: html lacks %s:\n%s", l, want, doc)
		}
	}
	checkMarkup(tb, doc)
	if !strings.HasSuffix(doc, "</html>\n") {
		tb.Errorf("%s: html does not end the document", l)
	}
}

// The only elements and attributes an email is made of.
var (
	allowedElements = []string{"a", "bdi", "body", "br", "div", "head", "hr", "h1", "html", "li", "main", "meta", "p", "span", "strong", "title", "ul"}
	allowedAttrs    = []string{"aria-label", "aria-roledescription", "charset", "content", "data-html-only", "dir", "href", "lang", "name", "role", "style"}
)

// checkMarkup tokenizes doc as a browser would and fails tb on any element
// or attribute an email does not use (a script, an image, an event
// handler...), and on any link that is not absolute http(s) or mailto.
func checkMarkup(tb testing.TB, doc string) {
	tb.Helper()
	z := xhtml.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !slices.Contains(allowedElements, tok.Data) {
			tb.Errorf("html has a <%s> element:\n%s", tok.Data, doc)
		}
		for _, a := range tok.Attr {
			if !slices.Contains(allowedAttrs, a.Key) {
				tb.Errorf("html has a %s attribute on <%s>:\n%s", a.Key, tok.Data, doc)
			}
			if a.Key == "href" && !linkable(a.Val) {
				tb.Errorf("html links to %q", a.Val)
			}
		}
	}
}

// checkText checks m's plain text: no tag, every link of the HTML, the
// unsubscribe link where there is one, and the footer.
func checkText(tb testing.TB, m Message) {
	tb.Helper()
	if loc := tagRE.FindStringIndex(m.Text); loc != nil {
		tb.Errorf("text has a tag at %d:\n%s", loc[0], m.Text)
	}
	for _, link := range hrefs(m.HTML) {
		if !strings.Contains(m.Text, strings.TrimPrefix(link, "mailto:")) {
			tb.Errorf("text lacks the link %s:\n%s", link, m.Text)
		}
	}
	if !strings.Contains(m.Text, "\n-- \n") || !strings.Contains(m.Text, "TehPUG") {
		tb.Errorf("text has no signature:\n%s", m.Text)
	}
	if strings.Contains(m.Text, "\n\n\n") || strings.TrimSpace(m.Text)+"\n" != m.Text {
		tb.Errorf("text has runs of blank lines or space around it: %q", m.Text)
	}
	unsubscribes := strings.Contains(m.HTML, "/unsubscribe?") || strings.Contains(m.HTML, "nsubscribe from") ||
		strings.Contains(m.HTML, "لغو اشتراک")
	if (m.Unsubscribe != "") != unsubscribes {
		tb.Errorf("Unsubscribe is %q, but the HTML footer offers unsubscribing: %v", m.Unsubscribe, unsubscribes)
	}
	if m.Unsubscribe != "" && !strings.Contains(m.Text, m.Unsubscribe) {
		tb.Errorf("text lacks the unsubscribe link:\n%s", m.Text)
	}
}

// TestComposeEscapesUserText puts markup in every field a person typed, in
// every email and language: it shows as text, never as markup.
func TestComposeEscapesUserText(t *testing.T) {
	for _, evil := range []string{
		`<script>alert("x")</script>`,
		`"><img src=x onerror=alert(1)>`,
		`' onmouseover='alert(1)`,
	} {
		for _, e := range samples("") {
			e := withUserText(e, evil)
			for _, l := range lang.All {
				t.Run(e.kind()+"/"+string(l), func(t *testing.T) {
					m := compose(t, l, e)
					if strings.Contains(m.HTML, evil) {
						t.Errorf("html has %q as written:\n%s", evil, m.HTML)
					}
					checkMarkup(t, m.HTML)
					if !strings.Contains(m.HTML, html.EscapeString(evil)) {
						t.Errorf("html lacks the escaped text %q:\n%s", html.EscapeString(evil), m.HTML)
					}
					if !strings.Contains(m.Text, evil) {
						t.Errorf("text lacks the text as written:\n%s", m.Text)
					}
					if strings.ContainsAny(m.Subject, "\r\n") {
						t.Errorf("subject %q spans lines", m.Subject)
					}
				})
			}
		}
	}
}

// Every email opens as a page a screen reader can find its way in: one
// main landmark holding everything, headed by one level-one heading, the
// subject.
func TestEveryEmailHasAHeadingAndAMainLandmark(t *testing.T) {
	for _, e := range samples("Ali") {
		for _, l := range []lang.Tag{lang.English, lang.Persian} {
			m, err := Compose(Recipient{Address: "ali@example.org", Name: "Ali", Lang: l}, e)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(m.HTML, "<h1"); n != 1 {
				t.Errorf("%s in %s has %d level-one headings, want 1", e.kind(), l, n)
			}
			body := m.HTML[strings.Index(m.HTML, "<body"):]
			body = strings.TrimSpace(body[strings.Index(body, ">")+1:])
			if !strings.HasPrefix(body, "<main>") || !strings.HasSuffix(body, "</main></body></html>") {
				t.Errorf("%s in %s is not all one main landmark", e.kind(), l)
			}
			if !strings.Contains(m.HTML, ">"+html.EscapeString(m.Subject)+"</h1>") {
				t.Errorf("%s in %s: the heading is not the subject %q", e.kind(), l, m.Subject)
			}
		}
	}
}
