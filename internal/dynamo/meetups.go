package dynamo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/meetups"
)

// meetupItem is a meetup, with the seats and the waitlist on the same item so
// that taking, leaving and promoting are each one conditional write.
type meetupItem struct {
	key
	GSI1PK      string   `dynamodbav:"gsi1pk"`
	GSI1SK      string   `dynamodbav:"gsi1sk"`
	ID          string   `dynamodbav:"id"`
	Title       string   `dynamodbav:"title"`
	StartsAt    string   `dynamodbav:"starts_at"`
	EndsAt      string   `dynamodbav:"ends_at"`
	Venue       string   `dynamodbav:"venue"`
	Capacity    int      `dynamodbav:"capacity"`
	Description string   `dynamodbav:"description"`
	Status      string   `dynamodbav:"status"`
	Seats       []string `dynamodbav:"seats"`
	Waitlist    []string `dynamodbav:"waitlist"`
	Notices     []string `dynamodbav:"notices"`
	Holds       []string `dynamodbav:"holds,omitempty"`
	Version     int      `dynamodbav:"version"`
	Schedule    int      `dynamodbav:"schedule_version,omitempty"`
	CreatedAt   string   `dynamodbav:"created_at"`
	UpdatedAt   string   `dynamodbav:"updated_at"`
}

func meetupKey(id string) key { return key{PK: "MEETUP#" + id, SK: "META"} }

// The GSI1 partitions of meetups: scheduled ones sorted by end time (the
// upcoming list), cancelled ones apart so the list never reads them.
const (
	scheduledMeetups = "MEETUPS"
	cancelledMeetups = "MEETUPS#cancelled"
)

func meetupIndex(m meetups.Meetup) (string, string) {
	pk := scheduledMeetups
	if m.Status == meetups.Cancelled {
		pk = cancelledMeetups
	}
	return pk, timeKey(m.EndsAt) + "#" + m.ID
}

func toMeetupItem(m meetups.Meetup) meetupItem {
	pk, sk := meetupIndex(m)
	return meetupItem{
		key: meetupKey(m.ID), GSI1PK: pk, GSI1SK: sk, ID: m.ID, Title: m.Title,
		StartsAt: encodeTime(m.StartsAt), EndsAt: encodeTime(m.EndsAt),
		Venue: m.Venue, Capacity: m.Capacity, Description: m.Description, Status: string(m.Status),
		Seats: nonNil(m.Seats), Waitlist: nonNil(m.Waitlist), Notices: nonNil(m.Notices), Holds: holdEntries(m.Holds),
		Version: m.Version, Schedule: m.ScheduleVersion,
		CreatedAt: encodeTime(m.CreatedAt), UpdatedAt: encodeTime(m.UpdatedAt),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (it meetupItem) meetup() (meetups.Meetup, error) {
	tr := readTimes("meetup " + it.ID)
	m := meetups.Meetup{
		ID: it.ID, Title: it.Title, StartsAt: tr.at("starts_at", it.StartsAt), EndsAt: tr.at("ends_at", it.EndsAt), Venue: it.Venue,
		Capacity: it.Capacity, Description: it.Description, Status: meetups.Status(it.Status),
		Seats: it.Seats, Waitlist: it.Waitlist, Notices: it.Notices, Version: it.Version, ScheduleVersion: it.Schedule,
		CreatedAt: tr.at("created_at", it.CreatedAt), UpdatedAt: tr.at("updated_at", it.UpdatedAt),
	}
	for _, e := range it.Holds {
		until, key, _ := strings.Cut(e, "#")
		m.Holds = append(m.Holds, meetups.Hold{Key: key, Until: tr.at("holds", until)})
	}
	return m, tr.done()
}

// holdEntry is a hold as the meetup's holds list stores it: "<until>#<key>",
// one string, so that a condition compares the whole hold at once.
func holdEntry(h meetups.Hold) string { return timeKey(h.Until) + "#" + h.Key }

func holdEntries(hs []meetups.Hold) []string {
	var out []string
	for _, h := range hs {
		out = append(out, holdEntry(h))
	}
	return out
}

// CreateMeetup stores a new meetup.
func (t *Table) CreateMeetup(ctx context.Context, m meetups.Meetup) error {
	return t.create(ctx, "create meetup", toMeetupItem(m), nil, meetups.ErrExists)
}

// GetMeetup reads a meetup.
func (t *Table) GetMeetup(ctx context.Context, id string) (meetups.Meetup, error) {
	return getItem(ctx, t, "get meetup", meetupKey(id), meetups.ErrNotFound, meetupItem.meetup)
}

// ListUpcoming lists scheduled meetups that end after from, soonest first.
func (t *Table) ListUpcoming(ctx context.Context, from time.Time, cursor string, limit int) ([]meetups.Meetup, string, error) {
	return t.listMeetups(ctx, "list meetups", query{index: indexGSI1, partition: scheduledMeetups, sort: after(timeKey(from))}, cursor, limit)
}

// ListPast lists scheduled meetups that ended before to, the latest first.
func (t *Table) ListPast(ctx context.Context, to time.Time, cursor string, limit int) ([]meetups.Meetup, string, error) {
	return t.listMeetups(ctx, "list past meetups", query{index: indexGSI1, partition: scheduledMeetups, sort: before(timeKey(to)), backward: true}, cursor, limit)
}

// ListCancelled lists cancelled meetups, the latest to end first.
func (t *Table) ListCancelled(ctx context.Context, cursor string, limit int) ([]meetups.Meetup, string, error) {
	return t.listMeetups(ctx, "list cancelled meetups", query{index: indexGSI1, partition: cancelledMeetups, backward: true}, cursor, limit)
}

func (t *Table) listMeetups(ctx context.Context, op string, q query, cursor string, limit int) ([]meetups.Meetup, string, error) {
	return listPage(ctx, t, op, q, cursor, limit, meetupItem.meetup)
}

// ListCancelledUpcoming lists at most limit cancelled meetups that end
// after from, soonest first: one page of their own partition of GSI1.
func (t *Table) ListCancelledUpcoming(ctx context.Context, from time.Time, limit int) ([]meetups.Meetup, error) {
	q := query{index: indexGSI1, partition: cancelledMeetups, sort: after(timeKey(from))}
	ms, _, err := listPage(ctx, t, "list cancelled meetups", q, "", limit, meetupItem.meetup)
	return ms, err
}

// GetMeetups reads many meetups, 100 keys per request; a missing one is
// not in the answer.
func (t *Table) GetMeetups(ctx context.Context, ids []string) (map[string]meetups.Meetup, error) {
	id := func(it meetupItem) string { return it.ID }
	return getMany(ctx, t, "get meetups", ids, meetupKey, id, meetupItem.meetup)
}

// SaveMeetup writes a meetup's own fields if nobody changed them since it
// was read, and never below the seats taken.
func (t *Table) SaveMeetup(ctx context.Context, m meetups.Meetup) (meetups.Meetup, error) {
	it := toMeetupItem(m)
	upd := expression.Set(expression.Name("title"), expression.Value(it.Title)).
		Set(expression.Name("starts_at"), expression.Value(it.StartsAt)).
		Set(expression.Name("ends_at"), expression.Value(it.EndsAt)).
		Set(expression.Name("venue"), expression.Value(it.Venue)).
		Set(expression.Name("capacity"), expression.Value(it.Capacity)).
		Set(expression.Name("description"), expression.Value(it.Description)).
		Set(expression.Name("status"), expression.Value(it.Status)).
		Set(expression.Name("gsi1pk"), expression.Value(it.GSI1PK)).
		Set(expression.Name("gsi1sk"), expression.Value(it.GSI1SK)).
		Set(expression.Name("updated_at"), expression.Value(it.UpdatedAt)).
		Set(expression.Name("schedule_version"), expression.Value(m.ScheduleVersion)).
		Set(expression.Name("version"), expression.Value(m.Version+1))
	cond := exists().And(expression.Name("version").Equal(expression.Value(m.Version))).
		And(expression.Name("seats").Size().LessThanEqual(expression.Value(m.Capacity)))
	return t.updateMeetup(ctx, m.ID, upd, cond, "save meetup")
}

// scheduled is the condition every seat change shares: the meetup is on,
// and its capacity is the one the caller decided with.
func scheduled(m meetups.Meetup) expression.ConditionBuilder {
	return expression.Name("status").Equal(expression.Value(string(meetups.Scheduled))).
		And(expression.Name("capacity").Equal(expression.Value(m.Capacity)))
}

// notHeld is the condition that key holds neither a seat nor a place in line.
func notHeld(key string) expression.ConditionBuilder {
	return expression.Not(expression.Contains(expression.Name("seats"), key)).
		And(expression.Not(expression.Contains(expression.Name("waitlist"), key)))
}

// TakeSeat appends key to the seats if a seat is free and nobody waits,
// and its hold (unless hold is zero) to the holds, in the same write.
func (t *Table) TakeSeat(ctx context.Context, m meetups.Meetup, key string, hold time.Time) (meetups.Meetup, error) {
	upd := withHold(expression.Set(expression.Name("seats"), expression.ListAppend(expression.Name("seats"), expression.Value([]string{key}))), key, hold)
	cond := scheduled(m).And(notHeld(key)).
		And(expression.Name("seats").Size().LessThan(expression.Value(m.Capacity))).
		And(expression.Name("waitlist").Size().Equal(expression.Value(0)))
	return t.updateMeetup(ctx, m.ID, upd, cond, "take seat")
}

// JoinWaitlist appends key to the waitlist if no seat can be taken
// directly, and its hold (unless hold is zero) to the holds.
func (t *Table) JoinWaitlist(ctx context.Context, m meetups.Meetup, key string, hold time.Time) (meetups.Meetup, error) {
	upd := withHold(expression.Set(expression.Name("waitlist"), expression.ListAppend(expression.Name("waitlist"), expression.Value([]string{key}))), key, hold)
	full := expression.Name("seats").Size().GreaterThanEqual(expression.Value(m.Capacity)).
		Or(expression.Name("waitlist").Size().GreaterThan(expression.Value(0)))
	cond := scheduled(m).And(notHeld(key)).And(full)
	return t.updateMeetup(ctx, m.ID, upd, cond, "join waitlist")
}

// withHold adds key's hold until hold to upd, unless hold is zero. A
// meetup stored before holds existed has no holds list yet.
func withHold(upd expression.UpdateBuilder, key string, hold time.Time) expression.UpdateBuilder {
	if hold.IsZero() {
		return upd
	}
	holds := expression.Name("holds")
	entry := holdEntry(meetups.Hold{Key: key, Until: hold})
	return upd.Set(holds, expression.ListAppend(expression.IfNotExists(holds, expression.Value([]string{})), expression.Value([]string{entry})))
}

// ReleaseHold removes key from where m shows it, with its hold, in one
// write conditional on both being where m has them: of a release and a
// confirmation of the same hold, exactly one succeeds.
func (t *Table) ReleaseHold(ctx context.Context, m meetups.Meetup, h meetups.Hold) (meetups.Meetup, error) {
	if !slices.Contains(holdEntries(m.Holds), holdEntry(h)) || !slices.Contains(slices.Concat(m.Seats, m.Waitlist), h.Key) {
		return meetups.Meetup{}, meetups.ErrChanged
	}
	return t.Leave(ctx, m, h.Key)
}

// ConfirmHold removes the hold h from the holds, keeping the place it held.
func (t *Table) ConfirmHold(ctx context.Context, m meetups.Meetup, h meetups.Hold) (meetups.Meetup, error) {
	hi := slices.Index(holdEntries(m.Holds), holdEntry(h))
	if hi < 0 {
		return meetups.Meetup{}, meetups.ErrChanged
	}
	held := expression.Name(fmt.Sprintf("holds[%d]", hi))
	return t.updateMeetup(ctx, m.ID, expression.Remove(held), held.Equal(expression.Value(holdEntry(h))), "confirm hold")
}

// Leave removes key from where m shows it, if it is still there, together
// with its hold and a promotion notice it is owed: nothing of key stays on
// the meetup.
func (t *Table) Leave(ctx context.Context, m meetups.Meetup, key string) (meetups.Meetup, error) {
	list := "seats"
	i := slices.Index(m.Seats, key)
	if i < 0 {
		list, i = "waitlist", slices.Index(m.Waitlist, key)
	}
	if i < 0 {
		return m, nil
	}
	at := expression.Name(fmt.Sprintf("%s[%d]", list, i))
	upd, cond := expression.Remove(at), at.Equal(expression.Value(key))
	also := func(list string, i int, v string) {
		if i >= 0 {
			at := expression.Name(fmt.Sprintf("%s[%d]", list, i))
			upd, cond = upd.Remove(at), cond.And(at.Equal(expression.Value(v)))
		}
	}
	if h, ok := m.HoldOf(key); ok {
		also("holds", slices.Index(holdEntries(m.Holds), holdEntry(h)), holdEntry(h))
	}
	also("notices", slices.Index(m.Notices, key), key)
	return t.updateMeetup(ctx, m.ID, upd, cond, "leave")
}

// Promote moves the first in line into a free seat and records that they are
// owed a notice.
func (t *Table) Promote(ctx context.Context, m meetups.Meetup) (meetups.Meetup, error) {
	if len(m.Waitlist) == 0 {
		return m, nil
	}
	first := m.Waitlist[0]
	upd := expression.Remove(expression.Name("waitlist[0]")).
		Set(expression.Name("seats"), expression.ListAppend(expression.Name("seats"), expression.Value([]string{first}))).
		Set(expression.Name("notices"), expression.ListAppend(expression.Name("notices"), expression.Value([]string{first})))
	cond := scheduled(m).
		And(expression.Name("waitlist[0]").Equal(expression.Value(first))).
		And(expression.Name("seats").Size().LessThan(expression.Value(m.Capacity)))
	return t.updateMeetup(ctx, m.ID, upd, cond, "promote")
}

// ClearNotice removes key from the notices owed.
func (t *Table) ClearNotice(ctx context.Context, m meetups.Meetup, key string) (meetups.Meetup, error) {
	i := slices.Index(m.Notices, key)
	if i < 0 {
		return m, nil
	}
	at := expression.Name(fmt.Sprintf("notices[%d]", i))
	return t.updateMeetup(ctx, m.ID, expression.Remove(at), at.Equal(expression.Value(key)), "clear notice")
}

func (t *Table) updateMeetup(ctx context.Context, id string, upd expression.UpdateBuilder, cond expression.ConditionBuilder, op string) (meetups.Meetup, error) {
	return updateItem(ctx, t, op, meetupKey(id), upd, &cond, meetups.ErrChanged, meetupItem.meetup)
}

// MeetupsStarting lists scheduled meetups starting in [from, to). It reads
// the upcoming-meetups index between the earliest and latest end such a
// meetup can have (a meetup lasts at most a day), so its cost follows the
// meetups in the window, never the table's history.
func (t *Table) MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error) {
	window := between(timeKey(from), timeKey(to.Add(24*time.Hour))+"~")
	ms, err := listAll(ctx, t, "meetups starting", query{index: indexGSI1, partition: scheduledMeetups, sort: window}, meetupItem.meetup)
	if err != nil {
		return nil, err
	}
	var out []meetups.Meetup
	for _, m := range ms {
		if !m.StartsAt.Before(from) && m.StartsAt.Before(to) {
			out = append(out, m)
		}
	}
	return out, nil
}

// MeetupBefore reads the scheduled meetup that ended last before at: one
// query of GSI1's scheduled meetups, backward from at, of one item.
func (t *Table) MeetupBefore(ctx context.Context, at time.Time) (meetups.Meetup, bool, error) {
	items, _, err := queryPage[meetupItem](ctx, t, query{index: indexGSI1, partition: scheduledMeetups, sort: before(timeKey(at)), backward: true}, "", 1)
	if err != nil || len(items) == 0 {
		return meetups.Meetup{}, false, wrap("meetup before", err)
	}
	m, err := items[0].meetup()
	return m, err == nil, wrap("meetup before", err)
}
