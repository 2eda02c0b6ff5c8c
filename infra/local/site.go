package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// site is a Hugo site (the example site of the website's module) that the
// stack builds against its own HTTP API and serves, as the group's website
// would be: on its own origin, which the API's CORS allows and its form
// posts are redirected to.
type site struct {
	source, buildDir, hugo string
	url                    string // http://host:port, no slash
	listener               net.Listener
	server                 *http.Server
	log                    *slog.Logger

	mu    sync.Mutex
	root  string // the folder being served: the latest build
	built int
}

// openSite claims the site's address, or returns nil when o serves none.
func openSite(o Options) (*site, error) {
	if o.SiteSource == "" {
		return nil, nil
	}
	hugo := o.Hugo
	if hugo == "" {
		p, err := exec.LookPath("hugo")
		if err != nil {
			return nil, errors.New("serving the website needs Hugo: `make hugo` installs it (or set Options.Hugo, or leave out the site)")
		}
		hugo = p
	}
	source := o.SiteSource
	if !filepath.IsAbs(source) {
		source = filepath.Join(o.Root, source)
	}
	l, err := listen("website", o.SiteAddr)
	if err != nil {
		return nil, err
	}
	return &site{source: source, buildDir: filepath.Join(o.BuildDir, "site"), hugo: hugo,
		url: "http://" + l.Addr().String(), listener: l, log: o.Log.With("site", o.SiteSource)}, nil
}

// params are the template parameters that make the API work with the
// site: its origin for CORS, and its thank-you page for form posts.
func (s *site) params() map[string]string {
	if s == nil {
		return nil
	}
	return map[string]string{"SiteOrigin": s.url, "ThankYouUrl": s.url + "/thanks/"}
}

// start builds the site against apiURL and serves it.
func (s *site) start(ctx context.Context, apiURL string) error {
	if s == nil {
		return nil
	}
	if err := s.build(ctx, apiURL); err != nil {
		s.listener.Close()
		return err
	}
	s.server = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(s.serve)}
	go func() {
		if err := s.server.Serve(s.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("website server stopped", "err", err)
		}
	}()
	return nil
}

// build runs Hugo into a new folder and serves that from then on, so a
// page is never read half written. The API's URL reaches the module's
// settings as HUGO_PARAMS_TEHPUG_API; meetups are fetched from it as the
// site builds.
func (s *site) build(ctx context.Context, apiURL string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.built++
	dest := filepath.Join(s.buildDir, fmt.Sprintf("public-%d", s.built))
	if err := os.RemoveAll(dest); err != nil {
		return fmt.Errorf("website: %w", err)
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, s.hugo, "--source", s.source, "--destination", dest, "--baseURL", s.url+"/")
	cmd.Env = append(os.Environ(), "HUGO_PARAMS_TEHPUG_API="+apiURL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("website: hugo build of %s: %w\n%s", s.source, err, out)
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		if strings.HasPrefix(line, "WARN") || strings.HasPrefix(line, "ERROR") {
			s.log.Warn("hugo: " + line)
		}
	}
	old := s.root
	s.root = dest
	if old != "" {
		os.RemoveAll(old)
	}
	s.log.Debug("website built", "dir", dest, "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// serve answers a file of the latest build.
func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	root := s.root
	s.mu.Unlock()
	http.FileServer(http.Dir(root)).ServeHTTP(w, r)
}

func (s *site) close(ctx context.Context) {
	if s == nil {
		return
	}
	if s.server != nil {
		if s.server.Shutdown(ctx) != nil {
			s.server.Close()
		}
	} else {
		s.listener.Close()
	}
}

// SiteURL is the website's address (no trailing slash), "" when the stack
// serves none.
func (s *Stack) SiteURL() string {
	if s.site == nil {
		return ""
	}
	return s.site.url
}

// BuildSite builds the website again against the API, as the group's site
// is rebuilt: its pages then list the meetups planned until now.
func (s *Stack) BuildSite(ctx context.Context) error {
	if s.site == nil {
		return errors.New("the stack serves no website (Options.SiteSource)")
	}
	return s.site.build(ctx, s.httpURL)
}
