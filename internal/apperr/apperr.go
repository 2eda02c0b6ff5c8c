// Package apperr owns the one error type the application speaks: a code that
// says what kind of failure it is, a message safe to show to a client, and
// per-field messages for invalid input. Adapters translate their own failures
// into it; the HTTP layer maps its codes to statuses.
package apperr

import (
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/tehpug/backend/internal/problem"
)

// Code classifies an application error. The HTTP layer maps each to a status.
type Code string

// The codes the application uses.
const (
	Malformed        Code = "malformed"              // 400: the body cannot be parsed
	Unauthorized     Code = "unauthorized"           // 401: no valid session
	Forbidden        Code = "forbidden"              // 403: signed in, but not allowed
	NotFound         Code = "not_found"              // 404: no such thing (or link not valid)
	Conflict         Code = "conflict"               // 409: the current state forbids it
	TooLarge         Code = "too_large"              // 413: body over the cap
	UnsupportedMedia Code = "unsupported_media_type" // 415: content type not accepted
	Invalid          Code = "invalid"                // 422: fields fail validation
	Throttled        Code = "throttled"              // 429: too many requests
	Internal         Code = "internal"               // 500: anything else; never shown in detail
)

// Error is an application error. Message and Fields are shown to clients, so
// they never carry internal detail.
type Error struct {
	Code    Code
	Message string
	// Fields maps an input field name (as the client sent it) to what is
	// wrong with it, in no language (the API writes it in English, a page
	// in its reader's).
	Fields map[string]problem.Problem
	// RetryAfter, on a Throttled error, is how long the client should wait
	// before trying again; zero leaves it to the HTTP layer's default.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
}

// New returns an error with a code and a client-safe message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Throttle returns a Throttled error that asks the client to wait retryAfter
// before trying again (zero: the HTTP layer's default).
func Throttle(retryAfter time.Duration, format string, args ...any) *Error {
	return &Error{Code: Throttled, Message: fmt.Sprintf(format, args...), RetryAfter: retryAfter}
}

// InvalidFields returns a 422-class error for the given per-field problems.
func InvalidFields(fields map[string]problem.Problem) *Error {
	return &Error{Code: Invalid, Message: "Some fields are not valid.", Fields: maps.Clone(fields)}
}

// Field returns a 422-class error for a single field: what is wrong with
// it is code, of args (problem.Of).
func Field(name string, code problem.Code, args ...any) *Error {
	return InvalidFields(map[string]problem.Problem{name: problem.Of(code, args...)})
}

// As returns the application error in err's chain, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// CodeOf returns err's code, or Internal when err is not an application error.
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool {
	return err != nil && CodeOf(err) == code
}

// Found passes on v, what a store read, unless the read failed: the
// store's notFound becomes gone, the error a client is shown, and any other
// failure is wrapped with what was being done (format and args, as
// fmt.Errorf takes them).
func Found[T any](v T, err, notFound, gone error, format string, args ...any) (T, error) {
	if err == nil {
		return v, nil
	}
	var zero T
	if errors.Is(err, notFound) {
		return zero, gone
	}
	return zero, fmt.Errorf(format+": %w", append(args, err)...)
}
