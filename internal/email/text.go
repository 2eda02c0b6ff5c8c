package email

import (
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Unicode isolates: what <bdi> and dir="..." do in the HTML, kept in the
// plain text so a name or a title written the other way round stays in its
// place.
const (
	lri = "\u2066" // left-to-right isolate
	rli = "\u2067" // right-to-left isolate
	fsi = "\u2068" // first-strong isolate (direction from the text itself)
	pdi = "\u2069" // pop directional isolate
)

// htmlOnly marks an element the plain text leaves out, such as the "if the
// button does not work" fallback, which only makes sense next to a button.
const htmlOnly = "data-html-only"

// plainText derives an email's plain-text part from HTML this package
// rendered, and lists the href of every link in it, in order:
//
//   - each block (p, div, ul, li, hr...) is a paragraph of its own, a list
//     item a "- " line (ol: "1. "), and <br> a line break;
//   - a link is "label: address", or the address alone when it is the label
//     (a mailto: link whose label is the address, too);
//   - <bdi> and inline elements with a dir are wrapped in Unicode isolates;
//   - white space collapses as a browser collapses it, except in an element
//     whose style keeps it (white-space:pre, pre-wrap, pre-line);
//   - nothing of <head>, <style>, <script> or an element marked
//     data-html-only is kept; entities are unescaped, and no tag is left.
func plainText(src string) (text string, links []string, err error) {
	w := textWriter{}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return "", nil, err
			}
			w.closeAll()
			return w.result(), w.links, nil
		case html.TextToken:
			w.text(string(z.Text()))
		case html.StartTagToken:
			t := z.Token()
			w.open(t, voidElements[t.Data])
		case html.SelfClosingTagToken:
			w.open(z.Token(), true)
		case html.EndTagToken:
			name, _ := z.TagName()
			w.close(string(name))
		}
	}
}

// Elements that have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// Elements that stand as paragraphs of their own.
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true, "dd": true,
	"div": true, "dl": true, "dt": true, "figure": true, "footer": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hr": true, "html": true,
	"li": true, "main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true,
	"table": true, "tr": true, "ul": true,
}

// Elements whose content is never text to read.
var hiddenElements = map[string]bool{"head": true, "script": true, "style": true, "template": true, "title": true}

// element is an open element, as far as the text cares.
type element struct {
	name   string
	block  bool
	skip   bool   // left out with everything in it
	pre    bool   // keeps its white space
	closer string // written at its end (an isolate's PDI)
	href   string // a link: its address
	label  int    // a link: where its label starts in the text
	items  int    // an ol: items so far
}

// textWriter accumulates the text. Breaks and spaces are owed, not written,
// until text follows, so none trail a paragraph.
type textWriter struct {
	b      strings.Builder
	stack  []element
	breaks int  // line breaks owed: 1 a new line, 2 a blank line
	space  bool // a collapsed space owed
	links  []string
}

func (w *textWriter) skipping() bool {
	return slices.ContainsFunc(w.stack, func(e element) bool { return e.skip })
}

func (w *textWriter) keepsSpace() bool {
	return slices.ContainsFunc(w.stack, func(e element) bool { return e.pre })
}

// owe asks for n line breaks before the next text.
func (w *textWriter) owe(n int) { w.breaks = max(w.breaks, n) }

// write puts s in the text after what is owed.
func (w *textWriter) write(s string) {
	if s == "" {
		return
	}
	out := w.b.String()
	switch {
	case out == "":
	case w.breaks > 0:
		have := len(out) - len(strings.TrimRight(out, "\n"))
		for range w.breaks - have {
			w.b.WriteByte('\n')
		}
	case w.space && !strings.HasSuffix(out, " ") && !strings.HasSuffix(out, "\n"):
		w.b.WriteByte(' ')
	}
	w.breaks, w.space = 0, false
	w.b.WriteString(s)
}

// htmlSpace is what HTML collapses: ASCII white space only (not U+00A0).
const htmlSpace = " \t\n\f\r"

func isHTMLSpace(r rune) bool { return strings.ContainsRune(htmlSpace, r) }

func (w *textWriter) text(s string) {
	if w.skipping() || s == "" {
		return
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if w.keepsSpace() {
		w.write(s)
		return
	}
	if isHTMLSpace(rune(s[0])) {
		w.space = true
	}
	for _, word := range strings.FieldsFunc(s, isHTMLSpace) {
		w.write(word)
		w.space = true
	}
	w.space = isHTMLSpace(rune(s[len(s)-1])) || (w.space && strings.TrimFunc(s, isHTMLSpace) == "")
}

func (w *textWriter) open(t html.Token, void bool) {
	e := element{name: t.Data, block: blockElements[t.Data], skip: hiddenElements[t.Data], pre: t.Data == "pre"}
	dir := ""
	for _, a := range t.Attr {
		switch a.Key {
		case htmlOnly:
			e.skip = true
		case "style":
			e.pre = e.pre || strings.Contains(strings.ReplaceAll(a.Val, " ", ""), "white-space:pre")
		case "dir":
			dir = strings.ToLower(a.Val)
		case "href":
			if t.Data == "a" {
				e.href = a.Val
				w.links = append(w.links, a.Val)
			}
		}
	}
	if t.Data == "bdi" && dir == "" {
		dir = "auto"
	}
	if !w.skipping() && !e.skip {
		switch {
		case t.Data == "br":
			w.b.WriteByte('\n')
			w.breaks, w.space = 0, false
		case t.Data == "li":
			w.owe(1)
			w.write(w.marker())
		case e.block:
			w.owe(2)
		}
		if dir != "" && !e.block && !void {
			w.write(isolates[dir])
			e.closer = pdi
		}
	}
	if void {
		return
	}
	e.label = w.b.Len()
	w.stack = append(w.stack, e)
}

// isolates is the isolate each dir opens; "auto" and anything unknown take
// their direction from the text.
var isolates = map[string]string{"ltr": lri, "rtl": rli, "auto": fsi}

// marker is the mark of a new list item: "- ", or "n. " in an ol.
func (w *textWriter) marker() string {
	for i := len(w.stack) - 1; i >= 0; i-- {
		switch w.stack[i].name {
		case "ol":
			w.stack[i].items++
			return strconv.Itoa(w.stack[i].items) + ". "
		case "ul":
			return "- "
		}
	}
	return "- "
}

// close ends the innermost open element called name, and any still open
// inside it; an end tag with no such element is ignored.
func (w *textWriter) close(name string) {
	for i := len(w.stack) - 1; i >= 0; i-- {
		if w.stack[i].name == name {
			for len(w.stack) > i {
				w.pop()
			}
			return
		}
	}
}

func (w *textWriter) closeAll() {
	for len(w.stack) > 0 {
		w.pop()
	}
}

func (w *textWriter) pop() {
	e := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	if w.skipping() || e.skip {
		return
	}
	if e.closer != "" {
		w.b.WriteString(e.closer)
	}
	if e.name == "a" && e.href != "" {
		label := strings.Trim(w.b.String()[min(e.label, w.b.Len()):], " \n"+lri+rli+fsi+pdi)
		switch {
		case label == "":
			w.write(e.href)
		case label != e.href && "mailto:"+label != e.href:
			w.b.WriteString(": " + e.href)
		}
	}
	switch {
	case e.name == "li":
		w.owe(1)
	case e.block:
		w.owe(2)
	}
}

// result is the text with no line ending in spaces and no blank lines
// around it.
func (w *textWriter) result() string {
	lines := strings.Split(w.b.String(), "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
