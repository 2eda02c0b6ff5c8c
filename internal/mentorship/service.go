package mentorship

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
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

	// AllowEmail counts an email of kind to owner today; false past max.
	AllowEmail(ctx context.Context, kind, owner string, max int, now time.Time) (bool, error)
}

// Mailer sends one email.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) (string, error)
}

// Service carries out the mentorship actions.
type Service struct {
	Store           Store
	Tokens          *token.Issuer
	Mail            Mailer
	Log             *slog.Logger
	Now             func() time.Time
	BaseURL         string // public base URL of emailed links, without trailing slash
	DailyEmailLimit int
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
	return apperr.New(apperr.NotFound, "This link is not valid or has expired. Please ask for a new one.")
}
func mentorshipEnded() error {
	return apperr.New(apperr.Conflict, "This mentorship has ended, so it takes no more check-ins.")
}

// Apply records an application and acknowledges it by email. Applying again
// while the person's application in that role is open, full or paired
// changes nothing and answers the same ID; a mentee whose mentorship ended
// can apply again. A failed acknowledgement takes the application back.
func (s *Service) Apply(ctx context.Context, in ApplyInput) (Application, error) {
	a, err := in.application(person.Key(in.Email), s.Now())
	if err != nil {
		return Application{}, err
	}
	a.Email = person.Normalize(a.Email)
	_, err = s.Store.PutApplication(ctx, a)
	if errors.Is(err, ErrExists) {
		return a, nil
	}
	if err != nil {
		return Application{}, fmt.Errorf("apply: %w", err)
	}
	ok, err := s.Store.AllowEmail(ctx, "mentorship-application", a.Owner, s.DailyEmailLimit, s.Now())
	if err == nil && ok {
		err = s.send(ctx, "mentor-applied-as-"+string(a.Role), a, map[string]any{"Name": a.Name})
	}
	if err != nil {
		if uerr := s.Store.UndoApplication(context.WithoutCancel(ctx), a); uerr != nil {
			s.Log.ErrorContext(ctx, "undo application", "application", a.ID, "err", uerr)
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
		return nil, "", apperr.Field("role", "must be one of: mentor, mentee")
	}
	if !slices.Contains([]AppStatus{Open, Full, Paired, Closed}, AppStatus(status)) {
		return nil, "", apperr.Field("status", "must be one of: open, full, paired, closed")
	}
	as, next, err := s.Store.ListApplications(ctx, Role(role), AppStatus(status), cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list applications: %w", err)
	}
	return as, next, nil
}

// Pair pairs a mentor's application with a mentee's and introduces them to
// each other, each with their own check-in link. The mentor's capacity and
// one pair per mentee hold however many organizers pair at once. Pairing
// the same two again finishes a pairing a failed run left behind and answers
// the pair (activated is false when it was already active).
func (s *Service) Pair(ctx context.Context, in PairInput) (p Pair, activated bool, err error) {
	if err := s.validPair(in); err != nil {
		return Pair{}, false, err
	}
	for range retries {
		mentor, mentee, err := s.pairApplications(ctx, in)
		if err != nil {
			return Pair{}, false, err
		}
		if mentee.Status == Paired {
			cur, err := s.Store.GetPair(ctx, mentee.PairID)
			switch {
			case errors.Is(err, ErrNotFound):
				// Left by a pairing that was taken apart: free the mentee.
				if err := s.Store.ReleaseMentee(ctx, mentee.ID, mentee.PairID, Open, s.Now()); err != nil {
					return Pair{}, false, fmt.Errorf("pair: %w", err)
				}
				continue
			case err != nil:
				return Pair{}, false, fmt.Errorf("pair: %w", err)
			case cur.Status == PairEnded:
				if err := s.Store.ReleaseMentee(ctx, mentee.ID, cur.ID, Closed, s.Now()); err != nil {
					return Pair{}, false, fmt.Errorf("pair: %w", err)
				}
				continue
			case cur.MentorApp == mentor.ID:
				return s.complete(ctx, cur, mentor, mentee)
			case cur.Status == PairPending && s.abandoned(cur):
				if err := s.takeApart(ctx, cur); err != nil {
					return Pair{}, false, err
				}
				continue
			}
			return Pair{}, false, apperr.New(apperr.Conflict, "This mentee already has a mentor.")
		}
		if mentee.Status != Open {
			return Pair{}, false, apperr.New(apperr.Conflict, "This mentee's application is closed; they can apply again.")
		}
		if mentor.FreePlaces() == 0 {
			if freed, err := s.sweep(ctx, mentor); err != nil || freed {
				if err != nil {
					return Pair{}, false, err
				}
				continue
			}
			return Pair{}, false, apperr.New(apperr.Conflict, "This mentor has no free place.")
		}

		now := s.Now()
		p = Pair{ID: newID(), Status: PairPending, MentorApp: mentor.ID, MenteeApp: mentee.ID, MenteeOwner: mentee.Owner, CreatedAt: now}
		if err := s.Store.CreatePair(ctx, p); err != nil {
			return Pair{}, false, fmt.Errorf("pair: %w", err)
		}
		err = s.Store.ClaimMentee(ctx, mentee.ID, p.ID, now)
		if err != nil {
			// Someone else claimed the mentee first (or the write failed):
			// nothing refers to the new pair yet, so it simply goes.
			if aerr := s.Store.AbandonPair(ctx, p); aerr != nil {
				s.Log.ErrorContext(ctx, "abandon pair", "pair", p.ID, "err", aerr)
			}
			if errors.Is(err, ErrChanged) {
				continue
			}
			return Pair{}, false, fmt.Errorf("pair: %w", err)
		}
		return s.complete(ctx, p, mentor, mentee)
	}
	return Pair{}, false, errBusy
}

func (s *Service) validPair(in PairInput) error {
	fields := map[string]string{}
	if in.MentorApplicationID == "" {
		fields["mentor_application_id"] = "is required"
	}
	if in.MenteeApplicationID == "" {
		fields["mentee_application_id"] = "is required"
	}
	if len(fields) > 0 {
		return apperr.InvalidFields(fields)
	}
	return nil
}

// pairApplications reads the two applications a pairing names and checks
// their roles.
func (s *Service) pairApplications(ctx context.Context, in PairInput) (mentor, mentee Application, err error) {
	mentor, err = s.application(ctx, in.MentorApplicationID)
	if err != nil {
		return Application{}, Application{}, err
	}
	mentee, err = s.application(ctx, in.MenteeApplicationID)
	if err != nil {
		return Application{}, Application{}, err
	}
	switch {
	case mentor.Role != Mentor:
		return Application{}, Application{}, apperr.Field("mentor_application_id", "is not a mentor's application")
	case mentee.Role != Mentee:
		return Application{}, Application{}, apperr.Field("mentee_application_id", "is not a mentee's application")
	case mentor.Owner == mentee.Owner:
		return Application{}, Application{}, apperr.Field("mentee_application_id", "is the mentor's own application")
	}
	return mentor, mentee, nil
}

func (s *Service) application(ctx context.Context, id string) (Application, error) {
	a, err := s.Store.GetApplication(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Application{}, noApplication()
	}
	if err != nil {
		return Application{}, fmt.Errorf("get application %s: %w", id, err)
	}
	return a, nil
}

// complete finishes a pairing whose mentee p already holds: it takes the
// mentor's place, activates the pair and sends the introductions still owed.
// If the mentor has no free place, it takes the pairing apart again.
func (s *Service) complete(ctx context.Context, p Pair, mentor, mentee Application) (Pair, bool, error) {
	activated := false
	if p.Status == PairPending {
		var err error
		if mentor, err = s.takePlace(ctx, p, mentor); err != nil {
			if uerr := s.takeApart(ctx, p); uerr != nil {
				s.Log.ErrorContext(ctx, "take pairing apart", "pair", p.ID, "err", uerr)
			}
			return Pair{}, false, err
		}
		next, err := s.Store.ActivatePair(ctx, p.ID, s.Now())
		switch {
		case err == nil:
			p, activated = next, true
		case errors.Is(err, ErrChanged): // activated by a concurrent retry
			if p, err = s.Store.GetPair(ctx, p.ID); err != nil {
				return Pair{}, false, fmt.Errorf("pair: %w", err)
			}
		case errors.Is(err, ErrNotFound): // taken apart as abandoned meanwhile
			if uerr := s.takeApart(ctx, p); uerr != nil {
				s.Log.ErrorContext(ctx, "take pairing apart", "pair", p.ID, "err", uerr)
			}
			return Pair{}, false, apperr.New(apperr.Conflict, "This pairing was interrupted. Please pair them again.")
		default:
			if uerr := s.takeApart(ctx, p); uerr != nil {
				s.Log.ErrorContext(ctx, "take pairing apart", "pair", p.ID, "err", uerr)
			}
			return Pair{}, false, fmt.Errorf("pair: %w", err)
		}
	}
	if p.Status != PairActive {
		return Pair{}, false, apperr.New(apperr.Conflict, "This mentorship has ended.")
	}
	// The pair stands even if an introduction fails; pairing the same two
	// again sends whatever is still owed.
	if err := s.introduce(ctx, p, mentor, mentee); err != nil {
		return Pair{}, false, err
	}
	return p, activated, nil
}

// takePlace gives p one of the mentor's places, reading the mentor again
// whenever a concurrent pairing got there first.
func (s *Service) takePlace(ctx context.Context, p Pair, mentor Application) (Application, error) {
	for range retries {
		if holds(mentor.Mentees, p.ID) {
			return mentor, nil
		}
		if mentor.FreePlaces() == 0 {
			freed, err := s.sweep(ctx, mentor)
			if err != nil {
				return Application{}, err
			}
			if !freed {
				return Application{}, apperr.New(apperr.Conflict, "This mentor has no free place.")
			}
		} else {
			next, err := s.Store.TakePlace(ctx, mentor, p.ID, s.Now())
			if err == nil {
				return next, nil
			}
			if !errors.Is(err, ErrChanged) {
				return Application{}, fmt.Errorf("take place: %w", err)
			}
		}
		var err error
		if mentor, err = s.application(ctx, mentor.ID); err != nil {
			return Application{}, err
		}
	}
	return Application{}, errBusy
}

// abandoned reports whether a pending pair is old enough that the request
// making it must have died.
func (s *Service) abandoned(p Pair) bool {
	return p.Status == PairPending && s.Now().Sub(p.CreatedAt) > AbandonAfter
}

// takeApart undoes a pending pairing: the pair goes first (so it can never
// be activated afterwards), then the places that refer to it. ErrChanged
// from deleting means it was activated meanwhile: it then stands.
func (s *Service) takeApart(ctx context.Context, p Pair) error {
	err := s.Store.AbandonPair(ctx, p)
	if errors.Is(err, ErrChanged) {
		cur, gerr := s.Store.GetPair(ctx, p.ID)
		if gerr == nil && cur.Status != PairPending {
			return nil
		}
	} else if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("take apart %s: %w", p.ID, err)
	}
	return s.release(ctx, p, Open)
}

// release gives back the mentor's place and the mentee that p held; the
// mentee goes back to status (open, or closed once a mentorship ended).
func (s *Service) release(ctx context.Context, p Pair, status AppStatus) error {
	now := s.Now()
	if err := s.Store.FreePlace(ctx, p.MentorApp, p.ID, now); err != nil {
		return fmt.Errorf("release %s: %w", p.ID, err)
	}
	if err := s.Store.ReleaseMentee(ctx, p.MenteeApp, p.ID, status, now); err != nil {
		return fmt.Errorf("release %s: %w", p.ID, err)
	}
	return nil
}

// sweep frees the places of a full mentor that nothing holds any more:
// pairs that are gone, ended, or pending past AbandonAfter. It reports
// whether it freed any.
func (s *Service) sweep(ctx context.Context, mentor Application) (bool, error) {
	freed := false
	for _, id := range mentor.Mentees {
		p, err := s.Store.GetPair(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound):
			err = s.Store.FreePlace(ctx, mentor.ID, id, s.Now())
		case err != nil:
		case p.Status == PairEnded:
			err = s.release(ctx, p, Closed)
		case s.abandoned(p):
			err = s.takeApart(ctx, p)
		default:
			continue
		}
		if err != nil {
			return freed, fmt.Errorf("sweep %s: %w", mentor.ID, err)
		}
		freed = true
	}
	return freed, nil
}

// introduce sends each side of an active pair, once, the introduction to
// the other side with its own check-in link.
func (s *Service) introduce(ctx context.Context, p Pair, mentor, mentee Application) error {
	for _, side := range []struct {
		role     Role
		me, them Application
	}{{Mentor, mentor, mentee}, {Mentee, mentee, mentor}} {
		if !p.Of(side.role).IntroducedAt.IsZero() {
			continue
		}
		claimed, err := s.Store.ClaimIntro(ctx, p.ID, side.role, s.Now())
		if err != nil {
			return fmt.Errorf("introduce %s: %w", p.ID, err)
		}
		if !claimed {
			continue
		}
		if err := s.sendIntro(ctx, p, side.role, side.me, side.them); err != nil {
			if rerr := s.Store.ReleaseIntro(context.WithoutCancel(ctx), p.ID, side.role); rerr != nil {
				s.Log.ErrorContext(ctx, "give back intro", "pair", p.ID, "err", rerr)
			}
			return fmt.Errorf("introduce %s: %w", p.ID, err)
		}
	}
	return nil
}

func (s *Service) sendIntro(ctx context.Context, p Pair, role Role, me, them Application) error {
	link, err := s.CheckInLink(ctx, p.ID, role, me)
	if err != nil {
		return err
	}
	about := them.Goals
	if them.Role == Mentor {
		about = them.Availability
	}
	return s.send(ctx, "mentor-intro-to-"+string(role), me, map[string]any{
		"Name": me.Name, "Partner": them.Name, "PartnerEmail": them.Email,
		"Topics": joinTopics(them.Topics, me.Language), "About": about, "Link": link,
	})
}

func joinTopics(topics []string, lang string) string {
	if lang == "fa" {
		return strings.Join(topics, "، ")
	}
	return strings.Join(topics, ", ")
}

// CheckInLink issues a check-in link for one side of a pair: the token
// works for that side of that pair only, while the pair is active. The
// check-in reminders use it too.
func (s *Service) CheckInLink(ctx context.Context, pairID string, side Role, a Application) (string, error) {
	raw, err := s.Tokens.Issue(ctx, checkInPurpose(side), pairID, a.Owner, a.Language, CheckInLinkTTL)
	if err != nil {
		return "", err
	}
	return s.BaseURL + "/checkins/new?token=" + url.QueryEscape(raw), nil
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
func (s *Service) Get(ctx context.Context, id string) (Mentorship, error) {
	p, err := s.Store.GetPair(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && p.Status == PairPending) {
		return Mentorship{}, noMentorship()
	}
	if err != nil {
		return Mentorship{}, fmt.Errorf("get mentorship %s: %w", id, err)
	}
	ms, err := s.withApplications(ctx, []Pair{p})
	if err != nil {
		return Mentorship{}, err
	}
	return ms[0], nil
}

// Mentorships lists pairs by state: "" lists every pair that has not ended;
// "ended" the ended ones; any other state the pairs in that state now.
func (s *Service) Mentorships(ctx context.Context, state, cursor string, limit int) ([]Mentorship, string, error) {
	now := s.Now()
	var keep func(Pair) bool
	switch {
	case state == "" || state == string(StateEnded):
	case slices.Contains(States, State(state)):
		keep = func(p Pair) bool { return Assess(p, now).State == State(state) }
	default:
		return nil, "", apperr.Field("status", "must be one of: active, overdue, at_risk, stalled, ended")
	}
	ps, next, err := s.Store.ListPairs(ctx, state == string(StateEnded), keep, cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list mentorships: %w", err)
	}
	ms, err := s.withApplications(ctx, ps)
	if err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

func (s *Service) withApplications(ctx context.Context, ps []Pair) ([]Mentorship, error) {
	ids := make([]string, 0, 2*len(ps))
	for _, p := range ps {
		ids = append(ids, p.MentorApp, p.MenteeApp)
	}
	apps, err := s.Store.GetApplications(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("applications of mentorships: %w", err)
	}
	now := s.Now()
	out := make([]Mentorship, len(ps))
	for i, p := range ps {
		out[i] = Mentorship{Pair: p, Health: Assess(p, now), MentorApplication: apps[p.MentorApp], MenteeApplication: apps[p.MenteeApp]}
	}
	return out, nil
}

// End ends a mentorship as completed or dropped: the mentor's place is
// freed and the mentee's application closed, and both check-in links stop
// working. Ending again answers the ended mentorship and finishes whatever a
// failed run left undone.
func (s *Service) End(ctx context.Context, id string, in EndInput) (Mentorship, error) {
	if err := in.validate(); err != nil {
		return Mentorship{}, err
	}
	p, err := s.Store.GetPair(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && p.Status == PairPending) {
		return Mentorship{}, noMentorship()
	}
	if err != nil {
		return Mentorship{}, fmt.Errorf("end %s: %w", id, err)
	}
	if p.Status == PairActive {
		next, err := s.Store.EndPair(ctx, id, Outcome(in.Outcome), in.Reason, s.Now())
		switch {
		case errors.Is(err, ErrChanged): // ended by someone else meanwhile
			if next, err = s.Store.GetPair(ctx, id); err != nil {
				return Mentorship{}, fmt.Errorf("end %s: %w", id, err)
			}
		case err != nil:
			return Mentorship{}, fmt.Errorf("end %s: %w", id, err)
		}
		p = next
	}
	if err := s.release(ctx, p, Closed); err != nil {
		return Mentorship{}, err
	}
	if p.Outcome != Outcome(in.Outcome) {
		// Ended already, as something else: repeating the same end is fine,
		// contradicting it is not.
		return Mentorship{}, apperr.New(apperr.Conflict, "This mentorship already ended as %s.", p.Outcome)
	}
	ms, err := s.withApplications(ctx, []Pair{p})
	if err != nil {
		return Mentorship{}, err
	}
	return ms[0], nil
}

// CheckInView is what a check-in page shows.
type CheckInView struct {
	Lang    string
	Side    Role
	Partner string // the other side's name; "" if unknown
}

// CheckInPage checks a check-in link without using it and says what its
// page shows.
func (s *Service) CheckInPage(ctx context.Context, raw string) (CheckInView, error) {
	t, side, err := s.checkToken(ctx, raw)
	if err != nil {
		return CheckInView{Lang: t.Lang}, err
	}
	p, err := s.activePair(ctx, t)
	if err != nil {
		return CheckInView{Lang: t.Lang}, err
	}
	v := CheckInView{Lang: t.Lang, Side: side}
	partner := p.MenteeApp
	if side == Mentee {
		partner = p.MentorApp
	}
	if a, err := s.Store.GetApplication(ctx, partner); err == nil {
		v.Partner = a.Name
	}
	return v, nil
}

// CheckIn records a check-in for the side and the pair its token names,
// and nothing else: the token decides both.
func (s *Service) CheckIn(ctx context.Context, in CheckInInput) (CheckIn, string, error) {
	c, err := in.checkIn(s.Now())
	if err != nil {
		return CheckIn{}, "", err
	}
	t, side, err := s.checkToken(ctx, in.Token)
	if err != nil {
		return CheckIn{}, t.Lang, err
	}
	p, err := s.activePair(ctx, t)
	if err != nil {
		return CheckIn{}, t.Lang, err
	}
	c.PairID, c.Side, c.Owner = p.ID, side, t.Owner
	if err := s.Store.PutCheckIn(ctx, c); err != nil {
		return CheckIn{}, t.Lang, fmt.Errorf("check in on %s: %w", p.ID, err)
	}
	err = s.Store.RecordCheckIn(ctx, c)
	if errors.Is(err, ErrChanged) {
		// Either a later check-in of the same side is already counted
		// (keep this one as history), or the pair ended in between.
		cur, gerr := s.Store.GetPair(ctx, p.ID)
		switch {
		case gerr != nil && !errors.Is(gerr, ErrNotFound):
			err = gerr
		case gerr == nil && cur.Status == PairActive:
			return c, t.Lang, nil
		default:
			err = mentorshipEnded()
		}
	}
	if err != nil {
		if derr := s.Store.DeleteCheckIn(context.WithoutCancel(ctx), c); derr != nil {
			s.Log.ErrorContext(ctx, "undo check-in", "pair", p.ID, "err", derr)
		}
		if apperr.Is(err, apperr.Conflict) {
			return CheckIn{}, t.Lang, err
		}
		return CheckIn{}, t.Lang, fmt.Errorf("check in on %s: %w", c.PairID, err)
	}
	return c, t.Lang, nil
}

// checkToken checks a check-in token of either side and returns its side.
func (s *Service) checkToken(ctx context.Context, raw string) (token.Token, Role, error) {
	t, err := s.Tokens.Check(ctx, raw, token.MentorCheckIn)
	if err == nil {
		return t, Mentor, nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return token.Token{}, "", err
	}
	if t, err = s.Tokens.Check(ctx, raw, token.MenteeCheckIn); err != nil {
		return token.Token{}, "", err
	}
	return t, Mentee, nil
}

// activePair reads the pair a check-in token names; an ended pair refuses it.
func (s *Service) activePair(ctx context.Context, t token.Token) (Pair, error) {
	p, err := s.Store.GetPair(ctx, t.Subject)
	switch {
	case errors.Is(err, ErrNotFound):
		return Pair{}, invalidLink()
	case err != nil:
		return Pair{}, fmt.Errorf("read mentorship %s: %w", t.Subject, err)
	case p.Status == PairEnded:
		return Pair{}, mentorshipEnded()
	case p.Status != PairActive:
		return Pair{}, invalidLink()
	}
	return p, nil
}

// send renders an email in a's language and sends it to a.
func (s *Service) send(ctx context.Context, name string, a Application, data map[string]any) error {
	subject, text, html, err := mail.Render(name, a.Language, data)
	if err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	if _, err := s.Mail.Send(ctx, mail.Message{To: a.Email, ToName: a.Name, Subject: subject, Text: text, HTML: html, Kind: name}); err != nil {
		return fmt.Errorf("send %s: %w", name, err)
	}
	return nil
}
