package meetups

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/token"
)

// noticeMargin is how long before a request's deadline a loop of emails
// stops starting new ones, so the request always answers in time.
const noticeMargin = 3 * time.Second

// outOfTime reports whether ctx's deadline is within noticeMargin. The
// deadline is the Lambda's, on the wall clock.
func outOfTime(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) < noticeMargin
}

// tellAll emails, with tell, every registration of m that owes an email,
// until the request nears its deadline, and counts those left untold. One
// failed email does not stop the others.
func (s *Service) tellAll(ctx context.Context, m Meetup, owes func(Registration) bool, tell func(context.Context, Registration) error) (untold int, err error) {
	var errs []error
	cursor := ""
	for {
		regs, next, err := s.store.ListRegistrations(ctx, m.ID, cursor, 100)
		if err != nil {
			return 0, err
		}
		for _, r := range regs {
			if !owes(r) {
				continue
			}
			if outOfTime(ctx) {
				untold++
				continue
			}
			// One email may not run into the deadline itself: cut short a
			// second before it, the claim is given back while the function
			// still lives, and the registrant stays owed.
			sendCtx, cancel := ctx, context.CancelFunc(func() {})
			if dl, ok := ctx.Deadline(); ok {
				sendCtx, cancel = context.WithDeadline(ctx, dl.Add(-time.Second))
			}
			err := tell(sendCtx, r)
			cutShort := sendCtx.Err() != nil && ctx.Err() == nil
			cancel()
			switch {
			case err != nil && cutShort:
				untold++
			case err != nil:
				errs = append(errs, err)
				untold++
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(errs) > 0 {
		return untold, errors.Join(errs...)
	}
	if untold > 0 {
		s.log.WarnContext(ctx, "registrants left untold", "meetup", m.ID, "untold", untold)
	}
	return untold, nil
}

// tellSchedule emails everyone holding a seat or a place in line the
// meetup's new time and place, once per change.
func (s *Service) tellSchedule(ctx context.Context, m Meetup) (untold int, err error) {
	if m.ScheduleVersion == 0 {
		return 0, nil
	}
	untold, err = s.tellAll(ctx, m, func(r Registration) bool {
		placed, _ := status(m, r.Key)
		return placed != RegCancelled && r.ScheduleSeen < m.ScheduleVersion
	}, func(ctx context.Context, r Registration) error {
		claimed, err := s.store.ClaimScheduleNotice(ctx, m.ID, r.Key, m.ScheduleVersion)
		if err != nil || !claimed {
			return err
		}
		if err := s.sendTo(ctx, changedLetter, r, m); err != nil {
			if rerr := s.store.ReturnScheduleNotice(context.WithoutCancel(ctx), m.ID, r.Key, m.ScheduleVersion, r.ScheduleSeen); rerr != nil {
				s.log.ErrorContext(ctx, "give back schedule notice", "meetup", m.ID, "err", rerr)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return untold, fmt.Errorf("tell schedule of %s: %w", m.ID, err)
	}
	return untold, nil
}

// meetupCancelled marks a registration whose holder was told the meetup is off.
const meetupCancelled RegStatus = "meetup-cancelled"

// letter writes what a registrant is told about a meetup: when is the
// meetup's time in the group's zone, cancel their link to give up their
// place ("" once the meetup is off).
type letter func(r Registration, m Meetup, when, cancel string) email.Email

// The letters a registrant gets.
func changedLetter(r Registration, m Meetup, when, cancel string) email.Email {
	return email.MeetupChanged{Name: r.Name, Title: m.Title, When: when, Venue: m.Venue, CancelLink: cancel}
}

func cancelledLetter(r Registration, m Meetup, when, _ string) email.Email {
	return email.MeetupCancelled{Name: r.Name, Title: m.Title, When: when}
}

func confirmedLetter(r Registration, m Meetup, when, cancel string) email.Email {
	return email.RegistrationConfirmed{Name: r.Name, Title: m.Title, When: when, Venue: m.Venue, CancelLink: cancel}
}

func waitlistedLetter(r Registration, m Meetup, when, cancel string) email.Email {
	return email.RegistrationWaitlisted{Name: r.Name, Title: m.Title, When: when, Venue: m.Venue, CancelLink: cancel, Position: r.Position}
}

func promotedLetter(r Registration, m Meetup, when, cancel string) email.Email {
	return email.RegistrationPromoted{Name: r.Name, Title: m.Title, When: when, Venue: m.Venue, CancelLink: cancel}
}

// notify emails a registrant once about notice: it claims the notice on the
// registration (so concurrent requests owing it send it once), sends, and
// gives the claim back if sending fails, so the next request tries again.
// A function that dies between claim and send loses that one email; the
// registration's status itself is never lost.
func (s *Service) notify(ctx context.Context, write letter, r Registration, m Meetup, status, notice RegStatus) error {
	claimed, err := s.store.ClaimNotice(ctx, m.ID, r.Key, status, notice)
	if err != nil || !claimed {
		return err
	}
	if err := s.sendTo(ctx, write, r, m); err != nil {
		if uerr := s.store.UpdateRegistration(context.WithoutCancel(ctx), m.ID, r.Key, status, r.NotifiedAs); uerr != nil {
			s.log.ErrorContext(ctx, "give back notice", "meetup", m.ID, "err", uerr)
		}
		return err
	}
	return nil
}

// sendTo emails a registrant about a meetup, with a fresh cancel link unless
// the meetup is cancelled.
func (s *Service) sendTo(ctx context.Context, write letter, r Registration, m Meetup) error {
	cancel := ""
	if m.Status == Scheduled {
		ttl := max(m.EndsAt.Sub(s.now()), time.Hour)
		raw, err := s.tokens.Issue(ctx, token.RegistrationCancel, m.ID+"/"+r.Key, r.Key, r.Language, ttl)
		if err != nil {
			return err
		}
		cancel = s.links.CancelRegistration(raw)
	}
	to := email.Recipient{Address: r.Email, Name: r.Name, Lang: lang.Parse(r.Language)}
	return email.Send(ctx, s.mail, to, write(r, m, m.When(s.zone), cancel))
}
