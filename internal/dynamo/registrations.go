package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/meetups"
)

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
	HoldUntil  string `dynamodbav:"hold_until,omitempty"`
}

func registrationKey(meetupID, owner string) key {
	return key{PK: "MEETUP#" + meetupID, SK: "REG#" + owner}
}

func (it registrationItem) registration() (meetups.Registration, error) {
	tr := readTimes("registration " + it.PK + " " + it.SK)
	r := meetups.Registration{
		MeetupID: it.MeetupID, Key: it.Owner, Name: it.Name, Email: it.Email, Language: it.Language,
		Status: meetups.RegStatus(it.Status), NotifiedAs: meetups.RegStatus(it.NotifiedAs), Attended: it.Attended,
		CreatedAt: tr.at("created_at", it.CreatedAt), ScheduleSeen: it.Schedule, HoldUntil: tr.at("hold_until", it.HoldUntil),
	}
	return r, tr.done()
}

// PutRegistration stores a registration unless an active one exists: one
// cancelled, or whose hold ended (at its CreatedAt), is replaced.
func (t *Table) PutRegistration(ctx context.Context, r meetups.Registration) error {
	it := registrationItem{
		key: registrationKey(r.MeetupID, r.Key), Owner: r.Key, MeetupID: r.MeetupID, Name: r.Name, Email: r.Email,
		Language: r.Language, Status: string(r.Status), CreatedAt: encodeTime(r.CreatedAt),
		Schedule: r.ScheduleSeen, HoldUntil: encodeTime(r.HoldUntil),
	}
	cond := absent().Or(expression.Name("status").Equal(expression.Value(string(meetups.RegCancelled)))).
		Or(expression.Name("hold_until").LessThanEqual(expression.Value(timeKey(r.CreatedAt))))
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
	r, err := it.registration()
	return r, wrap("get registration", err)
}

// ConfirmRegistration removes a registration's hold: its place is its own.
func (t *Table) ConfirmRegistration(ctx context.Context, meetupID, owner string) error {
	err := t.update(ctx, registrationKey(meetupID, owner), expression.Remove(expression.Name("hold_until")), exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return meetups.ErrNotFound
	}
	return wrap("confirm registration", err)
}

// DeleteRegistration deletes a registration; with holdUntil set, only
// while it still holds the hold that ends then.
func (t *Table) DeleteRegistration(ctx context.Context, meetupID, owner string, holdUntil time.Time) error {
	var cond *expression.ConditionBuilder
	if !holdUntil.IsZero() {
		c := expression.Name("hold_until").Equal(expression.Value(timeKey(holdUntil)))
		cond = &c
	}
	err := t.remove(ctx, registrationKey(meetupID, owner), cond)
	if errors.Is(err, errConditionFailed) {
		return meetups.ErrNotFound
	}
	return wrap("delete registration", err)
}

// GetRegistrations reads the registrations of the given people for one
// meetup, 100 per request; one that is missing is not in the answer.
func (t *Table) GetRegistrations(ctx context.Context, meetupID string, owners []string) (map[string]meetups.Registration, error) {
	keyOf := func(owner string) key { return registrationKey(meetupID, owner) }
	owner := func(it registrationItem) string { return it.Owner }
	return getMany(ctx, t, "get registrations", owners, keyOf, owner, registrationItem.registration)
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
	return listPage(ctx, t, "list registrations", q, cursor, limit, registrationItem.registration)
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
	ids, err := t.ownedUnder(ctx, owner, "MEETUP#", "REG#")
	return ids, wrap("meetups of", err)
}
