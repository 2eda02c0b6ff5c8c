package talks

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// Store keeps talks. Every method is one single-item read or write, except
// the listing; MoveTalk is conditional on the status the caller read.
type Store interface {
	// CreateTalk stores a new talk; ErrExists if its id is taken.
	CreateTalk(ctx context.Context, t Talk) error
	GetTalk(ctx context.Context, id string) (Talk, error)
	// MoveTalk writes t's status, meetup and message, and where the talk is
	// listed, if the stored talk is still in status from; ErrChanged if not.
	MoveTalk(ctx context.Context, t Talk, from Status) (Talk, error)
	// DeleteTalk removes a talk if it is still in status.
	DeleteTalk(ctx context.Context, id string, status Status) error
	// ListTalks lists the talks f selects, oldest first, a page at a time.
	ListTalks(ctx context.Context, f Filter, cursor string, limit int) ([]Talk, string, error)
	// AllowEmail counts an email of kind to owner today; false past max.
	AllowEmail(ctx context.Context, kind, owner string, max int, now time.Time) (bool, error)
}

// Meetups reads the meetups that talks are given at.
type Meetups interface {
	GetMeetup(ctx context.Context, id string) (meetups.Meetup, error)
}

// Service carries out the call for proposals. Build it with New.
type Service struct {
	store           Store
	meetups         Meetups
	tokens          *token.Issuer
	mail            email.Sender
	log             *slog.Logger
	now             func() time.Time
	links           email.Links
	zone            *time.Location
	dailyEmailLimit int
}

// Deps is what a Service is built from.
type Deps struct {
	Store   Store
	Meetups Meetups
	Tokens  *token.Issuer
	Mail    email.Sender
	Log     *slog.Logger
	Now     func() time.Time
	Links   email.Links
	Zone    *time.Location
	// DailyEmailLimit caps the submission emails the form can cause to one
	// address a day; past it talks are still stored, and not confirmed by email.
	DailyEmailLimit int
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("talks", deps.Given("Store", d.Store), deps.Given("Meetups", d.Meetups), deps.Given("Tokens", d.Tokens),
		deps.Given("Mail", d.Mail), deps.Given("Log", d.Log), deps.Given("Now", d.Now), deps.That("Links", d.Links.Valid()),
		deps.Given("Zone", d.Zone), deps.Positive("DailyEmailLimit", d.DailyEmailLimit))
	if err != nil {
		return nil, err
	}
	return &Service{
		store: d.Store, meetups: d.Meetups, tokens: d.Tokens, mail: d.Mail, log: d.Log, now: d.Now,
		links: d.Links, zone: d.Zone, dailyEmailLimit: d.DailyEmailLimit,
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
)

// backlogWithdrawTTL is how long the withdraw link of a talk with no meetup
// yet stays valid: the backlog is drawn from over many months.
const backlogWithdrawTTL = 365 * 24 * time.Hour

// retries bounds the read-and-retry loop of a speaker's move; each retry
// means an organizer decided the talk in between.
const retries = 10

var errBusy = apperr.New(apperr.Throttled, "This talk is changing right now. Please try again in a moment.")

func notFound() error { return apperr.New(apperr.NotFound, "No such talk.") }

// SubmitInput is the proposal form.
type SubmitInput struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Title    string `json:"title"`
	Abstract string `json:"abstract"`
	Format   string `json:"format"`
	Level    string `json:"level"`
	Language string `json:"language"`
	MeetupID string `json:"meetup_id"` // optional: the meetup the speaker would like
}

func (in *SubmitInput) normalize() error {
	in.Name, in.Email, in.Title = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email), strings.TrimSpace(in.Title)
	in.MeetupID = strings.TrimSpace(in.MeetupID)
	in.Abstract = validate.NormalizeText(in.Abstract)
	v := validate.New()
	v.Required("name", in.Name)
	v.MaxLen("name", in.Name, MaxName)
	v.Text("name", in.Name)
	v.Email("email", in.Email)
	v.Required("title", in.Title)
	v.MaxLen("title", in.Title, MaxTitle)
	v.Text("title", in.Title)
	v.Required("abstract", in.Abstract)
	v.MaxLen("abstract", in.Abstract, MaxAbstract)
	v.Multiline("abstract", in.Abstract)
	v.OneOf("format", in.Format, string(Lightning), string(Short), string(Long))
	v.OneOf("level", in.Level, string(Beginner), string(Intermediate), string(Advanced))
	v.OneOf("language", in.Language, string(lang.English), string(lang.Persian))
	v.MaxLen("meetup_id", in.MeetupID, MaxMeetupID)
	v.Text("meetup_id", in.MeetupID)
	return v.Err()
}

// Submit stores a proposal and emails the speaker a confirmation with a link
// to withdraw it. A proposal for a meetup must name a scheduled meetup that
// has not started; one without waits in the backlog.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (Talk, error) {
	if err := in.normalize(); err != nil {
		return Talk{}, err
	}
	if in.MeetupID != "" {
		if _, err := s.openMeetup(ctx, in.MeetupID); err != nil {
			return Talk{}, err
		}
	}
	now := s.now()
	t := Talk{
		ID: newID(), Owner: person.Key(in.Email), Name: in.Name, Email: person.Normalize(in.Email),
		Title: in.Title, Abstract: in.Abstract, Format: Format(in.Format), Level: Level(in.Level),
		Language: in.Language, MeetupID: in.MeetupID, Status: Submitted, CreatedAt: now, UpdatedAt: now,
	}
	if err := s.store.CreateTalk(ctx, t); err != nil {
		return Talk{}, fmt.Errorf("submit talk: %w", err)
	}
	ok, err := s.store.AllowEmail(ctx, "talk-submitted", t.Owner, s.dailyEmailLimit, now)
	if err == nil && ok {
		err = s.tell(ctx, t, nil)
	}
	if err != nil {
		// Nothing half-written: the talk goes, so a retry starts clean.
		if derr := s.store.DeleteTalk(context.WithoutCancel(ctx), t.ID, Submitted); derr != nil {
			s.log.ErrorContext(ctx, "undo talk submission", "talk", t.ID, "err", derr)
		}
		return Talk{}, fmt.Errorf("submit talk: %w", err)
	}
	s.log.InfoContext(ctx, "talk submitted", "talk", t.ID)
	return t, nil
}

// Decoy is the talk a dropped submission (one that filled the form's
// honeypot) is answered with: shaped like a real one, stored nowhere.
func (s *Service) Decoy(in SubmitInput) Talk {
	now := s.now()
	return Talk{
		ID: newID(), Name: in.Name, Title: in.Title, Format: Format(in.Format), Level: Level(in.Level),
		Language: in.Language, MeetupID: in.MeetupID, Status: Submitted, CreatedAt: now, UpdatedAt: now,
	}
}

// openMeetup reads the meetup a talk is for, which must be scheduled and
// not yet started; anything else is a problem with the field meetup_id.
func (s *Service) openMeetup(ctx context.Context, id string) (meetups.Meetup, error) {
	m, err := s.meetups.GetMeetup(ctx, id)
	if errors.Is(err, meetups.ErrNotFound) {
		return meetups.Meetup{}, apperr.Field("meetup_id", "is not a meetup")
	}
	if err != nil {
		return meetups.Meetup{}, fmt.Errorf("meetup %s: %w", id, err)
	}
	if m.Status != meetups.Scheduled {
		return meetups.Meetup{}, apperr.Field("meetup_id", "is a cancelled meetup")
	}
	if !s.now().Before(m.StartsAt) {
		return meetups.Meetup{}, apperr.Field("meetup_id", "is a meetup that has already started")
	}
	return m, nil
}

// Get reads a talk.
func (s *Service) Get(ctx context.Context, id string) (Talk, error) {
	t, err := s.store.GetTalk(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Talk{}, notFound()
	}
	if err != nil {
		return Talk{}, fmt.Errorf("get talk %s: %w", id, err)
	}
	return t, nil
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
		names := make([]string, len(statuses))
		for i, s := range statuses {
			names[i] = string(s)
			ok = ok || q.Status == string(s)
		}
		if v.Check("status", ok, "must be one of: "+strings.Join(names, ", ")) {
			f.Status = Status(q.Status)
		}
	}
	if q.Backlog != "" {
		b, err := strconv.ParseBool(q.Backlog)
		if v.Check("backlog", err == nil, "must be true or false") {
			f.Backlog = b
		}
	}
	f.MeetupID = strings.TrimSpace(q.MeetupID)
	v.MaxLen("meetup_id", f.MeetupID, MaxMeetupID)
	if f.Backlog {
		v.Check("meetup_id", f.MeetupID == "", "cannot be combined with backlog")
		v.Check("status", f.Status == "" || f.Status == Submitted, "the backlog holds only submitted talks")
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
	in.MeetupID, in.Message = strings.TrimSpace(in.MeetupID), validate.NormalizeText(in.Message)
	v := validate.New()
	v.OneOf("decision", in.Decision, Accept, Reject)
	switch in.Decision {
	case Accept:
		v.Required("meetup_id", in.MeetupID)
	case Reject:
		v.Check("meetup_id", in.MeetupID == "", "goes only with accept")
	}
	v.MaxLen("meetup_id", in.MeetupID, MaxMeetupID)
	v.MaxLen("message", in.Message, maxMessage)
	v.Multiline("message", in.Message)
	if err := v.Err(); err != nil {
		return Talk{}, err
	}
	to := Rejected
	if in.Decision == Accept {
		to = Accepted
	}
	cur, err := s.Get(ctx, id)
	if err != nil {
		return Talk{}, err
	}
	if err := Move(cur.Status, to, Organizer); err != nil {
		return Talk{}, err
	}
	next := cur
	next.Status, next.Message, next.UpdatedAt = to, in.Message, s.now()
	if to == Accepted {
		if _, err := s.openMeetup(ctx, in.MeetupID); err != nil {
			return Talk{}, err
		}
		next.MeetupID = in.MeetupID
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
	s.log.InfoContext(ctx, "talk decided", "talk", id, "status", string(to))
	return moved, nil
}

// newID returns a short random identifier.
func newID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	var b [12]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}
