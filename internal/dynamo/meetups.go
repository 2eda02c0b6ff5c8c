package dynamo

import (
	"context"
	"errors"
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
	return pk, m.EndsAt.UTC().Format(time.RFC3339) + "#" + m.ID
}

func toMeetupItem(m meetups.Meetup) meetupItem {
	pk, sk := meetupIndex(m)
	return meetupItem{
		key: meetupKey(m.ID), GSI1PK: pk, GSI1SK: sk, ID: m.ID, Title: m.Title,
		StartsAt: m.StartsAt.UTC().Format(time.RFC3339), EndsAt: m.EndsAt.UTC().Format(time.RFC3339),
		Venue: m.Venue, Capacity: m.Capacity, Description: m.Description, Status: string(m.Status),
		Seats: nonNil(m.Seats), Waitlist: nonNil(m.Waitlist), Notices: nonNil(m.Notices), Version: m.Version, Schedule: m.ScheduleVersion,
		CreatedAt: m.CreatedAt.UTC().Format(time.RFC3339Nano), UpdatedAt: m.UpdatedAt.UTC().Format(time.RFC3339Nano),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (it meetupItem) meetup() meetups.Meetup {
	parse := func(s string) time.Time { t, _ := time.Parse(time.RFC3339Nano, s); return t }
	return meetups.Meetup{
		ID: it.ID, Title: it.Title, StartsAt: parse(it.StartsAt), EndsAt: parse(it.EndsAt), Venue: it.Venue,
		Capacity: it.Capacity, Description: it.Description, Status: meetups.Status(it.Status),
		Seats: it.Seats, Waitlist: it.Waitlist, Notices: it.Notices, Version: it.Version, ScheduleVersion: it.Schedule,
		CreatedAt: parse(it.CreatedAt), UpdatedAt: parse(it.UpdatedAt),
	}
}

// CreateMeetup stores a new meetup.
func (t *Table) CreateMeetup(ctx context.Context, m meetups.Meetup) error {
	err := t.put(ctx, toMeetupItem(m), absent())
	if errors.Is(err, errConditionFailed) {
		return meetups.ErrExists
	}
	return wrap("create meetup", err)
}

// GetMeetup reads a meetup.
func (t *Table) GetMeetup(ctx context.Context, id string) (meetups.Meetup, error) {
	var it meetupItem
	if err := t.get(ctx, meetupKey(id), &it); err != nil {
		if errors.Is(err, errNotFound) {
			return meetups.Meetup{}, meetups.ErrNotFound
		}
		return meetups.Meetup{}, wrap("get meetup", err)
	}
	return it.meetup(), nil
}

// ListUpcoming lists scheduled meetups that end after from, soonest first.
func (t *Table) ListUpcoming(ctx context.Context, from time.Time, cursor string, limit int) ([]meetups.Meetup, string, error) {
	q := query{index: indexGSI1, partition: scheduledMeetups, sort: after(from.UTC().Format(time.RFC3339))}
	items, next, err := queryPage[meetupItem](ctx, t, q, cursor, limit)
	if err != nil {
		return nil, "", wrap("list meetups", err)
	}
	ms := make([]meetups.Meetup, len(items))
	for i, it := range items {
		ms[i] = it.meetup()
	}
	return ms, next, nil
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

// TakeSeat appends key to the seats if a seat is free and nobody waits.
func (t *Table) TakeSeat(ctx context.Context, m meetups.Meetup, key string) (meetups.Meetup, error) {
	upd := expression.Set(expression.Name("seats"), expression.ListAppend(expression.Name("seats"), expression.Value([]string{key})))
	cond := scheduled(m).And(notHeld(key)).
		And(expression.Name("seats").Size().LessThan(expression.Value(m.Capacity))).
		And(expression.Name("waitlist").Size().Equal(expression.Value(0)))
	return t.updateMeetup(ctx, m.ID, upd, cond, "take seat")
}

// JoinWaitlist appends key to the waitlist if no seat can be taken directly.
func (t *Table) JoinWaitlist(ctx context.Context, m meetups.Meetup, key string) (meetups.Meetup, error) {
	upd := expression.Set(expression.Name("waitlist"), expression.ListAppend(expression.Name("waitlist"), expression.Value([]string{key})))
	full := expression.Name("seats").Size().GreaterThanEqual(expression.Value(m.Capacity)).
		Or(expression.Name("waitlist").Size().GreaterThan(expression.Value(0)))
	cond := scheduled(m).And(notHeld(key)).And(full)
	return t.updateMeetup(ctx, m.ID, upd, cond, "join waitlist")
}

// Leave removes key from where m shows it, if it is still there.
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
	return t.updateMeetup(ctx, m.ID, expression.Remove(at), at.Equal(expression.Value(key)), "leave")
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
	var it meetupItem
	err := t.update(ctx, meetupKey(id), upd, &cond, &it)
	if errors.Is(err, errConditionFailed) {
		return meetups.Meetup{}, meetups.ErrChanged
	}
	if err != nil {
		return meetups.Meetup{}, wrap(op, err)
	}
	return it.meetup(), nil
}

// registrationItem is one person's registration, under its meetup.
type registrationItem struct {
	key
	Owner      string `dynamodbav:"owner"`
	MeetupID   string `dynamodbav:"meetup_id"`
	Name       string `dynamodbav:"name"`
	Email      string `dynamodbav:"email"`
	Language   string `dynamodbav:"language"`
	Status     string `dynamodbav:"status"`
	NotifiedAs string `dynamodbav:"notified_as,omitempty"`
	Attended   *bool  `dynamodbav:"attended,omitempty"`
	CreatedAt  string `dynamodbav:"created_at"`
	Schedule   int    `dynamodbav:"schedule_seen,omitempty"`
}

func registrationKey(meetupID, owner string) key {
	return key{PK: "MEETUP#" + meetupID, SK: "REG#" + owner}
}

func (it registrationItem) registration() meetups.Registration {
	created, _ := time.Parse(time.RFC3339Nano, it.CreatedAt)
	return meetups.Registration{
		MeetupID: it.MeetupID, Key: it.Owner, Name: it.Name, Email: it.Email, Language: it.Language,
		Status: meetups.RegStatus(it.Status), NotifiedAs: meetups.RegStatus(it.NotifiedAs), Attended: it.Attended, CreatedAt: created,
		ScheduleSeen: it.Schedule,
	}
}

// PutRegistration stores a registration unless an active one exists.
func (t *Table) PutRegistration(ctx context.Context, r meetups.Registration) error {
	it := registrationItem{
		key: registrationKey(r.MeetupID, r.Key), Owner: r.Key, MeetupID: r.MeetupID, Name: r.Name, Email: r.Email,
		Language: r.Language, Status: string(r.Status), CreatedAt: r.CreatedAt.UTC().Format(time.RFC3339Nano),
		Schedule: r.ScheduleSeen,
	}
	cond := absent().Or(expression.Name("status").Equal(expression.Value(string(meetups.RegCancelled))))
	err := t.put(ctx, it, &cond)
	if errors.Is(err, errConditionFailed) {
		return meetups.ErrExists
	}
	return wrap("put registration", err)
}

// GetRegistration reads one registration.
func (t *Table) GetRegistration(ctx context.Context, meetupID, owner string) (meetups.Registration, error) {
	var it registrationItem
	if err := t.get(ctx, registrationKey(meetupID, owner), &it); err != nil {
		if errors.Is(err, errNotFound) {
			return meetups.Registration{}, meetups.ErrNotFound
		}
		return meetups.Registration{}, wrap("get registration", err)
	}
	return it.registration(), nil
}

// UpdateRegistration records a registration's status and what its holder
// was last told.
func (t *Table) UpdateRegistration(ctx context.Context, meetupID, owner string, status, notifiedAs meetups.RegStatus) error {
	upd := expression.Set(expression.Name("status"), expression.Value(string(status))).
		Set(expression.Name("notified_as"), expression.Value(string(notifiedAs)))
	err := t.update(ctx, registrationKey(meetupID, owner), upd, exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return meetups.ErrNotFound
	}
	return wrap("update registration", err)
}

// ClaimNotice sets a registration's status and the notice its holder is
// being sent, unless that notice was claimed already.
func (t *Table) ClaimNotice(ctx context.Context, meetupID, owner string, status, notice meetups.RegStatus) (bool, error) {
	upd := expression.Set(expression.Name("status"), expression.Value(string(status))).
		Set(expression.Name("notified_as"), expression.Value(string(notice)))
	notified := expression.Name("notified_as")
	differs := notified.NotEqual(expression.Value(string(notice)))
	if notice == meetups.RegWaitlisted {
		// A place in line never follows a seat within one registration: a
		// person promoted meanwhile was told of the seat, and stays told.
		differs = differs.And(notified.NotEqual(expression.Value(string(meetups.RegConfirmed))))
	}
	cond := exists().And(expression.AttributeNotExists(notified).Or(differs))
	err := t.update(ctx, registrationKey(meetupID, owner), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return false, nil
	}
	if err != nil {
		return false, wrap("claim notice", err)
	}
	return true, nil
}

// ClaimScheduleNotice records that a registrant is being told of schedule
// version v, unless they know it (or a later one) already.
func (t *Table) ClaimScheduleNotice(ctx context.Context, meetupID, owner string, v int) (bool, error) {
	cond := exists().And(expression.AttributeNotExists(expression.Name("schedule_seen")).
		Or(expression.Name("schedule_seen").LessThan(expression.Value(v))))
	err := t.update(ctx, registrationKey(meetupID, owner), expression.Set(expression.Name("schedule_seen"), expression.Value(v)), &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return false, nil
	}
	if err != nil {
		return false, wrap("claim schedule notice", err)
	}
	return true, nil
}

// ReturnScheduleNotice sets a claimed schedule notice back to previous.
func (t *Table) ReturnScheduleNotice(ctx context.Context, meetupID, owner string, v, previous int) error {
	cond := expression.Name("schedule_seen").Equal(expression.Value(v))
	err := t.update(ctx, registrationKey(meetupID, owner), expression.Set(expression.Name("schedule_seen"), expression.Value(previous)), &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("return schedule notice", err)
}

// ListRegistrations lists a meetup's registrations, a page at a time.
func (t *Table) ListRegistrations(ctx context.Context, meetupID, cursor string, limit int) ([]meetups.Registration, string, error) {
	q := query{partition: "MEETUP#" + meetupID, sort: beginsWith("REG#"), consistent: true}
	items, next, err := queryPage[registrationItem](ctx, t, q, cursor, limit)
	if err != nil {
		return nil, "", wrap("list registrations", err)
	}
	regs := make([]meetups.Registration, len(items))
	for i, it := range items {
		regs[i] = it.registration()
	}
	return regs, next, nil
}

// SetAttended records whether a registrant came.
func (t *Table) SetAttended(ctx context.Context, meetupID, owner string, attended bool) error {
	err := t.update(ctx, registrationKey(meetupID, owner), expression.Set(expression.Name("attended"), expression.Value(attended)), exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return meetups.ErrNotFound
	}
	return wrap("set attended", err)
}

// MeetupsOf lists the meetups a person registered for, through ByOwner.
func (t *Table) MeetupsOf(ctx context.Context, owner string) ([]string, error) {
	keys, err := queryAll[key](ctx, t, query{index: indexByOwner, partition: owner, sort: beginsWith("MEETUP#")})
	if err != nil {
		return nil, wrap("meetups of", err)
	}
	var ids []string
	for _, k := range keys {
		if strings.HasPrefix(k.SK, "REG#") {
			ids = append(ids, strings.TrimPrefix(k.PK, "MEETUP#"))
		}
	}
	return ids, nil
}

// MeetupsStarting lists scheduled meetups starting in [from, to). It reads
// the upcoming-meetups index between the earliest and latest end such a
// meetup can have (a meetup lasts at most a day), so its cost follows the
// meetups in the window, never the table's history.
func (t *Table) MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error) {
	window := between(from.UTC().Format(time.RFC3339), to.Add(24*time.Hour).UTC().Format(time.RFC3339)+"~")
	items, err := queryAll[meetupItem](ctx, t, query{index: indexGSI1, partition: scheduledMeetups, sort: window})
	if err != nil {
		return nil, wrap("meetups starting", err)
	}
	var out []meetups.Meetup
	for _, it := range items {
		if m := it.meetup(); !m.StartsAt.Before(from) && m.StartsAt.Before(to) {
			out = append(out, m)
		}
	}
	return out, nil
}
