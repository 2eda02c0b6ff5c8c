package mentorship

import (
	"context"
	"errors"
	"fmt"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/validate"
)

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
			cur, err := s.store.GetPair(ctx, mentee.PairID)
			switch {
			case errors.Is(err, ErrNotFound):
				// Left by a pairing that was taken apart: free the mentee.
				if err := s.store.ReleaseMentee(ctx, mentee.ID, mentee.PairID, Open, s.now()); err != nil {
					return Pair{}, false, fmt.Errorf("pair: %w", err)
				}
				continue
			case err != nil:
				return Pair{}, false, fmt.Errorf("pair: %w", err)
			case cur.Status == PairEnded:
				if err := s.store.ReleaseMentee(ctx, mentee.ID, cur.ID, Closed, s.now()); err != nil {
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

		now := s.now()
		p = Pair{ID: newID(), Status: PairPending, MentorApp: mentor.ID, MenteeApp: mentee.ID, MenteeOwner: mentee.Owner, CreatedAt: now}
		if err := s.store.CreatePair(ctx, p); err != nil {
			return Pair{}, false, fmt.Errorf("pair: %w", err)
		}
		err = s.store.ClaimMentee(ctx, mentee.ID, p.ID, now)
		if err != nil {
			// Someone else claimed the mentee first (or the write failed):
			// nothing refers to the new pair yet, so it simply goes.
			if aerr := s.store.AbandonPair(ctx, p); aerr != nil {
				s.log.ErrorContext(ctx, "abandon pair", "pair", p.ID, "err", aerr)
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
	v := validate.New()
	v.Required("mentor_application_id", in.MentorApplicationID)
	v.Required("mentee_application_id", in.MenteeApplicationID)
	return v.Err()
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
		return Application{}, Application{}, apperr.Field("mentor_application_id", problem.NotMentorApplication)
	case mentee.Role != Mentee:
		return Application{}, Application{}, apperr.Field("mentee_application_id", problem.NotMenteeApplication)
	case mentor.Owner == mentee.Owner:
		return Application{}, Application{}, apperr.Field("mentee_application_id", problem.OwnApplication)
	}
	return mentor, mentee, nil
}

func (s *Service) application(ctx context.Context, id string) (Application, error) {
	return s.Application(ctx, id)
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
				s.log.ErrorContext(ctx, "take pairing apart", "pair", p.ID, "err", uerr)
			}
			return Pair{}, false, err
		}
		next, err := s.store.ActivatePair(ctx, p.ID, s.now())
		switch {
		case err == nil:
			p, activated = next, true
		case errors.Is(err, ErrChanged): // activated by a concurrent retry
			if p, err = s.store.GetPair(ctx, p.ID); err != nil {
				return Pair{}, false, fmt.Errorf("pair: %w", err)
			}
		case errors.Is(err, ErrNotFound): // taken apart as abandoned meanwhile
			if uerr := s.takeApart(ctx, p); uerr != nil {
				s.log.ErrorContext(ctx, "take pairing apart", "pair", p.ID, "err", uerr)
			}
			return Pair{}, false, apperr.New(apperr.Conflict, "This pairing was interrupted. Please pair them again.")
		default:
			if uerr := s.takeApart(ctx, p); uerr != nil {
				s.log.ErrorContext(ctx, "take pairing apart", "pair", p.ID, "err", uerr)
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
			next, err := s.store.TakePlace(ctx, mentor, p.ID, s.now())
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
	return p.Status == PairPending && s.now().Sub(p.CreatedAt) > AbandonAfter
}

// takeApart undoes a pending pairing: the pair goes first (so it can never
// be activated afterwards), then the places that refer to it. ErrChanged
// from deleting means it was activated meanwhile: it then stands.
func (s *Service) takeApart(ctx context.Context, p Pair) error {
	err := s.store.AbandonPair(ctx, p)
	if errors.Is(err, ErrChanged) {
		cur, gerr := s.store.GetPair(ctx, p.ID)
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
	now := s.now()
	if err := s.store.FreePlace(ctx, p.MentorApp, p.ID, now); err != nil {
		return fmt.Errorf("release %s: %w", p.ID, err)
	}
	if err := s.store.ReleaseMentee(ctx, p.MenteeApp, p.ID, status, now); err != nil {
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
		p, err := s.store.GetPair(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound):
			err = s.store.FreePlace(ctx, mentor.ID, id, s.now())
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
		claimed, err := s.store.ClaimIntro(ctx, p.ID, side.role, s.now())
		if err != nil {
			return fmt.Errorf("introduce %s: %w", p.ID, err)
		}
		if !claimed {
			continue
		}
		if err := s.sendIntro(ctx, p, side.role, side.me, side.them); err != nil {
			if rerr := s.store.ReleaseIntro(context.WithoutCancel(ctx), p.ID, side.role); rerr != nil {
				s.log.ErrorContext(ctx, "give back intro", "pair", p.ID, "err", rerr)
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
	page, _, err := s.pages.PageLink(ctx, me.Owner)
	if err != nil {
		return err
	}
	var intro email.Email = email.MentorIntroToMentor{
		Name: me.Name, Partner: them.Name, PartnerEmail: them.Email, Topics: them.Topics, Goals: them.Goals, CheckInLink: link, PageLink: page,
	}
	if role == Mentee {
		intro = email.MentorIntroToMentee{
			Name: me.Name, Partner: them.Name, PartnerEmail: them.Email, Topics: them.Topics, Availability: them.Availability, Goals: me.Goals,
			CheckInLink: link, PageLink: page,
		}
	}
	return s.send(ctx, me, intro)
}

// End ends a mentorship as completed or dropped: the mentor's place is
// freed and the mentee's application closed, and both check-in links stop
// working. Ending again answers the ended mentorship and finishes whatever a
// failed run left undone.
func (s *Service) End(ctx context.Context, id string, in EndInput) (Mentorship, error) {
	if err := in.validate(); err != nil {
		return Mentorship{}, err
	}
	p, err := s.store.GetPair(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && p.Status == PairPending) {
		return Mentorship{}, noMentorship()
	}
	if err != nil {
		return Mentorship{}, fmt.Errorf("end %s: %w", id, err)
	}
	if p.Status == PairActive {
		next, err := s.store.EndPair(ctx, id, Outcome(in.Outcome), in.Reason, s.now())
		switch {
		case errors.Is(err, ErrChanged): // ended by someone else meanwhile
			if next, err = s.store.GetPair(ctx, id); err != nil {
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
	return s.withApplicationsOf(ctx, p)
}
