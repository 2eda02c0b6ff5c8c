package matchrunner

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
)

// handlerCall runs the runner's Lambda handler once on the event on stdin
// and prints its answer, or its exception as Lambda would report it.
const handlerCall = `
import json, sys, traceback
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
func Process(dir string) Runner {
	return Runner{invoke: func(ctx context.Context, event []byte) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "python3", "-c", handlerCall)
		cmd.Dir = dir
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
