package talks

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/token"
)

// Withdraw withdraws the talk an emailed link names, whatever its status
// allows (submitted, accepted or confirmed).
func (s *Service) Withdraw(ctx context.Context, raw string) (lang string, err error) {
	return s.speakerMove(ctx, raw, token.TalkWithdraw, Withdrawn)
}

// Confirm records that an accepted speaker will give their talk.
func (s *Service) Confirm(ctx context.Context, raw string) (lang string, err error) {
	return s.speakerMove(ctx, raw, token.TalkConfirm, Confirmed)
}

// speakerMove moves the link's talk to status to, and uses up the link once
// done.
func (s *Service) speakerMove(ctx context.Context, raw string, purpose token.Purpose, to Status) (string, error) {
	tok, err := s.tokens.Check(ctx, raw, purpose)
	if err != nil {
		return "", err
	}
	if err := s.moveBySpeaker(ctx, tok.Subject, "", to); err != nil {
		return tok.Lang, err
	}
	if err := s.tokens.Use(ctx, tok); err != nil && !apperr.Is(err, apperr.Conflict) {
		return tok.Lang, err
	}
	return tok.Lang, nil
}

// WithdrawFor withdraws talk id of the person key, as the talk's emailed
// withdraw link does, for a member whose own page proved key.
func (s *Service) WithdrawFor(ctx context.Context, key, id string) error {
	return s.moveBySpeaker(ctx, id, key, Withdrawn)
}

// ConfirmFor confirms talk id of the person key, as the talk's emailed
// confirm link does, for a member whose own page proved key.
func (s *Service) ConfirmFor(ctx context.Context, key, id string) error {
	return s.moveBySpeaker(ctx, id, key, Confirmed)
}

// TalksOf lists the talks of the person key, pending ones included, for
// their own page: at most limit of them, the newest first.
func (s *Service) TalksOf(ctx context.Context, key string, limit int) ([]Talk, error) {
	all, err := s.store.SpeakerTalks(ctx, key, limit)
	if err != nil {
		return nil, fmt.Errorf("talks of a member: %w", err)
	}
	slices.SortFunc(all, func(a, b Talk) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return all, nil
}

// errNotYours answers a talk that is not the member's as one that does not
// exist: a page tells nothing of anyone else's talks.
var errNotYours = apperr.New(apperr.NotFound, "No such talk.")

// moveBySpeaker moves talk id to status to for its speaker (owner, when
// not empty, must be the talk's), reading again whenever an organizer's
// decision got there first.
func (s *Service) moveBySpeaker(ctx context.Context, id, owner string, to Status) error {
	for range retries {
		cur, err := s.Get(ctx, id)
		if owner != "" && (apperr.Is(err, apperr.NotFound) || err == nil && cur.Owner != owner) {
			return errNotYours
		}
		if err != nil {
			return err
		}
		if err := Move(cur.Status, to, Speaker); err != nil {
			return err
		}
		next := cur
		next.Status, next.UpdatedAt = to, s.now()
		if cur.Status == Pending && to == Submitted {
			if err := s.verified(ctx, &next); err != nil {
				return err
			}
		}
		_, err = s.move(ctx, cur, next)
		if errors.Is(err, ErrChanged) {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s talk %s: %w", to, cur.ID, err)
		}
		if to == Withdrawn {
			s.release(ctx, next)
		}
		s.log.InfoContext(ctx, "talk moved by its speaker", "talk", cur.ID, "status", string(to))
		return nil
	}
	return errBusy
}

// verified makes next, a pending talk its speaker has just confirmed, a
// submitted one: confirmed now, and in the backlog if the meetup it was
// proposed for was cancelled or has begun since.
func (s *Service) verified(ctx context.Context, next *Talk) error {
	next.VerifiedAt = next.UpdatedAt
	if next.MeetupID == "" {
		return nil
	}
	_, err := s.openMeetup(ctx, next.MeetupID)
	if apperr.Is(err, apperr.Invalid) {
		next.MeetupID = ""
		return nil
	}
	return err
}

// move writes next if the talk is still as cur had it, then emails the
// speaker. Only the writer that won the move sends, so the speaker gets one
// email however many tried at once. If the email cannot be sent, the talk
// is put back as it was (a failed request changes nothing), so the same
// request can simply be made again. This undo is not a transition of the
// state machine: it returns the talk to where it was a moment ago.
//
// A speaker confirming their address is emailed nothing: the page of the
// button they pressed says it is done, and the submission email carried
// the withdraw link already.
func (s *Service) move(ctx context.Context, cur, next Talk) (Talk, error) {
	moved, err := s.store.MoveTalk(ctx, next, cur)
	if err != nil {
		return Talk{}, err
	}
	if cur.Status == Pending && moved.Status == Submitted {
		return moved, nil
	}
	if err := s.tell(ctx, moved, nil); err != nil {
		if _, uerr := s.store.MoveTalk(context.WithoutCancel(ctx), cur, moved); uerr != nil {
			s.log.ErrorContext(ctx, "undo talk move", "talk", cur.ID, "err", uerr)
		}
		return Talk{}, err
	}
	return moved, nil
}

// notice is what a speaker's email about their talk can say beyond the talk
// itself: its meetup, and fresh links for what they can do next.
type notice struct {
	meetup, when, venue string
	confirm, withdraw   string
	page                string // the speaker's own page, when they are a member
}

// letterFor is the email a move to a talk's status calls for. Pending and
// submitted have none here: Submit writes a new talk's email, a speaker
// confirming it is emailed nothing, and a talk back from a cancelled meetup
// gets ReturnToBacklog's letter.
func letterFor(t Talk, n notice) email.Email {
	switch t.Status {
	case Accepted:
		return email.TalkAccepted{Name: t.Name, Title: t.Title, Meetup: n.meetup, When: n.when, Venue: n.venue, Message: t.Message,
			ConfirmLink: n.confirm, WithdrawLink: n.withdraw, PageLink: n.page}
	case Confirmed:
		return email.TalkConfirmed{Name: t.Name, Title: t.Title, Meetup: n.meetup, When: n.when, Venue: n.venue, WithdrawLink: n.withdraw, PageLink: n.page}
	case Rejected:
		return email.TalkRejected{Name: t.Name, Title: t.Title, Message: t.Message, PageLink: n.page}
	case Withdrawn:
		return email.TalkWithdrawn{Name: t.Name, Title: t.Title, PageLink: n.page}
	}
	return nil
}

// tell emails the speaker about their talk: the email letter writes, or
// the one its status calls for when letter is nil, with fresh links for
// what they can do next.
func (s *Service) tell(ctx context.Context, t Talk, letter func(Talk, notice) email.Email) error {
	if t.Email == "" {
		return nil // the speaker erased their data
	}
	if letter == nil {
		if letterFor(t, notice{}) == nil {
			return fmt.Errorf("tell %s talk %s: no email says that", t.Status, t.ID)
		}
		letter = letterFor
	}
	n, err := s.notice(ctx, t, func(purpose token.Purpose, ttl time.Duration) (string, error) { return s.issue(ctx, purpose, t, ttl) })
	if err != nil {
		return err
	}
	if n.page, _, err = s.pages.PageLink(ctx, t.Owner); err != nil {
		return err
	}
	return email.Send(ctx, s.mail, speaker(t), letter(t, n))
}

// notice is what an email about t can say beyond the talk: its meetup,
// and the links for what its speaker can do next, their tokens issued by
// issue.
func (s *Service) notice(ctx context.Context, t Talk, issue func(token.Purpose, time.Duration) (string, error)) (notice, error) {
	var n notice
	withdrawTTL := backlogWithdrawTTL
	if t.Status.OnProgramme() {
		m, err := s.meetups.GetMeetup(ctx, t.MeetupID)
		if err != nil {
			return notice{}, fmt.Errorf("tell %s talk %s: meetup %s: %w", t.Status, t.ID, t.MeetupID, err)
		}
		n.meetup, n.when, n.venue = m.Title, m.When(s.zone), m.Venue
		withdrawTTL = max(m.EndsAt.Sub(s.now()), time.Hour)
		if t.Status == Accepted {
			raw, err := issue(token.TalkConfirm, max(m.StartsAt.Sub(s.now()), time.Hour))
			if err != nil {
				return notice{}, err
			}
			n.confirm = s.links.ConfirmTalk(raw)
		}
	}
	if t.Status == Submitted || t.Status.OnProgramme() {
		raw, err := issue(token.TalkWithdraw, withdrawTTL)
		if err != nil {
			return notice{}, err
		}
		n.withdraw = s.links.WithdrawTalk(raw)
	}
	return n, nil
}

// speaker is who a talk's emails go to, in the talk's language.
func speaker(t Talk) email.Recipient {
	return email.Recipient{Address: t.Email, Name: t.Name, Lang: lang.Parse(t.Language)}
}

// issue issues a token for purpose on talk t.
func (s *Service) issue(ctx context.Context, purpose token.Purpose, t Talk, ttl time.Duration) (string, error) {
	return s.tokens.Issue(ctx, purpose, t.ID, t.Owner, t.Language, ttl)
}

// LinkPage checks an emailed link before its page is shown: the language
// to show the page in and the talk's title, or why the link cannot be used.
func (s *Service) LinkPage(ctx context.Context, purpose token.Purpose, raw string) (token.Landing, error) {
	t, err := s.tokens.Check(ctx, raw, purpose)
	if err != nil {
		return token.Landing{Lang: t.Lang}, err // a used link still knows its language
	}
	talk, err := s.store.GetTalk(ctx, t.Subject)
	if err != nil {
		return token.Landing{Lang: t.Lang}, err
	}
	return token.Landing{Lang: t.Lang, Title: talk.Title}, nil
}

// ReturnToBacklog puts the talks on a cancelled meetup's programme, and
// those submitted for it, back in the backlog and tells their speakers, who
// would otherwise come to (or wait for) a meetup that is off; a talk whose
// speaker erased their data goes altogether. Running it again moves (and
// tells) only what is left.
func (s *Service) ReturnToBacklog(ctx context.Context, cancelled meetups.Meetup) error {
	returned := func(t Talk, n notice) email.Email {
		return email.TalkReturned{Name: t.Name, Title: t.Title, Meetup: cancelled.Title, When: cancelled.When(s.zone), WithdrawLink: n.withdraw, PageLink: n.page}
	}
	var errs []error
	// Talks submitted for this meetup wait for another one too: they stay
	// submitted and join the backlog (not a move of the state machine).
	for _, st := range []Status{Accepted, Confirmed, Submitted} {
		// A programme is a handful of talks: one page each. Moved talks leave
		// the listing, so what a failed run left is found again next time.
		page, _, err := s.store.ListTalks(ctx, Filter{MeetupID: cancelled.ID, Status: st}, "", 100)
		if err != nil {
			return fmt.Errorf("return talks of %s: %w", cancelled.ID, err)
		}
		for _, cur := range page {
			if cur.Email == "" {
				// The speaker erased their data: the title stayed only as
				// part of this programme, and nobody is left to give it.
				if err := s.store.DeleteTalk(ctx, cur.ID, cur.Status); err != nil && !errors.Is(err, ErrChanged) {
					errs = append(errs, fmt.Errorf("drop talk %s: %w", cur.ID, err))
				}
				continue
			}
			if cur.Status != Submitted {
				if err := Move(cur.Status, Submitted, Organizer); err != nil {
					return err
				}
			}
			back := cur
			back.Status, back.MeetupID, back.UpdatedAt = Submitted, "", s.now()
			// Unlike an organizer's decision, the move stands if the email
			// fails: a talk must not stay on a cancelled meetup's programme
			// because one address bounces.
			moved, err := s.store.MoveTalk(ctx, back, cur)
			if errors.Is(err, ErrChanged) {
				continue // moved by someone else meanwhile
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("return talk %s: %w", cur.ID, err))
				continue
			}
			if err := s.tell(ctx, moved, returned); err != nil {
				s.log.ErrorContext(ctx, "tell a speaker their talk is back in the backlog", "talk", cur.ID, "err", err)
			}
		}
	}
	return errors.Join(errs...)
}
