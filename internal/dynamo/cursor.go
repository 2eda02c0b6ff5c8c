package dynamo

import (
	"encoding/base64"
	"encoding/json"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

// The largest key values DynamoDB accepts, in bytes: a partition key, and a
// sort key (of the table or of an index); and the largest cursor (decoded)
// worth reading, far above any the lists give out.
const (
	maxPartitionKey = 2048
	maxSortKey      = 1024
	maxCursor       = 2048
)

// encodeCursor turns a query's LastEvaluatedKey into the opaque "next" cursor
// of a list answer ("" on the last page). The table's keys are all strings.
func encodeCursor(lek map[string]types.AttributeValue) string {
	if len(lek) == 0 {
		return ""
	}
	m := make(map[string]string, len(lek))
	for k, v := range lek {
		if s, ok := v.(*types.AttributeValueMemberS); ok {
			m[k] = s.Value
		}
	}
	b, _ := json.Marshal(m)
	return base64.RawURLEncoding.EncodeToString(b)
}

// badCursor is the answer to a cursor the list cannot have given out: it
// is the client's to fix (422 on the field "cursor"), whatever is wrong
// with it.
func badCursor() error {
	return apperr.Field("cursor", problem.NotCursor)
}

// decodeCursor reads a cursor back into attribute names and string values,
// or refuses it when it is not one encodeCursor can have written.
func decodeCursor(cursor string) (map[string]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(b) > maxCursor || !utf8.Valid(b) {
		// encodeCursor writes JSON, always valid UTF-8; json.Unmarshal
		// would turn invalid bytes into U+FFFD, a key nobody wrote.
		return nil, badCursor()
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil || len(m) == 0 {
		return nil, badCursor()
	}
	return m, nil
}

// startKey turns a cursor into the ExclusiveStartKey that continues q (nil
// for "" or for a cursor behind q's moving lower bound, see sortKey.after).
//
// A cursor comes from the client, so it is checked against q before
// DynamoDB sees it: it must be a key q's own LastEvaluatedKey can be, with
// exactly the table's keys and q's index keys, q's partition, a sort key
// within q's condition, and only values DynamoDB takes as keys (not empty,
// not over the size limits). DynamoDB answers any other start key with a
// ValidationException, which would reach the client as a 500; and a cursor
// that named another partition must never read it.
func (q query) startKey(cursor string) (map[string]types.AttributeValue, error) {
	if cursor == "" {
		return nil, nil
	}
	m, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	names := q.cursorKeys()
	if len(m) != len(names) {
		return nil, badCursor()
	}
	pkName, skName := q.keyNames()
	start := make(map[string]types.AttributeValue, len(m))
	for _, n := range names {
		v, ok := m[n]
		limit := maxPartitionKey
		if n == "sk" || n == skName {
			limit = maxSortKey
		}
		if !ok || v == "" || len(v) > limit {
			return nil, badCursor()
		}
		start[n] = &types.AttributeValueMemberS{Value: v}
	}
	if m[pkName] != q.partition {
		return nil, badCursor()
	}
	switch sk := m[skName]; {
	case q.sort.holds(sk):
		return start, nil
	case q.sort.behind(sk) && !q.backward:
		// A genuine cursor falls behind a bound that moves with the clock
		// (an upcoming meetup it pointed at has ended since): everything
		// after it that is still within the bound is the whole range.
		return nil, nil
	default:
		return nil, badCursor()
	}
}
