package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/tehpug/backend/internal/samtemplate"
)

// pyRuntime is the bootstrap the stack runs a Python function with: a
// Lambda Runtime API loop that imports the function's _HANDLER from
// LAMBDA_TASK_ROOT, as Lambda's Python runtime does.
const pyRuntime = "infra/local/pyruntime/bootstrap"

// rieModule is the Lambda Runtime Interface Emulator, a `tool` in go.mod.
const rieModule = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"

// buildRIE builds the emulator into dir and returns its path. Go skips the
// link when the binary is already up to date.
func buildRIE(ctx context.Context, root, dir string) (string, error) {
	out := filepath.Join(dir, "aws-lambda-rie")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, rieModule)
	cmd.Dir = root
	if err := run(cmd); err != nil {
		return "", fmt.Errorf("build the Lambda Runtime Interface Emulator: %w", err)
	}
	return out, nil
}

// buildFunction builds one function for this machine with the Makefile
// target `sam build` uses, into dir, and returns its bootstrap: the Go
// binary, or for a Python function the runtime loop, copied beside the
// function's code (the task root).
func buildFunction(ctx context.Context, root string, fn samtemplate.Function, dir string) (string, error) {
	id := fn.LogicalID
	args := []string{"--no-print-directory", "build-" + id, "ARTIFACTS_DIR=" + dir, "GOARCH=" + runtime.GOARCH}
	if runtime.GOOS != "linux" && !fn.Python() {
		// The Makefile builds for Lambda's Linux; the emulator runs here.
		args = append(args, "GO_BUILD=CGO_ENABLED=0 GOOS="+runtime.GOOS+" GOARCH="+runtime.GOARCH+
			" go build -trimpath -tags lambda.norpc -ldflags='-s -w'")
	}
	cmd := exec.CommandContext(ctx, "make", args...)
	cmd.Dir = root
	if err := run(cmd); err != nil {
		return "", fmt.Errorf("build %s (make build-%s): %w", id, id, err)
	}
	bootstrap := filepath.Join(dir, "bootstrap")
	if fn.Python() {
		b, err := os.ReadFile(filepath.Join(root, pyRuntime))
		if err != nil {
			return "", fmt.Errorf("build %s: %w", id, err)
		}
		if err := os.WriteFile(bootstrap, b, 0o755); err != nil {
			return "", fmt.Errorf("build %s: %w", id, err)
		}
	}
	return bootstrap, nil
}

// buildAll builds the emulator and the functions that have no prebuilt
// bootstrap, two at a time, and returns every function's bootstrap path.
func buildAll(ctx context.Context, root, dir string, fns []samtemplate.Function, prebuilt map[string]string, log *slog.Logger) (rie string, bootstraps map[string]string, err error) {
	bootstraps = map[string]string{}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 2)
	)
	do := func(name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			start := time.Now()
			err := f()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			log.Info("built", "what", name, "ms", time.Since(start).Milliseconds())
		}()
	}
	do("aws-lambda-rie", func() (err error) {
		rie, err = buildRIE(ctx, root, dir)
		return err
	})
	for _, fn := range fns {
		id := fn.LogicalID
		if path, ok := prebuilt[id]; ok {
			bootstraps[id] = path
			continue
		}
		do(id, func() error {
			path, err := buildFunction(ctx, root, fn, filepath.Join(dir, id))
			mu.Lock()
			bootstraps[id] = path
			mu.Unlock()
			return err
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return "", nil, errors.Join(errs...)
	}
	return rie, bootstraps, nil
}

// run runs a build command, returning its output with the error. The
// command runs in its own process group, all of which a cancelled context
// stops (make's go build included).
func run(cmd *exec.Cmd) error {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = childAttr()
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w\n%s", err, bytes.TrimSpace(out.Bytes()))
	}
	return nil
}
