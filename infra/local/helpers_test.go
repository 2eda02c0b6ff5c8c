package local

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// shared holds what every test of the package reuses: the build folder (so
// the emulator is linked once) and the echo function's bootstrap.
var shared struct {
	dir  string
	once sync.Once
	echo string
	err  error
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperDirEnv); dir != "" {
		// A helper process (see TestParentDeath) uses its parent's folder.
		shared.dir = dir
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "tehpug-local-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shared.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoRoot is the repository root, where the Makefile and infra/ live.
func repoRoot(tb testing.TB) string {
	tb.Helper()
	root, err := FindRoot()
	if err != nil {
		tb.Fatal(err)
	}
	return root
}

// echoBootstrap builds testdata/echo once, as the Makefile builds functions
// (but for this machine).
func echoBootstrap(tb testing.TB) string {
	tb.Helper()
	shared.once.Do(func() {
		out := filepath.Join(shared.dir, "echo", "bootstrap")
		cmd := exec.Command("go", "build", "-trimpath", "-tags", "lambda.norpc", "-o", out, "./testdata/echo")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			shared.err = fmt.Errorf("build echo: %v\n%s", err, b)
			return
		}
		shared.echo = out
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.echo
}

// testOptions runs the test template on free ports with a throwaway table.
func testOptions(tb testing.TB) Options {
	tb.Helper()
	root := repoRoot(tb)
	for _, tool := range []string{"dynalite", "aws-ses-v2-local"} {
		if _, err := nodeTool(root, tool); err != nil {
			tb.Fatalf("%v (the Makefile's test target does this first)", err)
		}
	}
	echo := echoBootstrap(tb)
	return Options{
		Root:       root,
		Template:   filepath.Join("testdata", "template.yaml"),
		Ephemeral:  true,
		BuildDir:   filepath.Join(shared.dir, "build"),
		HTTPAddr:   "127.0.0.1:0",
		InvokeAddr: "127.0.0.1:0",
		DynamoAddr: "127.0.0.1:0",
		SESAddr:    "127.0.0.1:0",
		Params:     map[string]string{"SiteOrigin": "https://site.example"},
		TableName:  "test",
		Bootstraps: map[string]string{"EchoFunction": echo, "OtherFunction": echo},
		Log:        testLogger(tb),
	}
}

// startStack starts a stack and closes it when the test ends.
func startStack(tb testing.TB, o Options) *Stack {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	s, err := Start(ctx, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("stack started in %s: http %s, invoke %s", time.Since(start).Round(time.Millisecond), s.HTTPURL(), s.InvokeURL())
	tb.Cleanup(func() { s.Close() })
	return s
}

// echoStack starts a stack of the echo function alone (so with no $default
// route).
func echoStack(tb testing.TB) *Stack {
	tb.Helper()
	o := testOptions(tb)
	o.Functions = []string{"EchoFunction"}
	return startStack(tb, o)
}

// testLogger logs through t.Log until the test ends; output forwarded from
// processes after that is dropped.
func testLogger(tb testing.TB) *slog.Logger {
	w := &testWriter{tb: tb}
	tb.Cleanup(w.stop)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

type testWriter struct {
	mu   sync.Mutex
	tb   testing.TB
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.tb.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *testWriter) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}

// client sends test requests with only the headers the tests set (Go's
// default transport would add Accept-Encoding).
var client = &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: time.Minute}

// do sends a request and returns the response with its body read.
func do(tb testing.TB, req *http.Request) (*http.Response, []byte) {
	tb.Helper()
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, body
}

func newRequest(tb testing.TB, method, url string, body io.Reader) *http.Request {
	tb.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		tb.Fatal(err)
	}
	return req
}

// recorder keeps the stack's log records (message and attributes) for tests
// that check what was logged, and passes them on.
type recorder struct {
	mu    *sync.Mutex
	recs  *[]map[string]any
	attrs []slog.Attr
	next  slog.Handler
}

func newRecorder(next slog.Handler) *recorder {
	return &recorder{mu: &sync.Mutex{}, recs: &[]map[string]any{}, next: next}
}

func (r *recorder) Enabled(ctx context.Context, l slog.Level) bool { return true }

func (r *recorder) Handle(ctx context.Context, rec slog.Record) error {
	m := map[string]any{"msg": rec.Message, "level": rec.Level}
	for _, a := range r.attrs {
		m[a.Key] = a.Value.Any()
	}
	rec.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.Any()
		return true
	})
	r.mu.Lock()
	*r.recs = append(*r.recs, m)
	r.mu.Unlock()
	if r.next.Enabled(ctx, rec.Level) {
		return r.next.Handle(ctx, rec)
	}
	return nil
}

func (r *recorder) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *r
	c.attrs = append(slices.Clone(r.attrs), attrs...)
	c.next = r.next.WithAttrs(attrs)
	return &c
}

func (r *recorder) WithGroup(name string) slog.Handler {
	c := *r
	c.next = r.next.WithGroup(name)
	return &c
}

// records returns the records whose message is msg.
func (r *recorder) records(msg string) []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]any
	for _, m := range *r.recs {
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// reply is the echo function's answer (testdata/echo).
type reply struct {
	Event     json.RawMessage   `json:"event"`
	PID       int               `json:"pid"`
	RequestID string            `json:"request_id"`
	Env       map[string]string `json:"env"`
}

func decodeJSON(r io.Reader, v any) error {
	return json.NewDecoder(r).Decode(v)
}
