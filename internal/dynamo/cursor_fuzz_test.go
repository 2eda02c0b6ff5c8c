package dynamo

import (
	"encoding/base64"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

// fuzzQueries are the store's paginated queries, one of each kind of key
// condition: what a client's cursor is checked against.
func fuzzQueries() map[string]query {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	return map[string]query{
		"registrations":    {partition: "MEETUP#meet0", sort: beginsWith("REG#"), consistent: true},
		"upcoming meetups": {index: indexGSI1, partition: scheduledMeetups, sort: after(timeKey(t0))},
		"meetup window":    {index: indexGSI1, partition: scheduledMeetups, sort: between(timeKey(t0), timeKey(t0.Add(48*time.Hour))+"~")},
		"submitted talks":  {index: indexGSI1, partition: talksByStatus + "submitted"},
		"talks of m1":      {index: indexGSI2, partition: talksOfMeetup + "m1"},
		"backlog":          {index: indexGSI2, partition: talksBacklog},
		"new members":      {index: indexGSI1, partition: membersByJoinDate, sort: atLeast(timeKey(t0))},
		"ended pairs":      {index: indexGSI1, partition: endedPairs, backward: true},
		"owner":            {index: indexByOwner, partition: "P#abc", sort: beginsWith("MEETUP#")},
	}
}

// rawCursor is a cursor as encodeCursor writes it, from string keys.
func rawCursor(m map[string]string) string {
	lek := map[string]types.AttributeValue{}
	for k, v := range m {
		lek[k] = &types.AttributeValueMemberS{Value: v}
	}
	return encodeCursor(lek)
}

// FuzzCursor feeds any string to the cursor decoding every list shares. A
// cursor either decodes to a non-empty map that encodes back to itself, or
// is refused as a 422 on "cursor"; a start key it yields for a query is one
// that query can have given out: exactly its key attributes, each a string
// DynamoDB takes as a key (not empty, within the size limits), its partition
// and a sort key within its condition; and it survives encoding unchanged.
// Nothing panics.
func FuzzCursor(f *testing.F) {
	t0 := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
	for _, m := range []map[string]string{
		// What the lists give out (see cursor_test.go for the listings).
		{"pk": "MEETUP#meet0", "sk": "REG#P#8d9a0c2b"},
		{"pk": "MEETUP#meet1", "sk": "META", "gsi1pk": scheduledMeetups, "gsi1sk": timeKey(t0) + "#meet1"},
		{"pk": "TALK#talk02", "sk": "TALK", "gsi1pk": "TALKS#submitted", "gsi1sk": timeKey(t0) + "#talk02"},
		{"pk": "TALK#talk03", "sk": "TALK", "gsi2pk": "TALKS#MEETUP#m1", "gsi2sk": "accepted#" + timeKey(t0) + "#talk03"},
		{"pk": "MEMBER#P#1f", "sk": "PROFILE", "gsi1pk": membersByJoinDate, "gsi1sk": timeKey(t0) + "#P#1f"},
		{"pk": "PAIR#p1", "sk": "META", "gsi1pk": endedPairs, "gsi1sk": timeKey(t0) + "#p1"},
		{"pk": "MEETUP#meet0", "sk": "REG#P#8d", "owner": "P#abc"},
		// What a client could forge.
		{"pk": "x"},
		{},
		{"pk": "MEETUP#meet0", "sk": "REG#P#8d", "status": "open"},
		{"pk": "MEETUP#meet0", "sk": ""},
		{"pk": "MEETUP#meet0", "sk": "REG#" + strings.Repeat("z", 1100)},
		{"pk": strings.Repeat("x", 3000), "sk": "x"},
		{"pk": "MEETUPS#cancelled", "sk": "META", "gsi1pk": "meetups", "gsi1sk": "0"},
	} {
		f.Add(rawCursor(m))
	}
	for _, s := range []string{"", "not a cursor!", "e30", "bnVsbA",
		base64.URLEncoding.EncodeToString([]byte(`{"pk":"x"}`)),
		base64.RawURLEncoding.EncodeToString([]byte("pk=x")),
		base64.RawURLEncoding.EncodeToString([]byte(`["pk","x"]`)),
		base64.RawURLEncoding.EncodeToString([]byte(`{"pk":1,"sk":"x"}`)),
		base64.RawURLEncoding.EncodeToString([]byte(`{"pk":"a","pk":"b","sk":"c"}`)),
		base64.RawURLEncoding.EncodeToString([]byte("{\"pk\":\"\\ud800\",\"sk\":\"\xff\"}")),
	} {
		f.Add(s)
	}
	queries := fuzzQueries()
	f.Fuzz(func(t *testing.T, cursor string) {
		m, err := decodeCursor(cursor)
		if err != nil {
			wantCursorProblem(t, "decodeCursor", err)
		} else {
			if len(m) == 0 {
				t.Fatalf("decodeCursor(%q) = an empty map", cursor)
			}
			back, err := decodeCursor(rawCursor(m))
			if err != nil || !maps.Equal(back, m) {
				t.Fatalf("decodeCursor(%q) = %q, which encodes to %q: %v", cursor, m, back, err)
			}
		}
		for name, q := range queries {
			start, err := q.startKey(cursor)
			if err != nil {
				wantCursorProblem(t, name, err)
				continue
			}
			if start == nil {
				continue // the first page: "" or a cursor behind a moving bound
			}
			checkStartKey(t, name, q, start)
			again, err := q.startKey(encodeCursor(start))
			if err != nil || len(again) != len(start) {
				t.Fatalf("%s: the start key of %q does not survive encoding: %v, %v", name, cursor, again, err)
			}
			for k, v := range start {
				if again[k].(*types.AttributeValueMemberS).Value != v.(*types.AttributeValueMemberS).Value {
					t.Fatalf("%s: %s changed in encoding", name, k)
				}
			}
		}
	})
}

func wantCursorProblem(t *testing.T, name string, err error) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid || e.Fields["cursor"].Code == problem.None {
		t.Fatalf("%s: refused with %v, want a 422 on cursor", name, err)
	}
}

// checkStartKey checks a start key is one q's own LastEvaluatedKey can be.
func checkStartKey(t *testing.T, name string, q query, start map[string]types.AttributeValue) {
	t.Helper()
	keys := q.cursorKeys()
	if len(start) != len(keys) {
		t.Fatalf("%s: start key %v, want exactly %v", name, start, keys)
	}
	pkName, skName := q.keyNames()
	for _, k := range keys {
		s, ok := start[k].(*types.AttributeValueMemberS)
		if !ok || s.Value == "" {
			t.Fatalf("%s: start key attribute %s is %v", name, k, start[k])
		}
		limit := maxPartitionKey
		if k == "sk" || k == skName {
			limit = maxSortKey
		}
		if len(s.Value) > limit {
			t.Fatalf("%s: %s is %d bytes, over %d", name, k, len(s.Value), limit)
		}
	}
	if pk := start[pkName].(*types.AttributeValueMemberS).Value; pk != q.partition {
		t.Fatalf("%s: start key in partition %q, want %q", name, pk, q.partition)
	}
	if sk := start[skName].(*types.AttributeValueMemberS).Value; !q.sort.holds(sk) {
		t.Fatalf("%s: sort key %q outside the condition", name, sk)
	}
}
