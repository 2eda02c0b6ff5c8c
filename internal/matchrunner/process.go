package matchrunner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// handlerCall runs the runner's Lambda handler once on the event on stdin
// and prints its answer, or its exception as Lambda would report it.
const handlerCall = `
import dataclasses, json, os, sys
turn = os.environ.get("MATCHRUNNER_TURN_SECONDS")
if turn:
    # Patient: the robots' clocks stretched before the engine reads them.
    from runner import sandbox
    t = float(turn)
    sandbox.DEFAULT_LIMITS = dataclasses.replace(sandbox.DEFAULT_LIMITS,
        first_turn_seconds=max(t, sandbox.DEFAULT_LIMITS.first_turn_seconds), turn_seconds=t, clock_seconds=20 * t)
from runner import handler
event = json.load(sys.stdin)
try:
    out = handler.handle(event, None)
except Exception as e:
    json.dump({"errorType": type(e).__name__, "errorMessage": str(e)}, sys.stdout)
    sys.exit(3)
json.dump(out, sys.stdout)
`

// Process runs the runner's handler in a new python3 for each event, in
// dir (the runner function's code: battlefield). It is the runner as
// MatchRunnerFunction runs it, without the Lambda runtime around it.
func Process(dir string, opts ...Option) Runner {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return Runner{invoke: func(ctx context.Context, event []byte) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "python3", "-c", handlerCall)
		cmd.Dir = dir
		if o.turn > 0 {
			cmd.Env = append(os.Environ(), "MATCHRUNNER_TURN_SECONDS="+strconv.FormatFloat(o.turn.Seconds(), 'f', -1, 64))
		}
		cmd.Stdin = bytes.NewReader(event)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
				return nil, failed("handler error", out.Bytes())
			}
			return nil, fmt.Errorf("python3: %w: %.500s", err, errOut.String())
		}
		return out.Bytes(), nil
	}}
}

// Option changes how Process plays.
type Option func(*options)

type options struct{ turn time.Duration }

// Patient gives each robot turn for a turn (and twenty turns of thinking in
// all) instead of the runner's 200 ms: for a test whose expected results
// must not depend on how loaded the machine is. The runner's own limits
// are tested in battlefield/tests.
func Patient(turn time.Duration) Option { return func(o *options) { o.turn = turn } }
