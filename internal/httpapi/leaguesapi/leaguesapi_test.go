package leaguesapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

var tehran = func() *time.Location {
	z, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		panic(err)
	}
	return z
}()

// duel answers every question right.
const duel = "from battlefield import Robot\n\n\nclass Right(Robot):\n    def step(self, state):\n        return eval(state[\"question\"])\n"

// robot stores a duel robot of the member at addr, as sending it would,
// confirmed unless pending, and returns it with its link's token.
func robot(t *testing.T, c *apitest.Client, addr, name string, status battlefield.Status) (battlefield.Robot, string) {
	t.Helper()
	ctx := context.Background()
	owner := person.Key(addr)
	v, err := c.Store().NextRobotVersion(ctx, owner, "duel", strings.ToLower(name))
	if err != nil {
		t.Fatal(err)
	}
	r := battlefield.Robot{ID: testenv.RandomHex(7), Owner: owner, Email: addr, OwnerName: "Sara", Lang: "en", Game: "duel", Name: name,
		Version: v, Code: duel, Status: status, CreatedAt: c.Now()}
	if err := c.Store().CreateRobot(ctx, r); err != nil {
		t.Fatal(err)
	}
	raw, err := c.Tokens().Issue(ctx, token.Robot, r.ID, owner, "en", 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return r, raw
}

type leagueOut struct {
	ID       string   `json:"id"`
	Status   string   `json:"status"`
	Entrants []string `json:"entrants"`
	Fixtures []struct {
		Home, Away, Status, Forfeit, Replay string
		Scores                              *[2]int
	} `json:"fixtures"`
	Table []struct {
		Robot  string `json:"robot"`
		Points int    `json:"points"`
	} `json:"table"`
}

func league(t *testing.T, c *apitest.Client, id string) leagueOut {
	t.Helper()
	resp := c.Serve("GET", "/leagues/{leagueId}", "/leagues/"+id, "", "")
	apitest.WantStatus(t, resp, 200)
	var out leagueOut
	if err := json.Unmarshal([]byte(resp.Body), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestALeagueThroughTheAPI(t *testing.T) {
	ctx := context.Background()
	clock := wiringtest.NewClock(time.Date(2027, 3, 1, 10, 0, 0, 0, tehran))
	sys := wiringtest.New(t, wiring.WithClock(clock.Now), wiring.WithRunner(matchrunner.Process(filepath.Join(testenv.Root(), "battlefield"), matchrunner.Patient(2*time.Second))))
	c := apitest.New(t, sys, wiring.LeaguesFunction, wiring.BattlefieldFunction)
	input := map[string]any{
		"title": "Spring <script>alert(1)</script> duel", "game": "duel",
		"registration_opens": "2027-03-01T09:00:00+03:30", "registration_closes": "2027-03-03T09:00:00+03:30",
		"first_match_day": "2027-03-05", "match_days": []string{"fri", "sat"}, "match_time": "17:30", "max_robots": 4,
	}
	body, _ := json.Marshal(input)

	// Only organizers open leagues.
	apitest.WantStatus(t, c.PostJSON("/leagues", input), 401)
	// Every field checked, each named.
	bad := map[string]any{"title": "", "game": "chess", "registration_opens": "2027-03-03T09:00:00+03:30",
		"registration_closes": "2027-03-02T09:00:00+03:30", "first_match_day": "2027-03-02", "match_days": []string{"someday"},
		"match_time": "25:00", "max_robots": 40}
	badBody, _ := json.Marshal(bad)
	resp := c.Do("POST", "/leagues", "application/json", string(badBody), c.Organizer()...)
	apitest.WantStatus(t, resp, 422)
	for _, f := range []string{"title", "game", "registration_closes", "first_match_day", "match_days", "match_time", "max_robots"} {
		if !strings.Contains(resp.Body, `"`+f+`"`) {
			t.Errorf("the refusal does not name %s: %s", f, resp.Body)
		}
	}
	resp = c.Do("POST", "/leagues", "application/json", string(body), c.Organizer()...)
	apitest.WantStatus(t, resp, 201)
	var created leagueOut
	if err := json.Unmarshal([]byte(resp.Body), &created); err != nil || created.ID == "" || created.Status != "open" {
		t.Fatalf("created %s (%v)", resp.Body, err)
	}
	// The list, a page at a time, the newest first.
	clock.Advance(time.Minute)
	second := c.Do("POST", "/leagues", "application/json", string(body), c.Organizer()...)
	apitest.WantStatus(t, second, 201)
	list := c.Do("GET", "/leagues?limit=1", "", "")
	apitest.WantStatus(t, list, 200)
	var listed struct {
		Items []leagueOut `json:"items"`
		Next  string      `json:"next"`
	}
	if err := json.Unmarshal([]byte(list.Body), &listed); err != nil || len(listed.Items) != 1 || listed.Next == "" || listed.Items[0].ID == created.ID {
		t.Fatalf("the first page: %s (%v)", list.Body, err)
	}
	list = c.Do("GET", "/leagues?limit=1&cursor="+url.QueryEscape(listed.Next), "", "")
	apitest.WantStatus(t, list, 200)
	listed.Items, listed.Next = nil, ""
	if err := json.Unmarshal([]byte(list.Body), &listed); err != nil || len(listed.Items) != 1 || listed.Items[0].ID != created.ID || listed.Next != "" {
		t.Fatalf("the second page: %s (%v)", list.Body, err)
	}

	enter := func(raw string) int {
		clock.Advance(time.Minute) // entry order: as entered
		return c.Serve("POST", "/leagues/{leagueId}/entries", "/leagues/"+created.ID+"/entries", "application/json", `{"token":"`+raw+`"}`).StatusCode
	}
	sara, saraRobot := apitest.UniqueEmail("sara"), ""
	{
		_, pending := robot(t, c, sara, "Adder", battlefield.Pending)
		if got := enter(pending); got != 409 {
			t.Errorf("a pending robot entered: %d", got)
		}
		_, saraRobot = robot(t, c, sara, "Adder", battlefield.Confirmed) // Adder v2
	}
	if got := enter(saraRobot); got != 201 {
		t.Fatalf("entering: %d", got)
	}
	if got := enter(saraRobot); got != 201 {
		t.Errorf("entering again with the same robot: %d", got)
	}
	_, other := robot(t, c, sara, "Multiplier", battlefield.Confirmed)
	if got := enter(other); got != 409 {
		t.Errorf("a second robot of one member: %d, want 409", got)
	}
	_, newer := robot(t, c, sara, "adder", battlefield.Confirmed) // Adder v3, the same robot by name
	if got := enter(newer); got != 201 {
		t.Errorf("a newer version: %d, want 201 (swapped)", got)
	}
	if got := league(t, c, created.ID).Entrants; len(got) != 1 || got[0] != "adder v3" {
		t.Errorf("entrants %v, want the newer version alone", got)
	}
	if got := enter("not-a-token"); got != 404 {
		t.Errorf("a forged link: %d", got)
	}
	// A browser's form post goes to the league's page: the robot's page
	// offers the league, with a button that posts its link.
	ali := apitest.UniqueEmail("ali")
	_, aliRobot := robot(t, c, ali, "Gamma", battlefield.Confirmed)
	robotPage := func(raw string) string {
		resp := c.Do("GET", "/battlefield/robot?token="+url.QueryEscape(raw), "", "", "Accept", "text/html")
		apitest.WantStatus(t, resp, 200)
		return resp.Body
	}
	if page := robotPage(aliRobot); !strings.Contains(page, `action="/leagues/`+created.ID+`/entries"`) ||
		!strings.Contains(page, "Spring &lt;script&gt;") || !strings.Contains(page, `value="`+aliRobot+`"`) {
		t.Errorf("the robot's page does not offer the open league:\n%s", page)
	}
	clock.Advance(time.Minute)
	resp = c.Serve("POST", "/leagues/{leagueId}/entries", "/leagues/"+created.ID+"/entries", "application/x-www-form-urlencoded",
		"token="+url.QueryEscape(aliRobot)+"&lang=fa", "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"] + resp.Headers["location"]; loc != "/leagues/"+created.ID+"?lang=fa" {
		t.Errorf("redirected to %q", loc)
	}
	// A third member, erased before the draw: their robot is withdrawn.
	reza := apitest.UniqueEmail("reza")
	_, rezaRobot := robot(t, c, reza, "Delta", battlefield.Confirmed)
	if got := enter(rezaRobot); got != 201 {
		t.Fatalf("entering: %d", got)
	}
	if err := sys.Members().EraseOnRequest(ctx, reza); err != nil {
		t.Fatal(err)
	}
	if n := c.OwnerItems(reza); n != 0 {
		t.Errorf("%d items kept of the erased member", n)
	}
	l := league(t, c, created.ID)
	if len(l.Entrants) != 3 || l.Entrants[2] != leagues.Withdrawn {
		t.Fatalf("entrants %v, want the erased member's robot withdrawn", l.Entrants)
	}
	if raw, err := c.Store().GetLeague(ctx, created.ID); err != nil || strings.Contains(strings.ToLower(raw.Entries[2].Label+raw.Entries[2].Email+raw.Entries[2].OwnerName+raw.Entries[2].Name), "delta") {
		t.Errorf("the withdrawn entry keeps a name: %+v %v", raw.Entries, err)
	}

	// After the draw, no entries; the matches of the withdrawn robot are
	// forfeits, the others played by the runner.
	clock.Set(time.Date(2027, 3, 3, 9, 0, 0, 0, tehran))
	if err := sys.LeagueDraw().Run(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, late := robot(t, c, apitest.UniqueEmail("late"), "Late", battlefield.Confirmed)
	if got := enter(late); got != 409 {
		t.Errorf("an entry after registration closed: %d", got)
	}
	if page := robotPage(late); strings.Contains(page, "/leagues/"+created.ID) {
		t.Error("a robot's page offers a league whose registration has closed")
	}
	// Drawn, before the first match: a newer version still swaps in.
	_, v4 := robot(t, c, sara, "Adder", battlefield.Confirmed)
	if got := enter(v4); got != 201 {
		t.Errorf("a newer version after the draw, before the first match: %d, want 201", got)
	}
	if got := league(t, c, created.ID).Entrants; got[0] != "Adder v4" {
		t.Errorf("entrants %v, want Adder v4 first", got)
	}
	play := sys.LeaguePlay()
	sys.Built()
	for i := range 6 { // three robots: six rounds, on Fridays and Saturdays
		at := time.Date(2027, 3, 5, 17, 30, 0, 0, tehran).AddDate(0, 0, 7*(i/2)+i%2)
		clock.Set(at)
		if err := play.Run(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	// The matches have begun: no more swaps.
	_, v5 := robot(t, c, sara, "Adder", battlefield.Confirmed)
	if got := enter(v5); got != 409 {
		t.Errorf("a newer version after the first match: %d, want 409", got)
	}
	l = league(t, c, created.ID)
	if l.Status != "finished" || len(l.Fixtures) != 6 {
		t.Fatalf("league %s with %d fixtures", l.Status, len(l.Fixtures))
	}
	for _, f := range l.Fixtures {
		withdrawn := f.Home == leagues.Withdrawn || f.Away == leagues.Withdrawn
		if f.Status != "played" || withdrawn != (f.Forfeit == leagues.Withdrawn) || withdrawn == (f.Replay != "") {
			t.Errorf("fixture %+v", f)
		}
		if f.Replay != "" {
			// The replay's link opens it, as any match's.
			replay := c.Serve("GET", "/battlefield/matches/{matchId}", f.Replay, "", "", "Accept", "text/html")
			apitest.WantStatus(t, replay, 200)
			if !strings.Contains(replay.Body, "Adder v4") || !strings.Contains(replay.Body, "Gamma v1") {
				t.Errorf("the replay of %s does not name both robots", f.Replay)
			}
		}
	}
	// Both robots answer every question: their two matches are 20:20 draws.
	if len(l.Table) != 3 || l.Table[2].Robot != leagues.Withdrawn || l.Table[0].Points != 8 || l.Table[1].Points != 8 {
		t.Errorf("table %+v", l.Table)
	}
	if n := len(testenv.EmailsTo(t, reza)); n != 0 {
		t.Errorf("the erased member got %d emails", n)
	}

	// The page, in Persian: right to left, and the title escaped.
	page := c.Serve("GET", "/leagues/{leagueId}", "/leagues/"+created.ID+"?lang=fa", "", "", "Accept", "text/html")
	apitest.WantStatus(t, page, 200)
	apitest.WantContains(t, page.Body, "the Persian page", `lang="fa"`, `dir="rtl"`, "جدول", "جمعه، شنبه، ۱۷:۳۰", "&lt;script&gt;", "/battlefield/matches/"+created.ID+"-r", leagues.Withdrawn)
	if strings.Contains(page.Body, "<script>alert") {
		t.Error("the title is not escaped")
	}
	page = c.Serve("GET", "/leagues/{leagueId}", "/leagues/"+created.ID+"?lang=en", "", "", "Accept", "text/html")
	if !strings.Contains(page.Body, `dir="ltr"`) || !strings.Contains(page.Body, "Fixtures and results") {
		t.Errorf("the English page: %s", page.Body)
	}
	apitest.WantStatus(t, c.Serve("GET", "/leagues/{leagueId}", "/leagues/nosuch", "", ""), 404)
}
