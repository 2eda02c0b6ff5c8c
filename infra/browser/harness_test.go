// Package browser drives the system's pages in a real browser: headless
// Chromium from the OS packages, through chromedp, against the whole local
// stack (the functions' real bootstraps under the Lambda Runtime Interface
// Emulator, dynalite, the SES emulator, and the example website built with
// Hugo against it), as make run serves it. Every
// page is checked with axe-core and saved as a screenshot at phone and
// desktop widths for a person to look at.
package browser

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
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/testenv"
)

// stack is the local system every test in this package runs against.
var stack *local.Stack

// The addresses on the stack's OrganizerEmails: one who works in English,
// one in Persian (each organizer's language is remembered).
const (
	organizer   = "organizer@example.org"
	organizerFa = "organizer-fa@example.org"
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := chromiumPath(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var err error
	stack, err = local.Start(context.Background(), local.Options{
		Root: testenv.Root(), Ephemeral: true, BuildDir: filepath.Join(testenv.Root(), ".local", "build-browser"),
		HTTPAddr: "127.0.0.1:0", InvokeAddr: "127.0.0.1:0", DynamoAddr: "127.0.0.1:0", SESAddr: "127.0.0.1:0",
		// Every test signs organizers in again: more sign-in emails to one
		// address than the default daily cap (3) lets through.
		TableName: "browser", Params: map[string]string{"OrganizerEmails": organizer + "," + organizerFa + "," + mentorshipOrganizers, "DailyEmailLimit": "20"},
		// The example website, built against this stack and served on its
		// own origin (the API's SiteOrigin, and its thank-you page).
		SiteSource: filepath.Join("site", "example"), SiteAddr: "127.0.0.1:0",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "start the local stack:", err)
		return 1
	}
	defer stack.Close()
	return m.Run()
}

// chromiumPath finds Chromium: $CHROMIUM, else chromium or chromium-browser
// on the PATH. make test installs Debian's package when it can; the tests
// never skip for want of it.
func chromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("the browser tests need Chromium: install the chromium package (make test does it as root on Debian), or set CHROMIUM")
}

// Widths at which every page is checked and photographed.
var widths = []struct {
	name          string
	width, height int64
	mobile        bool
}{
	{"phone", 390, 844, true},
	{"desktop", 1280, 800, false},
}

// browser starts a headless Chromium for one test and returns a tab; both
// end with the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// do runs steps in the tab, in order, failing the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// navigate runs steps that make the tab load a page (a click on a link or
// a form's button) and waits for it; it returns the page's HTTP status.
func navigate(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Status
}

// get runs one action in the tab and returns its value, failing the test
// on error.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// shotsDir is where a test's screenshots go: $SCREENSHOTS or
// .local/screenshots, then the test's name.
func shotsDir(t *testing.T) string {
	base := os.Getenv("SCREENSHOTS")
	if base == "" {
		base = filepath.Join(testenv.Root(), ".local", "screenshots")
	}
	dir := filepath.Join(base, regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(t.Name(), "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// check checks the page the tab shows as a person would meet it: at every
// width it is saved as a screenshot named name, and axe-core finds no
// violation of an impact in fail ("minor", "moderate", "serious", "critical").
func check(t *testing.T, ctx context.Context, name string, fail ...string) {
	t.Helper()
	dir := shotsDir(t)
	for _, w := range widths {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
		if w.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
		}
		do(t, ctx, chromedp.EmulateViewport(w.width, w.height, opts...))
		// The whole page, by a viewport as tall as it: Chromium's capture
		// beyond the viewport shifts right-to-left pages sideways.
		if h := get(t, ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`)); h > w.height {
			do(t, ctx, chromedp.EmulateViewport(w.width, h, opts...))
		}
		png := get(t, ctx, chromedp.CaptureScreenshot())
		file := filepath.Join(dir, name+"-"+w.name+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, v := range axe(t, ctx) {
			for _, impact := range fail {
				if v.Impact == impact {
					t.Errorf("%s at %s width: axe %s violation %s: %s (%d nodes, e.g. %s)", name, w.name, v.Impact, v.ID, v.Help, len(v.Nodes), v.firstTarget())
				}
			}
		}
	}
	t.Logf("screenshots of %s in %s", name, dir)
}

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

func (v axeViolation) firstTarget() string {
	if len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 {
		return "?"
	}
	return fmt.Sprint(v.Nodes[0].Target[0])
}

// axe runs axe-core (infra/node_modules, pinned in infra/package.json) on
// the page and returns what it found.
func axe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(testenv.Root(), "infra", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core (make node-tools installs it): %v", err)
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](string(src)))
	raw := get(t, ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe results %q: %v", raw, err)
	}
	return vs
}

// emailsTo lists the emails the stack's SES emulator holds for address, oldest first.
func emailsTo(t *testing.T, address string) []local.Email {
	t.Helper()
	mails, err := stack.EmailsTo(context.Background(), address)
	if err != nil {
		t.Fatal(err)
	}
	return mails
}

// linkIn returns the emailed link to route in the newest email to address.
func linkIn(t *testing.T, address, route string) string {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(stack.HTTPURL()+route) + `\?token=[A-Za-z0-9_-]+`)
	mails := emailsTo(t, address)
	for i := len(mails) - 1; i >= 0; i-- {
		if m := re.FindString(mails[i].Text); m != "" {
			return m
		}
	}
	t.Fatalf("no %s link emailed to %s among %d emails", route, address, len(mails))
	return ""
}

// post sends a JSON body to the stack's HTTP API, as the website's scripts do.
func post(t *testing.T, path, body string) int {
	t.Helper()
	resp, err := http.Post(stack.HTTPURL()+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
