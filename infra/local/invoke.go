package local

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// invokeAPI is the local Lambda Invoke API, as `sam local start-lambda`
// serves it: POST /2015-03-31/functions/{FunctionName}/invocations runs any
// function of the template, so `aws lambda invoke --endpoint-url` and the
// SDK's lambda client work against it.
type invokeAPI struct {
	pools     map[string]*pool
	accountID string
	log       *slog.Logger
	ctx       context.Context // ends when the stack stops; bounds async runs
	async     sync.WaitGroup

	mu       sync.Mutex
	failures map[string]int // Stack.FailNext: synchronous invocations to fail, by function
}

// injectedFailure takes one of the failures Stack.FailNext asked for id, if
// any is left.
func (a *invokeAPI) injectedFailure(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.failures[id] == 0 {
		return false
	}
	a.failures[id]--
	return true
}

func (a *invokeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	requestID := newUUID()
	w.Header().Set("X-Amzn-Requestid", requestID)
	name, ok := strings.CutPrefix(r.URL.EscapedPath(), "/2015-03-31/functions/")
	name, ok2 := strings.CutSuffix(name, "/invocations")
	if !ok || !ok2 || r.Method != http.MethodPost {
		a.fail(w, http.StatusNotFound, "UnknownOperationException", "Unknown operation "+r.Method+" "+r.URL.Path)
		return
	}
	name, _ = url.PathUnescape(name)
	id, qualifier := functionName(name)
	if q := r.URL.Query().Get("Qualifier"); q != "" {
		qualifier = q
	}
	p, ok := a.pools[id]
	if !ok || (qualifier != "" && qualifier != "$LATEST") {
		arn := a.arn(id)
		if qualifier != "" {
			arn += ":" + qualifier
		}
		a.fail(w, http.StatusNotFound, "ResourceNotFoundException", "Function not found: "+arn)
		return
	}
	payload, err := io.ReadAll(io.LimitReader(r.Body, maxPayload+1))
	switch {
	case err != nil:
		a.fail(w, http.StatusBadRequest, "InvalidRequestContentException", "Could not read request body")
		return
	case len(payload) > maxPayload:
		a.fail(w, http.StatusRequestEntityTooLarge, "RequestTooLargeException",
			fmt.Sprintf("Request must be smaller than %d bytes for the InvokeFunction operation", maxPayload))
		return
	case len(strings.TrimSpace(string(payload))) == 0:
		payload = []byte("{}")
	case !json.Valid(payload):
		a.fail(w, http.StatusBadRequest, "InvalidRequestContentException", "Could not parse request body into json")
		return
	}
	inv := invocation{RequestID: requestID, TraceID: r.Header.Get("X-Amzn-Trace-Id")}
	log := a.log.With("function", id, "requestId", requestID)

	switch typ := r.Header.Get("X-Amz-Invocation-Type"); typ {
	case "DryRun":
		w.WriteHeader(http.StatusNoContent)
		return
	case "Event":
		// Asynchronous, as EventBridge Scheduler invokes: accept now, run
		// in the background.
		a.async.Add(1)
		go func() {
			defer a.async.Done()
			res, err := p.invoke(a.ctx, payload, inv)
			switch {
			case err != nil:
				log.Error("asynchronous invocation failed", "err", err)
			case res.FunctionError != "":
				log.Warn("function error (asynchronous)", "error", string(res.Payload))
			default:
				log.Info("asynchronous invocation done", "ms", time.Since(start).Milliseconds())
			}
		}()
		w.WriteHeader(http.StatusAccepted)
		log.Info("invoke", "type", "Event", "status", http.StatusAccepted)
		return
	case "", "RequestResponse":
	default:
		a.fail(w, http.StatusBadRequest, "InvalidParameterValueException", "Unsupported invocation type "+typ)
		return
	}

	if a.injectedFailure(id) {
		// As Lambda answers a function that failed on its own: 200, the
		// error in X-Amz-Function-Error and the body.
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"errorType":"InjectedFailure","errorMessage":"a failure the local stack was asked to inject"}`))
		log.Warn("invoke", "type", "RequestResponse", "functionError", "injected")
		return
	}
	res, err := p.invoke(r.Context(), payload, inv)
	if err != nil {
		log.Error("invoke failed", "err", err)
		a.fail(w, http.StatusInternalServerError, "ServiceException", "The local stack could not run the function: "+err.Error())
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Amz-Executed-Version", "$LATEST")
	if res.FunctionError != "" {
		h.Set("X-Amz-Function-Error", res.FunctionError)
		log.Warn("function error", "error", string(res.Payload))
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(res.Payload)
	log.Info("invoke", "type", "RequestResponse", "functionError", res.FunctionError, "ms", time.Since(start).Milliseconds())
}

// functionName takes the logical ID (and qualifier, if any) out of a name,
// a partial ARN ("000000000000:function:Name") or a full ARN.
func functionName(name string) (id, qualifier string) {
	if i := strings.Index(name, "function:"); i >= 0 {
		name = name[i+len("function:"):]
	}
	id, qualifier, _ = strings.Cut(name, ":")
	return id, qualifier
}

func (a *invokeAPI) arn(id string) string {
	return "arn:aws:lambda:" + region + ":" + a.accountID + ":function:" + id
}

// fail answers an error as Lambda's REST-JSON protocol does: the type in
// X-Amzn-ErrorType, and {"Type": "User", "message": ...} as the body.
func (a *invokeAPI) fail(w http.ResponseWriter, status int, errorType, message string) {
	kind := "User"
	if status >= 500 {
		kind = "Service"
	}
	b, _ := json.Marshal(map[string]string{"Type": kind, "message": message})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-Errortype", errorType)
	w.WriteHeader(status)
	_, _ = w.Write(b)
	a.log.Info("invoke", "status", status, "error", errorType, "message", message)
}
