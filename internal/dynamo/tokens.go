package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/token"
)

// tokenItem is a token as stored: under its hash, never the token itself.
type tokenItem struct {
	key
	Owner     string `dynamodbav:"owner,omitempty"`
	Purpose   string `dynamodbav:"purpose"`
	Subject   string `dynamodbav:"subject"`
	Lang      string `dynamodbav:"lang,omitempty"`
	ExpiresAt string `dynamodbav:"expires_at"`
	UsedAt    string `dynamodbav:"used_at,omitempty"`
	Revoked   bool   `dynamodbav:"revoked,omitempty"`
	TTL       int64  `dynamodbav:"ttl"`
}

func tokenKey(hash string) key { return key{PK: "TOKEN#" + hash, SK: "TOKEN"} }

// tokenGrace is how long an expired token is kept before DynamoDB's TTL
// removes it, so "expired" and "used" can still be told apart for a while.
const tokenGrace = 7 * 24 * time.Hour

// PutToken stores a new token; a hash collision (never expected) fails.
func (t *Table) PutToken(ctx context.Context, tok token.Token) error {
	it := tokenItem{
		key: tokenKey(tok.Hash), Owner: tok.Owner, Purpose: string(tok.Purpose), Subject: tok.Subject,
		Lang: tok.Lang, ExpiresAt: timeKey(tok.ExpiresAt), TTL: ttlOf(tok.ExpiresAt.Add(tokenGrace)),
	}
	return wrap("put token", t.put(ctx, it, absent()))
}

// GetToken reads a token by hash.
func (t *Table) GetToken(ctx context.Context, hash string) (token.Token, error) {
	var it tokenItem
	if err := t.get(ctx, tokenKey(hash), &it); err != nil {
		if errors.Is(err, errNotFound) {
			return token.Token{}, token.ErrNotFound
		}
		return token.Token{}, wrap("get token", err)
	}
	tr := readTimes("token")
	tok := token.Token{
		Hash: hash, Purpose: token.Purpose(it.Purpose), Subject: it.Subject, Owner: it.Owner, Lang: it.Lang,
		ExpiresAt: tr.at("expires_at", it.ExpiresAt), UsedAt: tr.at("used_at", it.UsedAt), Revoked: it.Revoked,
	}
	if err := tr.done(); err != nil {
		return token.Token{}, wrap("get token", err)
	}
	return tok, nil
}

// MarkTokenUsed records a token's first use, exactly once under concurrency.
func (t *Table) MarkTokenUsed(ctx context.Context, hash string, at time.Time) error {
	cond := exists().And(expression.AttributeNotExists(expression.Name("used_at")))
	err := t.update(ctx, tokenKey(hash), expression.Set(expression.Name("used_at"), expression.Value(timeKey(at))), &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return token.ErrUsed
	}
	return wrap("mark token used", err)
}

// RevokeToken marks a token revoked.
func (t *Table) RevokeToken(ctx context.Context, hash string) error {
	err := t.update(ctx, tokenKey(hash), expression.Set(expression.Name("revoked"), expression.Value(true)), exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return token.ErrNotFound
	}
	return wrap("revoke token", err)
}

// DeleteToken deletes a token: a link that was never delivered, or one of
// a registration taken back, must neither work nor stay stored.
func (t *Table) DeleteToken(ctx context.Context, hash string) error {
	return wrap("delete token", t.remove(ctx, tokenKey(hash), nil))
}
