package topics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/shortid"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// Store keeps topics. Every write is one single-item conditional write.
type Store interface {
	// CreateTopic stores a new topic; ErrExists if its id is taken.
	CreateTopic(ctx context.Context, t Topic) error
	GetTopic(ctx context.Context, id string) (Topic, error)
	// Vote adds voter to an open topic's voters and one to its votes, in one
	// write conditional on the topic being open and voter not among its
	// voters: it reports false, and changes nothing, for a second vote.
	// ErrChanged if the topic is not open, ErrNotFound if it is not there.
	Vote(ctx context.Context, id, voter string, at time.Time) (bool, error)
	// Unvote takes voter's vote back, in one write conditional on voter
	// being among the topic's voters; false, and nothing changed, if not.
	Unvote(ctx context.Context, id, voter string, at time.Time) (bool, error)
	// OpenTopics lists up to MaxOpen open topics, in no particular order,
	// in one query.
	OpenTopics(ctx context.Context) ([]Topic, error)
	// ListTopics lists up to limit topics of one status, in no particular order.
	ListTopics(ctx context.Context, status Status, limit int) ([]Topic, error)
	// SetStatus moves a topic from one status to another (claimed by
	// claimedBy, merged into mergedInto), conditional on it being in from
	// and, when from is Claimed, claimed by fromClaim; ErrChanged if not.
	SetStatus(ctx context.Context, id string, from Status, fromClaim string, to Topic) error
	// MergeVoters writes into's voters and votes as voters, conditional on
	// into still having the votes it was read with (read): ErrChanged if a
	// vote came meanwhile.
	MergeVoters(ctx context.Context, into Topic, read int, voters []string) error
	// ForgetVoter takes voter out of the voters of topic id, whatever its
	// status, and one from its votes; nothing if voter is not among them.
	ForgetVoter(ctx context.Context, id, voter string) error
}

// Service runs the wishlist. Build it with New.
type Service struct {
	store  Store
	tokens *token.Issuer
	// confirmed reports whether a person key is a confirmed member.
	confirmed func(ctx context.Context, key string) (bool, error)
	log       *slog.Logger
	now       func() time.Time
}

// Deps is what a Service is built from.
type Deps struct {
	Store     Store
	Tokens    *token.Issuer
	Confirmed func(ctx context.Context, key string) (bool, error)
	Log       *slog.Logger
	Now       func() time.Time
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	if err := deps.Require("topics", deps.Given("Store", d.Store), deps.Given("Tokens", d.Tokens),
		deps.Given("Confirmed", d.Confirmed), deps.Given("Log", d.Log), deps.Given("Now", d.Now)); err != nil {
		return nil, err
	}
	return &Service{store: d.Store, tokens: d.Tokens, confirmed: d.Confirmed, log: d.Log, now: d.Now}, nil
}

var (
	errNotMember = apperr.New(apperr.Forbidden, "Only a confirmed member can propose topics and vote.")
	errBusy      = apperr.New(apperr.Throttled, "This topic is changing right now. Please try again in a moment.")
)

func notFound() error { return apperr.New(apperr.NotFound, "No such topic.") }

// Member checks a member page token and returns the person key of the
// confirmed member it belongs to.
func (s *Service) Member(ctx context.Context, raw string) (string, error) {
	tok, err := s.tokens.Check(ctx, raw, token.MemberPage)
	if err != nil && !isUsed(err) {
		return "", err
	}
	key := tok.Subject
	ok, err := s.confirmed(ctx, key)
	if err != nil {
		return "", fmt.Errorf("topics member: %w", err)
	}
	if !ok {
		return "", errNotMember
	}
	return key, nil
}

// isUsed reports the conflict Check answers for a used token: a member
// page link is opened many times, so it is still the member's.
func isUsed(err error) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.Conflict
}

// ProposeInput is the propose form.
type ProposeInput struct {
	Title    string `json:"title"`
	Why      string `json:"why"`
	Language string `json:"language"`
}

func (in *ProposeInput) normalize() error {
	in.Title, in.Why = strings.TrimSpace(in.Title), strings.TrimSpace(in.Why)
	v := validate.New()
	v.RequiredLine("title", in.Title, MaxTitle)
	v.MaxLen("why", in.Why, MaxWhy)
	v.Text("why", in.Why)
	v.OneOf("language", in.Language, string(lang.English), string(lang.Persian))
	return v.Err()
}

// Propose adds a topic to the wishlist for the member whose person key is
// member, with their own vote.
func (s *Service) Propose(ctx context.Context, member string, in ProposeInput) (Topic, error) {
	if err := in.normalize(); err != nil {
		return Topic{}, err
	}
	now := s.now()
	t := Topic{ID: newID(), Title: in.Title, Why: in.Why, Language: in.Language, Owner: member, Voters: []string{member}, Votes: 1,
		Status: Open, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateTopic(ctx, t); err != nil {
		return Topic{}, fmt.Errorf("propose topic: %w", err)
	}
	s.log.InfoContext(ctx, "topic proposed", "topic", t.ID)
	return t, nil
}

// Vote records the member's vote for an open topic (vote true) or takes it
// back (false). A second vote, or taking back a vote never given, changes
// nothing. It answers the topic as it is afterwards.
func (s *Service) Vote(ctx context.Context, member, id string, vote bool) (Topic, error) {
	if !validID(id) {
		return Topic{}, notFound()
	}
	var err error
	if vote {
		_, err = s.store.Vote(ctx, id, member, s.now())
	} else {
		_, err = s.store.Unvote(ctx, id, member, s.now())
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return Topic{}, notFound()
	case errors.Is(err, ErrChanged):
		return Topic{}, apperr.New(apperr.Conflict, "This topic is no longer open for votes.")
	case err != nil:
		return Topic{}, fmt.Errorf("vote topic %s: %w", id, err)
	}
	return s.Get(ctx, id)
}

// Get reads a topic.
func (s *Service) Get(ctx context.Context, id string) (Topic, error) {
	if !validID(id) {
		return Topic{}, notFound()
	}
	t, err := s.store.GetTopic(ctx, id)
	return apperr.Found(t, err, ErrNotFound, notFound(), "get topic %s", id)
}

// Wanted is up to n of the most-wanted open topics (unclaimed), most votes
// first: one query, whatever the size of the table.
func (s *Service) Wanted(ctx context.Context, n int) ([]Topic, error) {
	ts, err := s.store.OpenTopics(ctx)
	if err != nil {
		return nil, fmt.Errorf("wanted topics: %w", err)
	}
	ts = Ranked(ts)
	if len(ts) > n {
		ts = ts[:n]
	}
	return ts, nil
}

// validID reports whether id can be a topic's id.
func validID(id string) bool {
	if id == "" || len(id) > MaxID {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func newID() string { return shortid.New(12) }

// Forget takes the person key of a member being erased out of every
// topic's voters (the topics they proposed go with their data, by their
// owner): one query per status, and one write per topic they voted for.
func (s *Service) Forget(ctx context.Context, key string) error {
	for _, st := range []Status{Open, Claimed, Hidden, Merged} {
		ts, err := s.store.ListTopics(ctx, st, MaxOpen)
		if err != nil {
			return fmt.Errorf("forget voter: %w", err)
		}
		for _, t := range ts {
			if !t.Voted(key) {
				continue
			}
			if err := s.store.ForgetVoter(ctx, t.ID, key); err != nil {
				return fmt.Errorf("forget voter: %w", err)
			}
		}
	}
	return nil
}
