// Package lambdafn is what every function's main shares: JSON logs to
// standard output (Lambda's log format), each line carrying the invocation's
// request id, and a clear, logged exit when start-up fails, so a
// misconfigured function says why on its first cold start.
package lambdafn

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Main runs start with the function's logger. start reads its
// configuration, builds its clients and calls lambda.Start, which does not
// return; an error it returns is logged and ends the process.
func Main(start func(log *slog.Logger) error) {
	log := slog.New(withRequestID{slog.NewJSONHandler(os.Stdout, nil)})
	if err := start(log); err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
}

// withRequestID adds the Lambda invocation's request id to every line logged
// with its context, so one invocation's lines can be found together.
type withRequestID struct{ slog.Handler }

func (h withRequestID) Handle(ctx context.Context, r slog.Record) error {
	if lc, ok := lambdacontext.FromContext(ctx); ok && lc.AwsRequestID != "" {
		r.AddAttrs(slog.String("aws_request_id", lc.AwsRequestID))
	}
	return h.Handler.Handle(ctx, r)
}

func (h withRequestID) WithAttrs(attrs []slog.Attr) slog.Handler {
	return withRequestID{h.Handler.WithAttrs(attrs)}
}

func (h withRequestID) WithGroup(name string) slog.Handler {
	return withRequestID{h.Handler.WithGroup(name)}
}
