package contract

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/testenv"
)

// TestFunctionsAreNamedAfterTheirLogicalIDs: each HTTP function's handlers
// are internal/httpapi/<name>api and each scheduled function's job is
// internal/jobs/<name>, where name is its logical ID without "Function",
// in lower case; so the template leads to the code by name alone. (A
// Python function's code is where its Handler and the Makefile's
// PYTHON_FUNCTIONS say: TestEveryFunctionHasABuildTarget.)
func TestFunctionsAreNamedAfterTheirLogicalIDs(t *testing.T) {
	tpl := load(t)
	for _, f := range goFunctions(t, tpl) {
		name := strings.ToLower(strings.TrimSuffix(f.LogicalID, "Function"))
		dir := filepath.Join("internal", "jobs", name)
		if len(f.Routes) > 0 {
			dir = filepath.Join("internal", "httpapi", name+"api")
		}
		if st, err := os.Stat(filepath.Join(testenv.Root(), dir)); err != nil || !st.IsDir() {
			t.Errorf("%s: its code is not in %s", f.LogicalID, dir)
		}
	}
}

// TestLayoutTableIsTrue: every path the README's layout table names exists
// (a <placeholder> stands for any name), and every package under internal/
// is in it.
func TestLayoutTableIsTrue(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testenv.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, layout, ok := strings.Cut(string(b), "\n## Layout\n")
	if !ok {
		t.Fatal("README.md has no Layout section")
	}
	layout, _, _ = strings.Cut(layout, "\n## ")
	var patterns []string
	for line := range strings.SplitSeq(layout, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell := strings.Split(line, "|")[1]
		for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(cell, -1) {
			p := strings.TrimSuffix(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], "*"), "/")
			patterns = append(patterns, p)
			if matches, _ := filepath.Glob(filepath.Join(testenv.Root(), p)); len(matches) == 0 {
				t.Errorf("the layout table names %s, which does not exist", m[1])
			}
		}
	}
	named := func(dir string) bool {
		for _, p := range patterns {
			if ok, _ := filepath.Match(p, dir); ok {
				return true
			}
		}
		return false
	}
	err = filepath.WalkDir(filepath.Join(testenv.Root(), "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(testenv.Root(), path)
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if goFiles, _ := filepath.Glob(filepath.Join(path, "*.go")); len(goFiles) > 0 && !named(rel) {
			t.Errorf("the layout table does not name %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
