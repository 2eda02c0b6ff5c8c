package talks

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/shortid"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// Store keeps talks. Every method is one single-item read or write, except
// the listings; MoveTalk is conditional on the status and version the
// caller read.
type Store interface {
	// CreateTalk stores a new talk; ErrExists if its id is taken.
	CreateTalk(ctx context.Context, t Talk) error
	GetTalk(ctx context.Context, id string) (Talk, error)
	// MoveTalk writes t's status, meetup and message, and where the talk is
	// listed, if the stored talk is still as from (its status and version)
	// had it; ErrChanged if not. The talk written has the next version.
	MoveTalk(ctx context.Context, t Talk, from Talk) (Talk, error)
	// DeleteTalk removes a talk if it is still in status.
	DeleteTalk(ctx context.Context, id string, status Status) error
	// ListTalks lists the talks f selects, oldest first, a page at a time.
	ListTalks(ctx context.Context, f Filter, cursor string, limit int) ([]Talk, string, error)
	// SpeakerTalks lists up to limit talks of the speaker whose person key
	// is owner, in no particular order.
	SpeakerTalks(ctx context.Context, owner string, limit int) ([]Talk, error)
	// AgreeCoSpeaker records that the mentor of capstone talk id agreed to
	// be named co-speaker; ErrNotFound if there is no such talk.
	AgreeCoSpeaker(ctx context.Context, id string, at time.Time) (Talk, error)
}

// Meetups reads the meetups that talks are given at.
type Meetups interface {
	GetMeetup(ctx context.Context, id string) (meetups.Meetup, error)
}

// Topics is the topic wishlist, as talks claim its topics.
type Topics interface {
	// Open reports whether id is an open topic a talk can be submitted from.
	Open(ctx context.Context, id string) (bool, error)
	// Claim marks the open topic id claimed by the talk talkID; false if
	// it is no longer open (another talk claimed it first).
	Claim(ctx context.Context, id, talkID string) (bool, error)
	// Release opens the topic id again if talkID claims it.
	Release(ctx context.Context, id, talkID string) error
}

// Service carries out the call for proposals. Build it with New.
type Service struct {
	store   Store
	meetups Meetups
	topics  Topics
	tokens  *token.Issuer
	mail    email.Sender
	capped  *mailcap.Cap
	pages   email.MemberPages
	log     *slog.Logger
	now     func() time.Time
	links   email.Links
	zone    *time.Location
}

// Deps is what a Service is built from.
type Deps struct {
	Store   Store
	Meetups Meetups
	// Topics is the wishlist the talks claim topics of.
	Topics Topics
	Tokens *token.Issuer
	Mail   email.Sender
	// Capped sends the submission emails the form causes: a few a day to
	// one address, and a failed one costing nothing.
	Capped *mailcap.Cap
	// Pages gives each email to a speaker who is a member the link to
	// their own page.
	Pages email.MemberPages
	Log   *slog.Logger
	Now   func() time.Time
	Links email.Links
	Zone  *time.Location
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("talks", deps.Given("Store", d.Store), deps.Given("Meetups", d.Meetups), deps.Given("Topics", d.Topics), deps.Given("Tokens", d.Tokens),
		deps.Given("Mail", d.Mail), deps.Given("Capped", d.Capped), deps.Given("Pages", d.Pages), deps.Given("Log", d.Log), deps.Given("Now", d.Now),
		deps.That("Links", d.Links.Valid()), deps.Given("Zone", d.Zone))
	if err != nil {
		return nil, err
	}
	return &Service{
		store: d.Store, meetups: d.Meetups, topics: d.Topics, tokens: d.Tokens, mail: d.Mail, capped: d.Capped, pages: d.Pages, log: d.Log, now: d.Now,
		links: d.Links, zone: d.Zone,
	}, nil
}

// Limits of a talk's fields; the website's talk form caps its fields at
// these too (internal/memberforms).
const (
	MaxName     = 100
	MaxTitle    = 120
	MaxAbstract = 5000
	maxMessage  = 2000
	MaxMeetupID = 64
	MaxTopicID  = 64
)

// backlogWithdrawTTL is how long the withdraw link of a talk with no meetup
// yet stays valid: the backlog is drawn from over many months.
const backlogWithdrawTTL = 365 * 24 * time.Hour

// verifyTTL is how long a new proposal waits for its speaker to confirm the
// address it names: the life of the submission email's confirm link, and
// of the pending talk, which DynamoDB then deletes.
const verifyTTL = 7 * 24 * time.Hour

// retries bounds the read-and-retry loop of a speaker's move; each retry
// means an organizer decided the talk in between.
const retries = 10

var errBusy = apperr.New(apperr.Throttled, "This talk is changing right now. Please try again in a moment.")

func notFound() error { return apperr.New(apperr.NotFound, "No such talk.") }

// openMeetup reads the meetup a talk is for, which must be scheduled and
// not yet started; anything else is a problem with the field meetup_id.
func (s *Service) openMeetup(ctx context.Context, id string) (meetups.Meetup, error) {
	m, err := s.meetups.GetMeetup(ctx, id)
	if errors.Is(err, meetups.ErrNotFound) {
		return meetups.Meetup{}, apperr.Field("meetup_id", problem.NotMeetup)
	}
	if err != nil {
		return meetups.Meetup{}, fmt.Errorf("meetup %s: %w", id, err)
	}
	if m.Status != meetups.Scheduled {
		return meetups.Meetup{}, apperr.Field("meetup_id", problem.CancelledMeetup)
	}
	if !s.now().Before(m.StartsAt) {
		return meetups.Meetup{}, apperr.Field("meetup_id", problem.StartedMeetup)
	}
	return m, nil
}

// Get reads a talk.
func (s *Service) Get(ctx context.Context, id string) (Talk, error) {
	t, err := s.store.GetTalk(ctx, id)
	return apperr.Found(t, err, ErrNotFound, notFound(), "get talk %s", id)
}

// ListQuery is an organizer's filter as the query string has it.
type ListQuery struct {
	Status   string // a status; with neither of the others, default submitted
	MeetupID string // the talks for one meetup (preferred or assigned)
	Backlog  string // "true": the submitted talks for no meetup
}

// filter checks q and turns it into a Filter. With no filter at all the
// list is the talks waiting for a decision (submitted).
func (q ListQuery) filter() (Filter, error) {
	var f Filter
	v := validate.New()
	if q.Status != "" {
		ok := false
		names := make([]string, len(listed))
		for i, s := range listed {
			names[i] = string(s)
			ok = ok || q.Status == string(s)
		}
		if v.Check("status", ok, problem.OneOf, problem.Choices(names...)) {
			f.Status = Status(q.Status)
		}
	}
	if q.Backlog != "" {
		b, err := strconv.ParseBool(q.Backlog)
		if v.Check("backlog", err == nil, problem.Bool) {
			f.Backlog = b
		}
	}
	f.MeetupID = strings.TrimSpace(q.MeetupID)
	v.MaxLen("meetup_id", f.MeetupID, MaxMeetupID)
	if f.Backlog {
		v.Check("meetup_id", f.MeetupID == "", problem.NotWithBacklog)
		v.Check("status", f.Status == "" || f.Status == Submitted, problem.BacklogSubmitted)
	}
	if err := v.Err(); err != nil {
		return Filter{}, err
	}
	if f.Status == "" && f.MeetupID == "" && !f.Backlog {
		f.Status = Submitted
	}
	return f, nil
}

// List lists talks for organizers, oldest first.
func (s *Service) List(ctx context.Context, q ListQuery, cursor string, limit int) ([]Talk, string, error) {
	f, err := q.filter()
	if err != nil {
		return nil, "", err
	}
	ts, next, err := s.store.ListTalks(ctx, f, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list talks: %w", err)
	}
	return ts, next, nil
}

// Decisions an organizer can make.
const (
	Accept = "accept"
	Reject = "reject"
)

// DecisionInput is an organizer's decision on a submitted talk.
type DecisionInput struct {
	Decision string `json:"decision"`  // accept or reject
	MeetupID string `json:"meetup_id"` // the meetup an accepted talk is given at
	Message  string `json:"message"`   // optional, emailed to the speaker
}

// Decide accepts a submitted talk for a meetup, or rejects it, and emails
// the speaker. Of two organizers deciding the same talk at the same moment,
// one wins and the other gets a conflict; the speaker gets one email.
func (s *Service) Decide(ctx context.Context, id string, in DecisionInput) (Talk, error) {
	cur, next, err := s.decision(ctx, id, in)
	if err != nil {
		return Talk{}, err
	}
	moved, err := s.move(ctx, cur, next)
	if errors.Is(err, ErrChanged) {
		now, gerr := s.Get(ctx, id)
		if gerr != nil {
			return Talk{}, gerr
		}
		return Talk{}, errMoved(now.Status)
	}
	if err != nil {
		return Talk{}, fmt.Errorf("decide talk %s: %w", id, err)
	}
	if moved.Status == Rejected {
		s.release(ctx, moved)
	}
	s.log.InfoContext(ctx, "talk decided", "talk", id, "status", string(next.Status))
	return moved, nil
}

// Preview is the email the speaker would get if the talk were decided as
// in says now: composed as Decide composes it, with links that stand in
// for the ones Decide issues (they lead nowhere). It is refused as Decide
// would refuse the decision, and changes nothing.
func (s *Service) Preview(ctx context.Context, id string, in DecisionInput) (email.Message, error) {
	_, next, err := s.decision(ctx, id, in)
	if err != nil {
		return email.Message{}, err
	}
	n, err := s.notice(ctx, next, func(token.Purpose, time.Duration) (string, error) { return previewToken, nil })
	if err != nil {
		return email.Message{}, err
	}
	return email.Compose(speaker(next), letterFor(next, n))
}

// previewToken stands in a previewed email's links for the token Decide
// would issue.
const previewToken = "preview"

// decision checks an organizer's decision on talk id and returns the talk
// as read and as the decision would leave it.
func (s *Service) decision(ctx context.Context, id string, in DecisionInput) (cur, next Talk, err error) {
	in.MeetupID, in.Message = strings.TrimSpace(in.MeetupID), validate.NormalizeText(in.Message)
	v := validate.New()
	v.OneOf("decision", in.Decision, Accept, Reject)
	switch in.Decision {
	case Accept:
		v.Required("meetup_id", in.MeetupID)
	case Reject:
		v.Check("meetup_id", in.MeetupID == "", problem.OnlyWithAccept)
	}
	v.MaxLen("meetup_id", in.MeetupID, MaxMeetupID)
	v.MaxLen("message", in.Message, maxMessage)
	v.Multiline("message", in.Message)
	if err := v.Err(); err != nil {
		return Talk{}, Talk{}, err
	}
	to := Rejected
	if in.Decision == Accept {
		to = Accepted
	}
	cur, err = s.Get(ctx, id)
	if err != nil {
		return Talk{}, Talk{}, err
	}
	if cur.Status == Pending {
		// Organizers see nothing of a talk whose speaker has not confirmed
		// the address: it may be anyone's, typed in by anyone.
		return Talk{}, Talk{}, notFound()
	}
	if err := Move(cur.Status, to, Organizer); err != nil {
		return Talk{}, Talk{}, err
	}
	next = cur
	next.Status, next.Message, next.UpdatedAt = to, in.Message, s.now()
	if to == Accepted {
		if _, err := s.openMeetup(ctx, in.MeetupID); err != nil {
			return Talk{}, Talk{}, err
		}
		next.MeetupID = in.MeetupID
	}
	return cur, next, nil
}

// SpeakerTalks lists the other talks of t's speaker that organizers may
// see (none pending), oldest first: at most limit of them.
func (s *Service) SpeakerTalks(ctx context.Context, t Talk, limit int) ([]Talk, error) {
	if t.Owner == "" {
		return nil, nil // the speaker erased their data
	}
	all, err := s.store.SpeakerTalks(ctx, t.Owner, limit+1)
	if err != nil {
		return nil, fmt.Errorf("talks of the speaker of %s: %w", t.ID, err)
	}
	var out []Talk
	for _, o := range all {
		if o.ID != t.ID && o.Status != Pending {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b Talk) int { return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID)) })
	return out[:min(len(out), limit)], nil
}

// newID returns a short random identifier.
func newID() string { return shortid.New(12) }

// Board lists the talks f selects for organizers, oldest first, a page at
// a time: never a pending one, which organizers do not see.
func (s *Service) Board(ctx context.Context, f Filter, cursor string, limit int) ([]Talk, string, error) {
	if f.Status == Pending {
		return nil, "", apperr.Field("status", problem.OneOf, problem.Choices(statusNames()...))
	}
	ts, next, err := s.store.ListTalks(ctx, f, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list talks: %w", err)
	}
	return ts, next, nil
}

// statusNames names the statuses organizers list talks by.
func statusNames() []string {
	names := make([]string, len(listed))
	for i, s := range listed {
		names[i] = string(s)
	}
	return names
}

// Lister lists the talks a filter selects, a page at a time (Store's
// ListTalks).
type Lister interface {
	ListTalks(ctx context.Context, f Filter, cursor string, limit int) ([]Talk, string, error)
}

// ListAll reads every talk f selects, page by page.
func ListAll(ctx context.Context, l Lister, f Filter) ([]Talk, error) {
	var out []Talk
	cursor := ""
	for {
		page, next, err := l.ListTalks(ctx, f, cursor, 100)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}
