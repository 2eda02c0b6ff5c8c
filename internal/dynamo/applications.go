package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/mentorship"
)

// Mentorship items (docs/DATA.md, docs/MENTORSHIP.md):
//
//	application  MAPP#<id> / APP             owner; GSI1 by role and status, GSI2 by status
//	pair         PAIR#<id> / META            owner = the mentee; GSI1 by status (active or ended)
//	check-in     PAIR#<id> / CHECKIN#<at>#…  owner = whoever checked in
//
// A pair carries no names or addresses; those stay on the applications.

// pendingPairTTL lets DynamoDB remove a pending pair that nobody finished or
// took apart (the service takes one apart after mentorship.AbandonAfter).
const pendingPairTTL = 24 * time.Hour

// applicationItem is one person's application in one role.
type applicationItem struct {
	key
	Owner        string   `dynamodbav:"owner"`
	GSI1PK       string   `dynamodbav:"gsi1pk"`
	GSI1SK       string   `dynamodbav:"gsi1sk"`
	GSI2PK       string   `dynamodbav:"gsi2pk"`
	GSI2SK       string   `dynamodbav:"gsi2sk"`
	ID           string   `dynamodbav:"id"`
	Role         string   `dynamodbav:"role"`
	Name         string   `dynamodbav:"name"`
	Email        string   `dynamodbav:"email"`
	Language     string   `dynamodbav:"language"`
	Topics       []string `dynamodbav:"topics"`
	Capacity     int      `dynamodbav:"capacity"`
	Availability string   `dynamodbav:"availability,omitempty"`
	Goals        string   `dynamodbav:"goals,omitempty"`
	Status       string   `dynamodbav:"status"`
	Mentees      []string `dynamodbav:"mentees"`
	PairID       string   `dynamodbav:"pair_id,omitempty"`
	Pairs        []string `dynamodbav:"pairs"`
	CreatedAt    string   `dynamodbav:"created_at"`
	UpdatedAt    string   `dynamodbav:"updated_at"`
}

func applicationKey(id string) key { return key{PK: "MAPP#" + id, SK: "APP"} }

// applicationIndex is the GSI1 partition (by role and status) and the GSI2
// partition (by status) of an application.
func applicationIndex(role mentorship.Role, status mentorship.AppStatus) (string, string) {
	return "MAPPS#" + string(role) + "#" + string(status), "MAPPS#" + string(status)
}

func toApplicationItem(a mentorship.Application) applicationItem {
	p1, p2 := applicationIndex(a.Role, a.Status)
	sk := timeKey(a.CreatedAt) + "#" + a.ID
	return applicationItem{
		key: applicationKey(a.ID), Owner: a.Owner, GSI1PK: p1, GSI1SK: sk, GSI2PK: p2, GSI2SK: sk,
		ID: a.ID, Role: string(a.Role), Name: a.Name, Email: a.Email, Language: a.Language, Topics: nonNil(a.Topics),
		Capacity: a.Capacity, Availability: a.Availability, Goals: a.Goals, Status: string(a.Status),
		Mentees: nonNil(a.Mentees), PairID: a.PairID, Pairs: nonNil(a.Pairs),
		CreatedAt: encodeTime(a.CreatedAt), UpdatedAt: encodeTime(a.UpdatedAt),
	}
}

func (it applicationItem) application() (mentorship.Application, error) {
	tr := readTimes("application " + it.ID)
	a := mentorship.Application{
		ID: it.ID, Role: mentorship.Role(it.Role), Owner: it.Owner, Name: it.Name, Email: it.Email, Language: it.Language,
		Topics: it.Topics, Capacity: it.Capacity, Availability: it.Availability, Goals: it.Goals,
		Status: mentorship.AppStatus(it.Status), Mentees: it.Mentees, PairID: it.PairID, Pairs: it.Pairs,
		CreatedAt: tr.at("created_at", it.CreatedAt), UpdatedAt: tr.at("updated_at", it.UpdatedAt),
	}
	return a, tr.done()
}

// setStatus is the update that moves an application to status, with its
// index keys and the time of the change.
func setStatus(role mentorship.Role, status mentorship.AppStatus, at time.Time) expression.UpdateBuilder {
	p1, p2 := applicationIndex(role, status)
	return expression.Set(expression.Name("status"), expression.Value(string(status))).
		Set(expression.Name("gsi1pk"), expression.Value(p1)).
		Set(expression.Name("gsi2pk"), expression.Value(p2)).
		Set(expression.Name("updated_at"), expression.Value(timeKey(at)))
}

// PutApplication stores a new application, or opens a closed one again with
// the new answers (its pair history kept); ErrExists for any other.
func (t *Table) PutApplication(ctx context.Context, a mentorship.Application) (bool, error) {
	it := toApplicationItem(a)
	err := t.put(ctx, it, absent())
	if !errors.Is(err, errConditionFailed) {
		return false, wrap("put application", err)
	}
	upd := setStatus(a.Role, mentorship.Open, a.UpdatedAt).
		Set(expression.Name("gsi1sk"), expression.Value(it.GSI1SK)).
		Set(expression.Name("gsi2sk"), expression.Value(it.GSI2SK)).
		Set(expression.Name("name"), expression.Value(it.Name)).
		Set(expression.Name("email"), expression.Value(it.Email)).
		Set(expression.Name("language"), expression.Value(it.Language)).
		Set(expression.Name("topics"), expression.Value(it.Topics)).
		Set(expression.Name("capacity"), expression.Value(it.Capacity)).
		Set(expression.Name("goals"), expression.Value(it.Goals)).
		Set(expression.Name("availability"), expression.Value(it.Availability)).
		Set(expression.Name("mentees"), expression.Value(it.Mentees)).
		Set(expression.Name("created_at"), expression.Value(it.CreatedAt)).
		Remove(expression.Name("pair_id"))
	cond := expression.Name("status").Equal(expression.Value(string(mentorship.Closed)))
	err = t.update(ctx, it.key, upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return false, mentorship.ErrExists
	}
	if err != nil {
		return false, wrap("reopen application", err)
	}
	return true, nil
}

// GetApplication reads an application.
func (t *Table) GetApplication(ctx context.Context, id string) (mentorship.Application, error) {
	return getItem(ctx, t, "get application", applicationKey(id), mentorship.ErrNotFound, applicationItem.application)
}

// GetApplications reads many applications, 100 keys per request.
func (t *Table) GetApplications(ctx context.Context, ids []string) (map[string]mentorship.Application, error) {
	id := func(it applicationItem) string { return it.ID }
	return getMany(ctx, t, "get applications", ids, applicationKey, id, applicationItem.application)
}

// UndoApplication deletes a new application, or closes again a reopened
// one, if it is still open exactly as a left it.
func (t *Table) UndoApplication(ctx context.Context, a mentorship.Application) error {
	k := applicationKey(a.ID)
	unchanged := expression.Name("status").Equal(expression.Value(string(mentorship.Open))).
		And(expression.Name("created_at").Equal(expression.Value(encodeTime(a.CreatedAt))))
	neverPaired := unchanged.And(expression.Name("pairs").Size().Equal(expression.Value(0)))
	err := t.remove(ctx, k, &neverPaired)
	if !errors.Is(err, errConditionFailed) {
		return wrap("undo application", err)
	}
	err = t.update(ctx, k, setStatus(a.Role, mentorship.Closed, a.UpdatedAt), &unchanged, nil)
	if errors.Is(err, errConditionFailed) {
		return nil // changed since: it is no longer this request's to undo
	}
	return wrap("undo application", err)
}

// ListApplications lists applications with status, and role unless "",
// oldest first: by role in GSI1, across roles in GSI2.
func (t *Table) ListApplications(ctx context.Context, role mentorship.Role, status mentorship.AppStatus, cursor string, limit int) ([]mentorship.Application, string, error) {
	byRoleStatus, byStatus := applicationIndex(role, status)
	q := query{index: indexGSI2, partition: byStatus}
	if role != "" {
		q = query{index: indexGSI1, partition: byRoleStatus}
	}
	return listPage(ctx, t, "list applications", q, cursor, limit, applicationItem.application)
}

// ClaimMentee moves an open mentee application to paired, held by pairID,
// and adds pairID to its history.
func (t *Table) ClaimMentee(ctx context.Context, menteeApp, pairID string, at time.Time) error {
	upd := setStatus(mentorship.Mentee, mentorship.Paired, at).
		Set(expression.Name("pair_id"), expression.Value(pairID)).
		Set(expression.Name("pairs"), expression.ListAppend(expression.Name("pairs"), expression.Value([]string{pairID})))
	cond := expression.Name("status").Equal(expression.Value(string(mentorship.Open))).
		And(expression.Name("role").Equal(expression.Value(string(mentorship.Mentee))))
	err := t.update(ctx, applicationKey(menteeApp), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return mentorship.ErrChanged
	}
	return wrap("claim mentee", err)
}

// ReleaseMentee moves a mentee application held by pairID to status.
func (t *Table) ReleaseMentee(ctx context.Context, menteeApp, pairID string, status mentorship.AppStatus, at time.Time) error {
	upd := setStatus(mentorship.Mentee, status, at).Remove(expression.Name("pair_id"))
	cond := expression.Name("pair_id").Equal(expression.Value(pairID))
	err := t.update(ctx, applicationKey(menteeApp), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil // held by another pair, or by none: nothing of pairID's to release
	}
	return wrap("release mentee", err)
}

// TakePlace appends pairID to the mentor's places. The condition is what
// enforces the capacity: the list is exactly as long as the caller read it
// (so the new status, open or full, is right) and shorter than the stored
// capacity; of any number of concurrent pairings, only as many as there are
// free places succeed.
func (t *Table) TakePlace(ctx context.Context, m mentorship.Application, pairID string, at time.Time) (mentorship.Application, error) {
	n := len(m.Mentees)
	status := mentorship.Open
	if n+1 >= m.Capacity {
		status = mentorship.Full
	}
	upd := setStatus(mentorship.Mentor, status, at).
		Set(expression.Name("mentees"), expression.ListAppend(expression.Name("mentees"), expression.Value([]string{pairID}))).
		Set(expression.Name("pairs"), expression.ListAppend(expression.Name("pairs"), expression.Value([]string{pairID})))
	places := expression.Name("mentees").Size()
	cond := expression.Name("role").Equal(expression.Value(string(mentorship.Mentor))).
		And(places.Equal(expression.Value(n))).
		And(places.LessThan(expression.Name("capacity"))).
		And(expression.Not(expression.Contains(expression.Name("mentees"), pairID)))
	return updateItem(ctx, t, "take place", applicationKey(m.ID), upd, &cond, mentorship.ErrChanged, applicationItem.application)
}

// FreePlace removes pairID from the mentor's places, wherever it stands in
// the list when the write lands: it reads the list, removes that index on
// condition that it still holds pairID, and reads again if it moved.
func (t *Table) FreePlace(ctx context.Context, mentorApp, pairID string, at time.Time) error {
	for range 20 {
		var it applicationItem
		err := t.get(ctx, applicationKey(mentorApp), &it)
		if errors.Is(err, errNotFound) {
			return nil
		}
		if err != nil {
			return wrap("free place", err)
		}
		i := slices.Index(it.Mentees, pairID)
		if i < 0 {
			return nil
		}
		slot := expression.Name(fmt.Sprintf("mentees[%d]", i))
		upd := setStatus(mentorship.Mentor, mentorship.Open, at).Remove(slot)
		cond := slot.Equal(expression.Value(pairID))
		err = t.update(ctx, applicationKey(mentorApp), upd, &cond, nil)
		if !errors.Is(err, errConditionFailed) {
			return wrap("free place", err)
		}
	}
	return wrap("free place", mentorship.ErrChanged)
}

// ApplicationsOf lists a person's mentorship applications (their page),
// through ByOwner: a Query of keys, then one BatchGetItem.
func (t *Table) ApplicationsOf(ctx context.Context, owner string) ([]mentorship.Application, error) {
	ids, err := t.ownedUnder(ctx, owner, "MAPP#", "APP")
	if err != nil {
		return nil, wrap("applications of", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	byID, err := t.GetApplications(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]mentorship.Application, 0, len(byID))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}
