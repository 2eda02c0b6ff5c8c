package topics

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/validate"
)

// Board is what organizers see: the open topics by votes, then the claimed
// ones, then the hidden ones.
type Board struct {
	Open, Claimed, Hidden []Topic
}

// Board reads the organizers' topics page.
func (s *Service) Board(ctx context.Context) (Board, error) {
	var b Board
	var err error
	if b.Open, err = s.store.OpenTopics(ctx); err != nil {
		return Board{}, fmt.Errorf("topic board: %w", err)
	}
	if b.Claimed, err = s.store.ListTopics(ctx, Claimed, MaxOpen); err != nil {
		return Board{}, fmt.Errorf("topic board: %w", err)
	}
	if b.Hidden, err = s.store.ListTopics(ctx, Hidden, MaxOpen); err != nil {
		return Board{}, fmt.Errorf("topic board: %w", err)
	}
	b.Open, b.Claimed, b.Hidden = Ranked(b.Open), Ranked(b.Claimed), Ranked(b.Hidden)
	return b, nil
}

// Hide takes an open topic off the wishlist.
func (s *Service) Hide(ctx context.Context, id string) (Topic, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return Topic{}, err
	}
	if t.Status != Open {
		return Topic{}, apperr.New(apperr.Conflict, "Only an open topic can be hidden.")
	}
	to := t
	to.Status, to.UpdatedAt = Hidden, s.now()
	if err := s.store.SetStatus(ctx, id, Open, "", to); errors.Is(err, ErrChanged) {
		return Topic{}, apperr.New(apperr.Conflict, "This topic changed meanwhile; reload it.")
	} else if err != nil {
		return Topic{}, fmt.Errorf("hide topic %s: %w", id, err)
	}
	s.log.InfoContext(ctx, "topic hidden", "topic", id)
	return to, nil
}

// MergeInput names the topic a duplicate is merged into.
type MergeInput struct {
	Into string `json:"into"`
}

// retries bounds the read-and-retry loop of a merge.
const retries = 10

// Merge merges the open topic id, a duplicate, into the open topic
// in.Into: the duplicate's voters join the other's (a member who voted for
// both counts once), and the duplicate leaves the wishlist, merged. The
// duplicate is closed first, so no vote for it comes after its voters were
// read; the other topic's voters are then written conditional on its
// votes as read, read again and retried when a vote came meanwhile.
func (s *Service) Merge(ctx context.Context, id string, in MergeInput) (Topic, error) {
	in.Into = strings.TrimSpace(in.Into)
	v := validate.New()
	v.Required("into", in.Into)
	v.Check("into", in.Into != id, problem.SameTopic)
	if err := v.Err(); err != nil {
		return Topic{}, err
	}
	dup, err := s.Get(ctx, id)
	if err != nil {
		return Topic{}, err
	}
	into, err := s.store.GetTopic(ctx, in.Into)
	if errors.Is(err, ErrNotFound) || (err == nil && into.Status != Open) || !validID(in.Into) {
		return Topic{}, apperr.Field("into", problem.NotOpenTopic)
	}
	if err != nil {
		return Topic{}, fmt.Errorf("merge topic: %w", err)
	}
	if dup.Status != Open {
		return Topic{}, apperr.New(apperr.Conflict, "Only an open topic can be merged.")
	}
	closed := dup
	closed.Status, closed.MergedInto, closed.UpdatedAt = Merged, into.ID, s.now()
	if err := s.store.SetStatus(ctx, id, Open, "", closed); errors.Is(err, ErrChanged) {
		return Topic{}, apperr.New(apperr.Conflict, "This topic changed meanwhile; reload it.")
	} else if err != nil {
		return Topic{}, fmt.Errorf("merge topic %s: %w", id, err)
	}
	// Its voters are final now: a vote needs an open topic.
	if dup, err = s.store.GetTopic(ctx, id); err != nil {
		return Topic{}, fmt.Errorf("merge topic %s: %w", id, err)
	}
	for range retries {
		voters := union(into.Voters, dup.Voters)
		err := s.store.MergeVoters(ctx, into, into.Votes, voters)
		if err == nil {
			into.Voters, into.Votes = voters, len(voters)
			s.log.InfoContext(ctx, "topic merged", "topic", id, "into", into.ID)
			return into, nil
		}
		if !errors.Is(err, ErrChanged) {
			return Topic{}, fmt.Errorf("merge topic %s: %w", id, err)
		}
		if into, err = s.store.GetTopic(ctx, into.ID); err != nil {
			return Topic{}, fmt.Errorf("merge topic %s: %w", id, err)
		}
	}
	return Topic{}, errBusy
}

// union is a's keys and b's, each once.
func union(a, b []string) []string {
	seen := make(map[string]bool, len(a)+len(b))
	var out []string
	for _, k := range append(append([]string(nil), a...), b...) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
