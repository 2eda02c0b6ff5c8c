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
	view := m.AsOf(s.now())
	untold, err = s.tellAll(ctx, m, func(r Registration) bool {
		placed, _ := standing(view, r.Key)
		return placed != RegCancelled && r.ScheduleSeen < m.ScheduleVersion
	}, func(ctx context.Context, r Registration) error {
		claimed, err := s.store.ClaimScheduleNotice(ctx, m.ID, r.Key, m.ScheduleVersion)
		if err != nil || !claimed {
			return err
		}
		if _, err := s.sendTo(ctx, changedLetter, r, m); err != nil {
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

// letter is what a registrant is told about a meetup, and the link it
// carries: to give up their place, or to confirm a held one. Once the
// meetup is off, no letter carries a link.
type letter struct {
	link  token.Purpose
	write func(r Registration, m Meetup, zone *time.Location, link, page string) email.Email
}

// The letters a registrant gets.
var (
	changedLetter = letter{token.RegistrationCancel, func(r Registration, m Meetup, zone *time.Location, link, page string) email.Email {
		return email.MeetupChanged{Name: r.Name, Title: m.Title, When: m.When(zone), Venue: m.Venue, CancelLink: link, PageLink: page}
	}}
	cancelledLetter = letter{token.RegistrationCancel, func(r Registration, m Meetup, zone *time.Location, _, page string) email.Email {
		return email.MeetupCancelled{Name: r.Name, Title: m.Title, When: m.When(zone), PageLink: page}
	}}
	confirmedLetter = letter{token.RegistrationCancel, func(r Registration, m Meetup, zone *time.Location, link, page string) email.Email {
		return email.RegistrationConfirmed{Name: r.Name, Title: m.Title, When: m.When(zone), Venue: m.Venue, CancelLink: link, PageLink: page}
	}}
	waitlistedLetter = letter{token.RegistrationCancel, func(r Registration, m Meetup, zone *time.Location, link, page string) email.Email {
		return email.RegistrationWaitlisted{Name: r.Name, Title: m.Title, When: m.When(zone), Venue: m.Venue, CancelLink: link, Position: r.Position, PageLink: page}
	}}
	promotedLetter = letter{token.RegistrationCancel, func(r Registration, m Meetup, zone *time.Location, link, page string) email.Email {
		return email.RegistrationPromoted{Name: r.Name, Title: m.Title, When: m.When(zone), Venue: m.Venue, CancelLink: link, PageLink: page}
	}}
	// A held place is an address nobody has proven: no member's, so the
	// email carries no page link.
	heldLetter = letter{token.RegistrationConfirm, func(r Registration, m Meetup, zone *time.Location, link, _ string) email.Email {
		until := r.HoldUntil.In(zone)
		return email.RegistrationHeld{
			Name: r.Name, Title: m.Title, When: m.When(zone), Venue: m.Venue, Position: r.Position,
			Until: fmt.Sprintf("%s (%s)", until.Format("15:04, Monday 2 January"), zone), ConfirmLink: link,
		}
	}}
)

// notify emails a registrant once about notice: it claims the notice on the
// registration (so concurrent requests owing it send it once), sends, and
// gives the claim back if sending fails, so the next request tries again.
// A function that dies between claim and send loses that one email; the
// registration's status itself is never lost. It reports the hash of the
// token the email's link carries ("" when it sent nothing).
func (s *Service) notify(ctx context.Context, l letter, r Registration, m Meetup, status, notice RegStatus) (string, error) {
	claimed, err := s.store.ClaimNotice(ctx, m.ID, r.Key, status, notice)
	if err != nil || !claimed {
		return "", err
	}
	hash, err := s.sendTo(ctx, l, r, m)
	if err != nil {
		if uerr := s.store.UpdateRegistration(context.WithoutCancel(ctx), m.ID, r.Key, status, r.NotifiedAs); uerr != nil && !errors.Is(uerr, ErrNotFound) {
			s.log.ErrorContext(ctx, "give back notice", "meetup", m.ID, "err", uerr)
		}
		return "", err
	}
	return hash, nil
}

// sendTo emails a registrant about a meetup, with a fresh link unless the
// meetup is cancelled, and reports the hash of the link's token. A member
// (any registrant but one holding a place) gets the link to their own page
// too. When the email cannot be sent the tokens are deleted again: a link
// nobody received must not work, nor stay stored under the registrant's
// key.
func (s *Service) sendTo(ctx context.Context, l letter, r Registration, m Meetup) (string, error) {
	link, hash, page, pageHash := "", "", "", ""
	if m.Status == Scheduled {
		ttl := max(m.EndsAt.Sub(s.now()), time.Hour)
		if l.link == token.RegistrationConfirm {
			// The link confirms nothing once the hold has ended.
			if ttl = r.HoldUntil.Sub(s.now()); ttl <= 0 {
				return "", nil
			}
		}
		raw, err := s.tokens.Issue(ctx, l.link, m.ID+"/"+r.Key, r.Key, r.Language, ttl)
		if err != nil {
			return "", err
		}
		hash = token.Hash(raw)
		if l.link == token.RegistrationConfirm {
			link = s.links.ConfirmRegistration(raw)
		} else {
			link = s.links.CancelRegistration(raw)
		}
	}
	if l.link != token.RegistrationConfirm {
		var err error
		if page, pageHash, err = s.pages.PageLink(ctx, r.Key); err != nil {
			s.deleteTokens(ctx, m.ID, hash)
			return "", err
		}
	}
	to := email.Recipient{Address: r.Email, Name: r.Name, Lang: lang.Parse(r.Language)}
	if err := email.Send(ctx, s.mail, to, l.write(r, m, s.zone, link, page)); err != nil {
		s.deleteTokens(ctx, m.ID, hash, pageHash)
		return "", err
	}
	return hash, nil
}

// deleteTokens deletes the tokens of links an email did not carry out.
func (s *Service) deleteTokens(ctx context.Context, meetupID string, hashes ...string) {
	for _, h := range hashes {
		if h == "" {
			continue
		}
		if err := s.store.DeleteToken(context.WithoutCancel(ctx), h); err != nil {
			s.log.ErrorContext(ctx, "delete the unsent link's token", "meetup", meetupID, "err", err)
		}
	}
}
