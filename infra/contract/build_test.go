package contract

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tehpug/backend/internal/testenv"
)

// TestMakeBuildsEveryFunction runs each function's build-<LogicalId> target,
// as `sam build` does, for Lambda's arm64 and for this machine's amd64, and
// checks the bootstrap it leaves is a static Linux binary for that machine.
func TestMakeBuildsEveryFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every function twice")
	}
	tpl := load(t)
	machines := map[string]elf.Machine{"arm64": elf.EM_AARCH64, "amd64": elf.EM_X86_64}
	for _, f := range goFunctions(t, tpl) {
		for arch, machine := range machines {
			t.Run(f.LogicalID+"/"+arch, func(t *testing.T) {
				dir := t.TempDir()
				cmd := exec.Command("make", "--no-print-directory", "build-"+f.LogicalID, "ARTIFACTS_DIR="+dir, "GOARCH="+arch)
				cmd.Dir = testenv.Root()
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("make build-%s: %v\n%s", f.LogicalID, err, out)
				}
				bin, err := elf.Open(filepath.Join(dir, "bootstrap"))
				if err != nil {
					t.Fatalf("no bootstrap: %v", err)
				}
				defer bin.Close()
				if bin.Machine != machine {
					t.Errorf("bootstrap is for %v, want %v", bin.Machine, machine)
				}
				for _, p := range bin.Progs {
					if p.Type == elf.PT_INTERP {
						t.Errorf("bootstrap is dynamically linked; provided.al2023 wants a static binary")
					}
				}
			})
		}
	}
}

// TestMakeBuildsEveryPythonFunction runs each Python function's
// build-<LogicalId> target, as `sam build` does, and checks the artifact
// holds the handler's module and the packages it imports, and no tests.
func TestMakeBuildsEveryPythonFunction(t *testing.T) {
	tpl := load(t)
	for _, f := range tpl.Functions {
		if !f.Python() {
			continue
		}
		t.Run(f.LogicalID, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command("make", "--no-print-directory", "build-"+f.LogicalID, "ARTIFACTS_DIR="+dir)
			cmd.Dir = testenv.Root()
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("make build-%s: %v\n%s", f.LogicalID, err, out)
			}
			file, _ := handlerFile(f)
			for _, want := range []string{file, "battlefield/__init__.py", "runner/child.py", "runner/check.py"} {
				if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
					t.Errorf("the artifact has no %s", want)
				}
			}
			for _, unwanted := range []string{"tests", "bootstrap", "match.py", "starters"} {
				if _, err := os.Stat(filepath.Join(dir, unwanted)); err == nil {
					t.Errorf("the artifact holds %s", unwanted)
				}
			}
		})
	}
}
