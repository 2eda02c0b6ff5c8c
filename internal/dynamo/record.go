package dynamo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/tehpug/backend/internal/record"
)

// recordPartition holds the record of organizer actions, sorted by time:
// organizers change a few things a day, far below one partition's limits.
const recordPartition = "RECORD"

// recordKeep is how long an entry of the record is kept.
const recordKeep = 2 * 365 * 24 * time.Hour

// recordItem is one entry of the record of organizer actions.
type recordItem struct {
	key
	At        string            `dynamodbav:"at"`
	Organizer string            `dynamodbav:"organizer"`
	Action    string            `dynamodbav:"action"`
	Object    map[string]string `dynamodbav:"object,omitempty"`
	Via       string            `dynamodbav:"via"`
	TTL       int64             `dynamodbav:"ttl"`
}

func (it recordItem) entry() (record.Entry, error) {
	at, err := decodeTime(it.At)
	if err != nil {
		return record.Entry{}, err
	}
	return record.Entry{At: at, Organizer: it.Organizer, Action: it.Action, Object: it.Object, Via: record.Via(it.Via)}, nil
}

// PutRecord keeps e, under its time and a random suffix so that two
// entries of the same instant are both kept.
func (t *Table) PutRecord(ctx context.Context, e record.Entry) error {
	var b [6]byte
	_, _ = rand.Read(b[:]) // never fails
	it := recordItem{
		key: key{PK: recordPartition, SK: timeKey(e.At) + "#" + hex.EncodeToString(b[:])},
		At:  timeKey(e.At), Organizer: e.Organizer, Action: e.Action, Object: e.Object, Via: string(e.Via),
		TTL: ttlOf(e.At.Add(recordKeep)),
	}
	return wrap("keep record", t.put(ctx, it, nil))
}

// ListRecord lists the record, the newest first: one page of its partition.
func (t *Table) ListRecord(ctx context.Context, cursor string, limit int) ([]record.Entry, string, error) {
	return listPage(ctx, t, "list record", query{partition: recordPartition, backward: true}, cursor, limit, recordItem.entry)
}
