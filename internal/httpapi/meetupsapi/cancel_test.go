package meetupsapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/testenv"
)

// Moving a meetup tells everyone with a place, once per change; changing
// only its capacity tells nobody.
func TestScheduleChangeIsAnnounced(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 1, "Moving")
	seated, waiting, late := apitest.UniqueEmail("seated"), apitest.UniqueEmail("waiting"), apitest.UniqueEmail("late")
	h.register(id, "Seated", seated)
	h.register(id, "Waiting", waiting)
	patch := func(body string) {
		t.Helper()
		apitest.WantStatus(t, h.patch(id, body), 200)
	}
	changed := func(to string) int { return prefixed(t, to, "Changed:") }
	patch(`{"starts_at":"2026-12-21T18:00:00+03:30","ends_at":"2026-12-21T21:00:00+03:30"}`)
	patch(`{"starts_at":"2026-12-21T18:00:00+03:30"}`) // the same again: no news
	patch(`{"capacity":2}`)                            // promotes, is no change of time or place
	if changed(seated) != 1 || changed(waiting) != 1 {
		t.Errorf("change emails: seated %d, waiting %d; want 1 each", changed(seated), changed(waiting))
	}
	mails := testenv.EmailsTo(t, seated)
	if last := mails[len(mails)-1]; strings.HasPrefix(last.Subject, "Changed:") && !strings.Contains(last.Text, "Monday 21 December 2026, 18:00") {
		t.Errorf("the change email does not give the new time: %s", last.Text)
	}
	// Someone registering after the change already has the new time.
	h.register(id, "Late", late)
	patch(`{"venue":"Tehran, a bigger room"}`)
	if changed(seated) != 2 || changed(late) != 1 {
		t.Errorf("after moving the venue: seated %d, late %d change emails; want 2 and 1", changed(seated), changed(late))
	}
}

// A request that ends in the middle of telling registrants leaves the rest
// owed, and making it again tells exactly those, each once.
func TestCancellingMeetupTellsEveryoneOnce(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 3, "Called off")
	addr := numbered("off", 5)
	for _, a := range addr {
		h.register(id, "Member", a)
	}

	// Out of time before the first email: nobody is told, and the answer
	// says how many are left.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
	m, untold, err := h.svc.CancelMeetup(ctx, id)
	cancel()
	if err != nil || m.Status != meetups.Cancelled || untold != 5 {
		t.Fatalf("cancel near the deadline: %v, %s, %d untold; want cancelled, 5 untold", err, m.Status, untold)
	}

	// The request ends during the third email.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	h.mail.use(&cancellingMailer{Sender: h.mail.real, at: 3, cancel: cancel})
	if _, _, err := h.svc.CancelMeetup(ctx, id); err == nil {
		t.Fatal("a cancelled request answered success")
	}

	// The organizer cancels again: everyone left is told, nobody twice.
	resp := h.Serve("POST", "/meetups/{meetupId}/cancel", "/meetups/"+id+"/cancel", "application/json", "", h.Organizer()...)
	apitest.WantStatus(t, resp, 200)
	if strings.Contains(resp.Body, "untold") {
		t.Errorf("a complete cancellation answered %s", resp.Body)
	}
	apitest.WantOneEach(t, "Cancelled:", "cancellation", addr...)
}

// What hangs on a meetup (its talks) failing to follow it does not keep its
// registrants from being told it is off.
func TestCancelTellsRegistrantsWhateverElseFails(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 2, "Off anyway")
	ab := h.registerNew(id, "A", "B")
	calls := 0
	h.afterCancel = func(context.Context, meetups.Meetup) error {
		calls++
		return errors.New("injected: a speaker's address is refused")
	}
	if _, _, err := h.svc.CancelMeetup(context.Background(), id); err == nil {
		t.Error("the failure was not reported")
	}
	if calls != 1 {
		t.Errorf("the talks' step ran %d times", calls)
	}
	apitest.WantOneEach(t, "Cancelled:", "cancellation", ab...)
}

// An email that hangs is cut short before the request's deadline, so its
// claim is given back while the function still lives: the answer counts it
// untold, and cancelling again tells it, once.
func TestHangingEmailIsCutShortAndStaysOwed(t *testing.T) {
	t.Parallel()
	h, id := newMeetup(t, 3, "Hanging")
	ab := h.registerNew(id, "A", "B")

	h.mail.use(blockingMailer{})
	ctx, cancel := context.WithTimeout(context.Background(), 4500*time.Millisecond)
	defer cancel()
	m, untold, err := h.svc.CancelMeetup(ctx, id)
	h.mail.use(nil)
	if err != nil || m.Status != meetups.Cancelled || untold != 2 {
		t.Fatalf("cancel with a hanging email: %v, %s, %d untold; want cancelled, 2 untold", err, m.Status, untold)
	}
	if _, _, err := h.svc.CancelMeetup(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	apitest.WantOneEach(t, "Cancelled:", "cancellation", ab...)
}
