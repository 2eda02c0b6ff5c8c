package dynamo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/tehpug/backend/internal/mentorship"
)

// checkInItem is one check-in, under its pair.
type checkInItem struct {
	key
	Owner    string `dynamodbav:"owner"`
	ID       string `dynamodbav:"id"`
	PairID   string `dynamodbav:"pair_id"`
	Side     string `dynamodbav:"side"`
	At       string `dynamodbav:"at"`
	Answer   string `dynamodbav:"answer,omitempty"`
	Progress int    `dynamodbav:"progress,omitempty"`
	Summary  string `dynamodbav:"summary,omitempty"`
	NextStep string `dynamodbav:"next_step,omitempty"`
	Blocked  bool   `dynamodbav:"blocked,omitempty"`
}

func checkInKey(c mentorship.CheckIn) key {
	return key{PK: "PAIR#" + c.PairID, SK: "CHECKIN#" + timeKey(c.At) + "#" + string(c.Side) + "#" + c.ID}
}

// PutCheckIn stores a check-in.
func (t *Table) PutCheckIn(ctx context.Context, c mentorship.CheckIn) error {
	it := checkInItem{
		key: checkInKey(c), Owner: c.Owner, ID: c.ID, PairID: c.PairID, Side: string(c.Side), At: timeKey(c.At),
		Answer: string(c.Answer), Progress: c.Progress, Summary: c.Summary, NextStep: c.NextStep, Blocked: c.Blocked,
	}
	return wrap("put check-in", t.put(ctx, it, absent()))
}

// DeleteCheckIn removes a check-in.
func (t *Table) DeleteCheckIn(ctx context.Context, c mentorship.CheckIn) error {
	return wrap("delete check-in", t.remove(ctx, checkInKey(c), nil))
}

// RecordCheckIn counts c as its side's last check-in, on an active pair and
// unless a later one of that side is counted already (so two check-ins
// landing out of order leave the later one).
func (t *Table) RecordCheckIn(ctx context.Context, c mentorship.CheckIn) error {
	at := timeKey(c.At)
	last := expression.Name(string(c.Side) + "_last_at")
	upd := expression.Set(last, expression.Value(at)).
		Set(expression.Name(string(c.Side)+"_help"), expression.Value(c.AsksForHelp()))
	cond := pairStatusIs(mentorship.PairActive).
		And(expression.AttributeNotExists(last).Or(last.LessThan(expression.Value(at))))
	err := t.update(ctx, pairKey(c.PairID), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return mentorship.ErrChanged
	}
	return wrap("record check-in", err)
}

// EraseMentorship removes everything of the mentorship program that
// concerns owner, and leaves the other people in it as they would be had the
// person never applied: every pair the person was part of (found from their
// applications' histories and from the ByOwner index) is ended, the other
// side's mentor place freed or mentee application opened again, and then
// the pair and all its check-ins, both sides', are deleted; the person's
// applications go last, so a run that dies part-way is finished by running
// it again. It runs before EraseOwner (members.Deps.BeforeErase), which
// removes the rest (check-in links, counters).
func (t *Table) EraseMentorship(ctx context.Context, owner string) error {
	keys, err := t.ownerKeys(ctx, owner)
	if err != nil {
		return wrap("erase mentorship", err)
	}
	var apps []key
	var pairs []string
	addPair := func(id string) {
		if id != "" && !slices.Contains(pairs, id) {
			pairs = append(pairs, id)
		}
	}
	for _, k := range keys {
		switch {
		case strings.HasPrefix(k.PK, "MAPP#"):
			var it applicationItem
			if err := t.get(ctx, k, &it); err != nil {
				if errors.Is(err, errNotFound) {
					continue
				}
				return wrap("erase mentorship", err)
			}
			apps = append(apps, k)
			for _, id := range slices.Concat(it.Pairs, it.Mentees, []string{it.PairID}) {
				addPair(id)
			}
		case strings.HasPrefix(k.PK, "PAIR#"):
			addPair(strings.TrimPrefix(k.PK, "PAIR#"))
		}
	}
	for _, id := range pairs {
		if err := t.erasePair(ctx, id, time.Now()); err != nil {
			return wrap("erase mentorship", err)
		}
	}
	for _, k := range apps {
		if err := t.remove(ctx, k, nil); err != nil {
			return wrap("erase mentorship", err)
		}
	}
	return nil
}

// erasePair ends a pair, gives back what it held, and deletes it with all
// its check-ins, the pair item last.
func (t *Table) erasePair(ctx context.Context, id string, now time.Time) error {
	var it pairItem
	switch err := t.get(ctx, pairKey(id), &it); {
	case errors.Is(err, errNotFound):
	case err != nil:
		return err
	default:
		if it.Status != string(mentorship.PairEnded) {
			cond := expression.Name("status").NotEqual(expression.Value(string(mentorship.PairEnded)))
			err := t.update(ctx, pairKey(id), endUpdate(id, mentorship.Erased, "", now), &cond, nil)
			if err != nil && !errors.Is(err, errConditionFailed) {
				return err
			}
		}
		if err := t.FreePlace(ctx, it.MentorApp, id, now); err != nil {
			return err
		}
		if err := t.ReleaseMentee(ctx, it.MenteeApp, id, mentorship.Open, now); err != nil {
			return err
		}
	}

	kc := expression.Key("pk").Equal(expression.Value("PAIR#" + id))
	expr, err := expression.NewBuilder().WithKeyCondition(kc).
		WithProjection(expression.NamesList(expression.Name("pk"), expression.Name("sk"))).Build()
	if err != nil {
		return err
	}
	var keys []key
	p := dynamodb.NewQueryPaginator(t.DB, &dynamodb.QueryInput{
		TableName: &t.Name, KeyConditionExpression: expr.KeyCondition(), ProjectionExpression: expr.Projection(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(), ConsistentRead: aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		var ks []key
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &ks); err != nil {
			return err
		}
		keys = append(keys, ks...)
	}
	meta := pairKey(id)
	keys = slices.DeleteFunc(keys, func(k key) bool { return k == meta })
	for chunk := range slices.Chunk(keys, 25) {
		batch := make([]types.WriteRequest, len(chunk))
		for i, k := range chunk {
			batch[i] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k.av()}}
		}
		if err := t.writeBatch(ctx, batch); err != nil {
			return err
		}
	}
	if it.ID != "" {
		return t.remove(ctx, meta, nil)
	}
	return nil
}

// CheckIns lists a pair's check-ins, both sides', the latest first, a page
// of at most limit at a time (one Query, whatever the pair's age).
func (t *Table) CheckIns(ctx context.Context, pairID, cursor string, limit int) ([]mentorship.CheckIn, string, error) {
	q := query{partition: "PAIR#" + pairID, sort: beginsWith("CHECKIN#"), consistent: true, backward: true}
	items, next, err := queryPage[checkInItem](ctx, t, q, cursor, limit)
	if err != nil {
		return nil, "", wrap("list check-ins", err)
	}
	out := make([]mentorship.CheckIn, len(items))
	for i, it := range items {
		at, err := decodeTime(it.At)
		if err != nil {
			return nil, "", wrap("list check-ins", err)
		}
		out[i] = mentorship.CheckIn{
			ID: it.ID, PairID: it.PairID, Side: mentorship.Role(it.Side), Owner: it.Owner, At: at,
			Answer: mentorship.Answer(it.Answer), Progress: it.Progress, Summary: it.Summary, NextStep: it.NextStep, Blocked: it.Blocked,
		}
	}
	return out, next, nil
}
