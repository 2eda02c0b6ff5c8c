package contract

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/testenv"
)

var (
	fuzzFunc   = regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`)
	fuzzTarget = regexp.MustCompile(`\./[\w/]+:Fuzz\w+`)
)

// TestMakeFuzzesEveryTarget: the Makefile's FUZZ_TARGETS, which make test
// and make fuzz run, list exactly the fuzz targets of the repository, so a
// target added later is fuzzed without anyone remembering to.
func TestMakeFuzzesEveryTarget(t *testing.T) {
	root := testenv.Root()
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		for _, m := range fuzzFunc.FindAllStringSubmatch(string(b), -1) {
			found = append(found, "./"+filepath.ToSlash(rel)+":"+m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, _ := strings.Cut(string(mk), "\nFUZZ_TARGETS =")
	block, _, _ = strings.Cut(block, "\nFUZZTIME")
	listed := fuzzTarget.FindAllString(block, -1)
	slices.Sort(found)
	slices.Sort(listed)
	if len(found) == 0 {
		t.Fatal("no fuzz target found")
	}
	for _, f := range found {
		if !slices.Contains(listed, f) {
			t.Errorf("%s is not in the Makefile's FUZZ_TARGETS", f)
		}
	}
	for _, l := range listed {
		if !slices.Contains(found, l) {
			t.Errorf("the Makefile's FUZZ_TARGETS lists %s, which is no fuzz target", l)
		}
	}
}
