package dynamo

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/passkeys"
)

// passkeyItem is one of an organizer's passkeys, under the organizer.
type passkeyItem struct {
	key
	Owner      string `dynamodbav:"owner"`
	Name       string `dynamodbav:"name,omitempty"`
	Credential string `dynamodbav:"credential"`
	SignCount  int64  `dynamodbav:"sign_count"`
	CreatedAt  string `dynamodbav:"created_at"`
	LastUsedAt string `dynamodbav:"last_used_at,omitempty"`
}

// passkeyPrefix begins the sort key of every passkey.
const passkeyPrefix = "PASSKEY#"

func passkeyKey(owner, id string) key { return key{PK: organizerKey(owner).PK, SK: passkeyPrefix + id} }

func (it passkeyItem) record() (passkeys.Record, error) {
	tr := readTimes("passkey")
	r := passkeys.Record{
		ID: it.SK[len(passkeyPrefix):], Name: it.Name, Credential: []byte(it.Credential), SignCount: uint32(it.SignCount),
		CreatedAt: tr.at("created_at", it.CreatedAt), LastUsedAt: tr.at("last_used_at", it.LastUsedAt),
	}
	return r, tr.done()
}

// AddPasskey stores a new passkey of owner's, unless one with its id is there.
func (t *Table) AddPasskey(ctx context.Context, owner string, r passkeys.Record) error {
	it := passkeyItem{
		key: passkeyKey(owner, r.ID), Owner: owner, Name: r.Name, Credential: string(r.Credential),
		SignCount: int64(r.SignCount), CreatedAt: timeKey(r.CreatedAt), LastUsedAt: encodeTime(r.LastUsedAt),
	}
	return t.create(ctx, "add passkey", it, nil, passkeys.ErrExists)
}

// Passkeys lists owner's passkeys, oldest first.
func (t *Table) Passkeys(ctx context.Context, owner string) ([]passkeys.Record, error) {
	out, err := listAll(ctx, t, "list passkeys", query{partition: organizerKey(owner).PK, sort: beginsWith(passkeyPrefix), consistent: true}, passkeyItem.record)
	if err != nil {
		return nil, err
	}
	// Sorted by id in the table; listed in the order they were added.
	slices.SortStableFunc(out, func(a, b passkeys.Record) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, nil
}

// Passkey reads one of owner's passkeys.
func (t *Table) Passkey(ctx context.Context, owner, id string) (passkeys.Record, error) {
	return getItem(ctx, t, "read passkey", passkeyKey(owner, id), passkeys.ErrNotFound, passkeyItem.record)
}

// UsePasskey records a sign-in with one of owner's passkeys, only if it is
// still there with the signature counter seen when it was read.
func (t *Table) UsePasskey(ctx context.Context, owner string, r passkeys.Record, seenCount uint32, at time.Time) error {
	upd := expression.Set(expression.Name("credential"), expression.Value(string(r.Credential))).
		Set(expression.Name("sign_count"), expression.Value(int64(r.SignCount))).
		Set(expression.Name("last_used_at"), expression.Value(timeKey(at)))
	cond := exists().And(expression.Name("sign_count").Equal(expression.Value(int64(seenCount))))
	err := t.update(ctx, passkeyKey(owner, r.ID), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return passkeys.ErrChanged
	}
	return wrap("use passkey", err)
}

// RemovePasskey deletes one of owner's passkeys and returns it.
func (t *Table) RemovePasskey(ctx context.Context, owner, id string) (passkeys.Record, error) {
	var it passkeyItem
	err := t.take(ctx, passkeyKey(owner, id), exists(), &it)
	return itemOr(it, err, errConditionFailed, passkeys.ErrNotFound, "remove passkey", passkeyItem.record)
}

// take deletes the item at k if cond holds, and reads what it was into
// out: of two takers, DynamoDB lets one delete it.
func (t *Table) take(ctx context.Context, k key, cond *expression.ConditionBuilder, out any) error {
	in := &dynamodb.DeleteItemInput{TableName: &t.Name, Key: k.av(), ReturnValues: types.ReturnValueAllOld}
	var err error
	if in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, err = condition(cond); err != nil {
		return err
	}
	res, err := t.DB.DeleteItem(ctx, in)
	if err != nil {
		return conditionErr(err)
	}
	return attributevalue.UnmarshalMap(res.Attributes, out)
}

// handleItem leads a passkey's user handle back to its organizer.
type handleItem struct {
	key
	Owner string `dynamodbav:"owner"`
}

func handleKey(handle []byte) key {
	return key{PK: "PASSKEYUSER#" + base64.RawURLEncoding.EncodeToString(handle), SK: "OWNER"}
}

// UserHandle is owner's user handle: the one on their organizer record,
// or handle, stored there now when there is none; one write either way.
func (t *Table) UserHandle(ctx context.Context, owner string, handle []byte, now time.Time) ([]byte, error) {
	upd := expression.Set(expression.Name("owner"), expression.Value(owner)).
		Set(expression.Name("user_handle"), expression.IfNotExists(expression.Name("user_handle"), expression.Value(handle))).
		Set(expression.Name("updated_at"), expression.Value(timeKey(now)))
	var it struct {
		Handle []byte `dynamodbav:"user_handle"`
	}
	if err := t.update(ctx, organizerKey(owner), upd, nil, &it); err != nil {
		return nil, wrap("user handle", err)
	}
	return it.Handle, nil
}

// PutHandleOwner records that handle leads to owner; again is no change.
func (t *Table) PutHandleOwner(ctx context.Context, handle []byte, owner string) error {
	cond := absent().Or(expression.Name("owner").Equal(expression.Value(owner)))
	return wrap("put user handle", t.put(ctx, handleItem{key: handleKey(handle), Owner: owner}, &cond))
}

// HandleOwner is the organizer handle leads to.
func (t *Table) HandleOwner(ctx context.Context, handle []byte) (string, error) {
	return getItem(ctx, t, "read user handle", handleKey(handle), passkeys.ErrNotFound, func(it handleItem) (string, error) { return it.Owner, nil })
}

// challengeItem is a WebAuthn ceremony's record, under its challenge's hash.
type challengeItem struct {
	key
	Ceremony  string `dynamodbav:"ceremony"`
	Owner     string `dynamodbav:"owner,omitempty"`
	Session   string `dynamodbav:"session"`
	ExpiresAt string `dynamodbav:"expires_at"`
	TTL       int64  `dynamodbav:"ttl"`
}

func challengeKey(id string) key { return key{PK: "WEBAUTHN#" + id, SK: "CHALLENGE"} }

// PutChallenge stores a new challenge, which DynamoDB's TTL removes once
// it has expired, if nobody took it.
func (t *Table) PutChallenge(ctx context.Context, c passkeys.Challenge) error {
	it := challengeItem{
		key: challengeKey(c.ID), Ceremony: string(c.Ceremony), Owner: c.Owner, Session: string(c.Session),
		ExpiresAt: timeKey(c.ExpiresAt), TTL: ttlOf(c.ExpiresAt),
	}
	return wrap("put challenge", t.put(ctx, it, absent()))
}

// TakeChallenge deletes and returns the challenge id, only if it is of
// ceremony and owner ("" for none) and unexpired at now: one conditional
// delete, so a challenge works once.
func (t *Table) TakeChallenge(ctx context.Context, id string, ceremony passkeys.Ceremony, owner string, now time.Time) (passkeys.Challenge, error) {
	cond := exists().
		And(expression.Name("ceremony").Equal(expression.Value(string(ceremony)))).
		And(expression.Name("expires_at").GreaterThan(expression.Value(timeKey(now))))
	if owner == "" {
		cond = cond.And(expression.AttributeNotExists(expression.Name("owner")))
	} else {
		cond = cond.And(expression.Name("owner").Equal(expression.Value(owner)))
	}
	var it challengeItem
	err := t.take(ctx, challengeKey(id), &cond, &it)
	return itemOr(it, err, errConditionFailed, passkeys.ErrNoChallenge, "take challenge", func(it challengeItem) (passkeys.Challenge, error) {
		tr := readTimes("challenge")
		c := passkeys.Challenge{ID: id, Ceremony: passkeys.Ceremony(it.Ceremony), Owner: it.Owner, Session: []byte(it.Session), ExpiresAt: tr.at("expires_at", it.ExpiresAt)}
		return c, tr.done()
	})
}

// CountAttempt counts one more attempt of kind by who in the window that
// now falls in, and reports whether it is within max: one conditional
// update, exact under concurrency.
func (t *Table) CountAttempt(ctx context.Context, kind, who string, max int, window time.Duration, now time.Time) (bool, error) {
	start := now.UTC().Truncate(window)
	k := key{PK: "LIMIT#" + kind + "#" + who, SK: timeKey(start)}
	return t.countUpTo(ctx, "count attempt", k, max, expression.Set(expression.Name("ttl"), expression.Value(ttlOf(start.Add(window+time.Hour)))))
}
