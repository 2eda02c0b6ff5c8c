package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/person"
)

// joinLatency holds the POST /members samples through the local stack and
// the raw-call samples, each in the order taken.
type joinLatency struct {
	e2e, raw []time.Duration
}

// measureJoinLatency alternates one POST /members through the stack's HTTP
// API (gateway, emulator, MembersFunction) with one raw join (the same
// DynamoDB and SES calls issued directly), each with a new address, so that
// both see the same state of dynalite and the SES emulator. The first
// warmup of each are not counted (the first POST pays the cold start).
func measureJoinLatency(ctx context.Context, s *local.Stack, n, warmup int) (joinLatency, error) {
	run := randomHex(4)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")}
	rj := &rawJoin{
		db:    dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(s.DynamoURL()) }),
		ses:   ses.NewFromConfig(cfg, func(o *ses.Options) { o.BaseEndpoint = aws.String(s.SESURL()) }),
		table: s.TableName(),
		from:  s.Params()["SenderEmail"],
	}
	client := &http.Client{Timeout: 30 * time.Second}
	var lat joinLatency
	for i := range warmup + n {
		body, _ := json.Marshal(map[string]any{
			"name": "Bench Member", "email": fmt.Sprintf("bench-%s-%d@example.org", run, i), "language": "en",
			"interests": []string{"python", "data"},
		})
		start := time.Now()
		if err := postJoin(ctx, client, s.HTTPURL()+"/members", body); err != nil {
			return joinLatency{}, fmt.Errorf("POST /members %d: %w", i, err)
		}
		e2e := time.Since(start)

		start = time.Now()
		if err := rj.join(ctx, fmt.Sprintf("raw-%s-%d@example.org", run, i)); err != nil {
			return joinLatency{}, fmt.Errorf("raw join %d: %w", i, err)
		}
		raw := time.Since(start)
		if i >= warmup {
			lat.e2e, lat.raw = append(lat.e2e, e2e), append(lat.raw, raw)
		}
		if done := i + 1 - warmup; done > 0 && done%50 == 0 {
			progress("joins: %d of %d", done, n)
		}
	}
	return lat, nil
}

func postJoin(ctx context.Context, c *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	return nil
}

// rawJoin issues the requests a first join makes (members.Service.Join
// through internal/dynamo and internal/mail), directly with the SDK and
// with items and conditions of the same shape: create the pending member,
// count the day's confirmation email, store the confirmation token, send
// the email, record that it was sent.
type rawJoin struct {
	db    *dynamodb.Client
	ses   *ses.Client
	table string
	from  string
}

func (r *rawJoin) join(ctx context.Context, email string) error {
	now := time.Now()
	owner := person.Key(email)
	until := now.Add(7 * 24 * time.Hour)
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	// Times as internal/dynamo stores them: fixed-width UTC strings; only
	// ttl is a Number of epoch seconds.
	at := func(t time.Time) types.AttributeValue { return s(t.UTC().Format("2006-01-02T15:04:05.000000Z")) }
	n := func(v int64) types.AttributeValue {
		return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
	}
	memberKey := map[string]types.AttributeValue{"pk": s("MEMBER#" + owner), "sk": s("PROFILE")}

	// 1. CreateMember: PutItem unless the address is taken.
	_, err := r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &r.table,
		Item: map[string]types.AttributeValue{
			"pk": s("MEMBER#" + owner), "sk": s("PROFILE"), "owner": s(owner), "name": s("Raw Member"),
			"email": s(email), "language": s("en"), "interests": &types.AttributeValueMemberL{Value: []types.AttributeValue{s("python"), s("data")}},
			"wants_to_speak": &types.AttributeValueMemberBOOL{Value: false}, "mentorship": s("none"), "status": s("pending"),
			"unsubscribed": &types.AttributeValueMemberBOOL{Value: false}, "created_at": at(now),
			"pending_until": at(until), "ttl": n(until.Unix()),
		},
		ConditionExpression:       aws.String("attribute_not_exists(#pk) OR (#status = :pending AND #until < :now)"),
		ExpressionAttributeNames:  map[string]string{"#pk": "pk", "#status": "status", "#until": "pending_until"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pending": s("pending"), ":now": at(now)},
	})
	if err != nil {
		return fmt.Errorf("create member: %w", err)
	}
	// 2. AllowEmail: one conditional counter update.
	_, err = r.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &r.table,
		Key:                       map[string]types.AttributeValue{"pk": s("QUOTA#member-confirm#" + person.CapKey(email)), "sk": s(now.UTC().Format("2006-01-02"))},
		UpdateExpression:          aws.String("ADD #n :one SET #owner = :owner, #ttl = :ttl"),
		ConditionExpression:       aws.String("attribute_not_exists(#n) OR #n < :max"),
		ExpressionAttributeNames:  map[string]string{"#n": "n", "#owner": "owner", "#ttl": "ttl"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":one": n(1), ":owner": s(owner), ":ttl": n(now.Add(48 * time.Hour).Unix()), ":max": n(3)},
	})
	if err != nil {
		return fmt.Errorf("count email: %w", err)
	}
	// 3. The confirmation token, stored under its hash.
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &r.table,
		Item: map[string]types.AttributeValue{
			"pk": s("TOKEN#" + randomHex(32)), "sk": s("TOKEN"), "owner": s(owner), "purpose": s("member-confirm"),
			"subject": s(owner), "lang": s("en"), "expires_at": at(until), "ttl": n(until.Unix() + 7*24*3600),
		},
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: map[string]string{"#pk": "pk"},
	})
	if err != nil {
		return fmt.Errorf("put token: %w", err)
	}
	// 4. The email.
	_, err = r.ses.SendRawEmail(ctx, &ses.SendRawEmailInput{
		Destinations: []string{email},
		RawMessage:   &sestypes.RawMessage{Data: confirmationEmail(r.from, email, now)},
	})
	if err != nil {
		return fmt.Errorf("send email: %w", err)
	}
	// 5. MarkConfirmSent.
	_, err = r.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &r.table,
		Key:                       memberKey,
		UpdateExpression:          aws.String("SET #sent = :now"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  map[string]string{"#sent": "confirm_sent_at", "#pk": "pk"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": at(now)},
	})
	if err != nil {
		return fmt.Errorf("mark sent: %w", err)
	}
	return nil
}

// confirmationEmail is a MIME message of the shape and about the size of
// the real confirmation email (text and HTML alternatives, ~2.5 KB).
func confirmationEmail(from, to string, now time.Time) []byte {
	link := "http://127.0.0.1/members/confirm?token=" + randomHex(32)
	text := "Hello Raw Member,\r\n\r\nThank you for joining the Tehran Python User Group. Please confirm your address:\r\n\r\n" +
		link + "\r\n\r\nIf you did not ask to join, ignore this email and nothing happens.\r\n" + strings.Repeat("-", 60) + "\r\nTehPUG\r\n"
	html := "<!doctype html><html><body style=\"font-family:sans-serif\"><p>Hello Raw Member,</p>" +
		"<p>Thank you for joining the Tehran Python User Group. Please confirm your address:</p>" +
		"<p><a href=\"" + link + "\" style=\"display:inline-block;padding:10px 16px;background:#306998;color:#fff\">Confirm</a></p>" +
		"<p>If you did not ask to join, ignore this email and nothing happens.</p><hr><p>TehPUG</p></body></html>\r\n" +
		strings.Repeat("<!-- padding to the real email's size -->\r\n", 20)
	b := "b-" + randomHex(8)
	var m bytes.Buffer
	fmt.Fprintf(&m, "Date: %s\r\nFrom: %s\r\nTo: <%s>\r\nSubject: Confirm your TehPUG membership\r\n", now.Format(time.RFC1123Z), from, to)
	fmt.Fprintf(&m, "Message-Id: <%s@tehpug.local>\r\nMime-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=%s\r\n\r\n", randomHex(12), b)
	fmt.Fprintf(&m, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", b, text)
	fmt.Fprintf(&m, "--%s\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s\r\n--%s--\r\n", b, html, b)
	return m.Bytes()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func printLatency(w io.Writer, lat joinLatency) {
	fmt.Fprintf(w, "\n## POST /members latency\n\n")
	fmt.Fprintf(w, "%d sequential joins with distinct addresses, in ms. \"Through the stack\": HTTP API → Runtime Interface Emulator → MembersFunction → dynalite and the SES emulator. "+
		"\"Raw calls\": the join's requests (2 PutItem, 2 UpdateItem, 1 SendRawEmail) issued directly with the SDK against the same services, alternating with the joins.\n\n", len(lat.e2e))
	fmt.Fprintf(w, "| | p50 | p90 | p99 | max |\n|---|--:|--:|--:|--:|\n")
	for _, row := range []struct {
		name string
		s    []time.Duration
	}{{"Through the stack", lat.e2e}, {"Raw DynamoDB + SES calls", lat.raw}} {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", row.name, ms(percentile(row.s, 50)), ms(percentile(row.s, 90)), ms(percentile(row.s, 99)), ms(percentile(row.s, 100)))
	}
	fmt.Fprintf(w, "| Overhead (difference of the percentiles) |")
	for _, p := range []float64{50, 90, 99} {
		fmt.Fprintf(w, " %s |", ms(percentile(lat.e2e, p)-percentile(lat.raw, p)))
	}
	fmt.Fprintf(w, " |\n\nAt the median the stack adds %s ms (%.2f× the raw calls).\n",
		ms(percentile(lat.e2e, 50)-percentile(lat.raw, 50)), float64(percentile(lat.e2e, 50))/float64(percentile(lat.raw, 50)))
}
