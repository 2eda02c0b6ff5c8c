package browser

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/chromedp/chromedp"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/topics"
)

// stackTable is the stack's DynamoDB table, for what a test sets up
// without a page of its own (the member page that proposes and votes is
// not the console's).
func stackTable() *dynamo.Table {
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("browser", "browser", "")}
	return dynamo.New(dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(stack.DynamoURL()) }), stack.TableName())
}

// seedTopic stores an open topic with the votes of voters.
func seedTopic(t *testing.T, tb *dynamo.Table, id, title string, voters ...string) {
	t.Helper()
	now := time.Now().UTC()
	if err := tb.CreateTopic(context.Background(), topics.Topic{ID: id, Title: title, Language: "en", Owner: voters[0], Voters: voters[:1], Votes: 1,
		Status: topics.Open, CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for _, v := range voters[1:] {
		if _, err := tb.Vote(context.Background(), id, v, now); err != nil {
			t.Fatal(err)
		}
	}
}

// An organizer tidies the topic wishlist from the console, in English and
// in Persian: two topics say the same, and one does not belong. The
// organizer merges the duplicate into the other, whose votes then count
// every member once (one voted for both), and hides the third; the topics
// page is checked with axe before and after each, the titles escaped.
func TestConsoleTopicsMergeAndHide(t *testing.T) {
	merged := map[string]string{"en": "The duplicate is merged", "fa": "موضوع تکراری ادغام شد"}
	hidden := map[string]string{"en": "The topic is hidden.", "fa": "موضوع پنهان شد."}
	for _, run := range consoleRuns {
		t.Run(run.lang, func(t *testing.T) {
			tb := stackTable()
			n := time.Now().UnixNano()
			keep, dup, spam := fmt.Sprintf("keep%d", n), fmt.Sprintf("dup%d", n), fmt.Sprintf("spam%d", n)
			m := func(i int) string { return fmt.Sprintf("P#topics-%d-%d", n, i) }
			seedTopic(t, tb, keep, "Asyncio <script>alert(1)</script> "+run.lang, m(1), m(2))
			seedTopic(t, tb, dup, "Async IO "+run.lang, m(2), m(3))
			seedTopic(t, tb, spam, "Buy now "+run.lang, m(4))

			ctx := consoleTab(t, run)
			if status := navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/topics")); status != 200 {
				t.Fatalf("the topics page answered %d", status)
			}
			check(t, ctx, "topics-"+run.lang, "serious", "critical")
			row := func(id string) string { return `tr[data-topic="` + id + `"]` }
			if title := get(t, ctx, chromedp.Text(chromedp.CSS(row(keep)+" bdi"))); !strings.Contains(title, "<script>alert(1)</script>") {
				t.Fatalf("the topic's title shows as %q", title)
			}

			do(t, ctx, chromedp.SetValue(chromedp.CSS("#into-"+dup), keep))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(row(dup)+" form:first-of-type button"))); status != 200 {
				t.Fatalf("merging answered %d", status)
			}
			if notice := get(t, ctx, chromedp.Text(chromedp.CSS(".notice"))); !strings.Contains(notice, merged[run.lang]) {
				t.Fatalf("after merging the page says %q", notice)
			}
			check(t, ctx, "topics-merged-"+run.lang, "serious", "critical")
			got, err := tb.GetTopic(context.Background(), keep)
			if err != nil || got.Votes != 3 {
				t.Fatalf("the kept topic: %+v, %v; want 3 votes (one member voted for both)", got, err)
			}
			if n := get(t, ctx, chromedp.Evaluate[int64](`document.querySelectorAll('tr[data-topic="`+dup+`"]').length`)); n != 0 {
				t.Error("the merged duplicate is still listed")
			}

			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(row(spam)+" button.secondary"))); status != 200 {
				t.Fatalf("hiding answered %d", status)
			}
			if notice := get(t, ctx, chromedp.Text(chromedp.CSS(".notice"))); !strings.Contains(notice, hidden[run.lang]) {
				t.Fatalf("after hiding the page says %q", notice)
			}
			check(t, ctx, "topics-hidden-"+run.lang, "serious", "critical")
			if got, _ := tb.GetTopic(context.Background(), spam); got.Status != topics.Hidden {
				t.Fatalf("the hidden topic is %s", got.Status)
			}
		})
	}
}
