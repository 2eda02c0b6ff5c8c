package email

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestGeneratedFilesAreFresh generates every .templ file again, in a copy of
// this directory, and fails if a committed *_templ.go differs, is missing,
// or has no .templ file left: go build uses the committed files, so a
// template edited without `go tool templ generate` would not be what is
// sent.
func TestGeneratedFilesAreFresh(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to run templ with")
	}
	sources, err := filepath.Glob("*.templ")
	if err != nil || len(sources) == 0 {
		t.Fatalf("no .templ files (%v)", err)
	}
	dir := t.TempDir()
	for _, src := range sources {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, src), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "tool", "templ", "generate", "-path", dir, "-log-level", "error")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("templ generate: %v\n%s", err, out)
	}

	committed, _ := filepath.Glob("*_templ.go")
	fresh, _ := filepath.Glob(filepath.Join(dir, "*_templ.go"))
	for i := range fresh {
		fresh[i] = filepath.Base(fresh[i])
	}
	for _, name := range committed {
		if !slices.Contains(fresh, name) {
			t.Errorf("%s has no .templ file: delete it", name)
		}
	}
	for _, name := range fresh {
		want, _ := os.ReadFile(filepath.Join(dir, name))
		got, err := os.ReadFile(name)
		switch {
		case err != nil:
			t.Errorf("%s is missing: run `go tool templ generate` in internal/email", name)
		case !bytes.Equal(got, want):
			t.Errorf("%s is stale: run `go tool templ generate` in internal/email (%s)", name, firstDiff(string(got), string(want)))
		}
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ": have " + g[i] + ", want " + w[i]
		}
	}
	return "one ends early"
}
