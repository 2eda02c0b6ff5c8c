package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/jobs"
)

// sendKey is the record of one scheduled email: under its job and round, by
// recipient.
func sendKey(job, round, recipient string) key {
	return key{PK: "SENT#" + job + "#" + round, SK: recipient}
}

// sendRecordTTL is how long a send record outlives the last run that
// claimed it or found it sent. Most rounds come up for days or weeks (a
// meetup's reminder window, its alarm steps, an ISO week), but a check-in
// nudge's round lasts as long as the pair stays silent, which can be months:
// so the time counts from the last time the round came up, not the first.
const sendRecordTTL = 120 * 24 * time.Hour

// ClaimSend reserves a scheduled email for one run: it succeeds if the email
// was never claimed, or its last claim was released or lapsed without being
// sent. Otherwise it tells a sent email (whose record it keeps for another
// sendRecordTTL, in the write that finds it sent) from one another
// attempt's live claim holds.
func (t *Table) ClaimSend(ctx context.Context, job, round, recipient, owner string, now, leaseUntil time.Time) (jobs.Claim, error) {
	k := sendKey(job, round, recipient)
	expires := expression.Value(ttlOf(now.Add(sendRecordTTL)))
	upd := expression.Set(expression.Name("status"), expression.Value("claimed")).
		Set(expression.Name("lease_until"), expression.Value(timeKey(leaseUntil))).
		Set(expression.Name("ttl"), expires)
	if owner != "" {
		upd = upd.Set(expression.Name("owner"), expression.Value(owner))
	}
	cond := expression.AttributeNotExists(expression.Name("pk")).Or(
		expression.Name("status").Equal(expression.Value("released"))).Or(
		expression.Name("status").Equal(expression.Value("claimed")).And(expression.Name("lease_until").LessThan(expression.Value(timeKey(now)))))
	err := t.update(ctx, k, upd, &cond, nil)
	if err == nil {
		return jobs.Claimed, nil
	}
	if !errors.Is(err, errConditionFailed) {
		return jobs.Held, wrap("claim send", err)
	}
	// Sent, or claimed by an attempt whose lease has not lapsed. A claim
	// that turned into a sent one meanwhile is found sent; one released
	// meanwhile is reported held, and the next run claims it.
	sent := expression.Name("status").Equal(expression.Value("sent"))
	err = t.update(ctx, k, expression.Set(expression.Name("ttl"), expires), &sent, nil)
	if errors.Is(err, errConditionFailed) {
		return jobs.Held, nil
	}
	if err != nil {
		return jobs.Held, wrap("claim send: keep sent record", err)
	}
	return jobs.Sent, nil
}

// MarkSent records that the email went out.
func (t *Table) MarkSent(ctx context.Context, job, round, recipient string, at time.Time) error {
	upd := expression.Set(expression.Name("status"), expression.Value("sent")).
		Set(expression.Name("sent_at"), expression.Value(timeKey(at))).
		Remove(expression.Name("lease_until"))
	return wrap("mark sent", t.update(ctx, sendKey(job, round, recipient), upd, exists(), nil))
}

// ReleaseSend gives back a claim whose email could not be sent.
func (t *Table) ReleaseSend(ctx context.Context, job, round, recipient string) error {
	cond := expression.Name("status").Equal(expression.Value("claimed"))
	err := t.update(ctx, sendKey(job, round, recipient), expression.Set(expression.Name("status"), expression.Value("released")), &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("release send", err)
}

// roundDoneKey is the sort key, among a round's send records, of the record
// that the whole round went out. Recipients' keys never begin with '#'.
const roundDoneKey = "#done"

type roundDoneItem struct {
	key
	Status string `dynamodbav:"status"`
	SentAt string `dynamodbav:"sent_at"`
	TTL    int64  `dynamodbav:"ttl"`
}

// RoundDone reports whether a round was recorded complete.
func (t *Table) RoundDone(ctx context.Context, job, round string) (bool, error) {
	var it roundDoneItem
	err := t.get(ctx, sendKey(job, round, roundDoneKey), &it)
	if errors.Is(err, errNotFound) {
		return false, nil
	}
	if err != nil {
		return false, wrap("round done", err)
	}
	return true, nil
}

// MarkRoundDone records that every send of a round went out.
func (t *Table) MarkRoundDone(ctx context.Context, job, round string, at time.Time) error {
	it := roundDoneItem{key: sendKey(job, round, roundDoneKey), Status: "done", SentAt: timeKey(at), TTL: ttlOf(at.Add(sendRecordTTL))}
	return wrap("mark round done", t.put(ctx, it, nil))
}

// sentItem is a send record as SentAt reads it.
type sentItem struct {
	key
	Status string `dynamodbav:"status"`
	SentAt string `dynamodbav:"sent_at"`
}

// SentAt says when each of sends (at most 100) of job went out, in one
// batch read; a send not (yet) sent is not in the answer.
func (t *Table) SentAt(ctx context.Context, job string, sends []jobs.SendRef) (map[jobs.SendRef]time.Time, error) {
	keys := make([]map[string]types.AttributeValue, 0, len(sends))
	byKey := map[key]jobs.SendRef{}
	for _, s := range sends {
		k := sendKey(job, s.Round, s.Key)
		if _, dup := byKey[k]; !dup {
			byKey[k] = s
			keys = append(keys, k.av())
		}
	}
	out := map[jobs.SendRef]time.Time{}
	if len(keys) == 0 {
		return out, nil
	}
	items, err := getItems[sentItem](ctx, t, keys)
	if err != nil {
		return nil, wrap("sent at", err)
	}
	for _, it := range items {
		if it.Status != "sent" {
			continue
		}
		at, err := decodeTime(it.SentAt)
		if err != nil {
			return nil, wrap("sent at", err)
		}
		out[byKey[it.key]] = at
	}
	return out, nil
}
