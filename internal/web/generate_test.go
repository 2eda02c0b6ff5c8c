package web

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The committed *_templ.go files are what every build compiles, so they
// must be exactly what the pinned templ generates from the .templ files.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the templ generator")
	}
	// Reading every source and generated file here, not only in the
	// generator, makes go test's cache notice when one of them changes.
	sources, _ := filepath.Glob("*.templ")
	generated, _ := filepath.Glob("*_templ.go")
	if len(sources) == 0 || len(sources) != len(generated) {
		t.Fatalf("templ files %v, generated files %v: want one of each per page file", sources, generated)
	}
	for _, src := range sources {
		for _, f := range []string{src, strings.TrimSuffix(src, ".templ") + "_templ.go"} {
			if _, err := os.ReadFile(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	out, err := exec.Command("go", "tool", "templ", "generate", "-check", "-path", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("generated files are stale; run go generate ./internal/web and commit the result: %v\n%s", err, out)
	}
}

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
