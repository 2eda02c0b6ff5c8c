package local

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
)

// Options configures the stack. The zero value runs the repository's
// template on the usual local ports.
type Options struct {
	// Root is the repository root (template.yaml, Makefile, infra/); by
	// default the nearest folder above the working directory with a go.mod.
	Root string
	// Template is the SAM template; default <Root>/template.yaml.
	Template string
	// DataDir is dynalite's data folder, kept across runs; default
	// <Root>/.local/dynamodb. With Ephemeral and no DataDir, a temporary
	// folder removed by Close.
	DataDir   string
	Ephemeral bool
	// BuildDir holds the built bootstraps and emulator; default <Root>/.local/build.
	BuildDir string
	// Addresses to listen on. Port 0 picks a free port; the URL methods
	// report the one chosen.
	HTTPAddr   string // default 127.0.0.1:3000
	InvokeAddr string // default 127.0.0.1:3001
	DynamoAddr string // default 127.0.0.1:8000
	SESAddr    string // default 127.0.0.1:8005
	// Params overrides template parameters. Defaults: PublicBaseUrl is the
	// HTTP API's URL (HTTPURL: localhost on a loopback address),
	// SenderEmail noreply@tehpug.local, OrganizerEmails
	// $ORGANIZER_EMAILS or organizer@example.org, SiteOrigin
	// http://127.0.0.1:1313 (Hugo's server), or with SiteSource the site's
	// origin, and ThankYouUrl its /thanks/ page.
	Params map[string]string
	// SiteSource is a Hugo site (site/example) to build against the HTTP
	// API once it runs and serve on SiteAddr (default 127.0.0.1:1313);
	// Hugo is the hugo binary (default: on the PATH). "" serves no site.
	SiteSource, SiteAddr, Hugo string
	// TableName is the DynamoDB table's name; default "tehpug".
	TableName string
	// PoolMax is the most environments one function runs at once; default 4.
	PoolMax int
	// Functions limits the stack to these logical IDs; default all.
	Functions []string
	// Bootstraps maps logical IDs to prebuilt bootstrap binaries, which are
	// then not built with make (tests use it for their own functions).
	Bootstraps map[string]string
	// Log receives the stack's log and the functions' logs; default slog.Default().
	Log *slog.Logger
}

func (o *Options) setDefaults() error {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Root == "" {
		root, err := FindRoot()
		if err != nil {
			return fmt.Errorf("%w or set Options.Root", err)
		}
		o.Root = root
	}
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&o.Template, filepath.Join(o.Root, "template.yaml"))
	if !o.Ephemeral {
		def(&o.DataDir, filepath.Join(o.Root, ".local", "dynamodb"))
	}
	def(&o.BuildDir, filepath.Join(o.Root, ".local", "build"))
	def(&o.HTTPAddr, "127.0.0.1:3000")
	def(&o.InvokeAddr, "127.0.0.1:3001")
	def(&o.DynamoAddr, "127.0.0.1:8000")
	def(&o.SESAddr, "127.0.0.1:8005")
	def(&o.TableName, "tehpug")
	def(&o.SiteAddr, "127.0.0.1:1313")
	if o.PoolMax <= 0 {
		o.PoolMax = 4
	}
	return nil
}

// FindRoot walks up from the working directory to the module root: the
// nearest folder with a go.mod.
func FindRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run from the repository")
		}
		dir = parent
	}
}

// defaultParams gives the template's parameters without defaults their local
// values, then the website's (site); overrides win.
func defaultParams(httpURL string, site, overrides map[string]string) map[string]string {
	p := map[string]string{
		"PublicBaseUrl":   httpURL,
		"SenderEmail":     "noreply@tehpug.local",
		"OrganizerEmails": "organizer@example.org",
		"SiteOrigin":      "http://127.0.0.1:1313",
	}
	if v := os.Getenv("ORGANIZER_EMAILS"); v != "" {
		p["OrganizerEmails"] = v
	}
	maps.Copy(p, site)
	maps.Copy(p, overrides)
	return p
}
