package mail

// This file is the package's template engine: the few text/template actions
// the email files use, executed without reflection. text/template and
// html/template look methods up by name at run time (reflect's MethodByName),
// which makes the linker keep every exported method of every type in the
// binary: megabytes more with the AWS SDK, and a slower cold start.
//
// The syntax is text/template's, with its exact trimming ("{{- " and " -}}"):
//
//	{{/* a comment */}}
//	{{define "name"}}...{{end}}        only at the top level of a file
//	{{template "name" .}}              or {{template "name" .Field}}
//	{{.Field}}                         fmt.Sprint of the value
//	{{if .Field}}...{{else}}...{{end}} {{else}} optional
//
// Data is a map[string]string or a map[string]any; a missing key is an
// error. In an HTML set every printed value is escaped with
// html.EscapeString, which is enough in element content and in quoted
// attribute values; check refuses any other place (inside a tag, an unquoted
// value, <script>, <style>, an on* or style attribute, an HTML comment), and
// a value that begins a URL attribute (href="{{.Link}}") loses an unsafe
// scheme such as javascript:, as with html/template.

import (
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"
)

// errMissingKey is the error for an action that names a key the data lacks.
var errMissingKey = errors.New("no such key in the data")

// templateSet is the named templates ({{define}} blocks) of one email in one
// format, parsed from one or more files.
type templateSet struct {
	html bool // escape printed values and check where they are printed
	defs map[string]*definition
}

// definition is one {{define}} block.
type definition struct {
	name, pos string
	body      []node
	state     checkState
}

type checkState uint8

const (
	unchecked checkState = iota
	checking
	checked
)

type nodeKind uint8

const (
	textNode     nodeKind = iota // literal text
	fieldNode                    // {{.Field}}
	ifNode                       // {{if .Field}}then{{else}}els{{end}}
	templateNode                 // {{template "name" .Field}}
)

type node struct {
	kind      nodeKind
	pos       string // file:line of the action, for errors
	text      string // textNode: the text; templateNode: the template called
	field     string // the key printed, tested or passed on; "" is dot itself
	then, els []node // ifNode's branches
	url       bool   // fieldNode in HTML: the value begins a URL attribute
}

// newTemplateSet returns an empty set; html makes it escape for HTML.
func newTemplateSet(html bool) *templateSet {
	return &templateSet{html: html, defs: make(map[string]*definition)}
}

// execute renders the template name with dot as its data. The set must have
// been checked from name.
func (s *templateSet) execute(name string, dot any) (string, error) {
	d, ok := s.defs[name]
	if !ok || d.state != checked {
		return "", fmt.Errorf("no checked template %q", name)
	}
	var b strings.Builder
	if err := s.run(&b, d.body, dot); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (s *templateSet) run(b *strings.Builder, nodes []node, dot any) error {
	for i := range nodes {
		n := &nodes[i]
		switch n.kind {
		case textNode:
			b.WriteString(n.text)
		case fieldNode:
			v, err := lookup(dot, n.field)
			if err != nil {
				return fmt.Errorf("%s: %w", n.pos, err)
			}
			s.print(b, v, n.url)
		case ifNode:
			v, err := lookup(dot, n.field)
			if err != nil {
				return fmt.Errorf("%s: %w", n.pos, err)
			}
			ok, err := truth(v)
			if err != nil {
				return fmt.Errorf("%s: {{if .%s}}: %w", n.pos, n.field, err)
			}
			branch := n.els
			if ok {
				branch = n.then
			}
			if err := s.run(b, branch, dot); err != nil {
				return err
			}
		case templateNode:
			arg := dot
			if n.field != "" {
				v, err := lookup(dot, n.field)
				if err != nil {
					return fmt.Errorf("%s: %w", n.pos, err)
				}
				arg = v
			}
			if err := s.run(b, s.defs[n.text].body, arg); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *templateSet) print(b *strings.Builder, v any, url bool) {
	str, ok := v.(string)
	if !ok {
		str = fmt.Sprint(v)
	}
	if s.html {
		if url && !safeURL(str) {
			str = "#ZgotmplZ" // html/template's marker for a filtered value
		}
		str = html.EscapeString(str)
	}
	b.WriteString(str)
}

// lookup reads key from dot, which must be one of the two data maps.
func lookup(dot any, key string) (any, error) {
	var (
		v  any
		ok bool
	)
	switch m := dot.(type) {
	case map[string]any:
		v, ok = m[key]
	case map[string]string:
		v, ok = m[key]
	default:
		return nil, fmt.Errorf(".%s: data is a %T, not a map[string]string or map[string]any", key, dot)
	}
	if !ok {
		return nil, fmt.Errorf(".%s: %w", key, errMissingKey)
	}
	return v, nil
}

// truth is {{if}}'s test: a non-empty string, a non-zero number, true.
func truth(v any) (bool, error) {
	switch v := v.(type) {
	case nil:
		return false, nil
	case string:
		return v != "", nil
	case bool:
		return v, nil
	case int:
		return v != 0, nil
	case int8:
		return v != 0, nil
	case int16:
		return v != 0, nil
	case int32:
		return v != 0, nil
	case int64:
		return v != 0, nil
	case uint:
		return v != 0, nil
	case uint8:
		return v != 0, nil
	case uint16:
		return v != 0, nil
	case uint32:
		return v != 0, nil
	case uint64:
		return v != 0, nil
	case float32:
		return v != 0, nil
	case float64:
		return v != 0, nil
	}
	return false, fmt.Errorf("cannot test a %T", v)
}

// safeURL reports whether u has no scheme or a harmless one, as
// html/template's URL filter decides.
func safeURL(u string) bool {
	scheme, _, ok := strings.Cut(u, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// check makes sure that roots exist and that every template they call, in
// turn, exists and does not call itself; in an HTML set it also places each
// action in its HTML context (see the top of this file). Only checked
// templates execute.
func (s *templateSet) check(roots ...string) error {
	for _, name := range roots {
		d, ok := s.defs[name]
		if !ok {
			return fmt.Errorf("no template %q", name)
		}
		if err := s.checkDefinition(d); err != nil {
			return err
		}
	}
	return nil
}

func (s *templateSet) checkDefinition(d *definition) error {
	switch d.state {
	case checking:
		return fmt.Errorf("%s: template %q calls itself", d.pos, d.name)
	case checked:
		return nil
	}
	d.state = checking
	end, err := s.walk(d.body, htmlContext{})
	if err != nil {
		return err
	}
	if s.html && end.state != inText {
		return fmt.Errorf("%s: template %q ends %s", d.pos, d.name, end)
	}
	d.state = checked
	return nil
}

// walk follows nodes from context c and returns the context after them.
// Every called template starts, and must end, in element content.
func (s *templateSet) walk(nodes []node, c htmlContext) (htmlContext, error) {
	for i := range nodes {
		n := &nodes[i]
		switch n.kind {
		case textNode:
			if s.html {
				c = c.after(n.text)
			}
		case fieldNode:
			if s.html {
				if why := c.unsafe(); why != "" {
					return c, fmt.Errorf("%s: {{.%s}} is %s, where HTML escaping is not enough", n.pos, n.field, why)
				}
				n.url = c.beginsURL()
				c.empty = false
			}
		case ifNode:
			then, err := s.walk(n.then, c)
			if err != nil {
				return c, err
			}
			els, err := s.walk(n.els, c)
			if err != nil {
				return c, err
			}
			empty := then.empty || els.empty
			then.empty, els.empty = false, false
			if then != els {
				return c, fmt.Errorf("%s: the branches of {{if .%s}} end in different places: %s and %s", n.pos, n.field, then, els)
			}
			c, c.empty = then, empty
		case templateNode:
			d, ok := s.defs[n.text]
			if !ok {
				return c, fmt.Errorf("%s: no template %q", n.pos, n.text)
			}
			if s.html && c.state != inText {
				return c, fmt.Errorf("%s: {{template %q}} is %s, not in element content", n.pos, n.text, c)
			}
			if err := s.checkDefinition(d); err != nil {
				return c, err
			}
		}
	}
	return c, nil
}

// htmlState is where a point of an HTML document is, as far as escaping
// cares.
type htmlState uint8

const (
	inText        htmlState = iota // element content (also <title>, <textarea>)
	inTag                          // in a tag, between attributes
	inAttrName                     // in an attribute's name
	afterAttrName                  // after a name: "=" or the next attribute
	beforeValue                    // after "="
	inQuoted                       // in a quoted attribute value
	inUnquoted                     // in an unquoted attribute value
	inComment                      // in <!-- -->
	inRawText                      // in <script> or <style>
)

// htmlContext is an htmlState with what the state needs to know.
type htmlContext struct {
	state htmlState
	quote byte   // inQuoted: '"' or '\''
	tag   string // the element of the tag or raw text, lower case; "" in an end tag
	attr  string // the attribute named or valued, lower case
	empty bool   // inQuoted: nothing in the value yet
}

// after returns the context at the end of text, read from c.
func (c htmlContext) after(text string) htmlContext {
	for i := 0; i < len(text); {
		ch := text[i]
		switch c.state {
		case inText:
			switch {
			case strings.HasPrefix(text[i:], "<!--"):
				c.state = inComment
				i += len("<!--")
				continue
			case ch == '<' && i+1 < len(text) && isASCIILetter(text[i+1]):
				n := 1 + nameLen(text[i+1:])
				c = htmlContext{state: inTag, tag: strings.ToLower(text[i+1 : i+n])}
				i += n
				continue
			case ch == '<' && i+2 < len(text) && text[i+1] == '/' && isASCIILetter(text[i+2]):
				c = htmlContext{state: inTag}
				i += 2 + nameLen(text[i+2:])
				continue
			}
		case inTag, afterAttrName:
			switch {
			case ch == '>':
				c = c.closeTag()
			case ch == '=' && c.state == afterAttrName:
				c.state = beforeValue
			case isSpaceByte(ch) || ch == '/':
			default:
				c.state, c.attr = inAttrName, ""
				continue
			}
		case inAttrName:
			switch {
			case ch == '>':
				c = c.closeTag()
			case ch == '=':
				c.state = beforeValue
			case isSpaceByte(ch) || ch == '/':
				c.state = afterAttrName
			default:
				c.attr += strings.ToLower(string(ch))
			}
		case beforeValue:
			switch {
			case ch == '>':
				c = c.closeTag()
			case ch == '"' || ch == '\'':
				c.state, c.quote, c.empty = inQuoted, ch, true
			case isSpaceByte(ch):
			default:
				c.state = inUnquoted
				continue
			}
		case inQuoted:
			if ch == c.quote {
				c.state, c.quote = inTag, 0
			} else {
				c.empty = false
			}
		case inUnquoted:
			switch {
			case ch == '>':
				c = c.closeTag()
			case isSpaceByte(ch):
				c.state = inTag
			}
		case inComment:
			if strings.HasPrefix(text[i:], "-->") {
				c.state = inText
				i += len("-->")
				continue
			}
		case inRawText:
			if end := "</" + c.tag; len(text)-i >= len(end) && strings.EqualFold(text[i:i+len(end)], end) {
				c = htmlContext{state: inTag}
				i += len(end)
				continue
			}
		}
		i++
	}
	return c
}

func (c htmlContext) closeTag() htmlContext {
	if c.tag == "script" || c.tag == "style" {
		return htmlContext{state: inRawText, tag: c.tag}
	}
	return htmlContext{}
}

// unsafe says where a value printed in c would be if html.EscapeString
// cannot keep it in its place there; "" if it can.
func (c htmlContext) unsafe() string {
	switch {
	case c.state == inText:
		return ""
	case c.state == inQuoted && (c.attr == "style" || c.attr == "srcset" || strings.HasPrefix(c.attr, "on")):
		return "in the " + c.attr + " attribute"
	case c.state == inQuoted:
		return ""
	}
	return c.String()
}

// beginsURL reports whether a value printed in c is the start of a URL.
func (c htmlContext) beginsURL() bool {
	if c.state != inQuoted || !c.empty {
		return false
	}
	switch c.attr {
	case "action", "background", "cite", "formaction", "href", "icon", "longdesc", "manifest", "poster", "src", "usemap", "xmlns":
		return true
	}
	return strings.Contains(c.attr, "url") || strings.Contains(c.attr, "uri")
}

func (c htmlContext) String() string {
	switch c.state {
	case inText:
		return "in element content"
	case inQuoted:
		return "in the value of " + c.attr
	case beforeValue, inUnquoted:
		return "in the unquoted value of " + c.attr
	case inComment:
		return "in an HTML comment"
	case inRawText:
		return "in <" + c.tag + ">"
	}
	return "inside a tag"
}

func isASCIILetter(ch byte) bool { return 'a' <= ch|0x20 && ch|0x20 <= 'z' }

func isSpaceByte(ch byte) bool { return strings.IndexByte(spaceChars, ch) >= 0 || ch == '\f' }

// nameLen is the length of the tag name s starts with.
func nameLen(s string) int {
	n := 0
	for n < len(s) && !isSpaceByte(s[n]) && s[n] != '/' && s[n] != '>' {
		n++
	}
	return n
}

// Parsing.

// spaceChars is what text/template's trim markers remove.
const spaceChars = " \t\r\n"

func isSpace(ch byte) bool { return strings.IndexByte(spaceChars, ch) >= 0 }

// item is a piece of a file: literal text, already trimmed, or an action.
type item struct {
	action bool
	text   string // the text, or the action between its delimiters and trim markers
	pos    string // file:line where the action or the text's first non-space starts
}

// lex splits src into text and actions, dropping comments and applying the
// trim markers: "{{- " trims the white space before the action, " -}}" the
// white space after it.
func lex(file, src string) ([]item, error) {
	var items []item
	line, trimStart := 1, false
	for src != "" {
		open := strings.Index(src, "{{")
		if open < 0 {
			open = len(src)
		}
		text, rest := src[:open], src[open:]
		lead := len(text) - len(strings.TrimLeft(text, spaceChars))
		textPos := file + ":" + strconv.Itoa(line+strings.Count(text[:lead], "\n"))
		line += strings.Count(text, "\n")
		if trimStart {
			text = text[lead:]
		}
		if rest == "" {
			if text != "" {
				items = append(items, item{text: text, pos: textPos})
			}
			break
		}
		pos := file + ":" + strconv.Itoa(line)
		inner := rest[len("{{"):]
		if len(inner) >= 2 && inner[0] == '-' && isSpace(inner[1]) {
			text = strings.TrimRight(text, spaceChars)
			inner = inner[2:]
		}
		if text != "" {
			items = append(items, item{text: text, pos: textPos})
		}
		var (
			body, after string
			comment     bool
			err         error
		)
		body, after, trimStart, comment, err = lexAction(inner)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pos, err)
		}
		line += strings.Count(rest[:len(rest)-len(after)], "\n")
		src = after
		if !comment {
			items = append(items, item{action: true, text: body, pos: pos})
		}
	}
	return items, nil
}

// lexAction reads an action or comment from s, which follows its "{{" and
// left trim marker, up to its "}}".
func lexAction(s string) (body, after string, trim, comment bool, err error) {
	if rest, ok := strings.CutPrefix(s, "/*"); ok {
		end := strings.Index(rest, "*/")
		if end < 0 {
			return "", "", false, false, errors.New("unclosed comment")
		}
		rest = rest[end+len("*/"):]
		if after, ok := strings.CutPrefix(rest, "}}"); ok {
			return "", after, false, true, nil
		}
		if len(rest) >= 4 && isSpace(rest[0]) && rest[1:4] == "-}}" {
			return "", rest[4:], true, true, nil
		}
		return "", "", false, false, errors.New("comment ends before closing delimiter")
	}
	var quote byte
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case quote != 0:
			if ch == '\\' && quote == '"' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '`':
			quote = ch
		case strings.HasPrefix(s[i:], "}}"):
			body = s[:i]
			if n := len(body); n >= 2 && body[n-1] == '-' && isSpace(body[n-2]) {
				body, trim = body[:n-2], true
			}
			return strings.TrimSpace(body), s[i+len("}}"):], trim, false, nil
		}
	}
	return "", "", false, false, errors.New("unclosed action")
}

// parse adds the {{define}} blocks of file, whose text is src, to s.
// Outside them a file holds only white space and comments.
func (s *templateSet) parse(file, src string) error {
	items, err := lex(file, src)
	if err != nil {
		return err
	}
	p := &parser{items: items}
	for p.i < len(p.items) {
		it := p.items[p.i]
		p.i++
		if !it.action {
			if strings.TrimSpace(it.text) != "" {
				return fmt.Errorf("%s: text outside {{define}}", it.pos)
			}
			continue
		}
		w, err := words(it.text)
		if err != nil {
			return fmt.Errorf("%s: %w", it.pos, err)
		}
		if len(w) != 2 || w[0] != "define" {
			return fmt.Errorf("%s: {{%s}} outside {{define}}", it.pos, it.text)
		}
		name, err := strconv.Unquote(w[1])
		if err != nil {
			return fmt.Errorf("%s: {{%s}}: the name must be a quoted string", it.pos, it.text)
		}
		body, stop, err := p.list()
		if err != nil {
			return err
		}
		if stop.text != "end" {
			return unclosed(it, stop)
		}
		if d, ok := s.defs[name]; ok {
			return fmt.Errorf("%s: template %q is already defined at %s", it.pos, name, d.pos)
		}
		s.defs[name] = &definition{name: name, pos: it.pos, body: body}
	}
	return nil
}

type parser struct {
	items []item
	i     int
}

// list parses nodes up to an {{else}} or {{end}}, which it returns as stop;
// stop is the zero item at the end of the file.
func (p *parser) list() (nodes []node, stop item, err error) {
	for p.i < len(p.items) {
		it := p.items[p.i]
		p.i++
		if !it.action {
			nodes = append(nodes, node{kind: textNode, text: it.text})
			continue
		}
		w, err := words(it.text)
		if err != nil {
			return nil, item{}, fmt.Errorf("%s: %w", it.pos, err)
		}
		switch {
		case it.text == "end" || it.text == "else":
			return nodes, it, nil
		case len(w) == 1 && isField(w[0]):
			nodes = append(nodes, node{kind: fieldNode, pos: it.pos, field: w[0][1:]})
		case len(w) == 2 && w[0] == "if" && isField(w[1]):
			n := node{kind: ifNode, pos: it.pos, field: w[1][1:]}
			if n.then, stop, err = p.list(); err != nil {
				return nil, item{}, err
			}
			if stop.text == "else" {
				if n.els, stop, err = p.list(); err != nil {
					return nil, item{}, err
				}
			}
			if stop.text != "end" {
				return nil, item{}, unclosed(it, stop)
			}
			nodes = append(nodes, n)
		case len(w) == 3 && w[0] == "template" && (w[2] == "." || isField(w[2])):
			name, err := strconv.Unquote(w[1])
			if err != nil {
				return nil, item{}, fmt.Errorf("%s: {{%s}}: the name must be a quoted string", it.pos, it.text)
			}
			nodes = append(nodes, node{kind: templateNode, pos: it.pos, text: name, field: w[2][1:]})
		default:
			return nil, item{}, fmt.Errorf("%s: unsupported action {{%s}}", it.pos, it.text)
		}
	}
	return nodes, item{}, nil
}

// unclosed is the error for the block opened by it when stop came instead
// of its {{end}}.
func unclosed(it, stop item) error {
	if stop.text == "" {
		return fmt.Errorf("%s: {{%s}} has no {{end}}", it.pos, it.text)
	}
	return fmt.Errorf("%s: unexpected {{%s}} in {{%s}}", stop.pos, stop.text, it.text)
}

// words splits an action into its words; a quoted string is one word.
func words(action string) ([]string, error) {
	var w []string
	for s := strings.TrimLeft(action, spaceChars); s != ""; s = strings.TrimLeft(s, spaceChars) {
		n := strings.IndexAny(s, spaceChars)
		if s[0] == '"' || s[0] == '`' {
			n = quotedLen(s)
			if n < 0 {
				return nil, fmt.Errorf("{{%s}}: unterminated string", action)
			}
		}
		if n < 0 {
			n = len(s)
		}
		w = append(w, s[:n])
		s = s[n:]
	}
	if len(w) == 0 {
		return nil, errors.New("empty action {{}}")
	}
	return w, nil
}

// quotedLen is the length of the quoted string s starts with, or -1.
func quotedLen(s string) int {
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && s[0] == '"':
			i++
		case s[i] == s[0]:
			return i + 1
		}
	}
	return -1
}

// isField reports whether w is ".Name" with Name an identifier.
func isField(w string) bool {
	name, ok := strings.CutPrefix(w, ".")
	if !ok || name == "" {
		return false
	}
	for i, r := range name {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}
