package browser

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/chromedp/chromedp"
)

// mentorshipRun is what one language's walk through a mentorship says.
type mentorshipRun struct {
	consoleRun
	// paired is the pair's page's notice after pairing; atRisk, stalled
	// and completed name a pair's health and outcome; ended the notice
	// after ending it.
	paired, atRisk, askedForHelp, stalled, completed, ended string
}

// The organizers who run the mentorship, in English and in Persian: their
// own, because each address gets DAILY_EMAIL_LIMIT sign-in emails at once
// and then one a quarter hour, which the other tests' sign-ins use up.
const (
	mentorshipOrganizer   = "mentorship@example.org"
	mentorshipOrganizerFa = "mentorship-fa@example.org"
	mentorshipOrganizers  = mentorshipOrganizer + "," + mentorshipOrganizerFa
)

// as is run signed in by another organizer.
func (run consoleRun) as(organizer string) consoleRun {
	run.organizer = organizer
	return run
}

var mentorshipRuns = []mentorshipRun{
	{consoleRun: consoleRuns[0].as(mentorshipOrganizer), paired: "They are paired", atRisk: "At risk", askedForHelp: "asked for help", stalled: "Stalled",
		completed: "Completed", ended: "The mentorship has ended."},
	{consoleRun: consoleRuns[1].as(mentorshipOrganizerFa), paired: "جفت شدند", atRisk: "در خطر", askedForHelp: "کمک خواسته", stalled: "متوقف",
		completed: "به انجام رسید", ended: "منتورشیپ پایان یافت."},
}

// An organizer runs a mentorship from the console, in English and in
// Persian: a mentor and a mentee apply on the public API; the organizer
// finds the mentee among the open applications with the mentor suggested
// first and pairs them with one press, which emails each an introduction;
// the mentee asks for help by the one-tap button of their emailed check-in
// link, and the pair is at risk, needing help; a month later (the pair's
// record backdated in the stack's DynamoDB) the check-in reminder job runs
// at the present time, nudges both sides and tells the organizers, and the
// console shows the pair stalled; the organizer ends it as completed, after
// the confirmation. Every page is checked with axe and kept as screenshots.
func TestConsoleRunsAMentorship(t *testing.T) {
	for _, run := range mentorshipRuns {
		t.Run(run.lang, func(t *testing.T) {
			ctx := consoleTab(t, run.consoleRun)
			page := func(name string) { check(t, ctx, "mentorship-"+name+"-"+run.lang, "serious", "critical") }

			// Two applications on the public API, sharing a topic nobody
			// else names: no confirmation is asked of either.
			topic := fmt.Sprintf("topic-%d", time.Now().UnixNano())
			mentor, mentee := unique("mentor"), unique("mentee")
			mentorName, menteeName := "Dana <i>Mentor</i> "+run.lang, "Mina <script>alert(1)</script> "+run.lang
			if status := post(t, "/mentorship/applications", fmt.Sprintf(`{"role":"mentor","name":%s,"email":%q,"language":%q,"topics":[%q,"web"],"capacity":1,"availability":"Tuesday evenings"}`,
				jsString(mentorName), mentor, run.lang, topic)); status != 201 {
				t.Fatalf("the mentor's application answered %d", status)
			}
			if status := post(t, "/mentorship/applications", fmt.Sprintf(`{"role":"mentee","name":%s,"email":%q,"language":%q,"topics":[%q],"goals":"A first package"}`,
				jsString(menteeName), mentee, run.lang, topic)); status != 201 {
				t.Fatalf("the mentee's application answered %d", status)
			}

			// The open applications, from the navigation: the mentee waits,
			// with the mentor suggested first; one press pairs them.
			do(t, ctx, chromedp.Click(chromedp.CSS(`header a[href="/console/mentorships"]`)))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`main a[href="/console/mentorships/applications"]`)))
			page("pairs")
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href="/console/mentorships/applications"]`)))
			mine := fmt.Sprintf(`//li[h3/bdi[normalize-space()=%q]]`, menteeName)
			for range 20 {
				if count(t, ctx, "main h3") == 0 || !strings.Contains(get(t, ctx, chromedp.Text(chromedp.CSS("main"))), menteeName) {
					if count(t, ctx, `main a[rel=next]`) == 0 {
						t.Fatal("the mentee is not among the open applications")
					}
					navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[rel=next]`)))
					continue
				}
				break
			}
			page("applications")
			first := get(t, ctx, chromedp.Text(mine+`//ol/li[1]//strong/bdi`))
			if strings.TrimSpace(first) != mentorName {
				t.Fatalf("the first mentor suggested is %q, want %q", first, mentorName)
			}
			if n := count(t, ctx, "main script, main i"); n != 0 {
				t.Errorf("a name became markup: %d elements", n)
			}
			if status := navigate(t, ctx, chromedp.Click(mine+`//ol/li[1]//form//button`)); status != 200 {
				t.Fatalf("pairing answered %d", status)
			}
			loc := get(t, ctx, chromedp.Location())
			pairID := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], stack.HTTPURL()+"/console/mentorships/")
			if pairID == "" || strings.Contains(pairID, "/") {
				t.Fatalf("paired at %s, want the pair's page", loc)
			}
			// listsPair opens the pairs' tab health, which must list the
			// pair once; pairHealth opens the pair's page and reads its
			// health.
			listsPair := func(health string) {
				t.Helper()
				navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/mentorships?health="+health))
				if n := count(t, ctx, fmt.Sprintf(`main a[href="/console/mentorships/%s"]`, pairID)); n != 1 {
					t.Errorf("the %s tab lists the pair %d times, want once", health, n)
				}
			}
			pairHealth := func() string {
				t.Helper()
				navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/mentorships/"+pairID))
				return get(t, ctx, chromedp.Text(chromedp.CSS("main dl dd")))
			}
			wantText(t, ctx, "main p.notice", run.paired)
			page("paired")
			for _, a := range []string{mentor, mentee} {
				if n := len(emailsTo(t, a)); n != 2 {
					t.Errorf("%s was sent %d emails, want the acknowledgement and one introduction", a, n)
				}
			}

			// The mentee asks for help by the one-tap button of their link.
			navigate(t, ctx, chromedp.Navigate(linkIn(t, mentee, "/checkins/new")))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`button[name=answer][value=need_help]`))); status >= 300 {
				t.Fatalf("the check-in answered %d", status)
			}
			listsPair("needs_help")
			page("needs-help")
			health := pairHealth()
			if !strings.Contains(health, run.atRisk) || !strings.Contains(health, run.askedForHelp) {
				t.Errorf("after asking for help the pair is %q, want %q and %q", health, run.atRisk, run.askedForHelp)
			}
			if n := count(t, ctx, "main ul.list > li"); n != 1 {
				t.Errorf("the pair's page shows %d check-ins, want 1", n)
			}
			page("pair-help")

			// A month later: the pair began 40 days ago and the mentee last
			// checked in 29 days ago. The reminder job runs at the present.
			backdate(t, pairID, 40*24*time.Hour, 29*24*time.Hour)
			before := map[string]int{mentor: len(emailsTo(t, mentor)), mentee: len(emailsTo(t, mentee)), run.organizer: len(emailsTo(t, run.organizer))}
			invokeJob(t, "CheckinReminderFunction", time.Now())
			// Each side: the nudge, and the question why the pair faded;
			// the organizers: the stalled-pair email.
			for a, n := range before {
				want := 2
				if a == run.organizer {
					want = 1
				}
				if got := len(emailsTo(t, a)) - n; got != want {
					t.Errorf("the reminder job sent %s %d emails, want %d", a, got, want)
				}
			}
			// The mentor answers by a one-tap link: a page whose button
			// posts the answer.
			navigate(t, ctx, chromedp.Navigate(linkIn(t, mentor, "/mentorship/fade")+"&reason=no_time"))
			check(t, ctx, "mentorship-fade-"+run.lang, "minor", "moderate", "serious", "critical")
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form button[type=submit]`))); status >= 300 {
				t.Fatalf("the fade answer answered %d", status)
			}
			listsPair("stalled")
			page("stalled")
			if health := pairHealth(); !strings.Contains(health, run.stalled) {
				t.Errorf("a month later the pair is %q, want %q", health, run.stalled)
			}

			// End it: the confirmation, a reason, completed.
			navigate(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`main a[href="/console/mentorships/%s/end"]`, pairID))))
			page("end")
			fill(t, ctx, "main form", "reason", "Shipped <b>the</b> package")
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form button[value=completed]`))); status != 200 {
				t.Fatalf("ending answered %d", status)
			}
			wantText(t, ctx, "main p.notice", run.ended)
			body := get(t, ctx, chromedp.Text(chromedp.CSS("main")))
			if !strings.Contains(body, run.completed) || !strings.Contains(body, "Shipped <b>the</b> package") || count(t, ctx, "main b") != 0 {
				t.Errorf("the ended pair's page does not show the outcome and the reason as text:\n%s", body)
			}
			if n := count(t, ctx, `main a[href$="/end"]`); n != 0 {
				t.Error("the ended pair still offers to end it")
			}
			page("ended")

			// The next run invites the mentee to a capstone talk; the
			// mentee proposes it, and it waits in the backlog, marked.
			invokeJob(t, "CheckinReminderFunction", time.Now())
			navigate(t, ctx, chromedp.Navigate(linkIn(t, mentee, "/mentorship/capstone")))
			check(t, ctx, "mentorship-capstone-"+run.lang, "minor", "moderate", "serious", "critical")
			fill(t, ctx, "main form", "title", "What I built <script>alert(1)</script> "+run.lang, "abstract", "A package, shipped.")
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form button[type=submit]`))); status >= 300 {
				t.Fatalf("proposing the capstone talk answered %d", status)
			}
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/mentorships"))
			if n := count(t, ctx, "#fades"); n != 1 {
				t.Errorf("the mentorships page has no summary of why pairs fade")
			}
			page("fades")
		})
	}
}

// backdate moves a pair's start back by started and its mentee's last
// check-in back to menteeLast ago, in the stack's DynamoDB: a month passed,
// for a stack that runs on real time.
func backdate(t *testing.T, pairID string, started, menteeLast time.Duration) {
	t.Helper()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("browser", "browser", "")}
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(stack.DynamoURL()) })
	const layout = "2006-01-02T15:04:05.000000Z" // the stored times' (internal/dynamo)
	now := time.Now().UTC()
	_, err := db.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{
		TableName: aws.String(stack.TableName()),
		Key: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "PAIR#" + pairID}, "sk": &types.AttributeValueMemberS{Value: "META"},
		},
		UpdateExpression:    aws.String("SET created_at = :start, started_at = :start, mentee_last_at = :last"),
		ConditionExpression: aws.String("attribute_exists(pk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":start": &types.AttributeValueMemberS{Value: now.Add(-started).Format(layout)},
			":last":  &types.AttributeValueMemberS{Value: now.Add(-menteeLast).Format(layout)},
		},
	})
	if err != nil {
		t.Fatalf("backdate pair %s: %v", pairID, err)
	}
}

// invokeJob runs a scheduled function through the stack's Lambda Invoke
// API, as EventBridge Scheduler would at time at.
func invokeJob(t *testing.T, function string, at time.Time) {
	t.Helper()
	body := fmt.Sprintf(`{"time":%q}`, at.UTC().Format(time.RFC3339))
	resp, err := http.Post(stack.InvokeURL()+"/2015-03-31/functions/"+function+"/invocations", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Amz-Function-Error") != "" {
		t.Fatalf("%s answered %d (%s)", function, resp.StatusCode, resp.Header.Get("X-Amz-Function-Error"))
	}
}
