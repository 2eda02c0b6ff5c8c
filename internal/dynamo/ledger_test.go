package dynamo_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/testenv"
)

// ledgerStart is when the first run of every ledger test claims.
var ledgerStart = time.Date(2026, 12, 1, 6, 30, 0, 0, time.UTC)

// leaseFor is the lease these tests claim with.
const leaseFor = 2 * time.Minute

func TestClaimSendTellsSentFromHeld(t *testing.T) {
	t.Parallel()
	db, name := testenv.NewTable(t)
	ledger := dynamo.New(db, name)
	ctx := context.Background()
	claim := func(t *testing.T, round string, at time.Time) jobs.Claim {
		t.Helper()
		c, err := ledger.ClaimSend(ctx, "job", round, "someone@example.org", "P#someone", at, at.Add(leaseFor))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name   string
		before func(t *testing.T, round string) // what earlier runs did, from ledgerStart
		after  time.Duration                    // when this run claims, after ledgerStart
		want   jobs.Claim
	}{
		{"never claimed", func(*testing.T, string) {}, 0, jobs.Claimed},
		{"claimed, lease live", func(t *testing.T, round string) { claim(t, round, ledgerStart) }, time.Minute, jobs.Held},
		{"claimed, lease lapsed", func(t *testing.T, round string) { claim(t, round, ledgerStart) }, 3 * time.Minute, jobs.Claimed},
		{"released", func(t *testing.T, round string) {
			claim(t, round, ledgerStart)
			if err := ledger.ReleaseSend(ctx, "job", round, "someone@example.org"); err != nil {
				t.Fatal(err)
			}
		}, time.Second, jobs.Claimed},
		{"sent", func(t *testing.T, round string) {
			claim(t, round, ledgerStart)
			if err := ledger.MarkSent(ctx, "job", round, "someone@example.org", ledgerStart); err != nil {
				t.Fatal(err)
			}
		}, 3 * time.Minute, jobs.Sent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			round := "round-" + testenv.RandomHex(4)
			tt.before(t, round)
			if got := claim(t, round, ledgerStart.Add(tt.after)); got != tt.want {
				t.Errorf("claim = %v, want %v", got, tt.want)
			}
		})
	}
}

// A check-in nudge's round comes up every day a pair stays silent, for months
// on end: its record must not expire while it does, or the nudge goes again.
func TestSentRecordLivesWhileItsRoundComesUp(t *testing.T) {
	t.Parallel()
	db, name := testenv.NewTable(t)
	ledger := dynamo.New(db, name)
	ctx := context.Background()
	const round, to = "pair@silent", "mentee"
	if c, err := ledger.ClaimSend(ctx, "job", round, to, "", ledgerStart, ledgerStart.Add(leaseFor)); err != nil || c != jobs.Claimed {
		t.Fatalf("first claim: %v, %v", c, err)
	}
	if err := ledger.MarkSent(ctx, "job", round, to, ledgerStart); err != nil {
		t.Fatal(err)
	}
	for day := 30; day <= 365; day += 30 {
		at := ledgerStart.AddDate(0, 0, day)
		if expires := sendTTL(t, db, name, "SENT#job#"+round, to); !expires.After(at) {
			t.Fatalf("day %d: the record expired on %v, while its round still comes up", day, expires)
		}
		if c, err := ledger.ClaimSend(ctx, "job", round, to, "", at, at.Add(leaseFor)); err != nil || c != jobs.Sent {
			t.Fatalf("day %d: claim = %v, %v; want sent", day, c, err)
		}
	}
}

// sendTTL reads a send record's expiry as DynamoDB's TTL sees it.
func sendTTL(t *testing.T, db *dynamodb.Client, table, pk, sk string) time.Time {
	t.Helper()
	out, err := db.GetItem(context.Background(), &dynamodb.GetItemInput{
		TableName: &table, ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberS{Value: sk}},
	})
	if err != nil || out.Item == nil {
		t.Fatalf("read %s/%s: %v (found: %v)", pk, sk, err, out != nil && out.Item != nil)
	}
	var rec struct {
		TTL int64 `dynamodbav:"ttl"`
	}
	if err := attributevalue.UnmarshalMap(out.Item, &rec); err != nil {
		t.Fatal(err)
	}
	return time.Unix(rec.TTL, 0)
}

// SentAt finds the sends that went out, with when, and not those only
// claimed or never made.
func TestSentAt(t *testing.T) {
	t.Parallel()
	db, name := testenv.NewTable(t)
	ledger := dynamo.New(db, name)
	ctx := context.Background()
	for _, round := range []string{"sent", "claimed"} {
		if _, err := ledger.ClaimSend(ctx, "job", round, "P#a", "P#a", ledgerStart, ledgerStart.Add(leaseFor)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ledger.MarkSent(ctx, "job", "sent", "P#a", ledgerStart.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	refs := []jobs.SendRef{{Round: "sent", Key: "P#a"}, {Round: "claimed", Key: "P#a"}, {Round: "never", Key: "P#a"}, {Round: "sent", Key: "P#a"}}
	got, err := ledger.SentAt(ctx, "job", refs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[refs[0]].Equal(ledgerStart.Add(time.Minute)) {
		t.Errorf("sent: %v", got)
	}
}
