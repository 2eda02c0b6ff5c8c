package web

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// Pages are templ components: executing an html/template or text/template
// would add megabytes to every binary that links this package.
func TestNoGoTemplates(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "html/template" || p == "text/template" {
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
}
