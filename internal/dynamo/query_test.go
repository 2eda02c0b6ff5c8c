package dynamo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
)

// The queries that read every page declare their key conditions the same
// way as the paginated ones: each still selects what it did.
func TestWholeQueries(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()

	// Confirmed at t0, t0+1h, t0+2h; the last two want to speak, the last
	// has unsubscribed.
	var keys []string
	for i := range 3 {
		email := fmt.Sprintf("member%d@example.org", i)
		m := members.Member{Key: person.Key(email), Name: "Member", Email: email, Language: "en", WantsToSpeak: i > 0, Mentorship: "none", CreatedAt: t0}
		if err := tb.CreateMember(ctx, m, time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, _, err := tb.ConfirmMember(ctx, m.Key, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, m.Key)
	}
	if _, err := tb.SetUnsubscribed(ctx, keys[2], t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	memberKeys := func(ms []members.Member, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.Key)
		}
		return fmt.Sprint(out)
	}
	if got, want := memberKeys(tb.MembersConfirmedSince(ctx, t0.Add(time.Hour))), fmt.Sprint(keys[1:]); got != want {
		t.Errorf("confirmed since t0+1h: %s, want %s", got, want)
	}
	if got, want := memberKeys(tb.MembersWantingToSpeak(ctx)), fmt.Sprint(keys[1:2]); got != want {
		t.Errorf("wanting to speak: %s, want %s", got, want)
	}

	// Meetups starting 1, 3 and 10 days after t0; one person registered
	// for the first and the last.
	owner := person.Key("guest@example.org")
	for i, days := range []int{1, 3, 10} {
		start := t0.Add(time.Duration(days) * 24 * time.Hour)
		m := putMeetup(t, tb, fmt.Sprintf("meet%d", i), start, start.Add(3*time.Hour), meetups.Scheduled)
		if i != 1 {
			r := meetups.Registration{MeetupID: m.ID, Key: owner, Name: "Guest", Email: "guest@example.org", Language: "en", Status: meetups.RegConfirmed, CreatedAt: t0}
			if err := tb.PutRegistration(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	ms, err := tb.MeetupsStarting(ctx, t0, t0.Add(5*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var starting []string
	for _, m := range ms {
		starting = append(starting, m.ID)
	}
	if fmt.Sprint(starting) != "[meet0 meet1]" {
		t.Errorf("starting within 5 days: %v", starting)
	}
	of, err := tb.MeetupsOf(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Sort(of); fmt.Sprint(of) != "[meet0 meet2]" {
		t.Errorf("meetups of the guest: %v", of)
	}
}
