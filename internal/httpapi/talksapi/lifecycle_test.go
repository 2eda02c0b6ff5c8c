package talksapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
)

// TestTransitions walks every allowed move of the state machine through the
// API, each emailing the speaker once, and checks that every move the
// machine forbids is answered 409 and changes nothing.
func TestTransitions(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "December meetup")
	ctx := context.Background()

	t.Run("submitted, accepted, confirmed, withdrawn", func(t *testing.T) {
		email, id := h.propose("full", nil)
		resp := h.decide(id, map[string]string{"decision": "accept", "meetup_id": meetup, "message": "Bring slides!\nThanks."})
		apitest.WantStatus(t, resp, 200)
		if a := decode[talkAnswer](t, resp); a.Status != "accepted" || a.MeetupID != meetup || a.Email != email {
			t.Errorf("decision answered %s", resp.Body)
		}
		wantSubjects(t, email, subjSubmitted, subjAccepted)
		accepted := testenv.EmailsTo(t, email)[1]
		if !strings.Contains(accepted.Text, "Bring slides!\nThanks.") || !strings.Contains(accepted.Text, "December meetup") {
			t.Errorf("acceptance email lacks the message or the meetup:\n%s", accepted.Text)
		}
		confirmTok := apitest.LinkIn(t, accepted, "/talks/confirm")
		acceptedWithdraw := apitest.LinkIn(t, accepted, "/talks/withdraw")

		// Opening the link changes nothing; its button does.
		page := h.Do("GET", "/talks/confirm?token="+confirmTok, "", "")
		apitest.WantStatus(t, page, 200)
		if !strings.Contains(page.Body, `action="/talks/confirm"`) {
			t.Errorf("confirm page has no button posting to /talks/confirm:\n%s", page.Body)
		}
		h.wantStatus(id, talks.Accepted)
		apitest.WantStatus(t, h.act("/talks/confirm", confirmTok), 200)
		h.wantStatus(id, talks.Confirmed)
		wantSubjects(t, email, subjSubmitted, subjAccepted, subjConfirmed)
		apitest.WantStatus(t, h.act("/talks/confirm", confirmTok), 409) // confirming twice

		withdrawTok := link(t, email, subjConfirmed, "/talks/withdraw")
		apitest.WantStatus(t, h.act("/talks/withdraw", withdrawTok), 200)
		h.wantStatus(id, talks.Withdrawn)
		wantSubjects(t, email, subjSubmitted, subjAccepted, subjConfirmed, subjWithdrawn)

		// Withdrawing twice, with the same link or an older one; deciding or
		// confirming a withdrawn talk.
		apitest.WantStatus(t, h.act("/talks/withdraw", withdrawTok), 409)
		apitest.WantStatus(t, h.act("/talks/withdraw", acceptedWithdraw), 409)
		apitest.WantStatus(t, h.act("/talks/withdraw", link(t, email, subjSubmitted, "/talks/withdraw")), 409)
		h.wantDecided(t, id, meetup, talks.Withdrawn)
		wantSubjects(t, email, subjSubmitted, subjAccepted, subjConfirmed, subjWithdrawn)
	})

	t.Run("submitted, rejected", func(t *testing.T) {
		email, id := h.propose("rejected", map[string]string{"meetup_id": meetup})
		resp := h.decide(id, map[string]string{"decision": "reject", "message": "Too close to last month's talk."})
		apitest.WantStatus(t, resp, 200)
		h.wantStatus(id, talks.Rejected)
		wantSubjects(t, email, subjSubmitted, subjRejected)
		if e := testenv.EmailsTo(t, email)[1]; !strings.Contains(e.Text, "Too close to last month's talk.") {
			t.Errorf("rejection email lacks the message:\n%s", e.Text)
		}

		// A rejected talk cannot be withdrawn, confirmed, or decided again.
		apitest.WantStatus(t, h.act("/talks/withdraw", link(t, email, subjSubmitted, "/talks/withdraw")), 409)
		raw, err := h.tokens.Issue(ctx, token.TalkConfirm, id, person.Key(email), "en", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		confirm := h.act("/talks/confirm", raw)
		apitest.WantStatus(t, confirm, 409)
		if !strings.Contains(confirm.Body, "A rejected talk cannot be confirmed.") {
			t.Errorf("confirming a rejected talk answered %s", confirm.Body)
		}
		h.wantDecided(t, id, meetup, talks.Rejected)
		wantSubjects(t, email, subjSubmitted, subjRejected)
	})

	t.Run("submitted, withdrawn", func(t *testing.T) {
		email, id := h.propose("early", nil)
		apitest.WantStatus(t, h.act("/talks/withdraw", link(t, email, subjSubmitted, "/talks/withdraw")), 200)
		h.wantStatus(id, talks.Withdrawn)
		wantSubjects(t, email, subjSubmitted, subjWithdrawn)
		apitest.WantStatus(t, h.accept(id, meetup), 409)
		raw, _ := h.tokens.Issue(ctx, token.TalkConfirm, id, person.Key(email), "en", time.Hour)
		apitest.WantStatus(t, h.act("/talks/confirm", raw), 409)
		wantSubjects(t, email, subjSubmitted, subjWithdrawn)
	})

	t.Run("accepted, withdrawn", func(t *testing.T) {
		email, id := h.propose("late", nil)
		apitest.WantStatus(t, h.accept(id, meetup), 200)
		confirmTok := link(t, email, subjAccepted, "/talks/confirm")
		apitest.WantStatus(t, h.act("/talks/withdraw", link(t, email, subjAccepted, "/talks/withdraw")), 200)
		h.wantStatus(id, talks.Withdrawn)
		apitest.WantStatus(t, h.act("/talks/confirm", confirmTok), 409) // too late to confirm
		wantSubjects(t, email, subjSubmitted, subjAccepted, subjWithdrawn)
	})

	t.Run("decided twice", func(t *testing.T) {
		email, id := h.propose("twice", nil)
		apitest.WantStatus(t, h.accept(id, meetup), 200)
		h.wantDecided(t, id, meetup, talks.Accepted)
		wantSubjects(t, email, subjSubmitted, subjAccepted)
	})

	t.Run("bad decisions", func(t *testing.T) {
		email, id := h.propose("undecided", nil)
		cancelled := h.createMeetup("Called off")
		if _, _, err := h.meetups.CancelMeetup(ctx, cancelled); err != nil {
			t.Fatal(err)
		}
		tests := []refusal{
			{"accept without meetup_id", map[string]string{"decision": "accept"}, "meetup_id"},
			{"accept into no meetup", map[string]string{"decision": "accept", "meetup_id": "nope"}, "meetup_id"},
			{"accept into a cancelled meetup", map[string]string{"decision": "accept", "meetup_id": cancelled}, "meetup_id"},
			{"reject into a meetup", map[string]string{"decision": "reject", "meetup_id": meetup}, "meetup_id"},
			{"unknown decision", map[string]string{"decision": "maybe"}, "decision"},
			{"no decision", map[string]string{}, "decision"},
			{"message too long", map[string]string{"decision": "reject", "message": strings.Repeat("m", 2001)}, "message"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantProblem(t, h.decide(id, tt.set), tt.field)
			})
		}
		apitest.WantStatus(t, h.accept("no-such-talk", meetup), 404)
		h.wantStatus(id, talks.Submitted)
		wantSubjects(t, email, subjSubmitted)
	})
}

// Two organizers deciding the same talk at the same moment: one wins, the
// others get 409, and the speaker hears once.
func TestConcurrentDecisions(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "Contested")
	for round := range 3 {
		email, id := h.propose(fmt.Sprintf("contested%d", round), nil)
		const deciders = 8
		codes := make([]int, deciders)
		apitest.AtOnce(deciders, func(i int) {
			body := map[string]string{"decision": "accept", "meetup_id": meetup}
			if i%2 == 1 {
				body = map[string]string{"decision": "reject", "message": "No room."}
			}
			codes[i] = h.decide(id, body).StatusCode
		})
		winners := 0
		var won talks.Status
		for i, c := range codes {
			switch c {
			case 200:
				winners++
				won = talks.Accepted
				if i%2 == 1 {
					won = talks.Rejected
				}
			case 409:
			default:
				t.Errorf("decider %d answered %d", i, c)
			}
		}
		if winners != 1 {
			t.Fatalf("round %d: %d deciders won (%v), want 1", round, winners, codes)
		}
		h.wantStatus(id, won)
		want := subjAccepted
		if won == talks.Rejected {
			want = subjRejected
		}
		wantSubjects(t, email, subjSubmitted, want)
	}
}

// A withdrawn talk leaves the meetup's page at once.
func TestWithdrawnLeavesMeetupPage(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "Programme")
	_, first := h.propose("staying", map[string]string{"title": "Staying"})
	leaving, second := h.propose("leaving", map[string]string{"title": "Leaving", "meetup_id": meetup})
	h.propose("undecided", map[string]string{"title": "Undecided", "meetup_id": meetup})
	apitest.WantStatus(t, h.accept(first, meetup), 200)
	apitest.WantStatus(t, h.accept(second, meetup), 200)
	apitest.WantStatus(t, h.act("/talks/confirm", link(t, leaving, subjAccepted, "/talks/confirm")), 200)

	titles := func() string {
		var s []string
		for _, tk := range h.programme(meetup) {
			s = append(s, tk.Title+":"+tk.Status)
		}
		return strings.Join(s, ", ")
	}
	if got := titles(); got != "Staying:accepted, Leaving:confirmed" {
		t.Fatalf("programme %q", got)
	}
	apitest.WantStatus(t, h.act("/talks/withdraw", link(t, leaving, subjConfirmed, "/talks/withdraw")), 200)
	if got := titles(); got != "Staying:accepted" {
		t.Errorf("programme right after the withdrawal: %q", got)
	}
}

// A request whose email cannot be sent changes nothing, and the same request
// made again succeeds and emails once.
func TestFailedEmailChangesNothing(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "Fragile")
	email := apitest.UniqueEmail("fragile")

	h.mailer.FailNext()
	apitest.WantStatus(t, h.PostJSON("/talks", proposal(email, nil)), 500)
	if items, _, _ := h.store.ListTalks(context.Background(), talks.Filter{Status: talks.Submitted}, "", 10); len(items) != 0 {
		t.Fatalf("a failed submission left %d talks", len(items))
	}
	id := h.submit(proposal(email, nil))

	h.mailer.FailNext()
	apitest.WantStatus(t, h.accept(id, meetup), 500)
	h.wantStatus(id, talks.Submitted)
	if got := h.programme(meetup); len(got) != 0 {
		t.Fatalf("a failed acceptance put the talk on the programme: %+v", got)
	}
	apitest.WantStatus(t, h.accept(id, meetup), 200)

	tok := link(t, email, subjAccepted, "/talks/withdraw")
	h.mailer.FailNext()
	apitest.WantStatus(t, h.act("/talks/withdraw", tok), 500)
	h.wantStatus(id, talks.Accepted)
	if got := h.programme(meetup); len(got) != 1 {
		t.Fatalf("a failed withdrawal changed the programme: %+v", got)
	}
	apitest.WantStatus(t, h.act("/talks/withdraw", tok), 200)
	h.wantStatus(id, talks.Withdrawn)
	wantSubjects(t, email, subjSubmitted, subjAccepted, subjWithdrawn)
}

// Erasing a speaker (the member erase with AnonymizeTalks before it) keeps
// only the title of their talk on a meetup's programme and removes the rest.
func TestEraseKeepsProgrammeTitles(t *testing.T) {
	t.Parallel()
	h := newTalkHarness(t)
	ctx := context.Background()
	meetup := h.createMeetup("Remembered")
	email := apitest.UniqueEmail("erased")
	kept := h.submit(proposal(email, map[string]string{"name": "علی", "title": "Kept title"}))
	dropped := h.submit(proposal(email, map[string]string{"title": "Dropped"}))
	apitest.WantStatus(t, h.accept(kept, meetup), 200)

	svc := h.Members()
	if err := svc.RequestErase(ctx, members.EraseRequestInput{Email: email}); err != nil {
		t.Fatal(err)
	}
	mails := testenv.EmailsTo(t, email)
	raw := apitest.LinkIn(t, mails[len(mails)-1], "/members/erase")
	if _, err := svc.Erase(ctx, raw); err != nil {
		t.Fatal(err)
	}

	if n := h.OwnerItems(email); n != 0 {
		t.Errorf("%d items left of the erased speaker", n)
	}
	if _, err := h.store.GetTalk(ctx, dropped); err == nil {
		t.Error("the undecided talk survived the erase")
	}
	got := h.programme(meetup)
	if len(got) != 1 || got[0].Title != "Kept title" || got[0].SpeakerName != "" {
		t.Errorf("programme after the erase: %+v", got)
	}
	b, _ := json.Marshal(h.talk(kept))
	if strings.Contains(string(b), "علی") || strings.Contains(string(b), email) {
		t.Errorf("the kept talk still names its speaker: %s", b)
	}

	// The title was kept only as part of that programme: when the meetup is
	// cancelled, the talk goes rather than join the backlog with no speaker.
	apitest.WantStatus(t, h.cancelMeetup(meetup), 200)
	if _, err := h.store.GetTalk(ctx, kept); err == nil {
		t.Error("the erased speaker's talk outlived its meetup")
	}
	backlog, _, err := h.talks.List(ctx, talks.ListQuery{Backlog: "true"}, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range backlog {
		if tk.ID == kept {
			t.Errorf("the erased speaker's talk is in the backlog: %+v", tk)
		}
	}
}

// Cancelling a meetup sends its talks back to the backlog and tells their
// speakers once, so nobody comes to give a talk at a meetup that is off.
func TestCancelledMeetupReturnsItsTalks(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "دورهمی لغوشده")
	accepted, first := h.propose("accepted", map[string]string{"title": "First"})
	confirmed, second := h.propose("confirmed", map[string]string{"title": "Second"})
	hoping, third := h.propose("hoping", map[string]string{"title": "Third", "meetup_id": meetup})
	apitest.WantStatus(t, h.accept(first, meetup), 200)
	apitest.WantStatus(t, h.accept(second, meetup), 200)
	apitest.WantStatus(t, h.act("/talks/confirm", link(t, confirmed, subjAccepted, "/talks/confirm")), 200)

	for range 2 { // cancelling again tells nobody twice
		apitest.WantStatus(t, h.cancelMeetup(meetup), 200)
	}
	for _, id := range []string{first, second, third} {
		if tk := h.talk(id); tk.Status != talks.Submitted || tk.MeetupID != "" {
			t.Errorf("talk %s after the cancellation: %s for %q, want submitted to the backlog", id, tk.Status, tk.MeetupID)
		}
	}
	apitest.WantOneEach(t, "is cancelled: your talk is back in the backlog", "back-in-the-backlog", accepted, confirmed, hoping)
	if got := h.programme(meetup); len(got) != 0 {
		t.Errorf("the cancelled meetup still lists %+v", got)
	}
	backlog, _, err := h.talks.List(context.Background(), talks.ListQuery{Backlog: "true"}, "", 10)
	if err != nil || len(backlog) != 3 {
		t.Errorf("backlog %+v, %v", backlog, err)
	}
}

// A speaker whose email bounces does not keep their talk on a cancelled
// meetup's programme: the talk goes back to the backlog all the same.
func TestCancelledMeetupReturnsTalksWhenAnEmailFails(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "Called off, loudly")
	_, id := h.propose("bouncing", nil)
	apitest.WantStatus(t, h.accept(id, meetup), 200)

	h.mailer.FailNext() // the speaker's "back in the backlog" email
	apitest.WantStatus(t, h.cancelMeetup(meetup), 200)
	if tk := h.talk(id); tk.Status != talks.Submitted || tk.MeetupID != "" {
		t.Errorf("after the cancellation the talk is %s for %q; want submitted to the backlog", tk.Status, tk.MeetupID)
	}
	if got := h.programme(meetup); len(got) != 0 {
		t.Errorf("the cancelled meetup still lists %+v", got)
	}
}
