package dynamo

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/mentorship"
)

// AnswerFade stores one side's answer to why its pair faded on the pair
// item, in one write conditional on the side not having answered that
// episode already; ErrNotFound if the pair is gone.
func (t *Table) AnswerFade(ctx context.Context, pairID string, side mentorship.Role, a mentorship.FadeAnswer) error {
	prefix := string(side) + "_fade"
	upd := expression.Set(expression.Name(prefix+"_ep"), expression.Value(a.Episode)).
		Set(expression.Name(prefix), expression.Value(string(a.Reason))).
		Set(expression.Name(prefix+"_at"), expression.Value(encodeTime(a.At)))
	upd = setOrRemove(upd, prefix+"_other", a.Other)
	ep := expression.Name(prefix + "_ep")
	cond := exists().And(expression.AttributeNotExists(ep).Or(ep.NotEqual(expression.Value(a.Episode))))
	err := t.update(ctx, pairKey(pairID), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		if _, gerr := t.GetPair(ctx, pairID); errors.Is(gerr, mentorship.ErrNotFound) {
			return mentorship.ErrNotFound
		}
		return mentorship.ErrChanged
	}
	return wrap("answer fade", err)
}

// fadeCountsKey is the one item counting the answers, per reason: updated
// with each answer, so reading the counts is one read however many pairs
// there are.
var fadeCountsKey = key{PK: "FADE#COUNTS", SK: "COUNTS"}

// CountFade adds one to the count of reason.
func (t *Table) CountFade(ctx context.Context, reason mentorship.FadeReason) error {
	upd := expression.Add(expression.Name(string(reason)), expression.Value(1))
	return wrap("count fade", t.update(ctx, fadeCountsKey, upd, nil, nil))
}

// FadeCounts reads the counts of every reason: one GetItem.
func (t *Table) FadeCounts(ctx context.Context) (mentorship.FadeCounts, error) {
	var it map[string]any
	err := t.get(ctx, fadeCountsKey, &it)
	out := mentorship.FadeCounts{}
	if errors.Is(err, errNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, wrap("fade counts", err)
	}
	for _, r := range mentorship.FadeReasons {
		if n, ok := it[string(r)].(float64); ok {
			out[r] = int(n)
		}
	}
	return out, nil
}
