// Package lambdafn is what every function's main shares: JSON logs to
// standard output (Lambda's log format), each line carrying the request ids
// of what it was logged for, and a clear, logged exit when start-up fails,
// so a misconfigured function says why on its first cold start.
package lambdafn

import (
	"context"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Main runs start with the function's logger. start reads its
// configuration, builds its clients and calls lambda.Start, which does not
// return; an error it returns is logged and ends the process.
func Main(start func(log *slog.Logger) error) {
	log := Logger(os.Stdout)
	if err := start(log); err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
}

// Logger is the logger Main gives a function, writing JSON lines to w.
func Logger(w io.Writer) *slog.Logger {
	return slog.New(requestIDs{slog.NewJSONHandler(w, nil)})
}

// requestIDKey is the context key of the API Gateway request id.
type requestIDKey struct{}

// WithRequestID returns ctx carrying id, the request id API Gateway gave
// the HTTP request being served: every line logged with ctx (or a context
// derived from it) through Main's logger carries it as request_id.
func WithRequestID(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the API Gateway request id ctx carries, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestIDs adds to every line logged with a context the ids that context
// carries, so that one invocation's lines, and one request's, can be found
// together: the Lambda invocation's as aws_request_id, and API Gateway's as
// request_id (unless the line names its request_id itself).
type requestIDs struct{ slog.Handler }

func (h requestIDs) Handle(ctx context.Context, r slog.Record) error {
	if lc, ok := lambdacontext.FromContext(ctx); ok && lc.AwsRequestID != "" {
		r.AddAttrs(slog.String("aws_request_id", lc.AwsRequestID))
	}
	if id := RequestID(ctx); id != "" && !hasAttr(r, "request_id") {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// hasAttr reports whether r carries an attribute named key at its top level.
func hasAttr(r slog.Record, key string) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		found = a.Key == key
		return !found
	})
	return found
}

func (h requestIDs) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDs{h.Handler.WithAttrs(attrs)}
}

func (h requestIDs) WithGroup(name string) slog.Handler {
	return requestIDs{h.Handler.WithGroup(name)}
}
