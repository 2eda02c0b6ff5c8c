package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/chromedp/chromedp"
)

// leagueRobots are the league's robots, in entry order, and the files
// of their code: one answers every sum right, one half of them, one none,
// so the table's order is known before a match is played.
var leagueRobots = []struct{ name, file string }{
	{"Right", "league_right.py"},
	{"Half", "league_half.py"},
	{"Wrong", "league_wrong.py"},
}

// An organizer opens a league in the console (a refused form first), three
// members' robots enter it, registration closes and the draw job draws it,
// the play job plays each match day, and the organizer sees the final
// table and the champion; then a member walks from the league's public
// page to a match's replay, which plays. In English and in Persian, every
// console page checked by axe, the public page as a member's page.
func TestLeagueFromTheConsoleToTheChampion(t *testing.T) {
	for _, run := range []struct {
		consoleRun
		champion string
		finished string
	}{
		{consoleRuns[0], "Champion: Right v1", "finished"},
		{consoleRuns[1], "قهرمان: Right v1", "پایان‌یافته"},
	} {
		t.Run(run.lang, func(t *testing.T) {
			ctx := consoleTab(t, run.consoleRun)
			page := func(name string) { check(t, ctx, "league-"+name+"-"+run.lang, "serious", "critical") }

			navigate(t, ctx, chromedp.Click(chromedp.CSS(`header a[href="/console/leagues"]`)))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#open")))
			page("list")

			// The form: a registration that closes before it opens, with no
			// match day, comes back with each problem next to its field and
			// what was typed kept; corrected, it opens the league.
			// Registration closes in a few minutes, so the draw job may run
			// at a time just after, as the jobs accept times at most five
			// minutes ahead.
			zone, err := time.LoadLocation("Asia/Tehran")
			if err != nil {
				t.Fatal(err)
			}
			const local = "2006-01-02T15:04"
			now := time.Now().In(zone)
			opens := now.Add(-time.Hour)
			closes := now.Truncate(time.Minute).Add(4 * time.Minute)
			title := fmt.Sprintf("Autumn <duel> %s %d", run.lang, now.UnixNano())
			fill(t, ctx, "main form", "title", title, "game", "duel", "registration_opens", opens.Format(local),
				"registration_closes", opens.Add(-time.Hour).Format(local), "first_match_day", closes.AddDate(0, 0, 1).Format(time.DateOnly),
				"match_time", "18:30", "max_robots", "4")
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button[type=submit]"))); status != 422 {
				t.Fatalf("a registration closing before it opens answered %d, want 422", status)
			}
			for _, field := range []string{"registration_closes", "match_days"} {
				if msg := get(t, ctx, chromedp.Text(chromedp.CSS("#f-"+field+"-error"))); msg == "" || (run.lang == "fa") != hasPersian(msg) {
					t.Errorf("the %s problem says %q, want it in the page's language", field, msg)
				}
			}
			if !keeps(t, ctx, "title", title) || !keeps(t, ctx, "match_time", "18:30") {
				t.Error("the refused form lost what was typed")
			}
			page("refused")
			fill(t, ctx, "main form", "registration_closes", closes.Format(local))
			for _, d := range []string{"sat", "mon", "wed"} {
				do(t, ctx, chromedp.Click(chromedp.CSS(`input[name=match_days][value=`+d+`]`)))
			}
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button[type=submit]"))); status != 200 {
				t.Fatalf("opening the league answered %d", status)
			}
			loc := get(t, ctx, chromedp.Location())
			m := regexp.MustCompile(`/console/leagues/([A-Za-z0-9]+)\?notice=created$`).FindStringSubmatch(loc)
			if m == nil {
				t.Fatalf("opened the league at %s, want its page", loc)
			}
			id := m[1]
			wantHeading(t, ctx, title)
			page("opened")
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href="/console/leagues"]`)))
			if n := count(t, ctx, `main table a[href="/console/leagues/`+id+`"]`); n != 1 {
				t.Fatalf("the list links the new league %d times", n)
			}

			// Three members send a robot each, confirm it by its emailed
			// link, and enter it with the same link.
			for _, r := range leagueRobots {
				address := unique("league-" + strings.ToLower(r.name) + "-" + run.lang)
				code, err := os.ReadFile(filepath.Join("testdata", r.file))
				if err != nil {
					t.Fatal(err)
				}
				body, _ := json.Marshal(map[string]string{"name": r.name + " Owner", "email": address, "language": run.lang, "game": "duel", "robot": r.name, "code": string(code)})
				if status := postJSON(t, "/battlefield/robots", string(body), "", nil); status != 201 {
					t.Fatalf("sending %s answered %d", r.name, status)
				}
				token := strings.SplitN(linkIn(t, address, "/battlefield/robot"), "?token=", 2)[1]
				if status := postJSON(t, "/battlefield/robot/confirm", fmt.Sprintf(`{"token":%q}`, token), "", nil); status != 200 {
					t.Fatalf("confirming %s answered %d", r.name, status)
				}
				if status := postJSON(t, "/leagues/"+id+"/entries", fmt.Sprintf(`{"token":%q}`, token), "", nil); status != 201 {
					t.Fatalf("entering %s answered %d", r.name, status)
				}
			}
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/leagues/"+id))
			if n := count(t, ctx, "#entrants li"); n != len(leagueRobots) {
				t.Fatalf("the league's page lists %d entrants, want %d", n, len(leagueRobots))
			}
			page("entered")

			// Registration closes: the draw job, run just after, draws six
			// match days (three robots: each rests twice).
			invokeJob(t, "LeagueDrawFunction", closes.Add(30*time.Second))
			rounds := leagueFixtures(t, id)
			if len(rounds) != 6 {
				t.Fatalf("the draw made %d match days, want 6", len(rounds))
			}
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/leagues/"+id))
			if n := count(t, ctx, "#fixtures tbody tr"); n != 6 {
				t.Errorf("the league's page shows %d fixtures, want 6", n)
			}
			page("drawn")

			// The match days are from tomorrow on, when no job may run
			// yet: the fixtures are moved to the last hours, one match day
			// an hour, as a league played through the day would have them,
			// and the play job runs on each, five minutes past its hour.
			for k, at := range backdateFixtures(t, id, rounds) {
				invokeJob(t, "LeaguePlayFunction", at.Add(5*time.Minute))
				if k == 0 {
					navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/leagues"))
					row := get(t, ctx, chromedp.Text(chromedp.CSS(`main table tr:has(a[href="/console/leagues/`+id+`"])`)))
					if !strings.Contains(row, digitsIn(run.lang, 1)) || !strings.Contains(row, digitsIn(run.lang, 6)) {
						t.Errorf("after the first match day the list says %q, want one of six played", row)
					}
				}
			}

			// The final table and the champion.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/leagues/"+id))
			if c := get(t, ctx, chromedp.Text(chromedp.CSS("#champion"))); !strings.Contains(c, run.champion) {
				t.Errorf("the champion says %q, want %q", c, run.champion)
			}
			var table []string
			withScripts(t, ctx, func() {
				table = get(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#table tbody th")].map(e => e.textContent)`))
			})
			if strings.Join(table, ",") != "Right v1,Half v1,Wrong v1" {
				t.Errorf("the table is %v, want Right, Half, Wrong", table)
			}
			if n := count(t, ctx, `#fixtures a[href^="/battlefield/matches/"]`); n != 6 {
				t.Errorf("%d replays linked, want 6", n)
			}
			if n := count(t, ctx, "#failures"); n != 0 {
				t.Error("a match waits for a retry")
			}
			page("finished")
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/leagues"))
			if row := get(t, ctx, chromedp.Text(chromedp.CSS(`main table tr:has(a[href="/console/leagues/`+id+`"])`))); !strings.Contains(row, run.finished) {
				t.Errorf("the list says %q of the finished league", row)
			}
			page("list-finished")

			// A member walks from the league's public page to a replay.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/leagues/"+id+"?lang="+run.lang))
			memberPage(t, ctx, "league-public-"+run.lang)
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href^="/battlefield/matches/"]`))); status != 200 {
				t.Fatalf("the replay's link answered %d", status)
			}
			if at := get(t, ctx, chromedp.Location()); !regexp.MustCompile(`/battlefield/matches/[^/?]+-[^/?]+\?lang=` + run.lang + `$`).MatchString(at) {
				t.Errorf("the replay's link led to %s", at)
			}
			get(t, ctx, chromedp.Poll[bool](`Number(document.getElementById("turn").textContent) >= 2`, chromedp.WithPollingTimeout(20*time.Second)))
		})
	}
}

// digitsIn is n in lang's digits, as the console writes it.
func digitsIn(lang string, n int) string {
	s := fmt.Sprint(n)
	if lang != "fa" {
		return s
	}
	out := []rune(s)
	for i, r := range out {
		out[i] = '۰' + (r - '0')
	}
	return string(out)
}

// leagueDB is the stack's table, for what a test must do that no route
// does: moving a league's match days.
func leagueDB() *dynamodb.Client {
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("browser", "browser", "")}
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(stack.DynamoURL()) })
}

// leagueFixtures reads league id's fixtures, by match day (round).
func leagueFixtures(t *testing.T, id string) map[int][]map[string]types.AttributeValue {
	t.Helper()
	out, err := leagueDB().Query(context.Background(), &dynamodb.QueryInput{
		TableName:              aws.String(stack.TableName()),
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :fixture)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: "LEAGUE#" + id}, ":fixture": &types.AttributeValueMemberS{Value: "FIXTURE#"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	rounds := map[int][]map[string]types.AttributeValue{}
	for _, it := range out.Items {
		var round int
		fmt.Sscan(it["round"].(*types.AttributeValueMemberN).Value, &round)
		rounds[round] = append(rounds[round], it)
	}
	return rounds
}

// backdateFixtures moves the fixtures of match day k (of n) to n-k+1
// hours ago, keeping them due in the order of their match days, and
// returns each match day's new time, the first first.
func backdateFixtures(t *testing.T, id string, rounds map[int][]map[string]types.AttributeValue) []time.Time {
	t.Helper()
	const layout = "2006-01-02T15:04:05.000000Z" // the stored times' (internal/dynamo)
	now := time.Now().UTC().Truncate(time.Minute)
	var times []time.Time
	for k := 1; k <= len(rounds); k++ {
		at := now.Add(-time.Duration(len(rounds)-k+1) * time.Hour)
		times = append(times, at)
		for _, it := range rounds[k] {
			_, rest, _ := strings.Cut(it["gsi1sk"].(*types.AttributeValueMemberS).Value, "#")
			_, err := leagueDB().UpdateItem(context.Background(), &dynamodb.UpdateItemInput{
				TableName:                aws.String(stack.TableName()),
				Key:                      map[string]types.AttributeValue{"pk": it["pk"], "sk": it["sk"]},
				UpdateExpression:         aws.String("SET #at = :at, gsi1sk = :sk"),
				ConditionExpression:      aws.String("attribute_exists(gsi1sk)"),
				ExpressionAttributeNames: map[string]string{"#at": "at"},
				ExpressionAttributeValues: map[string]types.AttributeValue{
					":at": &types.AttributeValueMemberS{Value: at.Format(layout)},
					":sk": &types.AttributeValueMemberS{Value: at.Format(layout) + "#" + rest},
				},
			})
			if err != nil {
				t.Fatalf("backdate league %s's match day %d: %v", id, k, err)
			}
		}
	}
	return times
}
