// Package deps is how a service's constructor refuses to build it without
// what it cannot work without: a half-built service fails at start-up, with
// every missing piece named, never at the first request that touches it.
package deps

import (
	"fmt"
	"reflect"
	"strings"
)

// Check is one requirement of a constructor.
type Check struct {
	name string
	ok   bool
}

// Given requires v to be set: not a nil interface, pointer, func, map,
// slice or channel.
func Given(name string, v any) Check {
	return Check{name, !isNil(v)}
}

// Positive requires n to be at least 1.
func Positive(name string, n int) Check { return Check{name, n > 0} }

// NotEmpty requires s to be set.
func NotEmpty(name, s string) Check { return Check{name, s != ""} }

// That requires ok, a condition the caller states (a rate above 0).
func That(name string, ok bool) Check { return Check{name, ok} }

// Require names every check of component that failed, or returns nil.
func Require(component string, checks ...Check) error {
	var missing []string
	for _, c := range checks {
		if !c.ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%s: built without %s", component, strings.Join(missing, ", "))
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Slice, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
