package shortid_test

import (
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/shortid"
)

func TestIDs(t *testing.T) {
	for _, n := range []int{12, 14} {
		id := shortid.New(n)
		if len(id) != n || strings.Trim(id, "abcdefghijkmnpqrstuvwxyz23456789") != "" {
			t.Errorf("New(%d) = %q", n, id)
		}
	}
	if a, b := shortid.New(12), shortid.New(12); a == b {
		t.Errorf("two random ids are the same: %q", a)
	}
	if got := shortid.Encode([]byte{0, 1, 31, 32, 255}); got != "ab9a9" {
		t.Errorf("Encode = %q", got)
	}
}
