package apperr

import (
	"errors"
	"testing"
)

// Found passes a read on as it is, turns the store's not-found into the
// client's error, and wraps any other failure, keeping it in the chain.
func TestFound(t *testing.T) {
	notFound, broken := errors.New("not found"), errors.New("broken")
	gone := New(NotFound, "No such thing.")

	if v, err := Found("thing", nil, notFound, gone, "get %s", "x"); v != "thing" || err != nil {
		t.Errorf("a read: %q, %v", v, err)
	}
	if v, err := Found("", notFound, notFound, gone, "get %s", "x"); v != "" || err != gone {
		t.Errorf("nothing found: %q, %v; want %v", v, err, gone)
	}
	v, err := Found("partial", broken, notFound, gone, "get %s", "x")
	if v != "" || !errors.Is(err, broken) || err.Error() != "get x: broken" {
		t.Errorf("a failed read: %q, %v", v, err)
	}
}
