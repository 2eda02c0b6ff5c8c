package local

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// API Gateway's HTTP API limit on request bodies.
const maxRequestBody = 10 * 1024 * 1024

// gateway is the local HTTP API: it routes requests as the template's
// HttpApi events say, turns them into payload format 2.0 events, runs them
// through the functions' pools and turns their results back into HTTP, with
// API Gateway's own answers where API Gateway would give them.
type gateway struct {
	router    *router
	pools     map[string]*pool
	cors      *corsPolicy // nil when the API has no CorsConfiguration
	accountID string
	log       *slog.Logger
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	requestID := newRequestID()
	w.Header().Set("Apigw-Requestid", requestID)
	origin := r.Header.Get("Origin")
	if g.cors != nil && isPreflight(r) {
		g.cors.preflight(w, r)
		g.log.Info("preflight", "method", r.Method, "path", r.URL.Path, "origin", origin, "status", http.StatusNoContent)
		return
	}
	log := g.log.With("method", r.Method, "path", r.URL.Path, "requestId", requestID)
	status, fn := g.serve(w, r, requestID, origin, log)
	log.Info("request", "function", fn, "status", status, "ms", time.Since(start).Milliseconds())
}

// serve answers r and returns the status sent and the function that ran.
func (g *gateway) serve(w http.ResponseWriter, r *http.Request, requestID, origin string, log *slog.Logger) (int, string) {
	fail := func(status int, message string) int {
		g.decorate(w.Header(), origin)
		writeMessage(w, status, message)
		return status
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		return fail(http.StatusBadRequest, "Bad Request"), ""
	}
	if len(body) > maxRequestBody {
		return fail(http.StatusRequestEntityTooLarge, "Request Entity Too Large"), ""
	}
	rt, params := g.router.match(r.Method, r.URL.Path)
	if rt == nil {
		return fail(http.StatusNotFound, "Not Found"), ""
	}
	p := g.pools[rt.function]
	ev := newEvent(r, body, rt, params, g.accountID, requestID, time.Now())
	payload, err := marshalEvent(ev)
	if err != nil {
		log.Error("encode event", "err", err)
		return fail(http.StatusInternalServerError, "Internal Server Error"), rt.function
	}
	if len(payload) > maxPayload {
		log.Warn("event exceeds Lambda's 6 MB invocation payload limit", "function", rt.function, "bytes", len(payload))
		return fail(http.StatusRequestEntityTooLarge, "Request Entity Too Large"), rt.function
	}
	res, err := p.invoke(r.Context(), payload, invocation{RequestID: newUUID(), TraceID: ev.Headers["x-amzn-trace-id"]})
	switch {
	case errors.Is(err, context.Canceled):
		return 499, rt.function // the client went away while queued
	case err != nil:
		log.Error("invoke failed", "function", rt.function, "err", err)
		return fail(http.StatusInternalServerError, "Internal Server Error"), rt.function
	case res.FunctionError != "":
		log.Warn("function error", "function", rt.function, "error", string(res.Payload))
		return fail(http.StatusInternalServerError, "Internal Server Error"), rt.function
	}
	a, err := parseAnswer(res.Payload)
	if err != nil {
		log.Warn("function answer is not a valid payload format 2.0 response", "function", rt.function, "err", err)
		return fail(http.StatusInternalServerError, "Internal Server Error"), rt.function
	}
	if len(a.ignored) > 0 {
		log.Warn("API Gateway ignores these fields of a payload format 2.0 response; use headers (comma-joined) and cookies",
			"function", rt.function, "fields", a.ignored)
	}
	g.decorate(a.header, origin)
	a.write(w)
	return a.status, rt.function
}

func (g *gateway) decorate(h http.Header, origin string) {
	if g.cors != nil {
		g.cors.decorate(h, origin)
	}
}

// publicURL is the HTTP API's URL as a browser should use it: on a
// loopback address, http://localhost:<port>. A browser treats localhost as
// a secure context, and WebAuthn (the console's passkeys) accepts it as a
// relying party, where it refuses an IP address; the API still listens on
// the loopback address itself.
func publicURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); err == nil && ip != nil && ip.IsLoopback() {
		return "http://" + net.JoinHostPort("localhost", port)
	}
	return "http://" + addr.String()
}
