package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/mentorship"
)

// Mentorship items (docs/DATA.md, docs/MENTORSHIP.md):
//
//	application  MAPP#<id> / APP             owner; GSI1 by role and status, GSI2 by status
//	pair         PAIR#<id> / META            owner = the mentee; GSI1 by status (active or ended)
//	check-in     PAIR#<id> / CHECKIN#<at>#…  owner = whoever checked in
//
// A pair carries no names or addresses; those stay on the applications.
// Times that are compared or sorted are stored in one fixed-width UTC form,
// so that string order is time order.

// mentorshipTime is the fixed-width layout of every mentorship time.
const mentorshipTime = "2006-01-02T15:04:05.000000Z"

func mentorshipStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(mentorshipTime)
}

func mentorshipParse(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(mentorshipTime, s)
	return t
}

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
	sk := mentorshipStamp(a.CreatedAt) + "#" + a.ID
	return applicationItem{
		key: applicationKey(a.ID), Owner: a.Owner, GSI1PK: p1, GSI1SK: sk, GSI2PK: p2, GSI2SK: sk,
		ID: a.ID, Role: string(a.Role), Name: a.Name, Email: a.Email, Language: a.Language, Topics: nonNil(a.Topics),
		Capacity: a.Capacity, Availability: a.Availability, Goals: a.Goals, Status: string(a.Status),
		Mentees: nonNil(a.Mentees), PairID: a.PairID, Pairs: nonNil(a.Pairs),
		CreatedAt: mentorshipStamp(a.CreatedAt), UpdatedAt: mentorshipStamp(a.UpdatedAt),
	}
}

func (it applicationItem) application() mentorship.Application {
	return mentorship.Application{
		ID: it.ID, Role: mentorship.Role(it.Role), Owner: it.Owner, Name: it.Name, Email: it.Email, Language: it.Language,
		Topics: it.Topics, Capacity: it.Capacity, Availability: it.Availability, Goals: it.Goals,
		Status: mentorship.AppStatus(it.Status), Mentees: it.Mentees, PairID: it.PairID, Pairs: it.Pairs,
		CreatedAt: mentorshipParse(it.CreatedAt), UpdatedAt: mentorshipParse(it.UpdatedAt),
	}
}

// setStatus is the update that moves an application to status, with its
// index keys and the time of the change.
func setStatus(role mentorship.Role, status mentorship.AppStatus, at time.Time) expression.UpdateBuilder {
	p1, p2 := applicationIndex(role, status)
	return expression.Set(expression.Name("status"), expression.Value(string(status))).
		Set(expression.Name("gsi1pk"), expression.Value(p1)).
		Set(expression.Name("gsi2pk"), expression.Value(p2)).
		Set(expression.Name("updated_at"), expression.Value(mentorshipStamp(at)))
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
	var it applicationItem
	if err := t.get(ctx, applicationKey(id), &it); err != nil {
		if errors.Is(err, errNotFound) {
			return mentorship.Application{}, mentorship.ErrNotFound
		}
		return mentorship.Application{}, wrap("get application", err)
	}
	return it.application(), nil
}

// GetApplications reads many applications, 100 keys per request.
func (t *Table) GetApplications(ctx context.Context, ids []string) (map[string]mentorship.Application, error) {
	out := make(map[string]mentorship.Application, len(ids))
	var keys []map[string]types.AttributeValue
	seen := map[string]bool{}
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			keys = append(keys, applicationKey(id).av())
		}
	}
	for len(keys) > 0 {
		n := min(len(keys), 100)
		req := map[string]types.KeysAndAttributes{t.Name: {Keys: keys[:n], ConsistentRead: aws.Bool(true)}}
		keys = keys[n:]
		for len(req) > 0 {
			res, err := t.DB.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
			if err != nil {
				return nil, wrap("get applications", err)
			}
			var items []applicationItem
			if err := attributevalue.UnmarshalListOfMaps(res.Responses[t.Name], &items); err != nil {
				return nil, wrap("get applications", err)
			}
			for _, it := range items {
				out[it.ID] = it.application()
			}
			req = res.UnprocessedKeys
			if len(req) > 0 {
				time.Sleep(50 * time.Millisecond) // throttled: let the table breathe
			}
		}
	}
	return out, nil
}

// UndoApplication deletes a new application, or closes again a reopened
// one, if it is still open exactly as a left it.
func (t *Table) UndoApplication(ctx context.Context, a mentorship.Application) error {
	k := applicationKey(a.ID)
	unchanged := expression.Name("status").Equal(expression.Value(string(mentorship.Open))).
		And(expression.Name("created_at").Equal(expression.Value(mentorshipStamp(a.CreatedAt))))
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
	items, next, err := queryPage[applicationItem](ctx, t, q, cursor, limit)
	if err != nil {
		return nil, "", wrap("list applications", err)
	}
	as := make([]mentorship.Application, len(items))
	for i, it := range items {
		as[i] = it.application()
	}
	return as, next, nil
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
	var it applicationItem
	err := t.update(ctx, applicationKey(m.ID), upd, &cond, &it)
	if errors.Is(err, errConditionFailed) {
		return mentorship.Application{}, mentorship.ErrChanged
	}
	if err != nil {
		return mentorship.Application{}, wrap("take place", err)
	}
	return it.application(), nil
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

// pairItem is one pair. owner is the mentee, so a plain erase of the mentee
// by the ByOwner index removes it; EraseMentorship removes it for either side.
type pairItem struct {
	key
	Owner         string `dynamodbav:"owner"`
	GSI1PK        string `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK        string `dynamodbav:"gsi1sk,omitempty"`
	ID            string `dynamodbav:"id"`
	Status        string `dynamodbav:"status"`
	MentorApp     string `dynamodbav:"mentor_app"`
	MenteeApp     string `dynamodbav:"mentee_app"`
	CreatedAt     string `dynamodbav:"created_at"`
	StartedAt     string `dynamodbav:"started_at,omitempty"`
	EndedAt       string `dynamodbav:"ended_at,omitempty"`
	Outcome       string `dynamodbav:"outcome,omitempty"`
	Reason        string `dynamodbav:"reason,omitempty"`
	MentorLastAt  string `dynamodbav:"mentor_last_at,omitempty"`
	MentorHelp    bool   `dynamodbav:"mentor_help,omitempty"`
	MentorIntroAt string `dynamodbav:"mentor_intro_at,omitempty"`
	MenteeLastAt  string `dynamodbav:"mentee_last_at,omitempty"`
	MenteeHelp    bool   `dynamodbav:"mentee_help,omitempty"`
	MenteeIntroAt string `dynamodbav:"mentee_intro_at,omitempty"`
	TTL           int64  `dynamodbav:"ttl,omitempty"`
}

func pairKey(id string) key { return key{PK: "PAIR#" + id, SK: "META"} }

// The GSI1 partitions of pairs; pending pairs are in neither.
const (
	activePairs = "PAIRS#active"
	endedPairs  = "PAIRS#ended"
)

func (it pairItem) pair() mentorship.Pair {
	return mentorship.Pair{
		ID: it.ID, Status: mentorship.PairStatus(it.Status), MentorApp: it.MentorApp, MenteeApp: it.MenteeApp, MenteeOwner: it.Owner,
		Mentor:    mentorship.Side{LastCheckIn: mentorshipParse(it.MentorLastAt), AskedForHelp: it.MentorHelp, IntroducedAt: mentorshipParse(it.MentorIntroAt)},
		Mentee:    mentorship.Side{LastCheckIn: mentorshipParse(it.MenteeLastAt), AskedForHelp: it.MenteeHelp, IntroducedAt: mentorshipParse(it.MenteeIntroAt)},
		CreatedAt: mentorshipParse(it.CreatedAt), StartedAt: mentorshipParse(it.StartedAt), EndedAt: mentorshipParse(it.EndedAt),
		Outcome: mentorship.Outcome(it.Outcome), Reason: it.Reason,
	}
}

func pairStatusIs(s mentorship.PairStatus) expression.ConditionBuilder {
	return expression.Name("status").Equal(expression.Value(string(s)))
}

// CreatePair stores a new pending pair, which DynamoDB removes by itself
// after a day if nobody finished it or took it apart.
func (t *Table) CreatePair(ctx context.Context, p mentorship.Pair) error {
	it := pairItem{
		key: pairKey(p.ID), Owner: p.MenteeOwner, ID: p.ID, Status: string(mentorship.PairPending),
		MentorApp: p.MentorApp, MenteeApp: p.MenteeApp, CreatedAt: mentorshipStamp(p.CreatedAt),
		TTL: p.CreatedAt.Add(pendingPairTTL).Unix(),
	}
	err := t.put(ctx, it, absent())
	if errors.Is(err, errConditionFailed) {
		return mentorship.ErrExists
	}
	return wrap("create pair", err)
}

// GetPair reads a pair.
func (t *Table) GetPair(ctx context.Context, id string) (mentorship.Pair, error) {
	var it pairItem
	if err := t.get(ctx, pairKey(id), &it); err != nil {
		if errors.Is(err, errNotFound) {
			return mentorship.Pair{}, mentorship.ErrNotFound
		}
		return mentorship.Pair{}, wrap("get pair", err)
	}
	return it.pair(), nil
}

// ActivatePair moves a pending pair to active and into the active listing.
func (t *Table) ActivatePair(ctx context.Context, id string, at time.Time) (mentorship.Pair, error) {
	started := mentorshipStamp(at)
	upd := expression.Set(expression.Name("status"), expression.Value(string(mentorship.PairActive))).
		Set(expression.Name("started_at"), expression.Value(started)).
		Set(expression.Name("gsi1pk"), expression.Value(activePairs)).
		Set(expression.Name("gsi1sk"), expression.Value(started+"#"+id)).
		Remove(expression.Name("ttl"))
	var it pairItem
	cond := pairStatusIs(mentorship.PairPending)
	err := t.update(ctx, pairKey(id), upd, &cond, &it)
	if errors.Is(err, errConditionFailed) {
		if _, gerr := t.GetPair(ctx, id); errors.Is(gerr, mentorship.ErrNotFound) {
			return mentorship.Pair{}, mentorship.ErrNotFound
		}
		return mentorship.Pair{}, mentorship.ErrChanged
	}
	if err != nil {
		return mentorship.Pair{}, wrap("activate pair", err)
	}
	return it.pair(), nil
}

// AbandonPair deletes a pending pair, if it is still the one p read.
func (t *Table) AbandonPair(ctx context.Context, p mentorship.Pair) error {
	cond := pairStatusIs(mentorship.PairPending).And(expression.Name("created_at").Equal(expression.Value(mentorshipStamp(p.CreatedAt))))
	err := t.remove(ctx, pairKey(p.ID), &cond)
	if errors.Is(err, errConditionFailed) {
		return mentorship.ErrChanged
	}
	return wrap("abandon pair", err)
}

// ClaimIntro records that side's introduction is being sent, once.
func (t *Table) ClaimIntro(ctx context.Context, pairID string, side mentorship.Role, at time.Time) (bool, error) {
	name := expression.Name(string(side) + "_intro_at")
	cond := pairStatusIs(mentorship.PairActive).And(expression.AttributeNotExists(name))
	err := t.update(ctx, pairKey(pairID), expression.Set(name, expression.Value(mentorshipStamp(at))), &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return false, nil
	}
	if err != nil {
		return false, wrap("claim intro", err)
	}
	return true, nil
}

// ReleaseIntro gives back an introduction claim.
func (t *Table) ReleaseIntro(ctx context.Context, pairID string, side mentorship.Role) error {
	err := t.update(ctx, pairKey(pairID), expression.Remove(expression.Name(string(side)+"_intro_at")), exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("release intro", err)
}

// EndPair ends an active pair and moves it to the ended listing.
func (t *Table) EndPair(ctx context.Context, id string, outcome mentorship.Outcome, reason string, at time.Time) (mentorship.Pair, error) {
	var it pairItem
	cond := pairStatusIs(mentorship.PairActive)
	err := t.update(ctx, pairKey(id), endUpdate(id, outcome, reason, at), &cond, &it)
	if errors.Is(err, errConditionFailed) {
		return mentorship.Pair{}, mentorship.ErrChanged
	}
	if err != nil {
		return mentorship.Pair{}, wrap("end pair", err)
	}
	return it.pair(), nil
}

func endUpdate(id string, outcome mentorship.Outcome, reason string, at time.Time) expression.UpdateBuilder {
	ended := mentorshipStamp(at)
	return expression.Set(expression.Name("status"), expression.Value(string(mentorship.PairEnded))).
		Set(expression.Name("ended_at"), expression.Value(ended)).
		Set(expression.Name("outcome"), expression.Value(string(outcome))).
		Set(expression.Name("reason"), expression.Value(reason)).
		Set(expression.Name("gsi1pk"), expression.Value(endedPairs)).
		Set(expression.Name("gsi1sk"), expression.Value(ended+"#"+id))
}

// pairScanBudget bounds how many pairs one filtered page reads before it
// answers with what it found and a cursor to go on from.
const pairScanBudget = 500

// ListPairs lists active pairs, oldest first, or ended ones, most recently
// ended first, keeping those keep accepts. A filtered page may come back
// short (even empty) with a cursor when it read pairScanBudget pairs.
func (t *Table) ListPairs(ctx context.Context, ended bool, keep func(mentorship.Pair) bool, cursor string, limit int) ([]mentorship.Pair, string, error) {
	q := query{index: indexGSI1, partition: activePairs}
	if ended {
		q = query{index: indexGSI1, partition: endedPairs, backward: true}
	}
	// A cursor of the other listing (an ended page's cursor reused for
	// active pairs) is refused here, not by DynamoDB.
	start, err := q.startKey(cursor)
	if err != nil {
		return nil, "", err
	}
	in, err := t.queryInput(q)
	if err != nil {
		return nil, "", wrap("list pairs", err)
	}
	in.Limit = aws.Int32(int32(limit + 1))
	cursorKeys := q.cursorKeys()
	// Pages are filtered by state while read: keep reading until one pair
	// more than the page holds is found (then another page follows), the
	// partition ends, or the read budget is spent.
	var out []mentorship.Pair
	var keys []map[string]types.AttributeValue
	read := 0
	for {
		in.ExclusiveStartKey = start
		res, err := t.DB.Query(ctx, in)
		if err != nil {
			return nil, "", wrap("list pairs", err)
		}
		var items []pairItem
		if err := attributevalue.UnmarshalListOfMaps(res.Items, &items); err != nil {
			return nil, "", wrap("list pairs", err)
		}
		for i, it := range items {
			read++
			if p := it.pair(); keep == nil || keep(p) {
				if len(out) == limit {
					return out, encodeCursor(indexKeys(keys[limit-1], cursorKeys...)), nil
				}
				out = append(out, p)
				keys = append(keys, res.Items[i])
			}
			if read >= pairScanBudget && (i < len(items)-1 || len(res.LastEvaluatedKey) > 0) {
				// Budget spent with more to read: go on after this item.
				return out, encodeCursor(indexKeys(res.Items[i], cursorKeys...)), nil
			}
		}
		if len(res.LastEvaluatedKey) == 0 {
			return out, "", nil
		}
		start = res.LastEvaluatedKey
	}
}

// indexKeys picks an item's key attributes, to make a cursor that starts
// right after it.
func indexKeys(item map[string]types.AttributeValue, names ...string) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(names))
	for _, n := range names {
		if v, ok := item[n]; ok {
			out[n] = v
		}
	}
	return out
}

// checkInItem is one check-in, under its pair.
type checkInItem struct {
	key
	Owner    string `dynamodbav:"owner"`
	ID       string `dynamodbav:"id"`
	PairID   string `dynamodbav:"pair_id"`
	Side     string `dynamodbav:"side"`
	At       string `dynamodbav:"at"`
	Answer   string `dynamodbav:"answer,omitempty"`
	Progress int    `dynamodbav:"progress,omitempty"`
	Summary  string `dynamodbav:"summary,omitempty"`
	NextStep string `dynamodbav:"next_step,omitempty"`
	Blocked  bool   `dynamodbav:"blocked,omitempty"`
}

func checkInKey(c mentorship.CheckIn) key {
	return key{PK: "PAIR#" + c.PairID, SK: "CHECKIN#" + mentorshipStamp(c.At) + "#" + string(c.Side) + "#" + c.ID}
}

// PutCheckIn stores a check-in.
func (t *Table) PutCheckIn(ctx context.Context, c mentorship.CheckIn) error {
	it := checkInItem{
		key: checkInKey(c), Owner: c.Owner, ID: c.ID, PairID: c.PairID, Side: string(c.Side), At: mentorshipStamp(c.At),
		Answer: string(c.Answer), Progress: c.Progress, Summary: c.Summary, NextStep: c.NextStep, Blocked: c.Blocked,
	}
	return wrap("put check-in", t.put(ctx, it, absent()))
}

// DeleteCheckIn removes a check-in.
func (t *Table) DeleteCheckIn(ctx context.Context, c mentorship.CheckIn) error {
	return wrap("delete check-in", t.remove(ctx, checkInKey(c), nil))
}

// RecordCheckIn counts c as its side's last check-in, on an active pair and
// unless a later one of that side is counted already (so two check-ins
// landing out of order leave the later one).
func (t *Table) RecordCheckIn(ctx context.Context, c mentorship.CheckIn) error {
	at := mentorshipStamp(c.At)
	last := expression.Name(string(c.Side) + "_last_at")
	upd := expression.Set(last, expression.Value(at)).
		Set(expression.Name(string(c.Side)+"_help"), expression.Value(c.AsksForHelp()))
	cond := pairStatusIs(mentorship.PairActive).
		And(expression.AttributeNotExists(last).Or(last.LessThan(expression.Value(at))))
	err := t.update(ctx, pairKey(c.PairID), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return mentorship.ErrChanged
	}
	return wrap("record check-in", err)
}

// EraseMentorship removes everything of the mentorship program that
// concerns owner, and leaves the other people in it as they would be had the
// person never applied: every pair the person was part of (found from their
// applications' histories and from the ByOwner index) is ended, the other
// side's mentor place freed or mentee application opened again, and then
// the pair and all its check-ins, both sides', are deleted; the person's
// applications go last, so a run that dies part-way is finished by running
// it again. It runs before EraseOwner (members.Service.BeforeErase), which
// removes the rest (check-in links, counters).
func (t *Table) EraseMentorship(ctx context.Context, owner string) error {
	keys, err := t.ownerKeys(ctx, owner, 0)
	if err != nil {
		return wrap("erase mentorship", err)
	}
	var apps []key
	var pairs []string
	addPair := func(id string) {
		if id != "" && !slices.Contains(pairs, id) {
			pairs = append(pairs, id)
		}
	}
	for _, k := range keys {
		switch {
		case strings.HasPrefix(k.PK, "MAPP#"):
			var it applicationItem
			if err := t.get(ctx, k, &it); err != nil {
				if errors.Is(err, errNotFound) {
					continue
				}
				return wrap("erase mentorship", err)
			}
			apps = append(apps, k)
			for _, id := range slices.Concat(it.Pairs, it.Mentees, []string{it.PairID}) {
				addPair(id)
			}
		case strings.HasPrefix(k.PK, "PAIR#"):
			addPair(strings.TrimPrefix(k.PK, "PAIR#"))
		}
	}
	for _, id := range pairs {
		if err := t.erasePair(ctx, id, time.Now()); err != nil {
			return wrap("erase mentorship", err)
		}
	}
	for _, k := range apps {
		if err := t.remove(ctx, k, nil); err != nil {
			return wrap("erase mentorship", err)
		}
	}
	return nil
}

// erasePair ends a pair, gives back what it held, and deletes it with all
// its check-ins, the pair item last.
func (t *Table) erasePair(ctx context.Context, id string, now time.Time) error {
	var it pairItem
	switch err := t.get(ctx, pairKey(id), &it); {
	case errors.Is(err, errNotFound):
	case err != nil:
		return err
	default:
		if it.Status != string(mentorship.PairEnded) {
			cond := expression.Name("status").NotEqual(expression.Value(string(mentorship.PairEnded)))
			err := t.update(ctx, pairKey(id), endUpdate(id, mentorship.Erased, "", now), &cond, nil)
			if err != nil && !errors.Is(err, errConditionFailed) {
				return err
			}
		}
		if err := t.FreePlace(ctx, it.MentorApp, id, now); err != nil {
			return err
		}
		if err := t.ReleaseMentee(ctx, it.MenteeApp, id, mentorship.Open, now); err != nil {
			return err
		}
	}

	kc := expression.Key("pk").Equal(expression.Value("PAIR#" + id))
	expr, err := expression.NewBuilder().WithKeyCondition(kc).
		WithProjection(expression.NamesList(expression.Name("pk"), expression.Name("sk"))).Build()
	if err != nil {
		return err
	}
	var keys []key
	p := dynamodb.NewQueryPaginator(t.DB, &dynamodb.QueryInput{
		TableName: &t.Name, KeyConditionExpression: expr.KeyCondition(), ProjectionExpression: expr.Projection(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(), ConsistentRead: aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		var ks []key
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &ks); err != nil {
			return err
		}
		keys = append(keys, ks...)
	}
	meta := pairKey(id)
	keys = slices.DeleteFunc(keys, func(k key) bool { return k == meta })
	for chunk := range slices.Chunk(keys, 25) {
		batch := make([]types.WriteRequest, len(chunk))
		for i, k := range chunk {
			batch[i] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k.av()}}
		}
		for len(batch) > 0 {
			res, err := t.DB.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{t.Name: batch}})
			if err != nil {
				return err
			}
			batch = res.UnprocessedItems[t.Name]
			if len(batch) > 0 {
				time.Sleep(50 * time.Millisecond) // throttled: let the table breathe
			}
		}
	}
	if it.ID != "" {
		return t.remove(ctx, meta, nil)
	}
	return nil
}
