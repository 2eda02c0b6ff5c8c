package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/person"
)

// quotaKey is the counter of the emails of kind to the mailbox of the
// address email on now's day (UTC): kept per mailbox (person.CapKey), so
// tagged addresses of one mailbox share it.
func quotaKey(kind, email string, now time.Time) key {
	return key{PK: "QUOTA#" + kind + "#" + person.CapKey(email), SK: now.UTC().Format("2006-01-02")}
}

// AllowEmail counts one more email of kind to the address email today (UTC)
// and reports whether it is within max. The count is kept per mailbox
// (quotaKey) and filed under the address's person key, so erasing the
// person erases it. It is one conditional update, exact under concurrency:
// of many simultaneous form posts, at most max are allowed. email must be
// an address, not a key.
func (t *Table) AllowEmail(ctx context.Context, kind, email string, max int, now time.Time) (bool, error) {
	if !strings.Contains(email, "@") {
		return false, fmt.Errorf("count email: %q is not an address", email)
	}
	owner := person.Key(email)
	k := quotaKey(kind, email, now)
	return t.countUpTo(ctx, "count email", k, max, expression.Set(expression.Name("owner"), expression.Value(owner)).
		Set(expression.Name("ttl"), expression.Value(ttlOf(now.Add(48*time.Hour)))))
}

// countUpTo adds one to the count n of the item at k, and makes set's
// changes, unless n has reached max: then it changes nothing and reports
// false. One conditional update, exact under concurrency.
func (t *Table) countUpTo(ctx context.Context, what string, k key, max int, set expression.UpdateBuilder) (bool, error) {
	upd := set.Add(expression.Name("n"), expression.Value(1))
	cond := expression.AttributeNotExists(expression.Name("n")).Or(expression.Name("n").LessThan(expression.Value(max)))
	err := t.update(ctx, k, upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return false, nil
	}
	if err != nil {
		return false, wrap(what, err)
	}
	return true, nil
}

// ReturnEmail gives back one email of kind to the address email that
// AllowEmail counted at now and that did not go out: the cap counts emails
// sent. A counter back at zero is deleted, so an email that never went out
// leaves nothing stored under the person's key. Both writes are
// conditional: a count made meanwhile is neither lost nor deleted.
func (t *Table) ReturnEmail(ctx context.Context, kind, email string, now time.Time) error {
	k := quotaKey(kind, email, now)
	var it struct {
		N int `dynamodbav:"n"`
	}
	counted := expression.Name("n").GreaterThan(expression.Value(0))
	err := t.update(ctx, k, expression.Add(expression.Name("n"), expression.Value(-1)), &counted, &it)
	if errors.Is(err, errConditionFailed) {
		return nil // nothing counted: erased meanwhile, or the day's counter expired
	}
	if err != nil {
		return wrap("return email", err)
	}
	if it.N > 0 {
		return nil
	}
	zero := expression.Name("n").Equal(expression.Value(0))
	if err := t.remove(ctx, k, &zero); err != nil && !errors.Is(err, errConditionFailed) {
		return wrap("return email", err)
	}
	return nil
}

// erasingKey is the record that an erase of owner is under way. It has no
// owner attribute, so the erase does not delete it with the person's data:
// the erase deletes it itself, last.
func erasingKey(owner string) key { return key{PK: "ERASING#" + owner, SK: "ERASING"} }

type erasingItem struct {
	key
	Until string `dynamodbav:"erase_until"`
	TTL   int64  `dynamodbav:"ttl"`
}

// BeginErase records that owner's data is being erased, until until at the
// latest: an erase that dies part-way holds up nobody's registration longer.
func (t *Table) BeginErase(ctx context.Context, owner string, until time.Time) error {
	return wrap("begin erase", t.put(ctx, erasingItem{key: erasingKey(owner), Until: timeKey(until), TTL: ttlOf(until.Add(24 * time.Hour))}, nil))
}

// EndErase deletes the record that owner's data is being erased.
func (t *Table) EndErase(ctx context.Context, owner string) error {
	return wrap("end erase", t.remove(ctx, erasingKey(owner), nil))
}

// Erasing reports whether owner's data is being erased at now.
func (t *Table) Erasing(ctx context.Context, owner string, now time.Time) (bool, error) {
	var it erasingItem
	err := t.get(ctx, erasingKey(owner), &it)
	if errors.Is(err, errNotFound) {
		return false, nil
	}
	if err != nil {
		return false, wrap("erasing", err)
	}
	until, err := decodeTime(it.Until)
	if err != nil {
		return false, wrap("erasing", err)
	}
	return now.Before(until), nil
}

// ownerKeys lists the keys of every item holding owner's data, through the
// ByOwner index (keys only).
func (t *Table) ownerKeys(ctx context.Context, owner string) ([]key, error) {
	return queryAll[key](ctx, t, query{index: indexByOwner, partition: owner})
}

// ownedUnder lists the ids of the partitions, each keyed parent+id, that
// hold an item of owner's whose sort key begins with tag: one query of the
// ByOwner index (keys only).
func (t *Table) ownedUnder(ctx context.Context, owner, parent, tag string) ([]string, error) {
	keys, err := queryAll[key](ctx, t, query{index: indexByOwner, partition: owner, sort: beginsWith(parent)})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, k := range keys {
		if strings.HasPrefix(k.SK, tag) {
			ids = append(ids, strings.TrimPrefix(k.PK, parent))
		}
	}
	return ids, nil
}

// HoldsData reports whether the table holds anything of owner's, other than
// the email counters that an erase request itself creates.
func (t *Table) HoldsData(ctx context.Context, owner string) (bool, error) {
	keys, err := t.ownerKeys(ctx, owner)
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
	keys, err := t.ownerKeys(ctx, owner)
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
