// Package local runs the whole system on one machine, with no AWS account
// and no Docker: the template's functions as their real bootstrap binaries
// under the Lambda Runtime Interface Emulator, the HTTP API built from the
// template's routes, the Lambda Invoke API, and local DynamoDB (dynalite) and
// SES (aws-ses-v2-local). `make run` runs it through cmd/tehpug-local; tests
// start it with Start.
package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/tehpug/backend/internal/samtemplate"
)

// region is the AWS region the local stack pretends to be in.
const region = "us-east-1"

// Stack is the running local system.
type Stack struct {
	opts      Options
	log       *slog.Logger
	params    map[string]string
	httpURL   string // as browsers and emails name it (publicURL)
	invokeURL string
	dynamo    *service
	ses       *service
	pools     map[string]*pool
	servers   []*http.Server
	invoke    *invokeAPI
	stopAsync context.CancelFunc
	tempDir   string
	site      *site
	exited    chan error

	closing   chan struct{}
	closeOnce sync.Once
}

// Start builds the functions and starts everything; when it returns the
// services answer, the table is ACTIVE and both APIs are listening.
func Start(ctx context.Context, o Options) (_ *Stack, err error) {
	if err := o.setDefaults(); err != nil {
		return nil, err
	}
	s := &Stack{opts: o, log: o.Log, pools: map[string]*pool{}, exited: make(chan error, 2), closing: make(chan struct{})}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if o.Ephemeral && o.DataDir == "" {
		if s.tempDir, err = os.MkdirTemp("", "tehpug-dynalite-"); err != nil {
			return nil, err
		}
		s.opts.DataDir = s.tempDir
	}

	src, err := os.ReadFile(o.Template)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	tpl, err := samtemplate.Parse(src)
	if err != nil {
		return nil, err
	}
	fns, err := selectFunctions(tpl, o.Functions)
	if err != nil {
		return nil, err
	}
	router, err := newRouter(fns)
	if err != nil {
		return nil, err
	}

	httpL, err := listen("HTTP API", o.HTTPAddr)
	if err != nil {
		return nil, err
	}
	invokeL, err := listen("Lambda Invoke API", o.InvokeAddr)
	if err != nil {
		httpL.Close()
		return nil, err
	}
	s.httpURL, s.invokeURL = publicURL(httpL.Addr()), "http://"+invokeL.Addr().String()
	s.servers = []*http.Server{{ReadHeaderTimeout: 10 * time.Second}, {ReadHeaderTimeout: 10 * time.Second}}
	defer func() {
		if err != nil {
			httpL.Close()
			invokeL.Close()
		}
	}()

	if s.site, err = openSite(s.opts); err != nil {
		return nil, err
	}
	s.params = defaultParams(s.httpURL, s.site.params(), o.Params)
	refs, err := tpl.Refs(s.params, o.TableName, region)
	if err != nil {
		return nil, fmt.Errorf("template parameters: %w", err)
	}
	dynamoAddr, err := claimAddr("DynamoDB (dynalite)", o.DynamoAddr)
	if err != nil {
		return nil, err
	}
	sesAddr, err := claimAddr("SES (aws-ses-v2-local)", o.SESAddr)
	if err != nil {
		return nil, err
	}
	envs, err := functionEnvironments(src, fns, refs)
	if err != nil {
		return nil, err
	}
	cors, err := corsFromTemplate(src, refs)
	if err != nil {
		return nil, err
	}

	// Build while the services start.
	buildCtx, cancelBuild := context.WithCancel(ctx)
	defer cancelBuild()
	type built struct {
		rie        string
		bootstraps map[string]string
		err        error
	}
	builds := make(chan built, 1)
	go func() {
		rie, bootstraps, err := buildAll(buildCtx, o.Root, s.opts.BuildDir, fns, o.Bootstraps, s.log)
		builds <- built{rie, bootstraps, err}
	}()
	if err := s.startServices(ctx, dynamoAddr, sesAddr, tpl); err != nil {
		cancelBuild()
		<-builds
		return nil, err
	}
	b := <-builds
	if b.err != nil {
		return nil, b.err
	}

	for _, fn := range fns {
		f := &function{ID: fn.LogicalID, Bootstrap: b.bootstraps[fn.LogicalID], Timeout: time.Duration(fn.Timeout) * time.Second}
		f.Env = lambdaEnv(fn, envs[fn.LogicalID], f.Bootstrap, s.dynamo.url(), s.ses.url(), s.invokeURL)
		s.pools[fn.LogicalID] = newPool(f, b.rie, o.PoolMax, s.log)
	}
	gw := &gateway{router: router, cors: cors, pools: s.pools, accountID: refs["AWS::AccountId"], log: s.log.With("api", "http")}
	asyncCtx, stopAsync := context.WithCancel(context.Background())
	s.stopAsync = stopAsync
	s.invoke = &invokeAPI{pools: s.pools, accountID: refs["AWS::AccountId"], log: s.log.With("api", "invoke"), ctx: asyncCtx}
	s.servers[0].Handler, s.servers[1].Handler = gw, s.invoke
	for i, l := range []net.Listener{httpL, invokeL} {
		go func() {
			if err := s.servers[i].Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log.Error("server stopped", "addr", l.Addr().String(), "err", err)
			}
		}()
	}
	if err := s.site.start(ctx, s.httpURL); err != nil {
		return nil, err
	}
	return s, nil
}

// startServices starts dynalite and the SES emulator side by side, then
// makes sure the table exists.
func (s *Stack) startServices(ctx context.Context, dynamoAddr, sesAddr string, tpl *samtemplate.Template) error {
	var wg sync.WaitGroup
	var dynErr, sesErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.dynamo, dynErr = retryOnAnyPort("DynamoDB (dynalite)", s.opts.DynamoAddr, dynamoAddr, func(addr string) (*service, error) {
			return startDynalite(ctx, s.opts.Root, addr, s.opts.DataDir, s.log)
		})
	}()
	go func() {
		defer wg.Done()
		s.ses, sesErr = retryOnAnyPort("SES (aws-ses-v2-local)", s.opts.SESAddr, sesAddr, func(addr string) (*service, error) {
			return startSES(ctx, s.opts.Root, addr, s.log)
		})
	}()
	wg.Wait()
	if err := errors.Join(dynErr, sesErr); err != nil {
		return err
	}
	for _, svc := range []*service{s.dynamo, s.ses} {
		go s.watch(svc)
	}
	tableCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return ensureTable(tableCtx, s.dynamo.url(), s.opts.TableName, tpl, s.log)
}

// retryOnAnyPort starts a service on claimed, the address picked for
// requested. When requested left the port to us (port 0), the port was free
// when picked but not held, and another process may take it before the
// service binds it; the service then exits, and is started again on a newly
// picked port. A port the user chose is never swapped for another.
func retryOnAnyPort(what, requested, claimed string, start func(addr string) (*service, error)) (*service, error) {
	_, port, _ := net.SplitHostPort(requested)
	for attempt := 1; ; attempt++ {
		svc, err := start(claimed)
		if err == nil || port != "0" || attempt == 3 || !errors.Is(err, errExitedEarly) {
			return svc, err
		}
		if claimed, err = claimAddr(what, requested); err != nil {
			return nil, err
		}
	}
}

// watch reports a service that stops while the stack runs.
func (s *Stack) watch(svc *service) {
	select {
	case <-svc.proc.done:
	case <-s.closing:
		return
	}
	select {
	case <-s.closing:
	default:
		err := fmt.Errorf("%s stopped unexpectedly: %s", svc.name, svc.proc.describe())
		s.log.Error(err.Error())
		s.exited <- err
	}
}

// HTTPURL is the HTTP API's base URL, http://localhost:<port> when it
// listens on a loopback address: the template's PublicBaseUrl.
func (s *Stack) HTTPURL() string { return s.httpURL }

// FailNext makes the next n synchronous invocations of function through
// the Invoke API fail as a function error, without running it: how a test
// shows what a caller does when a function it invokes fails on its own
// (the league play job when the match runner does).
func (s *Stack) FailNext(function string, n int) {
	s.invoke.mu.Lock()
	defer s.invoke.mu.Unlock()
	if s.invoke.failures == nil {
		s.invoke.failures = map[string]int{}
	}
	s.invoke.failures[function] += n
}

// InvokeURL is the Lambda Invoke API's endpoint (for --endpoint-url).
func (s *Stack) InvokeURL() string { return s.invokeURL }

// DynamoURL is the local DynamoDB endpoint.
func (s *Stack) DynamoURL() string { return s.dynamo.url() }

// SESURL is the SES emulator: its web page lists sent mail, as does GET /store.
func (s *Stack) SESURL() string { return s.ses.url() }

// DataDir is the folder dynalite keeps the data in.
func (s *Stack) DataDir() string { return s.opts.DataDir }

// TableName is the DynamoDB table's name.
func (s *Stack) TableName() string { return s.opts.TableName }

// Params are the template parameter values the functions run with.
func (s *Stack) Params() map[string]string { return maps.Clone(s.params) }

// Functions lists the logical IDs the stack runs.
func (s *Stack) Functions() []string { return slices.Sorted(maps.Keys(s.pools)) }

// Exited delivers an error if a service (dynalite, SES) stops on its own.
func (s *Stack) Exited() <-chan error { return s.exited }

// Close stops the APIs, every environment and the services, and waits for
// their processes to end.
func (s *Stack) Close() error {
	s.closeOnce.Do(func() {
		close(s.closing)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		for _, srv := range s.servers {
			if srv.Shutdown(ctx) != nil {
				srv.Close()
			}
		}
		s.site.close(ctx)
		if s.stopAsync != nil {
			s.stopAsync()
		}
		var wg sync.WaitGroup
		for _, p := range s.pools {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.close()
			}()
		}
		for _, svc := range []*service{s.dynamo, s.ses} {
			if svc != nil {
				wg.Add(1)
				go func() {
					defer wg.Done()
					svc.proc.stop(3 * time.Second)
				}()
			}
		}
		wg.Wait()
		if s.invoke != nil {
			s.invoke.async.Wait()
		}
		if s.tempDir != "" {
			os.RemoveAll(s.tempDir)
		}
	})
	return nil
}

// pids lists every process the stack runs, for tests that check Close.
func (s *Stack) pids() []int {
	var out []int
	for _, svc := range []*service{s.dynamo, s.ses} {
		if svc != nil {
			out = append(out, svc.proc.pid())
		}
	}
	for _, p := range s.pools {
		out = append(out, p.pids()...)
	}
	return out
}
