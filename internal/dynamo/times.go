package dynamo

import (
	"fmt"
	"time"
)

// How the table stores time. The rule has one exception and no other:
//
//   - Every time attribute (created_at, starts_at, pending_until,
//     lease_until, expires_at, …) and every time inside a key (gsi1sk of
//     meetups and members, a check-in's sk, …) is a String in timeLayout:
//     UTC, microseconds, fixed width. String order is then time order, so
//     sort keys list by time, and key conditions (>, >=, BETWEEN) and
//     condition expressions (lease_until < :now) compare times correctly.
//   - ttl is a Number of epoch seconds, because DynamoDB's Time to Live reads
//     nothing else. It is only ever written, never compared or read back as
//     a time of the record.
//
// An unset time is not stored: encodeTime gives "" and the attribute is
// omitted, and decodeTime reads "" (or a missing attribute) as the zero time.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// encodeTime is t as a stored attribute: "" for the zero time.
func encodeTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timeKey(t)
}

// timeKey is t as part of a key, as a key condition's bound, or as the value
// a condition compares an attribute with: always written out, the zero time
// too, because none of these may be empty.
func timeKey(t time.Time) string { return t.UTC().Format(timeLayout) }

// decodeTime reads a stored time back: "" is the zero time, anything not in
// timeLayout an error.
func decodeTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time: %w", err)
	}
	return t, nil
}

// ttlOf is t as the ttl attribute: epoch seconds.
func ttlOf(t time.Time) int64 { return t.Unix() }

// timeReader decodes the stored times of one item and keeps the first
// error, naming the item and the attribute, so that a conversion reads all
// its times in one expression and checks once at the end.
type timeReader struct {
	item string // what is being read: "meetup <id>"
	err  error
}

func readTimes(item string) *timeReader { return &timeReader{item: item} }

// at decodes the stored value s of the attribute name.
func (r *timeReader) at(name, s string) time.Time {
	t, err := decodeTime(s)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("read %s: %s: %w", r.item, name, err)
	}
	return t
}

// done is the first error, or nil.
func (r *timeReader) done() error { return r.err }
