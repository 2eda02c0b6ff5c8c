package dynamo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/talks"
)

// talkItem is a talk, listed twice: by status in GSI1, and in GSI2 under its
// meetup (or the backlog) while it has one. A pending talk is listed
// nowhere, and carries a ttl: DynamoDB deletes it once its confirm link has
// expired unused.
type talkItem struct {
	key
	// Owner is empty once the speaker erased their data (omitted: an index
	// key cannot be an empty string).
	Owner     string `dynamodbav:"owner,omitempty"`
	GSI1PK    string `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK    string `dynamodbav:"gsi1sk,omitempty"`
	GSI2PK    string `dynamodbav:"gsi2pk,omitempty"`
	GSI2SK    string `dynamodbav:"gsi2sk,omitempty"`
	ID        string `dynamodbav:"id"`
	Name      string `dynamodbav:"name,omitempty"`
	Email     string `dynamodbav:"email,omitempty"`
	Title     string `dynamodbav:"title"`
	Abstract  string `dynamodbav:"abstract,omitempty"`
	Format    string `dynamodbav:"format"`
	Level     string `dynamodbav:"level"`
	Language  string `dynamodbav:"language"`
	MeetupID  string `dynamodbav:"meetup_id,omitempty"`
	TopicID   string `dynamodbav:"topic_id,omitempty"`
	Status    string `dynamodbav:"status"`
	Message   string `dynamodbav:"message,omitempty"`
	CreatedAt string `dynamodbav:"created_at"`
	UpdatedAt string `dynamodbav:"updated_at"`
	// PendingUntil and TTL are set while the talk is pending only.
	PendingUntil string `dynamodbav:"pending_until,omitempty"`
	TTL          int64  `dynamodbav:"ttl,omitempty"`
	VerifiedAt   string `dynamodbav:"verified_at,omitempty"`
	// Capstone is the mentorship pair of a capstone talk; CoSpeaker is set
	// once its mentor agreed to be named.
	Capstone  string `dynamodbav:"capstone,omitempty"`
	CoSpeaker bool   `dynamodbav:"co_speaker,omitempty"`
	// Version counts the talk's moves; absent (0) on a talk never moved.
	Version int `dynamodbav:"version,omitempty"`
}

const talkPrefix = "TALK#"

func talkKey(id string) key { return key{PK: talkPrefix + id, SK: "TALK"} }

// The index partitions of talks: GSI1 by status, GSI2 by meetup (or the
// backlog). Within each, talks sort by when they were submitted; in GSI2 the
// status comes first, so one status of one meetup is a key condition too.
// In the backlog, where every talk is submitted, a mentorship's capstone
// talk sorts under backlogCapstone instead, which comes before "submitted":
// the backlog lists every capstone talk first, across all its pages, in the
// one query it always was.
const (
	talksByStatus   = "TALKS#"        // + status
	talksOfMeetup   = "TALKS#MEETUP#" // + meetup id
	talksBacklog    = "TALKS#BACKLOG"
	backlogCapstone = "capstone"
)

// talkIndexes says where a talk is listed. An empty gsi2pk means nowhere in
// GSI2: a withdrawn talk, or a rejected one that was for no meetup; a
// pending talk is in neither index, so no list shows it.
func talkIndexes(t talks.Talk) (gsi1pk, gsi1sk, gsi2pk, gsi2sk string) {
	if t.Status == talks.Pending {
		return "", "", "", ""
	}
	since := timeKey(t.CreatedAt) + "#" + t.ID
	gsi1pk, gsi1sk = talksByStatus+string(t.Status), since
	switch {
	case t.ListedFor() != "":
		gsi2pk = talksOfMeetup + t.ListedFor()
	case t.InBacklog() && t.Capstone != "":
		return gsi1pk, gsi1sk, talksBacklog, backlogCapstone + "#" + since
	case t.InBacklog():
		gsi2pk = talksBacklog
	default:
		return gsi1pk, gsi1sk, "", ""
	}
	return gsi1pk, gsi1sk, gsi2pk, string(t.Status) + "#" + since
}

func toTalkItem(t talks.Talk) talkItem {
	g1pk, g1sk, g2pk, g2sk := talkIndexes(t)
	it := talkItem{
		key: talkKey(t.ID), Owner: t.Owner, GSI1PK: g1pk, GSI1SK: g1sk, GSI2PK: g2pk, GSI2SK: g2sk,
		ID: t.ID, Name: t.Name, Email: t.Email, Title: t.Title, Abstract: t.Abstract,
		Format: string(t.Format), Level: string(t.Level), Language: t.Language, MeetupID: t.MeetupID, TopicID: t.TopicID,
		Status: string(t.Status), Message: t.Message,
		CreatedAt: encodeTime(t.CreatedAt), UpdatedAt: encodeTime(t.UpdatedAt), VerifiedAt: encodeTime(t.VerifiedAt),
		Version: t.Version, Capstone: t.Capstone, CoSpeaker: t.CoSpeaker,
	}
	if t.Status == talks.Pending {
		it.PendingUntil, it.TTL = encodeTime(t.PendingUntil), ttlOf(t.PendingUntil)
	}
	return it
}

func (it talkItem) talk() (talks.Talk, error) {
	tr := readTimes("talk " + it.ID)
	t := talks.Talk{
		ID: it.ID, Owner: it.Owner, Name: it.Name, Email: it.Email, Title: it.Title, Abstract: it.Abstract,
		Format: talks.Format(it.Format), Level: talks.Level(it.Level), Language: it.Language, MeetupID: it.MeetupID, TopicID: it.TopicID,
		Status: talks.Status(it.Status), Message: it.Message,
		CreatedAt: tr.at("created_at", it.CreatedAt), UpdatedAt: tr.at("updated_at", it.UpdatedAt),
		PendingUntil: tr.at("pending_until", it.PendingUntil), VerifiedAt: tr.at("verified_at", it.VerifiedAt),
		Version: it.Version, Capstone: it.Capstone, CoSpeaker: it.CoSpeaker,
	}
	return t, tr.done()
}

// CreateTalk stores a new talk.
func (t *Table) CreateTalk(ctx context.Context, tk talks.Talk) error {
	return t.create(ctx, "create talk", toTalkItem(tk), nil, talks.ErrExists)
}

// GetTalk reads a talk.
func (t *Table) GetTalk(ctx context.Context, id string) (talks.Talk, error) {
	return getItem(ctx, t, "get talk", talkKey(id), talks.ErrNotFound, talkItem.talk)
}

// AgreeCoSpeaker marks a capstone talk's mentor as agreeing to be named
// co-speaker: one write, conditional on the talk being a capstone talk.
func (t *Table) AgreeCoSpeaker(ctx context.Context, id string, at time.Time) (talks.Talk, error) {
	upd := expression.Set(expression.Name("co_speaker"), expression.Value(true)).
		Set(expression.Name("updated_at"), expression.Value(encodeTime(at)))
	cond := exists().And(expression.AttributeExists(expression.Name("capstone")))
	return updateItem(ctx, t, "agree co-speaker", talkKey(id), upd, &cond, talks.ErrNotFound, talkItem.talk)
}

// MoveTalk writes a talk's new status, meetup and message, and moves its
// index entries to match, in one write conditional on the status and the
// version of the talk the caller read (from): of two concurrent moves of
// the same talk, one fails, and so does a move decided on a talk that has
// moved away and back since. The write sets the next version. A talk that
// leaves pending loses its ttl in that same write, so DynamoDB never
// deletes a talk its speaker confirmed.
func (t *Table) MoveTalk(ctx context.Context, tk talks.Talk, from talks.Talk) (talks.Talk, error) {
	it := toTalkItem(tk)
	upd := expression.Set(expression.Name("status"), expression.Value(it.Status)).
		Set(expression.Name("updated_at"), expression.Value(it.UpdatedAt)).
		Set(expression.Name("version"), expression.Value(from.Version+1))
	upd = setOrRemove(upd, "gsi1pk", it.GSI1PK)
	upd = setOrRemove(upd, "gsi1sk", it.GSI1SK)
	upd = setOrRemove(upd, "pending_until", it.PendingUntil)
	upd = setOrRemove(upd, "verified_at", it.VerifiedAt)
	if it.TTL == 0 {
		upd = upd.Remove(expression.Name("ttl"))
	} else {
		upd = upd.Set(expression.Name("ttl"), expression.Value(it.TTL))
	}
	upd = setOrRemove(upd, "meetup_id", it.MeetupID)
	upd = setOrRemove(upd, "message", it.Message)
	upd = setOrRemove(upd, "gsi2pk", it.GSI2PK)
	upd = setOrRemove(upd, "gsi2sk", it.GSI2SK)
	version := expression.Name("version").Equal(expression.Value(from.Version))
	if from.Version == 0 {
		version = expression.AttributeNotExists(expression.Name("version")).Or(version)
	}
	cond := exists().And(expression.Name("status").Equal(expression.Value(string(from.Status)))).And(version)
	return updateItem(ctx, t, "move talk", talkKey(tk.ID), upd, &cond, talks.ErrChanged, talkItem.talk)
}

// setOrRemove sets an optional attribute, or removes it when v is empty.
func setOrRemove(upd expression.UpdateBuilder, name, v string) expression.UpdateBuilder {
	if v == "" {
		return upd.Remove(expression.Name(name))
	}
	return upd.Set(expression.Name(name), expression.Value(v))
}

// DeleteTalk removes a talk that is still in status.
func (t *Table) DeleteTalk(ctx context.Context, id string, status talks.Status) error {
	cond := expression.Name("status").Equal(expression.Value(string(status)))
	err := t.remove(ctx, talkKey(id), &cond)
	if errors.Is(err, errConditionFailed) {
		return talks.ErrChanged
	}
	return wrap("delete talk", err)
}

// narrowedReads is the most queries one page of a narrowed list makes:
// each reads on from where the last stopped, for as many talks as the page
// still lacks, so a page of a list that few talks match may hold fewer
// than it could, and the next page goes on.
const narrowedReads = 3

// ListTalks lists the talks a filter selects, a page at a time, oldest
// first. A narrowed filter (format, level, language, for a meetup) reads
// the same partition with a filter expression, in at most narrowedReads
// queries a page.
func (t *Table) ListTalks(ctx context.Context, f talks.Filter, cursor string, limit int) ([]talks.Talk, string, error) {
	q := query{index: indexGSI1, partition: talksByStatus + string(f.Status)}
	switch {
	case f.Backlog:
		q = query{index: indexGSI2, partition: talksBacklog}
	case f.MeetupID != "":
		q = query{index: indexGSI2, partition: talksOfMeetup + f.MeetupID}
		if f.Status != "" {
			q.sort = beginsWith(string(f.Status) + "#")
		}
	}
	q.filter = talkFilter(f)
	var items []talkItem
	next := cursor
	for reads := 0; ; reads++ {
		page, after, err := queryPage[talkItem](ctx, t, q, next, limit-len(items))
		if err != nil {
			return nil, "", wrap("list talks", err)
		}
		items, next = append(items, page...), after
		if q.filter == nil || next == "" || len(items) >= limit || reads+1 >= narrowedReads {
			break
		}
	}
	out, err := convert(items, talkItem.talk)
	if err != nil {
		return nil, "", wrap("list talks", err)
	}
	return out, next, nil
}

// talkFilter is the filter expression of a narrowed filter; nil for one
// that is not.
func talkFilter(f talks.Filter) *expression.ConditionBuilder {
	var conds []expression.ConditionBuilder
	if f.ForMeetup {
		conds = append(conds, expression.AttributeExists(expression.Name("meetup_id")))
	}
	for _, c := range []struct{ name, value string }{{"format", string(f.Format)}, {"level", string(f.Level)}, {"language", f.Language}} {
		if c.value != "" {
			conds = append(conds, expression.Name(c.name).Equal(expression.Value(c.value)))
		}
	}
	if len(conds) == 0 {
		return nil
	}
	cond := conds[0]
	for _, c := range conds[1:] {
		cond = cond.And(c)
	}
	return &cond
}

// SpeakerTalks reads up to limit talks of the speaker whose person key is
// owner: their keys from the owner index (one query), then the talks (one
// batch read).
func (t *Table) SpeakerTalks(ctx context.Context, owner string, limit int) ([]talks.Talk, error) {
	keys, _, err := queryPage[key](ctx, t, query{index: indexByOwner, partition: owner, sort: beginsWith(talkPrefix)}, "", limit)
	if err != nil {
		return nil, wrap("speaker talks", err)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	items, err := getItems[talkItem](ctx, t, avs(keys))
	if err != nil {
		return nil, wrap("speaker talks", err)
	}
	out, err := convert(items, talkItem.talk)
	if err != nil {
		return nil, wrap("speaker talks", err)
	}
	return out, nil
}

// MeetupTalks lists a meetup's programme: its accepted and confirmed talks,
// in the order they were submitted. A withdrawn talk has left the meetup's
// GSI2 partition in the very write that withdrew it.
func (t *Table) MeetupTalks(ctx context.Context, meetupID string) ([]meetups.Talk, error) {
	ts, err := t.programme(ctx, meetupID)
	if err != nil {
		return nil, wrap("meetup talks", err)
	}
	out := make([]meetups.Talk, len(ts))
	for i, tk := range ts {
		out[i] = meetups.Talk{ID: tk.ID, Title: tk.Title, SpeakerName: tk.Name, Format: string(tk.Format), Status: string(tk.Status), Speaker: tk.Owner}
	}
	return out, nil
}

// Programme lists a meetup's accepted and confirmed talks, with their
// speakers (for the meetup reminder).
func (t *Table) Programme(ctx context.Context, meetupID string) ([]talks.Talk, error) {
	ts, err := t.programme(ctx, meetupID)
	if err != nil {
		return nil, wrap("programme", err)
	}
	return ts, nil
}

// programme reads a meetup's accepted and confirmed talks, in the order they
// were submitted.
func (t *Table) programme(ctx context.Context, meetupID string) ([]talks.Talk, error) {
	var items []talkItem
	for _, st := range []talks.Status{talks.Accepted, talks.Confirmed} {
		its, err := queryAll[talkItem](ctx, t, query{index: indexGSI2, partition: talksOfMeetup + meetupID, sort: beginsWith(string(st) + "#")})
		if err != nil {
			return nil, err
		}
		items = append(items, its...)
	}
	ts, err := convert(items, talkItem.talk)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ts, func(a, b talks.Talk) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return ts, nil
}

// AnonymizeTalks removes a speaker's personal data from their talks before
// an erase: a talk on a meetup's programme (accepted or
// confirmed) keeps its title, format and meetup and loses the speaker's
// name, email, abstract, the organizers' message and its owner; every other
// talk of theirs is deleted. Each write is conditional on the status it was
// decided for, so a talk decided at the same moment is looked at again.
func (t *Table) AnonymizeTalks(ctx context.Context, owner string) error {
	keys, err := t.ownerKeys(ctx, owner)
	if err != nil {
		return wrap("anonymize talks", err)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k.PK, talkPrefix) {
			continue
		}
		if err := t.anonymizeTalk(ctx, k, owner); err != nil {
			return wrap("anonymize talks", err)
		}
	}
	return nil
}

func (t *Table) anonymizeTalk(ctx context.Context, k key, owner string) error {
	programme := []expression.OperandBuilder{expression.Value(string(talks.Accepted)), expression.Value(string(talks.Confirmed))}
	for range 10 {
		var it talkItem
		err := t.get(ctx, k, &it)
		if errors.Is(err, errNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if it.Owner != owner {
			return nil // done already
		}
		mine := expression.Name("owner").Equal(expression.Value(owner))
		if talks.Status(it.Status).OnProgramme() {
			upd := expression.Remove(expression.Name("owner")).
				Remove(expression.Name("name")).
				Remove(expression.Name("email")).
				Remove(expression.Name("abstract")).
				Remove(expression.Name("message"))
			cond := mine.And(expression.Name("status").In(programme[0], programme[1]))
			err = t.update(ctx, k, upd, &cond, nil)
		} else {
			cond := mine.And(expression.Not(expression.Name("status").In(programme[0], programme[1])))
			err = t.remove(ctx, k, &cond)
		}
		if !errors.Is(err, errConditionFailed) {
			return err
		}
	}
	return fmt.Errorf("talk %s keeps changing", k.PK)
}
