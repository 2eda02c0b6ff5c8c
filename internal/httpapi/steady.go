package httpapi

import (
	"context"
	"time"
)

// AnswerFloor is the earliest a request to a form whose work depends on
// whether the address it names is known is answered, counted from when its
// handler began. For a known address such a form stores a token and sends
// an email; for any other it does nothing; answering both at the floor
// keeps how long the answer took from telling which it was.
//
// It must exceed the known address's work, and the function's timeout must
// exceed it. Locally that work takes milliseconds (make bench, the forms
// section); in Lambda it is at most five DynamoDB requests and one SES call,
// tens of milliseconds, more on a fresh environment's first request; the
// functions that use it time out after 10 s (template.yaml, Globals).
const AnswerFloor = time.Second

// Steady answers h's requests no sooner than floor after they began
// (AnswerFloor for the forms it is for), whatever h answered, errors too. A
// request whose work outlasts the floor is answered when it is done, and
// logged: if that happens more than rarely, the floor is too low. A request
// whose context ends while it waits (the function's deadline) is answered
// at once.
func (c Config) Steady(floor time.Duration, h HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) (Response, error) {
		began := time.Now()
		resp, err := h(ctx, r)
		wait := floor - time.Since(began)
		if wait <= 0 {
			c.Log.WarnContext(ctx, "answered past its floor", "floor_ms", floor.Milliseconds(), "took_ms", time.Since(began).Milliseconds())
			return resp, err
		}
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		return resp, err
	}
}
