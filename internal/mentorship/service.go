package mentorship

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
)

// Store keeps applications, pairs and check-ins. Every method is one read or
// one single-item write (conditional where it changes shared state), except
// FreePlace, which repeats its one conditional write while other writers move
// the list under it. docs/MENTORSHIP.md gives the order the service calls
// them in and why.
type Store interface {
	// PutApplication stores a new application, or opens again a closed one
	// of the same person and role (keeping its history); reopened tells
	// which. ErrExists when the person's application is open, full or paired.
	PutApplication(ctx context.Context, a Application) (reopened bool, err error)
	GetApplication(ctx context.Context, id string) (Application, error)
	// GetApplications reads many applications at once; missing ones are
	// absent from the map.
	// ApplicationsOf lists a person's applications, by their person key.
	ApplicationsOf(ctx context.Context, owner string) ([]Application, error)
	GetApplications(ctx context.Context, ids []string) (map[string]Application, error)
	// UndoApplication takes back an application whose acknowledgement could
	// not be sent, if it is still exactly as a left it: a new one is deleted,
	// a reopened one closed again.
	UndoApplication(ctx context.Context, a Application) error
	// ListApplications lists applications with status (and role, unless
	// ""), oldest first.
	ListApplications(ctx context.Context, role Role, status AppStatus, cursor string, limit int) ([]Application, string, error)

	// CreatePair stores a new pending pair.
	CreatePair(ctx context.Context, p Pair) error
	GetPair(ctx context.Context, id string) (Pair, error)
	// ClaimMentee moves an open mentee application to paired with pairID;
	// ErrChanged if it is not open.
	ClaimMentee(ctx context.Context, menteeApp, pairID string, at time.Time) error
	// ReleaseMentee moves a mentee application held by pairID to status
	// (open or closed); it does nothing if pairID no longer holds it.
	ReleaseMentee(ctx context.Context, menteeApp, pairID string, status AppStatus, at time.Time) error
	// TakePlace gives pairID one of the mentor's places if the mentor still
	// holds exactly the places m shows and one of them is free; ErrChanged
	// otherwise.
	TakePlace(ctx context.Context, m Application, pairID string, at time.Time) (Application, error)
	// FreePlace gives back the mentor's place pairID holds, if it holds one.
	FreePlace(ctx context.Context, mentorApp, pairID string, at time.Time) error
	// ActivatePair moves a pending pair to active; ErrChanged if it is not
	// pending, ErrNotFound if it is gone.
	ActivatePair(ctx context.Context, id string, at time.Time) (Pair, error)
	// AbandonPair deletes a pending pair created at p.CreatedAt; ErrChanged
	// if it is no longer that pending pair.
	AbandonPair(ctx context.Context, p Pair) error
	// ClaimIntro records that side's introduction is being sent; false if
	// it was already (of concurrent requests, exactly one sends it).
	ClaimIntro(ctx context.Context, pairID string, side Role, at time.Time) (bool, error)
	// ReleaseIntro gives back a claim whose email could not be sent.
	ReleaseIntro(ctx context.Context, pairID string, side Role) error
	// EndPair ends an active pair; ErrChanged if it is not active.
	EndPair(ctx context.Context, id string, outcome Outcome, reason string, at time.Time) (Pair, error)
	// ListPairs lists active pairs (oldest first) or ended ones (most
	// recently ended first), keeping those keep accepts (all when nil).
	ListPairs(ctx context.Context, ended bool, keep func(Pair) bool, cursor string, limit int) ([]Pair, string, error)

	// PutCheckIn stores a check-in.
	PutCheckIn(ctx context.Context, c CheckIn) error
	// DeleteCheckIn removes a check-in that could not be counted.
	DeleteCheckIn(ctx context.Context, c CheckIn) error
	// RecordCheckIn counts c as its side's last check-in on an active pair;
	// ErrChanged when the pair is not active or holds a later check-in of
	// that side.
	RecordCheckIn(ctx context.Context, c CheckIn) error
	// EndedSince lists the pairs ended after since, the most recently ended
	// first, reading none ended earlier.
	EndedSince(ctx context.Context, since time.Time, cursor string, limit int) ([]Pair, string, error)
	// AnswerFade stores side's answer a on the pair, unless that side
	// already answered a.Episode (ErrChanged); ErrNotFound if the pair is
	// gone.
	AnswerFade(ctx context.Context, pairID string, side Role, a FadeAnswer) error
	// CountFade adds one to the count of reason.
	CountFade(ctx context.Context, reason FadeReason) error
	// FadeCounts reads the count of every reason: one item.
	FadeCounts(ctx context.Context) (FadeCounts, error)

	// CheckIns lists a pair's check-ins, both sides', the latest first.
	CheckIns(ctx context.Context, pairID, cursor string, limit int) ([]CheckIn, string, error)
}

// Service carries out the mentorship actions. Build it with New.
type Service struct {
	*Roster
	capstones Capstones
	mail      email.Sender
	capped    *mailcap.Cap
	pages     email.MemberPages
	log       *slog.Logger
}

// Deps is what a Service is built from.
type Deps struct {
	Roster *Roster
	// Capstones takes the talks mentees propose when their mentorship
	// ends as completed.
	Capstones Capstones
	Mail      email.Sender
	// Capped sends the acknowledgement of an application: a few a day to one
	// address, and a failed one costing nothing.
	Capped *mailcap.Cap
	// Pages gives each email to a member the link to their own page.
	Pages email.MemberPages
	Log   *slog.Logger
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("mentorship", deps.Given("Roster", d.Roster), deps.Given("Capstones", d.Capstones), deps.Given("Mail", d.Mail), deps.Given("Capped", d.Capped),
		deps.Given("Pages", d.Pages), deps.Given("Log", d.Log))
	if err != nil {
		return nil, err
	}
	return &Service{Roster: d.Roster, capstones: d.Capstones, mail: d.Mail, capped: d.Capped, pages: d.Pages, log: d.Log}, nil
}

// retries bounds the read-and-retry loops around conditional writes.
const retries = 20

// AbandonAfter is how old a pending pair must be before another request may
// take it apart: far beyond a function's timeout (template.yaml: 10 s), so
// the request that made it has surely died.
const AbandonAfter = 5 * time.Minute

// CheckInLinkTTL is how long a check-in link works; an ended pair refuses it
// sooner.
const CheckInLinkTTL = 365 * 24 * time.Hour

var errBusy = apperr.New(apperr.Throttled, "These applications are being changed right now. Please try again in a moment.")

func noApplication() error { return apperr.New(apperr.NotFound, "No such application.") }
func noMentorship() error  { return apperr.New(apperr.NotFound, "No such mentorship.") }
func invalidLink() error {
	return apperr.New(apperr.NotFound, "This link is not valid or has expired.")
}
func mentorshipEnded() error {
	return apperr.New(apperr.Conflict, "This mentorship has ended, so it takes no more check-ins.")
}

// Apply records an application and acknowledges it by email. Applying again
// while the person's application in that role is open, full or paired
// changes nothing and answers the same ID; a mentee whose mentorship ended
// can apply again. A failed acknowledgement takes the application back.
func (s *Service) Apply(ctx context.Context, in ApplyInput) (Application, error) {
	a, err := in.application(person.Key(in.Email), s.now())
	if err != nil {
		return Application{}, err
	}
	a.Email = person.Normalize(a.Email)
	_, err = s.store.PutApplication(ctx, a)
	if errors.Is(err, ErrExists) {
		return a, nil
	}
	if err != nil {
		return Application{}, fmt.Errorf("apply: %w", err)
	}
	slot, err := s.capped.Reserve(ctx, "mentorship-application", a.Email)
	if err == nil && slot != nil {
		var page string
		if page, _, err = s.pages.PageLink(ctx, a.Owner); err == nil {
			var ack email.Email = email.MentorAppliedAsMentee{Name: a.Name, PageLink: page}
			if a.Role == Mentor {
				ack = email.MentorAppliedAsMentor{Name: a.Name, PageLink: page}
			}
			err = slot.Send(ctx, recipient(a), ack)
		}
	}
	if err != nil {
		if uerr := s.store.UndoApplication(context.WithoutCancel(ctx), a); uerr != nil {
			s.log.ErrorContext(ctx, "undo application", "application", a.ID, "err", uerr)
		}
		return Application{}, fmt.Errorf("apply: %w", err)
	}
	return a, nil
}

// Applications lists applications by role ("" for both) and status (open
// when "").
func (s *Service) Applications(ctx context.Context, role, status, cursor string, limit int) ([]Application, string, error) {
	if status == "" {
		status = string(Open)
	}
	if role != "" && role != string(Mentor) && role != string(Mentee) {
		return nil, "", apperr.Field("role", problem.OneOf, problem.Choices("mentor", "mentee"))
	}
	if !slices.Contains([]AppStatus{Open, Full, Paired, Closed}, AppStatus(status)) {
		return nil, "", apperr.Field("status", problem.OneOf, problem.Choices("open", "full", "paired", "closed"))
	}
	as, next, err := s.store.ListApplications(ctx, Role(role), AppStatus(status), cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list applications: %w", err)
	}
	return as, next, nil
}

// recipient is the applicant, written to in their language.
func recipient(a Application) email.Recipient {
	return email.Recipient{Address: a.Email, Name: a.Name, Lang: lang.Parse(a.Language)}
}

// send renders an email in a's language and sends it to a.
func (s *Service) send(ctx context.Context, a Application, e email.Email) error {
	return email.Send(ctx, s.mail, recipient(a), e)
}
