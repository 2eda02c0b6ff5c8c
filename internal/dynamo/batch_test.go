package dynamo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/dynamo"
)

// unprocessed answers every batch by leaving all of it unprocessed, as
// DynamoDB does when it throttles the table.
func unprocessed(op string) answer {
	key := `{"pk":{"S":"MAPP#a"},"sk":{"S":"APP"}}`
	switch op {
	case "BatchGetItem":
		return answer{200, nil, `{"Responses":{"T":[]},"UnprocessedKeys":{"T":{"Keys":[` + key + `],"ConsistentRead":true}}}`}
	case "BatchWriteItem":
		return answer{200, nil, `{"UnprocessedItems":{"T":[{"DeleteRequest":{"Key":` + key + `}}]}}`}
	case "Query":
		return answer{200, nil, `{"Items":[{"pk":{"S":"MAPP#a"},"sk":{"S":"APP"},"owner":{"S":"P#a"}}],"Count":1,"ScannedCount":1}`}
	}
	return answer{400, nil, `{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"unexpected"}`}
}

// A batch that DynamoDB keeps leaving unprocessed is sent a bounded number
// of times and then fails as Throttled (429), for reads and for deletes.
func TestUnprocessedBatchesGiveUp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		batch func(context.Context, *dynamo.Table) error
	}{
		{"get", func(ctx context.Context, tb *dynamo.Table) error {
			_, err := tb.GetApplications(ctx, []string{"a"})
			return err
		}},
		{"erase", func(ctx context.Context, tb *dynamo.Table) error {
			_, err := tb.EraseOwner(ctx, "P#a", "")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := &transport{answers: unprocessed}
			// Generous: the old loop, which never gave up, ends here.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := tt.batch(ctx, fakeTable(tr, nil))
			if !apperr.Is(err, apperr.Throttled) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v, want Throttled", err)
			}
			batches := tr.calls.Load()
			if tt.name == "erase" {
				batches-- // the Query that found the keys
			}
			if batches < 2 || batches > 10 {
				t.Errorf("%d batch requests, want a few", batches)
			}
			if resp := serve(err); resp.StatusCode != 429 || resp.Headers["Retry-After"] == "" {
				t.Errorf("answered %d, Retry-After %q", resp.StatusCode, resp.Headers["Retry-After"])
			}
		})
	}
}

// The pause before sending a batch's unprocessed part again ends as soon
// as the context does, with the context's error.
func TestUnprocessedBatchesHonourTheContext(t *testing.T) {
	t.Parallel()
	for _, cancelled := range []bool{false, true} {
		tr := &transport{answers: unprocessed}
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Millisecond)
		want := context.DeadlineExceeded
		if cancelled {
			want = context.Canceled
			time.AfterFunc(60*time.Millisecond, cancel)
		}
		start := time.Now()
		_, err := fakeTable(tr, nil).GetApplications(ctx, []string{"a"})
		took := time.Since(start)
		cancel()
		if !errors.Is(err, want) {
			t.Errorf("error %v, want %v", err, want)
		}
		if took > 400*time.Millisecond {
			t.Errorf("returned %v after the start, long after the context ended", took)
		}
	}
}
