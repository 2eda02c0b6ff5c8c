package local

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ColdStart measures one cold start, for infra/bench: it starts a fresh
// environment outside the pools, running bootstrap (the function's own when
// empty) with the environment the stack gives function id, invokes it once
// with payload so that it initialises, stops it, and returns the INIT
// duration the emulator reported.
func (s *Stack) ColdStart(ctx context.Context, id, bootstrap string, payload []byte) (time.Duration, error) {
	p, ok := s.pools[id]
	if !ok {
		return 0, fmt.Errorf("cold start: no function %q in the stack", id)
	}
	fn := *p.fn
	if bootstrap != "" {
		fn.Bootstrap = bootstrap
		fn.Env = slices.Clone(fn.Env)
		for i, kv := range fn.Env {
			if strings.HasPrefix(kv, "LAMBDA_TASK_ROOT=") {
				fn.Env[i] = "LAMBDA_TASK_ROOT=" + filepath.Dir(bootstrap)
			}
		}
	}
	env, err := startEnvironment(ctx, p.rie, &fn, 0, s.log)
	if err != nil {
		return 0, err
	}
	defer env.close()
	res, err := env.invoke(ctx, payload, invocation{RequestID: fmt.Sprintf("cold-start-%d", time.Now().UnixNano())})
	if err != nil {
		return 0, err
	}
	if res.FunctionError != "" {
		return 0, fmt.Errorf("cold start of %s (%s): the function failed: %s", id, fn.Bootstrap, res.Payload)
	}
	// The emulator logs the report around the time it answers; wait a little.
	select {
	case d := <-env.inits:
		return d, nil
	case <-time.After(5 * time.Second):
		return 0, fmt.Errorf("cold start of %s (%s): the emulator reported no INIT duration", id, fn.Bootstrap)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
