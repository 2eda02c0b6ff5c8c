package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/topics"
)

// topicItem is a topic of the wishlist, listed in GSI1 by status. Its
// voters are a string set on the item itself, written in the same
// conditional write as its count of votes: a vote is one write that adds
// the voter to the set and one to the count only if the set lacks the
// voter, so neither a second vote nor two at once can count twice, and the
// count is always the size of the set.
type topicItem struct {
	key
	Owner      string   `dynamodbav:"owner,omitempty"`
	GSI1PK     string   `dynamodbav:"gsi1pk"`
	GSI1SK     string   `dynamodbav:"gsi1sk"`
	ID         string   `dynamodbav:"id"`
	Title      string   `dynamodbav:"title"`
	Why        string   `dynamodbav:"why,omitempty"`
	Language   string   `dynamodbav:"language"`
	Voters     []string `dynamodbav:"voters,stringset,omitempty"`
	Votes      int      `dynamodbav:"votes"`
	Status     string   `dynamodbav:"status"`
	MergedInto string   `dynamodbav:"merged_into,omitempty"`
	ClaimedBy  string   `dynamodbav:"claimed_by,omitempty"`
	CreatedAt  string   `dynamodbav:"created_at"`
	UpdatedAt  string   `dynamodbav:"updated_at"`
}

const (
	topicPrefix    = "TOPIC#"
	topicsByStatus = "TOPICS#"
)

func topicKey(id string) key { return key{PK: topicPrefix + id, SK: "TOPIC"} }

func toTopicItem(tp topics.Topic) topicItem {
	return topicItem{
		key: topicKey(tp.ID), Owner: tp.Owner, GSI1PK: topicsByStatus + string(tp.Status),
		GSI1SK: timeKey(tp.CreatedAt) + "#" + tp.ID, ID: tp.ID, Title: tp.Title, Why: tp.Why, Language: tp.Language,
		Voters: tp.Voters, Votes: tp.Votes, Status: string(tp.Status), MergedInto: tp.MergedInto, ClaimedBy: tp.ClaimedBy,
		CreatedAt: encodeTime(tp.CreatedAt), UpdatedAt: encodeTime(tp.UpdatedAt),
	}
}

func (it topicItem) topic() (topics.Topic, error) {
	tr := readTimes("topic " + it.ID)
	tp := topics.Topic{
		ID: it.ID, Title: it.Title, Why: it.Why, Language: it.Language, Owner: it.Owner, Voters: it.Voters, Votes: it.Votes,
		Status: topics.Status(it.Status), MergedInto: it.MergedInto, ClaimedBy: it.ClaimedBy,
		CreatedAt: tr.at("created_at", it.CreatedAt), UpdatedAt: tr.at("updated_at", it.UpdatedAt),
	}
	return tp, tr.done()
}

// CreateTopic stores a new topic.
func (t *Table) CreateTopic(ctx context.Context, tp topics.Topic) error {
	return t.create(ctx, "create topic", toTopicItem(tp), nil, topics.ErrExists)
}

// GetTopic reads a topic.
func (t *Table) GetTopic(ctx context.Context, id string) (topics.Topic, error) {
	return getItem(ctx, t, "get topic", topicKey(id), topics.ErrNotFound, topicItem.topic)
}

func voterSet(voter string) expression.ValueBuilder {
	return expression.Value(&types.AttributeValueMemberSS{Value: []string{voter}})
}

// Vote adds voter to an open topic's voters, and one to its votes, in one
// write conditional on the topic being open and voter not yet among them.
func (t *Table) Vote(ctx context.Context, id, voter string, at time.Time) (bool, error) {
	upd := expression.Add(expression.Name("voters"), voterSet(voter)).
		Add(expression.Name("votes"), expression.Value(1)).
		Set(expression.Name("updated_at"), expression.Value(encodeTime(at)))
	cond := exists().And(expression.Name("status").Equal(expression.Value(string(topics.Open)))).
		And(expression.Not(expression.Contains(expression.Name("voters"), voter)))
	return t.voteWrite(ctx, "vote topic", id, voter, upd, cond, true)
}

// Unvote takes voter's vote for an open topic back, in one write
// conditional on voter being among its voters.
func (t *Table) Unvote(ctx context.Context, id, voter string, at time.Time) (bool, error) {
	upd := expression.Delete(expression.Name("voters"), voterSet(voter)).
		Add(expression.Name("votes"), expression.Value(-1)).
		Set(expression.Name("updated_at"), expression.Value(encodeTime(at)))
	cond := exists().And(expression.Name("status").Equal(expression.Value(string(topics.Open)))).
		And(expression.Contains(expression.Name("voters"), voter))
	return t.voteWrite(ctx, "unvote topic", id, voter, upd, cond, false)
}

// voteWrite makes a vote's write; when its condition fails it reads the
// topic to say why: gone (ErrNotFound), not open (ErrChanged), or the vote
// already as asked (false).
func (t *Table) voteWrite(ctx context.Context, what, id, voter string, upd expression.UpdateBuilder, cond expression.ConditionBuilder, vote bool) (bool, error) {
	err := t.update(ctx, topicKey(id), upd, &cond, nil)
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, errConditionFailed) {
		return false, wrap(what, err)
	}
	tp, err := t.GetTopic(ctx, id)
	if err != nil {
		return false, err
	}
	if tp.Status != topics.Open {
		return false, topics.ErrChanged
	}
	if tp.Voted(voter) != vote {
		// Changed between the write and the read: the caller may retry.
		return false, topics.ErrChanged
	}
	return false, nil
}

// OpenTopics lists up to topics.MaxOpen open topics in one query.
func (t *Table) OpenTopics(ctx context.Context) ([]topics.Topic, error) {
	return t.ListTopics(ctx, topics.Open, topics.MaxOpen)
}

// ListTopics lists up to limit topics of one status, oldest first, in one query.
func (t *Table) ListTopics(ctx context.Context, status topics.Status, limit int) ([]topics.Topic, error) {
	ts, _, err := listPage(ctx, t, "list topics", query{index: indexGSI1, partition: topicsByStatus + string(status)}, "", limit, topicItem.topic)
	return ts, err
}

// SetStatus moves a topic to to's status (and its claim or merge), listing
// it under the new status, conditional on it being in from (and, from
// claimed, claimed by fromClaim).
func (t *Table) SetStatus(ctx context.Context, id string, from topics.Status, fromClaim string, to topics.Topic) error {
	upd := expression.Set(expression.Name("status"), expression.Value(string(to.Status))).
		Set(expression.Name("gsi1pk"), expression.Value(topicsByStatus+string(to.Status))).
		Set(expression.Name("updated_at"), expression.Value(encodeTime(to.UpdatedAt)))
	upd = setOrRemove(upd, "claimed_by", to.ClaimedBy)
	upd = setOrRemove(upd, "merged_into", to.MergedInto)
	cond := exists().And(expression.Name("status").Equal(expression.Value(string(from))))
	if fromClaim != "" {
		cond = cond.And(expression.Name("claimed_by").Equal(expression.Value(fromClaim)))
	}
	err := t.update(ctx, topicKey(id), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return topics.ErrChanged
	}
	return wrap("set topic status", err)
}

// MergeVoters writes into's voters and their count, conditional on into
// being open with the votes it was read with.
func (t *Table) MergeVoters(ctx context.Context, into topics.Topic, read int, voters []string) error {
	upd := expression.Set(expression.Name("votes"), expression.Value(len(voters)))
	if len(voters) > 0 {
		upd = upd.Set(expression.Name("voters"), expression.Value(&types.AttributeValueMemberSS{Value: voters}))
	}
	cond := exists().And(expression.Name("status").Equal(expression.Value(string(topics.Open)))).
		And(expression.Name("votes").Equal(expression.Value(read)))
	err := t.update(ctx, topicKey(into.ID), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return topics.ErrChanged
	}
	return wrap("merge topic voters", err)
}

// ForgetVoter takes voter out of a topic's voters, and one from its votes,
// whatever the topic's status, on condition voter is among them.
func (t *Table) ForgetVoter(ctx context.Context, id, voter string) error {
	upd := expression.Delete(expression.Name("voters"), voterSet(voter)).Add(expression.Name("votes"), expression.Value(-1))
	cond := exists().And(expression.Contains(expression.Name("voters"), voter))
	err := t.update(ctx, topicKey(id), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("forget topic voter", err)
}
