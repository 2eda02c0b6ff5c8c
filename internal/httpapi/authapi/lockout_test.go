package authapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/testenv"
)

// A stranger who asks for an organizer's sign-in link again and again, from
// just after midnight, spends the day's burst of sign-in emails; the
// organizer, asking later that day, still gets a link that works. Asking
// while the stranger keeps at it, the organizer may get no new email, but
// the newest one in their inbox then works. And the stranger floods nobody:
// past the day's burst, an organizer gets at most one sign-in email a
// quarter of an hour.
func TestStrangerCannotLockOrganizerOut(t *testing.T) {
	t.Parallel()
	h := newAuthHarness(t)
	ctx := context.Background()
	svc := h.SignIn()
	h.Built()
	stranger := func(at time.Time) {
		t.Helper()
		h.now = at
		if err := svc.RequestLogin(ctx, auth.LoginInput{Email: h.organizer}); err != nil {
			t.Fatal(err)
		}
	}
	emails := func() int { return len(testenv.EmailsTo(t, h.organizer)) }
	newest := func() string {
		t.Helper()
		mails := testenv.EmailsTo(t, h.organizer)
		return apitest.LinkIn(t, mails[len(mails)-1], "/auth/session")
	}
	signIn := func(raw string) {
		t.Helper()
		resp := h.PostJSON("/auth/session", map[string]string{"token": raw})
		apitest.WantStatus(t, resp, 200)
	}

	midnight := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for i := range 10 {
		stranger(midnight.Add(time.Minute + time.Duration(i)*time.Second))
	}
	burst := emails()
	if burst < 3 || burst > 3+1 {
		t.Fatalf("%d sign-in emails after the stranger's first requests, want the day's 3 and at most one more", burst)
	}

	// Later that day the organizer asks, and a new link arrives and works.
	h.now = midnight.Add(9 * time.Hour)
	apitest.WantStatus(t, h.PostJSON("/auth/login", map[string]string{"email": h.organizer}), 202)
	if n := emails(); n != burst+1 {
		t.Fatalf("the organizer's own request brought no email (%d in all)", n)
	}
	signIn(newest())

	// The stranger asks every five minutes for two hours: at most one email
	// each quarter of an hour.
	before := emails()
	start := midnight.Add(10 * time.Hour)
	for m := 0; m <= 120; m += 5 {
		stranger(start.Add(time.Duration(m) * time.Minute))
	}
	if n := emails() - before; n > 9 {
		t.Errorf("%d sign-in emails in two hours of a stranger's requests, want at most one a quarter hour", n)
	}
	// The organizer asks right after the stranger's last request: whether
	// or not a new email comes, the newest link in the inbox works.
	h.now = start.Add(122 * time.Minute)
	apitest.WantStatus(t, h.PostJSON("/auth/login", map[string]string{"email": h.organizer}), 202)
	h.now = h.now.Add(14 * time.Minute) // and reading email takes a while
	signIn(newest())
}
