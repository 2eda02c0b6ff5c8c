package local

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/testenv"
)

// storedLayout is how the table stores a time (internal/dynamo).
const storedLayout = "2006-01-02T15:04:05.000000Z"

// leagueJSON is what GET /leagues/{id} answers, as far as this test reads it.
type leagueJSON struct {
	Status   string `json:"status"`
	Champion string `json:"champion"`
	Fixtures []struct {
		Round  int     `json:"round"`
		Home   string  `json:"home"`
		Away   string  `json:"away"`
		Status string  `json:"status"`
		Winner *string `json:"winner"`
		Replay string  `json:"replay"`
	} `json:"fixtures"`
	Table []struct {
		Robot  string `json:"robot"`
		Played int    `json:"played"`
		Won    int    `json:"won"`
		Lost   int    `json:"lost"`
		Points int    `json:"points"`
	} `json:"table"`
}

// TestLeagueOnTheLocalStack runs a whole league on the local stack, as
// members, an organizer and EventBridge Scheduler use it: six robots, two
// of them hostile (one loops forever as it loads, one answers garbage),
// sent and confirmed through the HTTP API and the emailed links, entered,
// the league opened with an organizer's session, then LeagueDrawFunction
// and LeaguePlayFunction invoked through the Invoke API for the times the
// scheduler would give them, every match played by the MatchRunnerFunction
// under the emulator. The draw runs when registration has just closed; the
// fixtures it draws are on the coming days, so the test moves each
// round's time back into the last hours (the fixture items, in the
// stack's table), six rounds on the date before and four on today's in
// the group's zone, and runs the play job once for each round's time:
// thirty matches. The runner fails once, for reasons of its own, on the
// last round of the first date (Stack.FailNext): that match is played by
// the first run on the next date. The robots answer right on known rounds
// and the hostile two forfeit, so the table is known (the same robots'
// table, scores and all, is worked out in internal/jobs/leagueplay's
// TestAFullLeague). Each email goes once, and running every job again for
// the same times plays and sends nothing.
func TestLeagueOnTheLocalStack(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the league's functions")
	}
	// The group's zone is one where midnight passed about three hours ago,
	// so that match days on two dates fit in the hours behind the clock a
	// job's time may be: the runner failure injected on the first date is
	// retried on the second.
	zoneName := zoneAtThreeAM(time.Now())
	zone, err := time.LoadLocation(zoneName)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{
		Root: repoRoot(t), Ephemeral: true, BuildDir: filepath.Join(shared.dir, "e2e"),
		HTTPAddr: "127.0.0.1:0", InvokeAddr: "127.0.0.1:0", DynamoAddr: "127.0.0.1:0", SESAddr: "127.0.0.1:0",
		TableName: "league", Log: testLogger(t),
		Params: map[string]string{"OrganizerEmails": "boss@example.org", "TimeZone": zoneName},
		Functions: []string{"AuthFunction", "BattlefieldFunction", "LeaguesFunction", "MeetupsFunction", "LeagueDrawFunction",
			"LeaguePlayFunction", "MatchRunnerFunction"},
	}
	started := time.Now()
	s := startStack(t, o)
	c := &e2eClient{t: t, s: s, http: &http.Client{
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	tehran, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	tag := testenv.RandomHex(4)
	bearer := "Bearer " + organizerSession(c)

	// The league: registration open now and closing in four minutes, the
	// first match day the day after.
	now := time.Now().Truncate(time.Second)
	closes := now.Add(4 * time.Minute)
	firstDay := closes.In(zone).AddDate(0, 0, 1).Format(time.DateOnly)
	title := "E2E cup " + tag
	created := c.do("POST", "/leagues", "application/json", fmt.Sprintf(`{"title":%q,"game":"duel","registration_opens":%q,"registration_closes":%q,
		"first_match_day":%q,"match_days":["sun","mon","tue","wed","thu","fri","sat"],"match_time":"18:00","max_robots":6}`,
		title, now.Add(-time.Minute).Format(time.RFC3339), closes.Format(time.RFC3339), firstDay), bearer)
	c.want(created, 201)
	var league struct{ ID string }
	if err := json.Unmarshal([]byte(created.body), &league); err != nil || league.ID == "" {
		t.Fatalf("created %s (%v)", created.body, err)
	}

	// Six members send a robot each, confirm it by the emailed link and
	// enter it with the same link.
	names := []string{"every1", "every2", "every3", "every4", "looper", "garbage"}
	owners := map[string]string{}
	for _, name := range names {
		// The robots of the full league played outside the stack.
		code := testenv.LeagueRobot(t, name)
		addr := fmt.Sprintf("%s-%s@example.org", name, tag)
		owners[name] = addr
		body, _ := json.Marshal(map[string]string{"name": "Owner " + name, "email": addr, "language": "en", "game": "duel", "robot": name, "code": code})
		c.want(c.post("/battlefield/robots", "application/json", string(body)), 201)
		mails := c.emails(addr)
		if len(mails) != 1 {
			t.Fatalf("%d emails after sending %s, want the link to confirm it", len(mails), name)
		}
		raw := tokenOf(t, c.link(mails[0].Text, "/battlefield/robot"))
		c.want(c.post("/battlefield/robot/confirm", "application/json", `{"token":"`+raw+`"}`), 200)
		c.want(c.post("/leagues/"+league.ID+"/entries", "application/json", `{"token":"`+raw+`"}`), 201)
	}

	invoke := func(function string, at time.Time) {
		t.Helper()
		inv := c.do("POST", s.InvokeURL()+"/2015-03-31/functions/"+function+"/invocations", "application/json",
			`{"time":"`+at.UTC().Format(time.RFC3339)+`"}`, "")
		c.want(inv, 200)
		if fe := inv.header.Get("X-Amz-Function-Error"); fe != "" {
			t.Fatalf("%s at %s: %s %s", function, at, fe, inv.body)
		}
	}
	var lastBody string // what GET /leagues/{id} last answered
	read := func() leagueJSON {
		t.Helper()
		r := c.do("GET", "/leagues/"+league.ID, "", "", "", "application/json")
		c.want(r, 200)
		var l leagueJSON
		if err := json.Unmarshal([]byte(r.body), &l); err != nil {
			t.Fatalf("league %s: %v", r.body, err)
		}
		lastBody = r.body
		return l
	}

	// The draw, the moment registration closes: six robots, so ten rounds
	// of three matches.
	drawAt := closes.Add(time.Second)
	invoke("LeagueDrawFunction", drawAt)
	drawn := read()
	if drawn.Status != "drawn" || len(drawn.Fixtures) != 30 {
		t.Fatalf("after the draw: status %s, %d fixtures; want drawn, 30", drawn.Status, len(drawn.Fixtures))
	}

	// Each round moves back into the last hours, within the eight behind
	// the clock a job's time may be: rounds 1 to 6 on the day before, half
	// an hour apart up to half an hour before midnight, 7 to 10 on today's
	// date, from half an hour after it.
	now = time.Now().In(zone)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	roundAt := func(r int) time.Time {
		if r <= 6 {
			return midnight.Add(-time.Duration(7-r) * 30 * time.Minute)
		}
		return midnight.Add(time.Duration(r-6) * 30 * time.Minute)
	}
	db := dynamodb.NewFromConfig(testenv.AWSConfig(), func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(s.DynamoURL()) })
	rounds := backdateRounds(t, db, s.TableName(), league.ID, roundAt)
	if len(rounds) != 10 {
		t.Fatalf("%d rounds, want 10", len(rounds))
	}
	playAt := func(r int) time.Time { return roundAt(r).Add(time.Minute) }
	for r := 1; r <= 10; r++ {
		want := 3 * r
		if r == 6 {
			// The runner fails on the day's first match, for reasons of its
			// own: that fixture waits for the next match day.
			s.FailNext("MatchRunnerFunction", 1)
			want--
		}
		invoke("LeaguePlayFunction", playAt(r))
		l := read()
		played := 0
		for _, f := range l.Fixtures {
			if f.Status == "played" {
				played++
				if f.Round > r {
					t.Errorf("after the run for round %d, round %d is played", r, f.Round)
				}
			}
		}
		if played != want {
			t.Fatalf("after the run for round %d: %d fixtures played, want %d", r, played, want)
		}
	}

	final := read()
	if final.Status != "finished" || final.Champion != "every1 v1" {
		t.Errorf("the league: status %s, champion %q; want finished, every1 v1", final.Status, final.Champion)
	}
	type row struct {
		robot                     string
		played, won, lost, points int
	}
	want := []row{
		{"every1 v1", 10, 10, 0, 30}, {"every2 v1", 10, 8, 2, 24}, {"every3 v1", 10, 6, 4, 18}, {"every4 v1", 10, 4, 6, 12},
		{"garbage v1", 10, 2, 8, 6}, // forfeits on round 1 to the four; beats the looper, which never starts
		{"looper v1", 10, 0, 10, 0}, // never starts: forfeits every match
	}
	var got []row
	for _, r := range final.Table {
		got = append(got, row{r.Robot, r.Played, r.Won, r.Lost, r.Points})
	}
	if !slices.Equal(got, want) {
		t.Errorf("the table %v, want %v", got, want)
	}
	for _, f := range final.Fixtures {
		if f.Replay == "" || f.Winner == nil {
			t.Errorf("fixture of round %d: no replay or no winner (a forfeit played by nobody?)", f.Round)
		}
	}
	finalBody := lastBody
	matchTimes := playedAt(t, db, s.TableName(), league.ID)

	// Each entrant: the confirm link, their fixtures, one email for each of
	// the ten rounds they played, the final standings; each once.
	mailsOf := func() map[string][]string {
		out := map[string][]string{}
		for name, addr := range owners {
			for _, m := range c.emails(addr) {
				out[name] = append(out[name], m.Subject)
			}
		}
		return out
	}
	before := mailsOf()
	for _, name := range names {
		subjects := before[name]
		count := func(s string) int {
			n := 0
			for _, x := range subjects {
				if x == s {
					n++
				}
			}
			return n
		}
		if n := count(title + ": " + name + " v1's fixtures"); n != 1 {
			t.Errorf("%s got %d emails of their fixtures, want 1: %q", name, n, subjects)
		}
		if n := count(title + ": " + name + " v1's results today"); n != 10 {
			t.Errorf("%s got %d match-day emails, want 10 (one a round played): %q", name, n, subjects)
		}
		if n := count(title + ": the final standings"); n != 1 {
			t.Errorf("%s got %d final standings, want 1: %q", name, n, subjects)
		}
		if len(subjects) != 13 {
			t.Errorf("%s got %d emails, want 13: %q", name, len(subjects), subjects)
		}
	}

	// The scheduler delivers at least once: every run again, for the same
	// times, plays nothing and sends nothing.
	invoke("LeagueDrawFunction", drawAt)
	for r := 1; r <= 10; r++ {
		invoke("LeaguePlayFunction", playAt(r))
	}
	if after := mailsOf(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("running the jobs again sent more: %q, before %q", after, before)
	}
	if again := playedAt(t, db, s.TableName(), league.ID); !sameTimes(again, matchTimes) {
		t.Errorf("running the jobs again played matches again: %v, before %v", again, matchTimes)
	}
	if read(); lastBody != finalBody {
		t.Errorf("running the jobs again changed the league: %s, before %s", lastBody, finalBody)
	}

	// The champion is announced at the next meetup.
	day := time.Now().In(tehran).AddDate(0, 0, 2).Format(time.DateOnly)
	meetup := c.do("POST", "/meetups", "application/json", fmt.Sprintf(`{"title":"Next","starts_at":%q,"ends_at":%q,"venue":"Tehran","capacity":10}`,
		day+"T18:00:00+03:30", day+"T21:00:00+03:30"), bearer)
	c.want(meetup, 201)
	var m struct{ ID string }
	_ = json.Unmarshal([]byte(meetup.body), &m)
	detail := c.do("GET", "/meetups/"+m.ID, "", "", "", "application/json")
	c.want(detail, 200)
	if !strings.Contains(detail.body, `"champion":"every1 v1"`) || !strings.Contains(detail.body, `"league":"`+league.ID+`"`) {
		t.Errorf("the next meetup does not announce the champion: %s", detail.body)
	}
	t.Logf("the league on the local stack took %s", time.Since(started).Round(time.Second))
}

// organizerSession signs the stack's organizer in: the emailed link's
// token, exchanged for a session token.
func organizerSession(c *e2eClient) string {
	c.t.Helper()
	c.want(c.post("/auth/login", "application/json", `{"email":"boss@example.org"}`), 202)
	mails := c.emails("boss@example.org")
	if len(mails) == 0 {
		c.t.Fatal("no sign-in email")
	}
	raw := tokenOf(c.t, c.link(mails[len(mails)-1].Text, "/auth/session"))
	sess := c.post("/auth/session", "application/json", `{"token":"`+raw+`"}`)
	c.want(sess, 200)
	var session struct {
		SessionToken string `json:"session_token"`
	}
	_ = json.Unmarshal([]byte(sess.body), &session)
	return session.SessionToken
}

// fixtureKeys reads the keys and rounds of a league's fixtures from the table.
func fixtureKeys(t *testing.T, db *dynamodb.Client, table, league string) []map[string]types.AttributeValue {
	t.Helper()
	out, err := db.Query(context.Background(), &dynamodb.QueryInput{
		TableName:              aws.String(table),
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :f)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: "LEAGUE#" + league}, ":f": &types.AttributeValueMemberS{Value: "FIXTURE#"},
		},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Items
}

// backdateRounds moves each fixture of round r to roundAt(r): its
// time and its place among the fixtures due. It returns the rounds.
func backdateRounds(t *testing.T, db *dynamodb.Client, table, league string, roundAt func(int) time.Time) map[int]bool {
	t.Helper()
	rounds := map[int]bool{}
	for _, it := range fixtureKeys(t, db, table, league) {
		sk := it["sk"].(*types.AttributeValueMemberS).Value
		var round, index int
		if _, err := fmt.Sscanf(strings.TrimPrefix(sk, "FIXTURE#"), "r%2dm%2d", &round, &index); err != nil {
			t.Fatalf("fixture %s: %v", sk, err)
		}
		rounds[round] = true
		at := roundAt(round).UTC().Format(storedLayout)
		fixture := strings.TrimPrefix(sk, "FIXTURE#")
		_, err := db.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{
			TableName:                aws.String(table),
			Key:                      map[string]types.AttributeValue{"pk": it["pk"], "sk": it["sk"]},
			UpdateExpression:         aws.String("SET #at = :at, gsi1sk = :due"),
			ConditionExpression:      aws.String("#status = :scheduled"),
			ExpressionAttributeNames: map[string]string{"#at": "at", "#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":at": &types.AttributeValueMemberS{Value: at}, ":due": &types.AttributeValueMemberS{Value: at + "#" + league + "#" + fixture},
				":scheduled": &types.AttributeValueMemberS{Value: "scheduled"},
			},
		})
		if err != nil {
			t.Fatalf("backdate %s: %v", sk, err)
		}
	}
	return rounds
}

// playedAt is when each stored match of the league was played, by match id.
func playedAt(t *testing.T, db *dynamodb.Client, table, league string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, it := range fixtureKeys(t, db, table, league) {
		id := league + "-" + strings.TrimPrefix(it["sk"].(*types.AttributeValueMemberS).Value, "FIXTURE#")
		got, err := db.GetItem(context.Background(), &dynamodb.GetItemInput{
			TableName: aws.String(table), ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "MATCH#" + id}, "sk": &types.AttributeValueMemberS{Value: "MATCH"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := got.Item["played_at"].(*types.AttributeValueMemberS); ok {
			out[id] = v.Value
		}
	}
	return out
}

func sameTimes(a, b map[string]string) bool { return fmt.Sprint(a) == fmt.Sprint(b) && len(a) > 0 }

// zoneAtThreeAM is a time zone (Etc/GMT±N) whose clock reads between three
// and four in the morning at now.
func zoneAtThreeAM(now time.Time) string {
	n := now.UTC().Hour() - 3 // Etc/GMT+N is N hours behind UTC
	if n > 12 {
		n -= 24
	}
	if n < -14 {
		n += 24
	}
	switch {
	case n > 0:
		return fmt.Sprintf("Etc/GMT+%d", n)
	case n < 0:
		return fmt.Sprintf("Etc/GMT-%d", -n)
	}
	return "Etc/GMT"
}
