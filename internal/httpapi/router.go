package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"runtime/debug"
	"slices"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/lambdafn"
)

// HandlerFunc answers one request. A returned error is mapped by Error.
type HandlerFunc func(ctx context.Context, r *Request) (Response, error)

// Router dispatches an event to the handler registered for its RouteKey
// ("POST /members", "GET /meetups/{meetupId}", "$default"), exactly as
// template.yaml declares the route.
type Router struct {
	log    *slog.Logger
	routes map[string]HandlerFunc
	// uploads are the routes whose bodies may be MaxUploadBytes long.
	uploads map[string]bool
}

// NewRouter returns a Router that logs through log (slog.Default() if nil).
func NewRouter(log *slog.Logger) *Router {
	if log == nil {
		log = slog.Default()
	}
	return &Router{log: log, routes: map[string]HandlerFunc{}, uploads: map[string]bool{}}
}

// Handle registers h for routeKey. Registering a key twice is a wiring bug
// and panics, at start-up.
func (rt *Router) Handle(routeKey string, h HandlerFunc) {
	if h == nil {
		panic(fmt.Sprintf("httpapi: nil handler for %q", routeKey))
	}
	if _, dup := rt.routes[routeKey]; dup {
		panic(fmt.Sprintf("httpapi: route %q registered twice", routeKey))
	}
	rt.routes[routeKey] = h
}

// HandleUpload is Handle for a route that takes a file: its body may be
// MaxUploadBytes long.
func (rt *Router) HandleUpload(routeKey string, h HandlerFunc) {
	rt.Handle(routeKey, h)
	rt.uploads[routeKey] = true
}

// Routes lists the route keys registered, sorted: what the contract tests
// compare with template.yaml.
func (rt *Router) Routes() []string {
	return slices.Sorted(maps.Keys(rt.routes))
}

// Serve is the Lambda handler: lambda.Start(router.Serve). It never returns
// a Go error and never panics: an unknown route answers a 404 problem, a
// handler error goes through Error, and a panic is logged and answered 500
// with no detail. A body over MaxBodyBytes is answered 413 (and one that is
// not valid base64 400) before any handler runs, and so is a path parameter
// that is not a ValidID, 404: a handler only ever sees ids that fit a key.
//
// It logs one line per request — method, route, status, duration, request
// id — and never bodies, headers, query strings, tokens or emails. The
// handler's context carries the request id (lambdafn.WithRequestID), so
// every line logged with it through lambdafn's logger carries it too.
func (rt *Router) Serve(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (Response, error) {
	start := time.Now()
	ctx = lambdafn.WithRequestID(ctx, ev.RequestContext.RequestID)
	r := &Request{Event: ev, ctx: ctx}
	resp := rt.dispatch(ctx, r)
	if resp.Headers == nil {
		resp.Headers = map[string]string{}
	}
	setDefault(resp.Headers, "X-Content-Type-Options", nosniff)
	setDefault(resp.Headers, "Cache-Control", noStore)

	level := slog.LevelInfo
	if resp.StatusCode >= 500 {
		level = slog.LevelError
	}
	rt.log.LogAttrs(ctx, level, "request",
		slog.String("method", ev.RequestContext.HTTP.Method),
		slog.String("route", RouteKey(ev)),
		slog.Int("status", resp.StatusCode),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("request_id", ev.RequestContext.RequestID),
	)
	return resp, nil
}

// dispatch runs the handler for r, turning every failure into a response.
func (rt *Router) dispatch(ctx context.Context, r *Request) (resp Response) {
	defer func() {
		if p := recover(); p != nil {
			rt.log.LogAttrs(ctx, slog.LevelError, "handler panic",
				slog.String("request_id", r.RequestID()),
				slog.String("route", RouteKey(r.Event)),
				slog.String("panic", fmt.Sprint(p)),
				slog.String("stack", string(debug.Stack())),
			)
			resp = internalError(r)
		}
	}()

	r.limit = MaxBodyBytes
	if rt.uploads[RouteKey(r.Event)] {
		r.limit = MaxUploadBytes
	}
	body, err := eventBodyUpTo(r.Event, r.limit)
	if err != nil {
		return Error(r, rt.log, err)
	}
	r.Body = body

	h, ok := rt.routes[RouteKey(r.Event)]
	if !ok {
		return Error(r, rt.log, apperr.New(apperr.NotFound, "There is nothing here."))
	}
	if err := checkPathParams(r.Event); err != nil {
		return Error(r, rt.log, err)
	}
	resp, err = h(ctx, r)
	if err != nil {
		return Error(r, rt.log, err)
	}
	if resp.StatusCode == 0 {
		return Error(r, rt.log, fmt.Errorf("handler for %q answered no status", RouteKey(r.Event)))
	}
	return resp
}

// RouteKey is the event's route key, as template.yaml names the route
// ("POST /meetups/{meetupId}/cancel"); the request context repeats it.
func RouteKey(ev events.APIGatewayV2HTTPRequest) string {
	if ev.RouteKey != "" {
		return ev.RouteKey
	}
	return ev.RequestContext.RouteKey
}

func setDefault(h map[string]string, name, value string) {
	for k := range h {
		if http.CanonicalHeaderKey(k) == name {
			return
		}
	}
	h[name] = value
}

// internalError answers a 500 with no detail, as a page to a browser. It
// runs inside the router's recovery, so it cannot panic: should the page
// itself fail to render, the answer is the problem+json.
func internalError(r *Request) (resp Response) {
	defer func() {
		if recover() != nil {
			resp = problemResponse(internalProblem())
		}
	}()
	return respond(r, internalProblem())
}
