package dynamo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/apperr"
)

// DynamoDB answers a batch it is throttling by leaving part of it
// unprocessed. What is left is sent again after a pause that grows from
// batchPause, doubling, up to batchPauseMax, at most batchAttempts times for
// one batch in all; then the batch fails as Throttled. Every pause ends
// early when the context is done, and the batch fails with its error.
const (
	batchAttempts = 6
	batchPause    = 50 * time.Millisecond
	batchPauseMax = time.Second
)

// writeBatch sends reqs (at most 25) with BatchWriteItem, and again what
// DynamoDB leaves unprocessed.
func (t *Table) writeBatch(ctx context.Context, reqs []types.WriteRequest) error {
	for attempt := 1; ; attempt++ {
		res, err := t.DB.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{t.Name: reqs}})
		if err != nil {
			return err
		}
		reqs = res.UnprocessedItems[t.Name]
		if len(reqs) == 0 {
			return nil
		}
		if err := batchRetry(ctx, attempt, len(reqs)); err != nil {
			return err
		}
	}
}

// getBatch reads the items at keys (at most 100) with strongly consistent
// BatchGetItem requests, and again what DynamoDB leaves unprocessed.
// Missing items are simply not in the answer.
func (t *Table) getBatch(ctx context.Context, keys []map[string]types.AttributeValue) ([]map[string]types.AttributeValue, error) {
	req := map[string]types.KeysAndAttributes{t.Name: {Keys: keys, ConsistentRead: aws.Bool(true)}}
	var items []map[string]types.AttributeValue
	for attempt := 1; ; attempt++ {
		res, err := t.DB.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			return nil, err
		}
		items = append(items, res.Responses[t.Name]...)
		req = res.UnprocessedKeys
		if len(req[t.Name].Keys) == 0 {
			return items, nil
		}
		if err := batchRetry(ctx, attempt, len(req[t.Name].Keys)); err != nil {
			return nil, err
		}
	}
}

// batchRetry decides what follows attempt number attempt of a batch that
// left left requests unprocessed: a pause before the next attempt (nil), or
// the error that ends the batch.
func batchRetry(ctx context.Context, attempt, left int) error {
	if attempt >= batchAttempts {
		return fmt.Errorf("%w: %d requests still unprocessed after %d attempts",
			apperr.Throttle(0, busyMessage), left, attempt)
	}
	return pause(ctx, backoff(attempt))
}

// backoff is the pause after attempt number attempt (from 1): batchPause
// doubled for every attempt before, at most batchPauseMax, less a random
// part of up to half, so that concurrent batches spread out.
func backoff(attempt int) time.Duration {
	d := batchPauseMax
	if attempt < 10 {
		d = min(batchPause<<(attempt-1), batchPauseMax)
	}
	return d - rand.N(d/2)
}

// pause waits d, or returns ctx's error (wrapped) as soon as ctx is done.
func pause(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait to send unprocessed requests again: %w", ctx.Err())
	}
}

// getItems reads the items at keys as Is, 100 keys a request; a missing
// item is not in the answer. BatchGetItem refuses a key twice: the keys
// must be distinct (uniqueKeys).
func getItems[I any](ctx context.Context, t *Table, keys []map[string]types.AttributeValue) ([]I, error) {
	var out []I
	for chunk := range slices.Chunk(keys, 100) {
		raw, err := t.getBatch(ctx, chunk)
		if err != nil {
			return nil, err
		}
		var items []I
		if err := attributevalue.UnmarshalListOfMaps(raw, &items); err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// getMany reads the items keyOf gives ids (each once, skipping "") and
// converts each with conv, under its id; a missing one is not in the
// answer.
func getMany[I, T any](ctx context.Context, t *Table, what string, ids []string, keyOf func(string) key, id func(I) string, conv func(I) (T, error)) (map[string]T, error) {
	items, err := getItems[I](ctx, t, uniqueKeys(ids, keyOf))
	if err != nil {
		return nil, wrap(what, err)
	}
	out := make(map[string]T, len(items))
	for _, it := range items {
		if out[id(it)], err = conv(it); err != nil {
			return nil, wrap(what, err)
		}
	}
	return out, nil
}

// avs are keys as BatchGetItem takes them.
func avs(keys []key) []map[string]types.AttributeValue {
	out := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		out[i] = k.av()
	}
	return out
}

// uniqueKeys are the primary keys keyOf gives ids, each once, skipping "".
func uniqueKeys(ids []string, keyOf func(string) key) []map[string]types.AttributeValue {
	var keys []map[string]types.AttributeValue
	seen := map[string]bool{}
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			keys = append(keys, keyOf(id).av())
		}
	}
	return keys
}
