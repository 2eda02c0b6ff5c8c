package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
)

// sendKey is the record of one scheduled email: under its job and slot, by
// recipient.
func sendKey(job, slot, recipient string) key {
	return key{PK: "SENT#" + job + "#" + slot, SK: recipient}
}

// sendRecords live long enough to cover every slot a job could revisit.
const sendRecordTTL = 120 * 24 * time.Hour

// ClaimSend reserves a scheduled email for one run: it succeeds if the email
// was never claimed, or its last claim lapsed without being sent.
func (t *Table) ClaimSend(ctx context.Context, job, slot, recipient, owner string, now, leaseUntil time.Time) (bool, error) {
	upd := expression.Set(expression.Name("status"), expression.Value("claimed")).
		Set(expression.Name("lease_until"), expression.Value(leaseUntil.Unix())).
		Set(expression.Name("ttl"), expression.Value(now.Add(sendRecordTTL).Unix()))
	if owner != "" {
		upd = upd.Set(expression.Name("owner"), expression.Value(owner))
	}
	cond := expression.AttributeNotExists(expression.Name("pk")).Or(
		expression.Name("status").Equal(expression.Value("released"))).Or(
		expression.Name("status").Equal(expression.Value("claimed")).And(expression.Name("lease_until").LessThan(expression.Value(now.Unix()))))
	err := t.update(ctx, sendKey(job, slot, recipient), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return false, nil
	}
	if err != nil {
		return false, wrap("claim send", err)
	}
	return true, nil
}

// MarkSent records that the email went out.
func (t *Table) MarkSent(ctx context.Context, job, slot, recipient string, at time.Time) error {
	upd := expression.Set(expression.Name("status"), expression.Value("sent")).
		Set(expression.Name("sent_at"), expression.Value(at.Unix())).
		Remove(expression.Name("lease_until"))
	return wrap("mark sent", t.update(ctx, sendKey(job, slot, recipient), upd, exists(), nil))
}

// ReleaseSend gives back a claim whose email could not be sent.
func (t *Table) ReleaseSend(ctx context.Context, job, slot, recipient string) error {
	cond := expression.Name("status").Equal(expression.Value("claimed"))
	err := t.update(ctx, sendKey(job, slot, recipient), expression.Set(expression.Name("status"), expression.Value("released")), &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("release send", err)
}
