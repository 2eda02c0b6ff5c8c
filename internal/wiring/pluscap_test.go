package wiring_test

import (
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// The daily cap on the emails a form can cause counts the mailbox, not the
// address: ali+1@, ali+2@, ALI+x@ are one mailbox and share one cap (3 a
// day by default), as the dots of a Gmail address do. Each email still goes
// to the address as given, and each address is still its own person.
func TestPlusAddressesShareOneDailyCap(t *testing.T) {
	t.Parallel()
	sys := wiringtest.New(t)
	c := apitest.New(t, sys, wiring.MembersFunction)
	user := "ali-" + testenv.RandomHex(4)
	addrs := []string{user + "+1@example.org", user + "+2@example.org", strings.ToUpper(user) + "+x@Example.org", user + "+4@example.org", user + "@example.org"}
	for _, a := range addrs {
		apitest.WantStatus(t, c.PostJSON("/members", map[string]any{"name": "Ali", "email": a}), 202)
	}
	total := 0
	for i, a := range addrs {
		n := len(testenv.EmailsTo(t, strings.ToLower(a)))
		total += n
		if i < 3 && n != 1 {
			t.Errorf("%s got %d confirmations, want 1 (delivered to the address as given)", a, n)
		}
	}
	if total != 3 {
		t.Errorf("%d confirmations to one mailbox through %d addresses, want the daily cap of 3", total, len(addrs))
	}
	for _, a := range addrs {
		if c.OwnerItems(a) == 0 {
			t.Errorf("%s: no member stored: each address is its own person", a)
		}
	}

	// Gmail ignores dots in the local part, and googlemail.com is gmail.com.
	g := "sara" + testenv.RandomHex(3)
	dotted := []string{g + "@gmail.com", g[:2] + "." + g[2:] + "@gmail.com", g[:1] + "." + g[1:] + "+news@googlemail.com", g + "+z@gmail.com"}
	for _, a := range dotted {
		apitest.WantStatus(t, c.PostJSON("/members", map[string]any{"name": "Sara", "email": a}), 202)
	}
	total = 0
	for _, a := range dotted {
		total += len(testenv.EmailsTo(t, a))
	}
	if total != 3 {
		t.Errorf("%d confirmations to one Gmail mailbox through %d addresses, want 3", total, len(dotted))
	}
}
