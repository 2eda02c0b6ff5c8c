package leaguedraw_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// enter stores a confirmed duel robot of a new member at addr and enters
// it into league id.
func enter(t *testing.T, sys *wiringtest.System, id, addr string) {
	t.Helper()
	ctx := context.Background()
	owner := person.Key(addr)
	r := battlefield.Robot{ID: testenv.RandomHex(7), Owner: owner, Email: addr, OwnerName: "Sara", Lang: "fa", Game: "duel", Name: "Bot",
		Version: 1, Code: "from battlefield import Robot\n", Status: battlefield.Confirmed, CreatedAt: sys.Now()}
	if err := sys.Store().CreateRobot(ctx, r); err != nil {
		t.Fatal(err)
	}
	raw, err := sys.Tokens().Issue(ctx, token.Robot, r.ID, owner, "fa", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := sys.Leagues().Enter(ctx, id, raw); err != nil {
		t.Fatal(err)
	}
}

// TestADrawThatStoppedPartWay: a draw that closed its league and wrote
// some fixtures, then died, is finished by the next run: every fixture
// once, each entrant emailed their fixtures once; a run after that does
// nothing. A league with one robot ends with no matches, its entrant told.
func TestADrawThatStoppedPartWay(t *testing.T) {
	ctx := context.Background()
	zone, _ := time.LoadLocation("Asia/Tehran")
	clock := wiringtest.NewClock(time.Date(2027, 5, 1, 10, 0, 0, 0, zone))
	sys := wiringtest.New(t, wiring.WithClock(clock.Now))
	svc, draw := sys.Leagues(), sys.LeagueDraw()
	sys.Built()
	open := func(title string) leagues.League {
		l, err := svc.Create(ctx, leagues.CreateInput{Title: title, Game: "duel", RegistrationOpens: "2027-05-01T09:00:00+03:30",
			RegistrationCloses: "2027-05-02T09:00:00+03:30", FirstMatchDay: "2027-05-04", MatchDays: []string{"tue", "thu"}, MatchTime: "18:00", MaxRobots: 8})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	three, one := open("Three"), open("One")
	var addrs []string
	for range 3 {
		addrs = append(addrs, apitest.UniqueEmail("draw"))
		clock.Advance(time.Minute)
		enter(t, sys, three.ID, addrs[len(addrs)-1])
	}
	alone := apitest.UniqueEmail("alone")
	enter(t, sys, one.ID, alone)

	// The run that died: the league closed, two fixtures written.
	closed, err := sys.Store().CloseLeague(ctx, three.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range closed.Draw(zone)[:2] {
		if err := sys.Store().PutFixture(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2027, 5, 2, 9, 0, 0, 0, zone)
	for range 2 {
		if err := draw.Run(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	p, err := svc.Page(ctx, three.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Three robots: six rounds of one match, each robot resting twice, on
	// Tuesdays and Thursdays from 4 May.
	if len(p.Fixtures) != 6 || p.League.Status != leagues.Drawn {
		t.Fatalf("%d fixtures, %s", len(p.Fixtures), p.League.Status)
	}
	if last := p.Fixtures[5].At.In(zone); last.Format(time.DateTime) != "2027-05-20 18:00:00" {
		t.Errorf("the sixth round is on %s, want Thursday 20 May 18:00", last)
	}
	for _, a := range addrs {
		mails := testenv.EmailsTo(t, a)
		if len(mails) != 1 || !strings.Contains(mails[0].Subject, "Three") {
			t.Errorf("%s got %d emails, want their fixtures once", a, len(mails))
		}
	}
	if p, _ := svc.Page(ctx, one.ID); p.League.Status != leagues.Finished || len(p.Fixtures) != 0 {
		t.Errorf("a league of one robot is %s with %d fixtures, want finished with none", p.League.Status, len(p.Fixtures))
	}
	if mails := testenv.EmailsTo(t, alone); len(mails) != 1 {
		t.Errorf("the one robot's owner got %d emails, want 1", len(mails))
	}
}
