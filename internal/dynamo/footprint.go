package dynamo

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/memberview"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
)

// MemberCounts counts the members: every confirmed one (from the
// confirmed-members partition, one request per about a thousand members),
// and those still inside their confirmation window (the pending partition,
// which the daily caps keep small).
func (t *Table) MemberCounts(ctx context.Context, now time.Time) (memberview.Counts, error) {
	confirmed, err := queryAll[memberItem](ctx, t, query{index: indexGSI1, partition: membersByJoinDate})
	if err != nil {
		return memberview.Counts{}, wrap("count members", err)
	}
	pending, err := queryAll[key](ctx, t, query{index: indexGSI1, partition: pendingMembers, sort: after(timeKey(now))})
	if err != nil {
		return memberview.Counts{}, wrap("count members", err)
	}
	c := memberview.Counts{Pending: len(pending)}
	for _, it := range confirmed {
		m, err := it.member()
		if err != nil {
			return memberview.Counts{}, wrap("count members", err)
		}
		c.Confirmed = append(c.Confirmed, memberview.Joined{At: m.ConfirmedAt, Unsubscribed: m.Unsubscribed})
	}
	return c, nil
}

// Footprint reads everything the table holds of owner's that an organizer
// answering them needs: their membership, registrations, talks and
// mentorship applications. It finds them through the ByOwner index, as
// erasing does, and reads them a hundred at a time.
func (t *Table) Footprint(ctx context.Context, owner string) (memberview.Footprint, error) {
	keys, err := t.ownerKeys(ctx, owner)
	if err != nil {
		return memberview.Footprint{}, wrap("footprint", err)
	}
	keys = slices.DeleteFunc(keys, func(k key) bool {
		switch {
		case k == memberKey(owner), strings.HasPrefix(k.PK, "MEETUP#") && strings.HasPrefix(k.SK, "REG#"),
			k == talkKey(strings.TrimPrefix(k.PK, talkPrefix)), k == applicationKey(strings.TrimPrefix(k.PK, "MAPP#")):
			return false
		}
		return true
	})
	var f memberview.Footprint
	for chunk := range slices.Chunk(keys, 100) {
		raw, err := t.getBatch(ctx, avs(chunk))
		if err != nil {
			return memberview.Footprint{}, wrap("footprint", err)
		}
		for _, item := range raw {
			if err := addToFootprint(&f, item); err != nil {
				return memberview.Footprint{}, wrap("footprint", err)
			}
		}
	}
	return f, nil
}

// addToFootprint decodes one item of a person's into f, by its key.
func addToFootprint(f *memberview.Footprint, item map[string]types.AttributeValue) error {
	var k key
	if err := attributevalue.UnmarshalMap(item, &k); err != nil {
		return err
	}
	switch {
	case strings.HasPrefix(k.PK, "MEMBER#"):
		return decodeInto(item, memberItem.member, func(m members.Member) { f.Member = &m })
	case strings.HasPrefix(k.PK, "MEETUP#"):
		return decodeInto(item, registrationItem.registration, func(r meetups.Registration) { f.Registrations = append(f.Registrations, r) })
	case strings.HasPrefix(k.PK, talkPrefix):
		return decodeInto(item, talkItem.talk, func(tk talks.Talk) { f.Talks = append(f.Talks, tk) })
	case strings.HasPrefix(k.PK, "MAPP#"):
		return decodeInto(item, applicationItem.application, func(a mentorship.Application) { f.Applications = append(f.Applications, a) })
	}
	return nil
}

// decodeInto decodes item as an I, converts it and hands it to use.
func decodeInto[I, T any](item map[string]types.AttributeValue, conv func(I) (T, error), use func(T)) error {
	var it I
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return err
	}
	v, err := conv(it)
	if err != nil {
		return err
	}
	use(v)
	return nil
}
