package main

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/tehpug/backend/internal/samtemplate"
)

// helloID names the hello-world function in the tables.
const helloID = "HelloWorld"

// maxBinaryMB is the limit on a bootstrap, in MB (10^6 bytes).
const maxBinaryMB = 12

// binary is one built bootstrap.
type binary struct {
	ID    string
	Path  string
	Bytes int64
	Arch  string // from the ELF header, to show what was measured
}

// measureSizes builds every function of the template and hello-world with
// the Makefile's build target and its default GOARCH (arm64, as `sam build`
// builds them), two at a time, and reports their sizes.
func measureSizes(ctx context.Context, root, dir string, tpl *samtemplate.Template) ([]binary, error) {
	ids := []string{helloID}
	for _, fn := range tpl.Functions {
		if !fn.Python() { // the match runner has no binary
			ids = append(ids, fn.LogicalID)
		}
	}
	bins := make([]binary, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out := filepath.Join(dir, id)
			var path string
			var err error
			if id == helloID {
				path, err = buildHello(ctx, root, out, "")
			} else {
				path, err = makeBuild(ctx, root, "build-"+id, out, "")
			}
			if err != nil {
				errs[i] = err
				return
			}
			bins[i], errs[i] = describeBinary(id, path)
			progress("built %s for %s: %d bytes", id, bins[i].Arch, bins[i].Bytes)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return bins, nil
}

// helloTarget is a build target for hello-world written as the Makefile
// writes its build-<LogicalId> targets, with the Makefile's own GO_BUILD,
// so that hello-world is built exactly as the functions are.
const helloTarget = "build-BenchHelloWorld: ; $(GO_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./infra/bench/hello"

// buildHello builds infra/bench/hello into dir/bootstrap for goarch (the
// Makefile's default when empty).
func buildHello(ctx context.Context, root, dir, goarch string) (string, error) {
	return makeBuild(ctx, root, "build-BenchHelloWorld", dir, goarch, "--eval", helloTarget)
}

// makeBuild runs a Makefile build target into dir and returns the bootstrap
// it wrote. With goarch empty the Makefile's default GOARCH applies: the
// caller's own GOARCH and GOOS are not passed on.
func makeBuild(ctx context.Context, root, target, dir, goarch string, extra ...string) (string, error) {
	args := slices.Concat(extra, []string{"--no-print-directory", target, "ARTIFACTS_DIR=" + dir})
	if goarch != "" {
		args = append(args, "GOARCH="+goarch)
		if runtime.GOOS != "linux" {
			// As infra/local does: the emulator runs the binary here.
			args = append(args, "GO_BUILD=CGO_ENABLED=0 GOOS="+runtime.GOOS+" GOARCH="+goarch+
				" go build -trimpath -tags lambda.norpc -ldflags='-s -w'")
		}
	}
	cmd := exec.CommandContext(ctx, "make", args...)
	cmd.Dir = root
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOARCH=") && !strings.HasPrefix(kv, "GOOS=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Its own process group, all of which a cancelled run stops.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("make %s: %w\n%s", target, err, bytes.TrimSpace(out.Bytes()))
	}
	return filepath.Join(dir, "bootstrap"), nil
}

func describeBinary(id, path string) (binary, error) {
	st, err := os.Stat(path)
	if err != nil {
		return binary{}, err
	}
	b := binary{ID: id, Path: path, Bytes: st.Size(), Arch: "unknown"}
	if f, err := elf.Open(path); err == nil {
		switch f.Machine {
		case elf.EM_AARCH64:
			b.Arch = "arm64"
		case elf.EM_X86_64:
			b.Arch = "amd64"
		default:
			b.Arch = f.Machine.String()
		}
		f.Close()
	}
	return b, nil
}

func mb(bytes int64) float64 { return float64(bytes) / 1e6 }

func printSizes(w io.Writer, bins []binary) {
	fmt.Fprintf(w, "\n## Binary sizes\n\n")
	fmt.Fprintf(w, "Each bootstrap as `make build-<LogicalId>` builds it for `sam build` (GOARCH %s); MB = 10^6 bytes; limit %d MB.\n\n", bins[0].Arch, maxBinaryMB)
	fmt.Fprintf(w, "| Function | Arch | Bytes | MB | vs hello-world | ≤ %d MB |\n|---|---|--:|--:|--:|:-:|\n", maxBinaryMB)
	hello := bins[0].Bytes
	var over []string
	for _, b := range bins {
		ok := mb(b.Bytes) <= maxBinaryMB
		if !ok {
			over = append(over, b.ID)
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.2f | %+.2f MB | %s |\n", b.ID, b.Arch, b.Bytes, mb(b.Bytes), mb(b.Bytes-hello), yesNo(ok))
	}
	if len(over) == 0 {
		fmt.Fprintf(w, "\nEvery binary is within %d MB.\n", maxBinaryMB)
	} else {
		fmt.Fprintf(w, "\nNOT MET: %s above %d MB.\n", strings.Join(over, ", "), maxBinaryMB)
	}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO**"
}
