package callforspeakers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// The backlog ask comes month after month: a member can unsubscribe from it
// with its one-click link, and a speaker who is not a member, who has nothing
// to unsubscribe from, is asked once per talk.
func TestBacklogAskCanBeStopped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &emailtest.Recorder{}
	sys, tag, addr := newSystem(t, wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer { rec.Sender = next; return rec }))
	// unsub is the unsubscribe URL of each email to who, oldest first (what
	// sets the List-Unsubscribe headers).
	unsub := func(who string) []string {
		var urls []string
		for _, m := range rec.Sent() {
			if m.To == addr(who) {
				urls = append(urls, m.Unsubscribe)
			}
		}
		return urls
	}
	store, msvc, job := sys.Store(), sys.Members(), sys.CallForSpeakers()
	sys.Built()

	// Two empty meetups four weeks apart: two six-week steps, two asks.
	january := time.Date(2027, 1, 20, 18, 0, 0, 0, tehran)
	february := january.AddDate(0, 0, 28)
	for i, start := range []time.Time{january, february} {
		wiringtest.StoreMeetup(t, store, fmt.Sprintf("empty%d-%s", i, tag), fmt.Sprintf("Empty %d %s", i, tag), start, created)
	}
	for _, who := range []string{"quitter", "keeper"} {
		confirmedMember(t, store, who, addr(who), false)
	}
	for _, who := range []string{"quitter", "keeper", "guest"} {
		storeTalks(t, store, backlogTalk(who+"-"+tag, who, addr(who), "Talk by "+who))
	}
	sixWeeksBefore := func(start time.Time) time.Time {
		y, m, d := start.AddDate(0, 0, -42).Date()
		return time.Date(y, m, d, 9, 30, 0, 0, tehran)
	}
	asks := func(who string) int { return testenv.CountEmails(t, addr(who), "Could you give your talk") }

	if err := job.Run(ctx, sixWeeksBefore(january)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		who         string
		unsubscribe bool
	}{{"quitter", true}, {"keeper", true}, {"guest", false}} {
		got := unsub(tt.who)
		if len(got) != 1 || asks(tt.who) != 1 {
			t.Fatalf("%s: %d asks (%d in SES), want 1", tt.who, len(got), asks(tt.who))
		}
		if (got[0] != "") != tt.unsubscribe {
			t.Errorf("%s: ask with List-Unsubscribe %q, want one: %v", tt.who, got[0], tt.unsubscribe)
		}
		mails := testenv.EmailsTo(t, addr(tt.who))
		if strings.Contains(mails[0].Text, "/unsubscribe?token=") != tt.unsubscribe {
			t.Errorf("%s: unsubscribe link in the text: %v, want %v:\n%s", tt.who, !tt.unsubscribe, tt.unsubscribe, mails[0].Text)
		}
	}

	// The quitter unsubscribes with the ask's own link (one-click, RFC 8058).
	u, err := url.Parse(unsub("quitter")[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := msvc.Unsubscribe(ctx, u.Query().Get("token")); err != nil {
		t.Fatalf("unsubscribe with the ask's link: %v", err)
	}

	if err := job.Run(ctx, sixWeeksBefore(february)); err != nil {
		t.Fatal(err)
	}
	for who, want := range map[string]int{"quitter": 1, "keeper": 2, "guest": 1} {
		if got := asks(who); got != want {
			t.Errorf("%s asked %d times after the second empty meetup, want %d", who, got, want)
		}
	}
}
