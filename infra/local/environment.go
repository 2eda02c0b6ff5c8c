package local

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Lambda's limits on synchronous invocations.
const (
	maxPayload  = 6 * 1024 * 1024 // request and response, bytes
	maxInitTime = 10 * time.Second
)

// function is everything needed to run one of the template's functions.
type function struct {
	ID        string
	Bootstrap string        // path of the built bootstrap binary
	Env       []string      // KEY=value, as Lambda would set them
	Timeout   time.Duration // the template's Timeout
}

// invocation is the request-scoped data passed to the emulator.
type invocation struct {
	RequestID string // Lambda's request ID (the context's AwsRequestID)
	TraceID   string // X-Amzn-Trace-Id, becomes _X_AMZN_TRACE_ID
}

// result is what one invocation produced.
type result struct {
	Payload []byte
	// FunctionError is "Unhandled" when the function failed (returned an
	// error, crashed or timed out), as Lambda's X-Amz-Function-Error.
	FunctionError string
}

// environment is one execution environment: a Runtime Interface Emulator
// process running the function's bootstrap. Like Lambda's, it serves one
// invocation at a time; the emulator panics on concurrent ones.
type environment struct {
	fn   *function
	n    int // number within its pool, for logs
	url  string
	proc *child
	http *http.Client
	log  *slog.Logger
	// inits receives the INIT duration the emulator reports once the
	// runtime has initialised (ColdStart waits for it).
	inits chan time.Duration
	// unbound is set when the emulator could not listen for its runtime
	// (it binds that port on the first invocation, after another process
	// may have taken it): the invocation never reached the function.
	unbound atomic.Bool
	// unreached closes when the runtime could not reach the emulator's
	// runtime API (the emulator starts it as it binds that port, and a
	// runtime quick enough under load finds nobody listening): that
	// invocation never reached the function either.
	unreached     chan struct{}
	unreachedOnce sync.Once
}

// missed reports whether the invocation under way never reached the
// function, waiting up to wait for the runtime's last words: an
// invocation the pool may run again on a fresh environment.
func (e *environment) missed(wait time.Duration) bool {
	if e.unbound.Load() {
		return true
	}
	select {
	case <-e.unreached:
		return true
	default:
	}
	if wait <= 0 {
		return false
	}
	select {
	case <-e.unreached:
		return true
	case <-time.After(wait):
		return false
	}
}

// startEnvironment starts the emulator for fn and waits until it listens.
// The function itself initialises on the first invocation, as in Lambda.
func startEnvironment(ctx context.Context, rie string, fn *function, n int, log *slog.Logger) (*environment, error) {
	log = log.With("function", fn.ID, "env", n)
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a port picked may be taken before the emulator binds it
		addrs, err := claimAddrs("emulator", "127.0.0.1:0", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		apiAddr, runtimeAddr := addrs[0], addrs[1]
		cmd := exec.Command(rie,
			"--log-level", "info",
			"--runtime-interface-emulator-address", apiAddr,
			"--runtime-api-address", runtimeAddr,
			fn.Bootstrap)
		cmd.Dir = filepath.Dir(fn.Bootstrap) // the emulator's task root
		cmd.Env = fn.Env
		e := &environment{fn: fn, n: n, url: "http://" + apiAddr + "/2015-03-31/functions/function/invocations", log: log, inits: make(chan time.Duration, 1), unreached: make(chan struct{})}
		proc, err := startChild(fn.ID+" environment", cmd, e.runtimeLine, e.emulatorLine)
		if err != nil {
			return nil, err
		}
		e.proc = proc
		e.http = &http.Client{Timeout: maxInitTime + fn.Timeout + 5*time.Second}
		if lastErr = waitTCP(ctx, apiAddr, proc, 10*time.Second); lastErr == nil {
			log.Debug("environment started", "pid", proc.pid(), "addr", apiAddr)
			return e, nil
		}
		e.close()
	}
	return nil, fmt.Errorf("start an environment for %s: %w", fn.ID, lastErr)
}

// waitTCP waits until addr accepts connections.
func waitTCP(ctx context.Context, addr string, proc *child, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not listening after %s: %s", addr, limit, proc.describe())
		}
		select {
		case <-proc.done:
			return errors.New(proc.describe())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// alive reports whether the emulator is still running.
func (e *environment) alive() bool { return !e.proc.exited() }

// invoke runs one invocation. An error means the environment itself failed
// and must not be reused; a failing function is a result with FunctionError.
func (e *environment) invoke(ctx context.Context, payload []byte, inv invocation) (result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(payload))
	if err != nil {
		return result{}, err
	}
	req.Header.Set("X-Amzn-RequestId", inv.RequestID)
	if inv.TraceID != "" {
		req.Header.Set("X-Amzn-Trace-Id", inv.TraceID)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return result{}, fmt.Errorf("%s environment %d: %w", e.fn.ID, e.n, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPayload+1))
	if err != nil {
		return result{}, fmt.Errorf("%s environment %d: read answer: %w", e.fn.ID, e.n, err)
	}
	switch {
	case resp.StatusCode == http.StatusBadGateway:
		// The runtime exited or failed to initialise; the emulator starts
		// it again on the next invocation.
		return result{Payload: body, FunctionError: "Unhandled"}, nil
	case resp.StatusCode != http.StatusOK:
		return result{}, fmt.Errorf("%s environment %d: emulator answered %s: %s", e.fn.ID, e.n, resp.Status, body)
	case len(body) > maxPayload:
		return lambdaError("Function.ResponseSizeTooLarge",
			fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", maxPayload)), nil
	case bytes.HasPrefix(body, []byte("Task timed out after")):
		// The emulator answers a timeout with this text and status 200.
		return lambdaError("Sandbox.Timedout", inv.RequestID+" "+string(body)), nil
	case isErrorPayload(body):
		return result{Payload: body, FunctionError: "Unhandled"}, nil
	}
	return result{Payload: body}, nil
}

// lambdaError is the answer Lambda gives for a failure outside the handler.
func lambdaError(errorType, message string) result {
	b, _ := json.Marshal(map[string]string{"errorType": errorType, "errorMessage": message})
	return result{Payload: b, FunctionError: "Unhandled"}
}

// isErrorPayload tells a handler's error from its answer. The emulator does
// not say which it was, so this is the same guess `sam local` makes: an
// object holding errorMessage and errorType and nothing else a runtime adds.
func isErrorPayload(body []byte) bool {
	if len(body) == 0 || body[0] != '{' {
		return false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	if _, ok := m["errorMessage"]; !ok {
		return false
	}
	if _, ok := m["errorType"]; !ok {
		return false
	}
	for k := range m {
		switch k {
		case "errorMessage", "errorType", "stackTrace", "errorCause", "cause", "requestId":
		default:
			return false
		}
	}
	return true
}

// close stops the emulator and the runtime it started (which it puts in a
// process group of its own).
func (e *environment) close() {
	if e.proc == nil {
		return
	}
	// Both at once, so neither lives to log the other's end.
	runtimes := childPIDs(e.proc.pid())
	_ = syscall.Kill(-e.proc.pid(), syscall.SIGKILL)
	for _, pid := range runtimes {
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}
	e.proc.stop(0)
}

// pids lists the emulator's process and the runtime processes under it.
func (e *environment) pids() []int {
	return append([]int{e.proc.pid()}, childPIDs(e.proc.pid())...)
}

var (
	// "25 Nov 2026 17:29:49,294 [INFO] (rapid) INIT REPORT(durationMs: 3.548000)"
	emulatorLog = regexp.MustCompile(`^\d+ \w+ \d+ [\d:,]+ \[(\w+)\] \((\w+)\) (.*)$`)
	initReport  = regexp.MustCompile(`^INIT REPORT\(durationMs: ([\d.]+)\)`)
)

// emulatorLine handles a line of the emulator's own log (its stderr).
func (e *environment) emulatorLine(line string) {
	if strings.Contains(line, "Runtime API Server failed to listen") {
		e.unbound.Store(true)
	}
	m := emulatorLog.FindStringSubmatch(line)
	if m == nil {
		e.log.Warn(line, "source", "emulator")
		return
	}
	level, msg := m[1], m[3]
	if r := initReport.FindStringSubmatch(msg); r != nil {
		ms, _ := strconv.ParseFloat(r[1], 64)
		e.log.Info("init", "durationMs", ms)
		select {
		case e.inits <- time.Duration(ms * float64(time.Millisecond)):
		default:
		}
		return
	}
	switch level {
	case "WARNING", "WARN", "ERROR", "FATAL", "PANIC":
		e.log.Warn(msg, "source", "emulator")
	default:
		e.log.Debug(msg, "source", "emulator")
	}
}

// runtimeLine handles a line the function or the platform wrote (the
// emulator's stdout): the function's JSON logs keep their level and fields.
func (e *environment) runtimeLine(line string) {
	if strings.Contains(line, "failed to get the next invoke") && strings.Contains(line, "connection refused") {
		e.unreachedOnce.Do(func() { close(e.unreached) })
	}
	for _, p := range []string{"START RequestId:", "END RequestId:", "REPORT RequestId:"} {
		if strings.HasPrefix(line, p) {
			e.log.Debug(strings.TrimSpace(line), "source", "platform")
			return
		}
	}
	var rec map[string]any
	if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &rec) != nil {
		e.log.Info(line, "source", "function")
		return
	}
	level := slog.LevelInfo
	if s, ok := rec["level"].(string); ok {
		s = strings.ToUpper(s)
		if s == "WARNING" {
			s = "WARN"
		}
		_ = level.UnmarshalText([]byte(s))
	}
	msg, _ := rec["msg"].(string)
	if msg == "" {
		msg, _ = rec["message"].(string)
	}
	attrs := []any{"source", "function"}
	for _, k := range slices.Sorted(maps.Keys(rec)) {
		switch k {
		case "time", "timestamp", "level", "msg", "message":
			continue
		}
		attrs = append(attrs, k, rec[k])
	}
	e.log.Log(context.Background(), level, msg, attrs...)
}
