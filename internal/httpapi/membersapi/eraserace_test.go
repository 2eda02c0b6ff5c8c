package membersapi_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// lastStepHeld is the members store with the erase's last step (deleting
// the record that it is under way) held until the racing registrations
// have all answered: each of them has then begun before the erase ended,
// so none is a registration made after the erase, which would rightly stay.
type lastStepHeld struct {
	members.Store
	mu       sync.Mutex
	answered chan struct{}
}

func (s *lastStepHeld) EndErase(ctx context.Context, owner string) error {
	s.mu.Lock()
	answered := s.answered
	s.mu.Unlock()
	select {
	case <-answered:
	case <-time.After(time.Minute): // bounded: the test reports what it finds
	}
	return s.Store.EndErase(ctx, owner)
}

// An erase at the very moment the same address registers again, for a
// meetup it holds a place at and for one it does not: whichever way the
// race goes, no request fails, no seat or place in line is left without
// its registration, and nothing of the address is left in the table.
func TestEraseRacingRegistrations(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	held := &lastStepHeld{}
	sys := wiringtest.New(t, wiringtest.At(now), wiring.WithMembersStore(func(s members.Store) members.Store {
		held.Store = s
		return held
	}))
	c := apitest.New(t, sys, wiring.MembersFunction, wiring.MeetupsFunction)
	seated := c.CreateMeetup(wiringtest.Meetup{Title: "Held", StartsAt: "2026-12-20T18:00:00Z", EndsAt: "2026-12-20T20:00:00Z", Capacity: 2})
	other := c.CreateMeetup(wiringtest.Meetup{Title: "Other", StartsAt: "2026-12-21T18:00:00Z", EndsAt: "2026-12-21T20:00:00Z", Capacity: 2})
	register := func(id, addr string) int {
		body, _ := json.Marshal(map[string]string{"name": "Racer", "email": addr})
		return c.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+id+"/registrations", "application/json", string(body)).StatusCode
	}
	// Someone else holds a place at each, so the checks below see the
	// lists change around a place that must stay.
	for _, id := range []string{seated.ID, other.ID} {
		if code := register(id, apitest.UniqueEmail("stays")); code >= 300 {
			t.Fatalf("registration answered %d", code)
		}
	}

	const trials, racers = 50, 4
	deadline := time.Now().Add(2 * time.Minute)
	for trial := range trials {
		if time.Now().After(deadline) {
			t.Fatalf("stopped after %d trials: out of time", trial)
		}
		addr := apitest.UniqueEmail("racer")
		if code := register(seated.ID, addr); code >= 300 {
			t.Fatalf("trial %d: registration answered %d", trial, code)
		}
		apitest.WantStatus(t, c.PostJSON("/members/erase-request", map[string]string{"email": addr}), 202)
		mails := testenv.EmailsTo(t, addr)
		raw := apitest.LinkIn(t, mails[len(mails)-1], "/members/erase")

		codes := make([]int, racers+1)
		answered := make(chan struct{})
		held.mu.Lock()
		held.answered = answered
		held.mu.Unlock()
		var registering sync.WaitGroup
		registering.Add(racers)
		go func() { registering.Wait(); close(answered) }()
		apitest.AtOnce(racers+1, func(i int) {
			switch {
			case i == 0:
				codes[i] = c.PostJSON("/members/erase", map[string]string{"token": raw}).StatusCode
				return
			case i%2 == 1:
				codes[i] = register(seated.ID, addr)
			default:
				codes[i] = register(other.ID, addr)
			}
			registering.Done()
		})
		if codes[0] != 200 {
			t.Errorf("trial %d: the erase answered %d", trial, codes[0])
		}
		for i, code := range codes[1:] {
			if code >= 500 {
				t.Errorf("trial %d: racing registration %d answered %d", trial, i, code)
			}
		}
		key := person.Key(addr)
		for _, id := range []string{seated.ID, other.ID} {
			m, err := c.Meetups().Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range slices.Concat(m.Seats, m.Waitlist) {
				if k == key {
					t.Errorf("trial %d: the erased address keeps a place at %s", trial, m.Title)
					continue
				}
				if _, err := c.Store().GetRegistration(context.Background(), id, k); err != nil {
					t.Errorf("trial %d: a place at %s without its registration: %v", trial, m.Title, err)
				}
			}
		}
		if where := traces(t, sys, strings.TrimPrefix(key, "P#")); len(where) > 0 {
			t.Errorf("trial %d: the erased address's key is still in %v", trial, where)
		}
		if t.Failed() {
			t.Fatalf("failed at trial %d of %d", trial+1, trials)
		}
	}
	for _, id := range []string{seated.ID, other.ID} {
		m, err := c.Meetups().Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Seats) != 1 || len(m.Waitlist) != 0 {
			t.Errorf("%s: %d seats and %d waiting; want the one who stays", m.Title, len(m.Seats), len(m.Waitlist))
		}
		regs, _, err := c.Meetups().Registrations(context.Background(), id, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(slices.DeleteFunc(regs, func(r meetups.Registration) bool { return r.Status == meetups.RegCancelled })); n != 1 {
			t.Errorf("%s lists %d registrations; want 1", m.Title, n)
		}
	}
}

// traces lists the keys of the items in the whole table that mention s in
// any attribute, keys included.
func traces(t *testing.T, sys *wiringtest.System, s string) []string {
	t.Helper()
	var where []string
	p := dynamodb.NewScanPaginator(sys.DB, &dynamodb.ScanInput{TableName: &sys.Table})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			var v map[string]any
			if err := attributevalue.UnmarshalMap(item, &v); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(v)
			if strings.Contains(string(b), s) {
				where = append(where, v["pk"].(string)+" "+v["sk"].(string))
			}
		}
	}
	return where
}
