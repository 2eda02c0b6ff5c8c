package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// errClosed is returned for invocations after the stack began to stop.
var errClosed = errors.New("the local stack is stopping")

// pool runs a function's invocations on a set of environments that grows
// when every environment is busy, up to max; past that, invocations queue.
// Environments start on demand, so the first invocation after a quiet spell
// of concurrency pays a cold start, as in Lambda.
type pool struct {
	fn    *function
	rie   string
	max   int
	log   *slog.Logger
	slots chan struct{} // one token per invocation in flight

	mu      sync.Mutex
	idle    []*environment // most recently used last
	all     map[*environment]struct{}
	started int // environments ever started; numbers them in logs
	closed  bool
}

func newPool(fn *function, rie string, max int, log *slog.Logger) *pool {
	return &pool{
		fn:    fn,
		rie:   rie,
		max:   max,
		log:   log,
		slots: make(chan struct{}, max),
		all:   map[*environment]struct{}{},
	}
}

// invoke runs payload through one environment, waiting for a free one when
// all max are busy. The invocation itself is not cancelled with ctx: as in
// Lambda, a function keeps running when its caller goes away.
func (p *pool) invoke(ctx context.Context, payload []byte, inv invocation) (result, error) {
	select {
	case p.slots <- struct{}{}:
	default:
		p.log.Debug("all environments busy; queued", "function", p.fn.ID, "max", p.max)
		select {
		case p.slots <- struct{}{}:
		case <-ctx.Done():
			return result{}, ctx.Err()
		}
	}
	defer func() { <-p.slots }()

	for attempt := 1; ; attempt++ {
		env, err := p.take(ctx)
		if err != nil {
			return result{}, err
		}
		res, err := env.invoke(context.WithoutCancel(ctx), payload, inv)
		if err == nil && res.FunctionError != "" && env.missed(250*time.Millisecond) {
			err = fmt.Errorf("%s environment %d: the runtime could not reach the emulator", p.fn.ID, env.n)
		}
		if err == nil {
			p.put(env)
			return res, nil
		}
		// An environment whose emulator could not bind its runtime port,
		// or whose runtime could not reach it, never ran the function: the
		// invocation goes to a fresh one.
		env.proc.settle(2 * time.Second)
		p.discard(env)
		if !env.missed(0) || attempt == 3 {
			return result{}, err
		}
		p.log.Warn("environment could not listen; invoking again on a new one", "function", p.fn.ID, "env", env.n)
	}
}

// take returns an idle environment, or starts one. The caller holds a slot,
// so fewer than max environments are busy and starting one stays in bounds.
func (p *pool) take(ctx context.Context) (*environment, error) {
	p.mu.Lock()
	for len(p.idle) > 0 {
		env := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if env.alive() {
			p.mu.Unlock()
			return env, nil
		}
		delete(p.all, env)
		env.close()
		p.log.Warn("environment exited; replacing it", "function", p.fn.ID, "env", env.n, "why", env.proc.describe())
	}
	if p.closed {
		p.mu.Unlock()
		return nil, errClosed
	}
	p.started++
	n := p.started
	p.mu.Unlock()

	env, err := startEnvironment(ctx, p.rie, p.fn, n, p.log)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		env.close()
		return nil, errClosed
	}
	p.all[env] = struct{}{}
	return env, nil
}

// put returns an environment after an invocation.
func (p *pool) put(env *environment) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || !env.alive() {
		delete(p.all, env)
		env.close()
		return
	}
	p.idle = append(p.idle, env)
}

// discard stops an environment that failed.
func (p *pool) discard(env *environment) {
	p.mu.Lock()
	delete(p.all, env)
	p.mu.Unlock()
	p.log.Warn("environment failed; stopping it", "function", p.fn.ID, "env", env.n)
	env.close()
}

// stats reports how many environments were ever started and how many live.
func (p *pool) stats() (started, live int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started, len(p.all)
}

// pids lists the processes of every live environment.
func (p *pool) pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []int
	for env := range p.all {
		out = append(out, env.pids()...)
	}
	return out
}

// close stops every environment, busy ones included.
func (p *pool) close() {
	p.mu.Lock()
	p.closed = true
	envs := make([]*environment, 0, len(p.all))
	for env := range p.all {
		envs = append(envs, env)
	}
	p.all, p.idle = map[*environment]struct{}{}, nil
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, env := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env.close()
		}()
	}
	wg.Wait()
}
