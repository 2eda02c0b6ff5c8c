package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/tehpug/backend/internal/mentorship"
)

// pairItem is one pair. owner is the mentee, so a plain erase of the mentee
// by the ByOwner index removes it; EraseMentorship removes it for either side.
type pairItem struct {
	key
	Owner         string `dynamodbav:"owner"`
	GSI1PK        string `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK        string `dynamodbav:"gsi1sk,omitempty"`
	ID            string `dynamodbav:"id"`
	Status        string `dynamodbav:"status"`
	MentorApp     string `dynamodbav:"mentor_app"`
	MenteeApp     string `dynamodbav:"mentee_app"`
	CreatedAt     string `dynamodbav:"created_at"`
	StartedAt     string `dynamodbav:"started_at,omitempty"`
	EndedAt       string `dynamodbav:"ended_at,omitempty"`
	Outcome       string `dynamodbav:"outcome,omitempty"`
	Reason        string `dynamodbav:"reason,omitempty"`
	MentorLastAt  string `dynamodbav:"mentor_last_at,omitempty"`
	MentorHelp    bool   `dynamodbav:"mentor_help,omitempty"`
	MentorIntroAt string `dynamodbav:"mentor_intro_at,omitempty"`
	MenteeLastAt  string `dynamodbav:"mentee_last_at,omitempty"`
	MenteeHelp    bool   `dynamodbav:"mentee_help,omitempty"`
	MenteeIntroAt string `dynamodbav:"mentee_intro_at,omitempty"`
	// Each side's latest answer to why the pair faded, and its episode.
	MentorFadeEp    string `dynamodbav:"mentor_fade_ep,omitempty"`
	MentorFade      string `dynamodbav:"mentor_fade,omitempty"`
	MentorFadeOther string `dynamodbav:"mentor_fade_other,omitempty"`
	MentorFadeAt    string `dynamodbav:"mentor_fade_at,omitempty"`
	MenteeFadeEp    string `dynamodbav:"mentee_fade_ep,omitempty"`
	MenteeFade      string `dynamodbav:"mentee_fade,omitempty"`
	MenteeFadeOther string `dynamodbav:"mentee_fade_other,omitempty"`
	MenteeFadeAt    string `dynamodbav:"mentee_fade_at,omitempty"`
	TTL             int64  `dynamodbav:"ttl,omitempty"`
}

func pairKey(id string) key { return key{PK: "PAIR#" + id, SK: "META"} }

// The GSI1 partitions of pairs; pending pairs are in neither.
const (
	activePairs = "PAIRS#active"
	endedPairs  = "PAIRS#ended"
)

func (it pairItem) pair() (mentorship.Pair, error) {
	tr := readTimes("pair " + it.ID)
	p := mentorship.Pair{
		ID: it.ID, Status: mentorship.PairStatus(it.Status), MentorApp: it.MentorApp, MenteeApp: it.MenteeApp, MenteeOwner: it.Owner,
		Mentor:    mentorship.Side{LastCheckIn: tr.at("mentor_last_at", it.MentorLastAt), AskedForHelp: it.MentorHelp, IntroducedAt: tr.at("mentor_intro_at", it.MentorIntroAt)},
		Mentee:    mentorship.Side{LastCheckIn: tr.at("mentee_last_at", it.MenteeLastAt), AskedForHelp: it.MenteeHelp, IntroducedAt: tr.at("mentee_intro_at", it.MenteeIntroAt)},
		CreatedAt: tr.at("created_at", it.CreatedAt), StartedAt: tr.at("started_at", it.StartedAt), EndedAt: tr.at("ended_at", it.EndedAt),
		Outcome: mentorship.Outcome(it.Outcome), Reason: it.Reason,
	}
	p.Mentor.Fade = mentorship.FadeAnswer{Episode: it.MentorFadeEp, Reason: mentorship.FadeReason(it.MentorFade), Other: it.MentorFadeOther,
		At: tr.at("mentor_fade_at", it.MentorFadeAt)}
	p.Mentee.Fade = mentorship.FadeAnswer{Episode: it.MenteeFadeEp, Reason: mentorship.FadeReason(it.MenteeFade), Other: it.MenteeFadeOther,
		At: tr.at("mentee_fade_at", it.MenteeFadeAt)}
	return p, tr.done()
}

func pairStatusIs(s mentorship.PairStatus) expression.ConditionBuilder {
	return expression.Name("status").Equal(expression.Value(string(s)))
}

// CreatePair stores a new pending pair, which DynamoDB removes by itself
// after a day if nobody finished it or took it apart.
func (t *Table) CreatePair(ctx context.Context, p mentorship.Pair) error {
	it := pairItem{
		key: pairKey(p.ID), Owner: p.MenteeOwner, ID: p.ID, Status: string(mentorship.PairPending),
		MentorApp: p.MentorApp, MenteeApp: p.MenteeApp, CreatedAt: encodeTime(p.CreatedAt),
		TTL: ttlOf(p.CreatedAt.Add(pendingPairTTL)),
	}
	return t.create(ctx, "create pair", it, nil, mentorship.ErrExists)
}

// GetPair reads a pair.
func (t *Table) GetPair(ctx context.Context, id string) (mentorship.Pair, error) {
	return getItem(ctx, t, "get pair", pairKey(id), mentorship.ErrNotFound, pairItem.pair)
}

// ActivatePair moves a pending pair to active and into the active listing.
func (t *Table) ActivatePair(ctx context.Context, id string, at time.Time) (mentorship.Pair, error) {
	started := timeKey(at)
	upd := expression.Set(expression.Name("status"), expression.Value(string(mentorship.PairActive))).
		Set(expression.Name("started_at"), expression.Value(started)).
		Set(expression.Name("gsi1pk"), expression.Value(activePairs)).
		Set(expression.Name("gsi1sk"), expression.Value(started+"#"+id)).
		Remove(expression.Name("ttl"))
	var it pairItem
	cond := pairStatusIs(mentorship.PairPending)
	err := t.update(ctx, pairKey(id), upd, &cond, &it)
	if errors.Is(err, errConditionFailed) {
		if _, gerr := t.GetPair(ctx, id); errors.Is(gerr, mentorship.ErrNotFound) {
			return mentorship.Pair{}, mentorship.ErrNotFound
		}
		return mentorship.Pair{}, mentorship.ErrChanged
	}
	if err != nil {
		return mentorship.Pair{}, wrap("activate pair", err)
	}
	p, err := it.pair()
	return p, wrap("activate pair", err)
}

// AbandonPair deletes a pending pair, if it is still the one p read.
func (t *Table) AbandonPair(ctx context.Context, p mentorship.Pair) error {
	cond := pairStatusIs(mentorship.PairPending).And(expression.Name("created_at").Equal(expression.Value(encodeTime(p.CreatedAt))))
	err := t.remove(ctx, pairKey(p.ID), &cond)
	if errors.Is(err, errConditionFailed) {
		return mentorship.ErrChanged
	}
	return wrap("abandon pair", err)
}

// ClaimIntro records that side's introduction is being sent, once.
func (t *Table) ClaimIntro(ctx context.Context, pairID string, side mentorship.Role, at time.Time) (bool, error) {
	name := expression.Name(string(side) + "_intro_at")
	cond := pairStatusIs(mentorship.PairActive).And(expression.AttributeNotExists(name))
	err := t.update(ctx, pairKey(pairID), expression.Set(name, expression.Value(timeKey(at))), &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return false, nil
	}
	if err != nil {
		return false, wrap("claim intro", err)
	}
	return true, nil
}

// ReleaseIntro gives back an introduction claim.
func (t *Table) ReleaseIntro(ctx context.Context, pairID string, side mentorship.Role) error {
	err := t.update(ctx, pairKey(pairID), expression.Remove(expression.Name(string(side)+"_intro_at")), exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("release intro", err)
}

// EndPair ends an active pair and moves it to the ended listing.
func (t *Table) EndPair(ctx context.Context, id string, outcome mentorship.Outcome, reason string, at time.Time) (mentorship.Pair, error) {
	cond := pairStatusIs(mentorship.PairActive)
	return updateItem(ctx, t, "end pair", pairKey(id), endUpdate(id, outcome, reason, at), &cond, mentorship.ErrChanged, pairItem.pair)
}

func endUpdate(id string, outcome mentorship.Outcome, reason string, at time.Time) expression.UpdateBuilder {
	ended := timeKey(at)
	return expression.Set(expression.Name("status"), expression.Value(string(mentorship.PairEnded))).
		Set(expression.Name("ended_at"), expression.Value(ended)).
		Set(expression.Name("outcome"), expression.Value(string(outcome))).
		Set(expression.Name("reason"), expression.Value(reason)).
		Set(expression.Name("gsi1pk"), expression.Value(endedPairs)).
		Set(expression.Name("gsi1sk"), expression.Value(ended+"#"+id))
}

// pairScanBudget bounds how many pairs one filtered page reads before it
// answers with what it found and a cursor to go on from.
const pairScanBudget = 500

// ListPairs lists active pairs, oldest first, or ended ones, most recently
// ended first, keeping those keep accepts. A filtered page may come back
// short (even empty) with a cursor when it read pairScanBudget pairs.
func (t *Table) ListPairs(ctx context.Context, ended bool, keep func(mentorship.Pair) bool, cursor string, limit int) ([]mentorship.Pair, string, error) {
	q := query{index: indexGSI1, partition: activePairs}
	if ended {
		q = query{index: indexGSI1, partition: endedPairs, backward: true}
	}
	// A cursor of the other listing (an ended page's cursor reused for
	// active pairs) is refused here, not by DynamoDB.
	start, err := q.startKey(cursor)
	if err != nil {
		return nil, "", err
	}
	in, err := t.queryInput(q)
	if err != nil {
		return nil, "", wrap("list pairs", err)
	}
	in.Limit = aws.Int32(int32(limit + 1))
	cursorKeys := q.cursorKeys()
	// Pages are filtered by state while read: keep reading until one pair
	// more than the page holds is found (then another page follows), the
	// partition ends, or the read budget is spent.
	var out []mentorship.Pair
	var keys []map[string]types.AttributeValue
	read := 0
	for {
		in.ExclusiveStartKey = start
		res, err := t.DB.Query(ctx, in)
		if err != nil {
			return nil, "", wrap("list pairs", err)
		}
		var items []pairItem
		if err := attributevalue.UnmarshalListOfMaps(res.Items, &items); err != nil {
			return nil, "", wrap("list pairs", err)
		}
		for i, it := range items {
			read++
			p, err := it.pair()
			if err != nil {
				return nil, "", wrap("list pairs", err)
			}
			if keep == nil || keep(p) {
				if len(out) == limit {
					return out, encodeCursor(indexKeys(keys[limit-1], cursorKeys...)), nil
				}
				out = append(out, p)
				keys = append(keys, res.Items[i])
			}
			if read >= pairScanBudget && (i < len(items)-1 || len(res.LastEvaluatedKey) > 0) {
				// Budget spent with more to read: go on after this item.
				return out, encodeCursor(indexKeys(res.Items[i], cursorKeys...)), nil
			}
		}
		if len(res.LastEvaluatedKey) == 0 {
			return out, "", nil
		}
		start = res.LastEvaluatedKey
	}
}

// indexKeys picks an item's key attributes, to make a cursor that starts
// right after it.
func indexKeys(item map[string]types.AttributeValue, names ...string) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(names))
	for _, n := range names {
		if v, ok := item[n]; ok {
			out[n] = v
		}
	}
	return out
}

// EndedSince lists the pairs ended after since, the most recently ended
// first: a key condition on the ended listing's sort key, so the pairs
// ended earlier are never read.
func (t *Table) EndedSince(ctx context.Context, since time.Time, cursor string, limit int) ([]mentorship.Pair, string, error) {
	q := query{index: indexGSI1, partition: endedPairs, sort: after(timeKey(since)), backward: true}
	return listPage(ctx, t, "pairs ended since", q, cursor, limit, pairItem.pair)
}
