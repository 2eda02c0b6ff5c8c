// Package lambdafn is what every function's main shares: JSON logs to
// standard output (Lambda's log format, with the request id added by the
// HTTP layer) and a clear, logged exit when start-up fails, so a
// misconfigured function says why on its first cold start.
package lambdafn

import (
	"log/slog"
	"os"
)

// Main runs start with the function's logger. start reads its
// configuration, builds its clients and calls lambda.Start, which does not
// return; an error it returns is logged and ends the process.
func Main(start func(log *slog.Logger) error) {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	if err := start(log); err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
}
