package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/members"
)

// memberItem is a member as stored, keyed by the person's key so one address
// can only ever be one member.
type memberItem struct {
	key
	Owner        string   `dynamodbav:"owner"`
	GSI1PK       string   `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK       string   `dynamodbav:"gsi1sk,omitempty"`
	Name         string   `dynamodbav:"name"`
	Email        string   `dynamodbav:"email"`
	Language     string   `dynamodbav:"language"`
	Interests    []string `dynamodbav:"interests,omitempty"`
	WantsToSpeak bool     `dynamodbav:"wants_to_speak"`
	Mentorship   string   `dynamodbav:"mentorship"`
	Status       string   `dynamodbav:"status"`
	Unsubscribed bool     `dynamodbav:"unsubscribed"`
	// NoCallForSpeakers is absent (false) for every member who never
	// turned the call for speakers off on their page.
	NoCallForSpeakers bool   `dynamodbav:"no_call_for_speakers,omitempty"`
	PageSince         string `dynamodbav:"page_since,omitempty"`
	CreatedAt         string `dynamodbav:"created_at"`
	ConfirmedAt       string `dynamodbav:"confirmed_at,omitempty"`
	ConfirmSentAt     string `dynamodbav:"confirm_sent_at,omitempty"`
	PendingUntil      string `dynamodbav:"pending_until,omitempty"`
	// TTL removes a member who never confirmed; confirming removes it.
	TTL int64 `dynamodbav:"ttl,omitempty"`
}

func memberKey(owner string) key { return key{PK: "MEMBER#" + owner, SK: "PROFILE"} }

// membersByJoinDate is the GSI1 partition listing confirmed members by the
// time they confirmed (the digest's "new members", the call for speakers).
const membersByJoinDate = "MEMBERS"

// pendingMembers is the GSI1 partition of members who have not confirmed,
// by the end of their confirmation window: confirming moves a member to
// membersByJoinDate.
const pendingMembers = "MEMBERS#pending"

func (it memberItem) member() (members.Member, error) {
	tr := readTimes("member " + it.Owner)
	m := members.Member{
		Key: it.Owner, Name: it.Name, Email: it.Email, Language: it.Language, Interests: it.Interests,
		WantsToSpeak: it.WantsToSpeak, Mentorship: it.Mentorship, Status: members.Status(it.Status),
		Unsubscribed: it.Unsubscribed, NoCallForSpeakers: it.NoCallForSpeakers, PageSince: tr.at("page_since", it.PageSince),
		CreatedAt:   tr.at("created_at", it.CreatedAt),
		ConfirmedAt: tr.at("confirmed_at", it.ConfirmedAt), ConfirmSentAt: tr.at("confirm_sent_at", it.ConfirmSentAt),
	}
	return m, tr.done()
}

// CreateMember stores a pending member unless the address is taken. A pending
// member whose confirmation window has passed no longer takes it.
func (t *Table) CreateMember(ctx context.Context, m members.Member, pendingTTL time.Duration) error {
	until := m.CreatedAt.Add(pendingTTL)
	it := memberItem{
		key: memberKey(m.Key), Owner: m.Key, Name: m.Name, Email: m.Email, Language: m.Language,
		Interests: m.Interests, WantsToSpeak: m.WantsToSpeak, Mentorship: m.Mentorship,
		Status: string(members.Pending), CreatedAt: encodeTime(m.CreatedAt), PendingUntil: encodeTime(until), TTL: ttlOf(until),
		GSI1PK: pendingMembers, GSI1SK: timeKey(until) + "#" + m.Key,
	}
	cond := absent().Or(expression.Name("status").Equal(expression.Value(string(members.Pending))).
		And(expression.Name("pending_until").LessThan(expression.Value(timeKey(m.CreatedAt)))))
	return t.create(ctx, "create member", it, &cond, members.ErrExists)
}

// GetMember reads a member by key.
func (t *Table) GetMember(ctx context.Context, owner string) (members.Member, error) {
	return getItem(ctx, t, "get member", memberKey(owner), members.ErrNotFound, memberItem.member)
}

// MarkConfirmSent records that the confirmation email went out.
func (t *Table) MarkConfirmSent(ctx context.Context, owner string, at time.Time) error {
	err := t.update(ctx, memberKey(owner), expression.Set(expression.Name("confirm_sent_at"), expression.Value(timeKey(at))), exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return members.ErrNotFound
	}
	return wrap("mark confirmation sent", err)
}

// DeletePendingMember removes a pending member whose confirmation was never sent.
func (t *Table) DeletePendingMember(ctx context.Context, owner string) error {
	cond := expression.Name("status").Equal(expression.Value(string(members.Pending))).
		And(expression.AttributeNotExists(expression.Name("confirm_sent_at")))
	err := t.remove(ctx, memberKey(owner), &cond)
	if errors.Is(err, errConditionFailed) {
		return nil // confirmed or sent meanwhile: keep it
	}
	return wrap("delete pending member", err)
}

// ConfirmMember moves a pending member to confirmed, once.
func (t *Table) ConfirmMember(ctx context.Context, owner string, at time.Time) (members.Member, bool, error) {
	upd := expression.Set(expression.Name("status"), expression.Value(string(members.Confirmed))).
		Set(expression.Name("confirmed_at"), expression.Value(timeKey(at))).
		Set(expression.Name("gsi1pk"), expression.Value(membersByJoinDate)).
		Set(expression.Name("gsi1sk"), expression.Value(timeKey(at)+"#"+owner)).
		Remove(expression.Name("ttl")).
		Remove(expression.Name("pending_until"))
	cond := exists().And(expression.Name("status").Equal(expression.Value(string(members.Pending))))
	var it memberItem
	err := t.update(ctx, memberKey(owner), upd, &cond, &it)
	if errors.Is(err, errConditionFailed) {
		m, gerr := t.GetMember(ctx, owner)
		if gerr != nil {
			return members.Member{}, false, gerr
		}
		return m, false, nil
	}
	if err != nil {
		return members.Member{}, false, wrap("confirm member", err)
	}
	m, err := it.member()
	if err != nil {
		return members.Member{}, false, wrap("confirm member", err)
	}
	return m, true, nil
}

// SetUnsubscribed stops non-transactional email to a member.
func (t *Table) SetUnsubscribed(ctx context.Context, owner string, at time.Time) (members.Member, error) {
	upd := expression.Set(expression.Name("unsubscribed"), expression.Value(true)).
		Set(expression.Name("unsubscribed_at"), expression.Value(timeKey(at)))
	return updateItem(ctx, t, "unsubscribe member", memberKey(owner), upd, exists(), members.ErrNotFound, memberItem.member)
}

// SetPreferences changes what a member chose on their page.
func (t *Table) SetPreferences(ctx context.Context, owner string, p members.Preferences) (members.Member, error) {
	upd := expression.Set(expression.Name("language"), expression.Value(p.Language)).
		Set(expression.Name("wants_to_speak"), expression.Value(p.WantsToSpeak)).
		Set(expression.Name("no_call_for_speakers"), expression.Value(!p.CallForSpeakers))
	if len(p.Interests) > 0 {
		upd = upd.Set(expression.Name("interests"), expression.Value(p.Interests))
	} else {
		upd = upd.Remove(expression.Name("interests"))
	}
	return updateItem(ctx, t, "set member preferences", memberKey(owner), upd, exists(), members.ErrNotFound, memberItem.member)
}

// AdvancePageSince moves a member's page_since up to at, never back: of
// two pages opened at once from two links, the newer link's time stays.
func (t *Table) AdvancePageSince(ctx context.Context, owner string, at time.Time) error {
	upd := expression.Set(expression.Name("page_since"), expression.Value(timeKey(at)))
	cond := exists().And(expression.AttributeNotExists(expression.Name("page_since")).
		Or(expression.Name("page_since").LessThan(expression.Value(timeKey(at)))))
	err := t.update(ctx, memberKey(owner), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil // erased meanwhile, or a newer link opened it: nothing to move
	}
	return wrap("advance member page", err)
}

// MembersWantingToSpeak lists confirmed members who want to give a talk,
// have not unsubscribed and have not turned the call for speakers off, from
// the confirmed-members index.
func (t *Table) MembersWantingToSpeak(ctx context.Context) ([]members.Member, error) {
	filter := expression.Name("wants_to_speak").Equal(expression.Value(true)).
		And(expression.Name("unsubscribed").Equal(expression.Value(false))).
		And(expression.AttributeNotExists(expression.Name("no_call_for_speakers")).
			Or(expression.Name("no_call_for_speakers").Equal(expression.Value(false))))
	return t.queryMembers(ctx, query{index: indexGSI1, partition: membersByJoinDate, filter: &filter}, "members wanting to speak")
}

// queryMembers reads every page of a query on the confirmed-members index.
func (t *Table) queryMembers(ctx context.Context, q query, op string) ([]members.Member, error) {
	items, err := queryAll[memberItem](ctx, t, q)
	if err != nil {
		return nil, wrap(op, err)
	}
	out := make([]members.Member, len(items))
	for i, it := range items {
		if out[i], err = it.member(); err != nil {
			return nil, wrap(op, err)
		}
	}
	return out, nil
}

// MembersConfirmedSince lists members who confirmed at or after since.
func (t *Table) MembersConfirmedSince(ctx context.Context, since time.Time) ([]members.Member, error) {
	q := query{index: indexGSI1, partition: membersByJoinDate, sort: atLeast(timeKey(since))}
	return t.queryMembers(ctx, q, "members confirmed since")
}
