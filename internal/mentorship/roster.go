package mentorship

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/token"
)

// Roster is the mentorships as they stand: every pair with its health, and
// the check-in links of its two sides. It is what the scheduled jobs need of
// mentorship, and the part of the Service that reads.
type Roster struct {
	store  Store
	tokens *token.Issuer
	now    func() time.Time
	links  email.Links
}

// NewRoster builds a Roster on store, issuing check-in links with tokens
// to put in links.
func NewRoster(store Store, tokens *token.Issuer, now func() time.Time, links email.Links) (*Roster, error) {
	err := deps.Require("mentorship roster", deps.Given("Store", store), deps.Given("Tokens", tokens), deps.Given("Now", now),
		deps.That("Links", links.Valid()))
	if err != nil {
		return nil, err
	}
	return &Roster{store: store, tokens: tokens, now: now, links: links}, nil
}

// CheckInLink issues a check-in link for one side of a pair: the token
// works for that side of that pair only, while the pair is active. The
// check-in reminders use it too.
func (s *Roster) CheckInLink(ctx context.Context, pairID string, side Role, a Application) (string, error) {
	raw, err := s.tokens.Issue(ctx, checkInPurpose(side), pairID, a.Owner, a.Language, CheckInLinkTTL)
	if err != nil {
		return "", err
	}
	return s.links.CheckIn(raw), nil
}

func checkInPurpose(side Role) token.Purpose {
	if side == Mentor {
		return token.MentorCheckIn
	}
	return token.MenteeCheckIn
}

// Mentorship is a pair as organizers see it: the pair, its health now, and
// the two applications (zero when erased meanwhile).
type Mentorship struct {
	Pair
	Health
	MentorApplication Application
	MenteeApplication Application
}

// Get reads one mentorship.
func (s *Roster) Get(ctx context.Context, id string) (Mentorship, error) {
	p, err := s.store.GetPair(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && p.Status == PairPending) {
		return Mentorship{}, noMentorship()
	}
	if err != nil {
		return Mentorship{}, fmt.Errorf("get mentorship %s: %w", id, err)
	}
	return s.withApplicationsOf(ctx, p)
}

// Mentorships lists pairs by state: "" lists every pair that has not ended;
// "ended" the ended ones; any other state the pairs in that state now.
func (s *Roster) Mentorships(ctx context.Context, state, cursor string, limit int) ([]Mentorship, string, error) {
	now := s.now()
	var keep func(Pair) bool
	switch {
	case state == "" || state == string(StateEnded):
	case slices.Contains(States, State(state)):
		keep = func(p Pair) bool { return Assess(p, now).State == State(state) }
	default:
		return nil, "", apperr.Field("status", problem.OneOf, problem.Choices("active", "overdue", "at_risk", "stalled", "ended"))
	}
	ps, next, err := s.store.ListPairs(ctx, state == string(StateEnded), keep, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list mentorships: %w", err)
	}
	return s.pageWithApplications(ctx, ps, next)
}

// withApplicationsOf is one pair as a Mentorship, with its two applications.
func (s *Roster) withApplicationsOf(ctx context.Context, p Pair) (Mentorship, error) {
	ms, err := s.withApplications(ctx, []Pair{p})
	if err != nil {
		return Mentorship{}, err
	}
	return ms[0], nil
}

// pageWithApplications is a page of pairs as Mentorships, with their
// applications, and the cursor of the next page.
func (s *Roster) pageWithApplications(ctx context.Context, ps []Pair, next string) ([]Mentorship, string, error) {
	ms, err := s.withApplications(ctx, ps)
	if err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

// withApplications is pairs as Mentorships, each with its two applications,
// read together.
func (s *Roster) withApplications(ctx context.Context, ps []Pair) ([]Mentorship, error) {
	ids := make([]string, 0, 2*len(ps))
	for _, p := range ps {
		ids = append(ids, p.MentorApp, p.MenteeApp)
	}
	apps, err := s.store.GetApplications(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("applications of mentorships: %w", err)
	}
	now := s.now()
	out := make([]Mentorship, len(ps))
	for i, p := range ps {
		out[i] = Mentorship{Pair: p, Health: Assess(p, now), MentorApplication: apps[p.MentorApp], MenteeApplication: apps[p.MenteeApp]}
	}
	return out, nil
}

// EndedSince lists the mentorships ended after since, the most recently
// ended first, a page at a time: what the check-in reminder job follows up.
func (s *Roster) EndedSince(ctx context.Context, since time.Time, cursor string, limit int) ([]Mentorship, string, error) {
	ps, next, err := s.store.EndedSince(ctx, since, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("mentorships ended since: %w", err)
	}
	return s.pageWithApplications(ctx, ps, next)
}

// CheckIns lists a mentorship's check-ins, both sides', the latest first,
// a page at a time.
func (s *Roster) CheckIns(ctx context.Context, pairID, cursor string, limit int) ([]CheckIn, string, error) {
	cs, next, err := s.store.CheckIns(ctx, pairID, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("check-ins of %s: %w", pairID, err)
	}
	return cs, next, nil
}

// NeedingHelp lists the current pairs whose latest check-in asks for help
// (need_help, or blocked on the full form), a page at a time: those the
// state rules call at risk or stalled for it, and whom an organizer should
// reach first.
func (s *Roster) NeedingHelp(ctx context.Context, cursor string, limit int) ([]Mentorship, string, error) {
	now := s.now()
	ps, next, err := s.store.ListPairs(ctx, false, func(p Pair) bool { return Assess(p, now).AskedForHelp }, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list mentorships needing help: %w", err)
	}
	return s.pageWithApplications(ctx, ps, next)
}

// Application reads one application.
func (s *Roster) Application(ctx context.Context, id string) (Application, error) {
	a, err := s.store.GetApplication(ctx, id)
	return apperr.Found(a, err, ErrNotFound, noApplication(), "get application %s", id)
}
