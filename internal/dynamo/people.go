package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// AllowEmail counts one more email of kind to owner today (UTC) and reports
// whether it is within max. The count is one conditional update, exact under
// concurrency: of many simultaneous form posts, at most max are allowed.
func (t *Table) AllowEmail(ctx context.Context, kind, owner string, max int, now time.Time) (bool, error) {
	day := now.UTC().Format("2006-01-02")
	k := key{PK: "QUOTA#" + kind + "#" + owner, SK: day}
	upd := expression.Add(expression.Name("n"), expression.Value(1)).
		Set(expression.Name("owner"), expression.Value(owner)).
		Set(expression.Name("ttl"), expression.Value(ttlOf(now.Add(48*time.Hour))))
	cond := expression.AttributeNotExists(expression.Name("n")).Or(expression.Name("n").LessThan(expression.Value(max)))
	err := t.update(ctx, k, upd, &cond, nil)
	if err == errConditionFailed {
		return false, nil
	}
	if err != nil {
		return false, wrap("count email", err)
	}
	return true, nil
}

// ownerKeys lists the keys of every item holding owner's data, through the
// ByOwner index (keys only), at most limit when limit > 0.
func (t *Table) ownerKeys(ctx context.Context, owner string, limit int32) ([]key, error) {
	expr, err := expression.NewBuilder().WithKeyCondition(expression.Key("owner").Equal(expression.Value(owner))).Build()
	if err != nil {
		return nil, err
	}
	in := &dynamodb.QueryInput{
		TableName:                 &t.Name,
		IndexName:                 aws.String(indexByOwner),
		KeyConditionExpression:    expr.KeyCondition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	if limit > 0 {
		in.Limit = aws.Int32(limit)
	}
	var keys []key
	p := dynamodb.NewQueryPaginator(t.DB, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		var ks []key
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &ks); err != nil {
			return nil, err
		}
		keys = append(keys, ks...)
		if limit > 0 && len(keys) >= int(limit) {
			break
		}
	}
	return keys, nil
}

// HoldsData reports whether the table holds anything of owner's, other than
// the email counters that an erase request itself creates.
func (t *Table) HoldsData(ctx context.Context, owner string) (bool, error) {
	keys, err := t.ownerKeys(ctx, owner, 0)
	if err != nil {
		return false, wrap("find owner data", err)
	}
	for _, k := range keys {
		if !isQuota(k) {
			return true, nil
		}
	}
	return false, nil
}

func isQuota(k key) bool { return len(k.PK) > 6 && k.PK[:6] == "QUOTA#" }

// EraseOwner deletes every item holding owner's data, and last turns the
// token lastTokenHash (the erase link's) into a used one that names nobody:
// a run that dies part-way can be retried with the same link and finishes
// the job, and a second press of the button once it is done is told so
// rather than that the link is unknown.
func (t *Table) EraseOwner(ctx context.Context, owner, lastTokenHash string) (int, error) {
	keepLastPK := tokenKey(lastTokenHash).PK
	keys, err := t.ownerKeys(ctx, owner, 0)
	if err != nil {
		return 0, wrap("erase owner", err)
	}
	var last *key
	var batch []types.WriteRequest
	n := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := t.writeBatch(ctx, batch)
		batch = nil
		return err
	}
	for _, k := range keys {
		if k.PK == keepLastPK {
			k := k
			last = &k
			continue
		}
		batch = append(batch, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k.av()}})
		n++
		if len(batch) == 25 {
			if err := flush(); err != nil {
				return n, wrap("erase owner", err)
			}
		}
	}
	if err := flush(); err != nil {
		return n, wrap("erase owner", err)
	}
	if last != nil {
		upd := expression.Remove(expression.Name("owner")).
			Set(expression.Name("subject"), expression.Value("")).
			Set(expression.Name("used_at"), expression.Value(timeKey(time.Now())))
		// Conditional on the token still being there: one that expired
		// meanwhile is not brought back as an item with no expiry.
		if err := t.update(ctx, *last, upd, exists(), nil); err != nil && !errors.Is(err, errConditionFailed) {
			return n, wrap("erase owner", err)
		}
		n++
	}
	return n, nil
}
