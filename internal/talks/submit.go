package talks

import (
	"context"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

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
	TopicID  string `json:"topic_id"`  // optional: the wishlist topic the talk is from
}

func (in *SubmitInput) normalize() error {
	in.Name, in.Email, in.Title = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email), strings.TrimSpace(in.Title)
	in.MeetupID, in.TopicID = strings.TrimSpace(in.MeetupID), strings.TrimSpace(in.TopicID)
	in.Abstract = validate.NormalizeText(in.Abstract)
	v := validate.New()
	v.RequiredLine("name", in.Name, MaxName)
	v.Email("email", in.Email)
	v.RequiredLine("title", in.Title, MaxTitle)
	v.RequiredMultiline("abstract", in.Abstract, MaxAbstract)
	v.OneOf("format", in.Format, string(Lightning), string(Short), string(Long))
	v.OneOf("level", in.Level, string(Beginner), string(Intermediate), string(Advanced))
	v.OneOf("language", in.Language, string(lang.English), string(lang.Persian))
	v.MaxLen("meetup_id", in.MeetupID, MaxMeetupID)
	v.Text("meetup_id", in.MeetupID)
	v.MaxLen("topic_id", in.TopicID, MaxTopicID)
	v.Text("topic_id", in.TopicID)
	return v.Err()
}

// Submit stores a proposal, pending, and emails the speaker a copy with two
// links: one to confirm that the address is theirs and the proposal too,
// one to withdraw it. A proposal for a meetup must name a scheduled meetup
// that has not started; one without will wait in the backlog.
//
// Anyone can type anyone's address into the form, so a proposal is stored
// only with its email: past the day's cap of submission emails to the
// address it is answered exactly as if it were stored, and is not. Every
// stored talk's speaker has thus been sent its withdraw link.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (Talk, error) {
	if err := in.normalize(); err != nil {
		return Talk{}, err
	}
	if err := s.checkRefs(ctx, in); err != nil {
		return Talk{}, err
	}
	now := s.now()
	t := Talk{
		ID: newID(), Owner: person.Key(in.Email), Name: in.Name, Email: person.Normalize(in.Email),
		Title: in.Title, Abstract: in.Abstract, Format: Format(in.Format), Level: Level(in.Level),
		Language: in.Language, MeetupID: in.MeetupID, TopicID: in.TopicID, Status: Pending, CreatedAt: now, UpdatedAt: now,
		PendingUntil: now.Add(verifyTTL),
	}
	slot, err := s.capped.Reserve(ctx, "talk-submitted", t.Email)
	if err != nil {
		return Talk{}, fmt.Errorf("submit talk: %w", err)
	}
	if slot == nil {
		s.log.InfoContext(ctx, "talk dropped: daily limit of submission emails reached")
		return s.decoy(in), nil
	}
	if err := s.store.CreateTalk(ctx, t); err != nil {
		slot.Release(ctx)
		return Talk{}, fmt.Errorf("submit talk: %w", err)
	}
	if err := s.acknowledge(ctx, slot, t); err != nil {
		// Nothing half-written: the talk goes, so a retry starts clean.
		if derr := s.store.DeleteTalk(context.WithoutCancel(ctx), t.ID, Pending); derr != nil {
			s.log.ErrorContext(ctx, "undo talk submission", "talk", t.ID, "err", derr)
		}
		return Talk{}, fmt.Errorf("submit talk: %w", err)
	}
	s.log.InfoContext(ctx, "talk submitted", "talk", t.ID)
	return t, nil
}

// acknowledge emails the speaker of a new talk what they proposed, with the
// links to confirm and to withdraw it, through the slot the email was
// counted in.
func (s *Service) acknowledge(ctx context.Context, slot *mailcap.Slot, t Talk) error {
	verify, err := slot.Issue(ctx, token.TalkVerify, t.ID, t.Language, verifyTTL)
	if err != nil {
		return err
	}
	withdraw, err := slot.Issue(ctx, token.TalkWithdraw, t.ID, t.Language, backlogWithdrawTTL)
	if err != nil {
		return err
	}
	page, _, err := s.pages.PageLink(ctx, t.Owner)
	if err != nil {
		return err
	}
	return slot.Send(ctx, speaker(t), email.TalkSubmitted{Name: t.Name, Title: t.Title, Abstract: t.Abstract, Format: string(t.Format),
		Minutes: t.Format.Minutes(), Level: string(t.Level), Days: int(verifyTTL.Hours() / 24),
		VerifyLink: s.links.VerifyTalk(verify), WithdrawLink: s.links.WithdrawTalk(withdraw), PageLink: page})
}

// Decoy is the talk a dropped submission (one that filled the form's
// honeypot) is answered with: shaped like a real one, stored nowhere. It
// refuses what Submit would refuse, with the same problems, so a bot cannot
// tell a dropped post from a refused one.
func (s *Service) Decoy(ctx context.Context, in SubmitInput) (Talk, error) {
	if err := in.normalize(); err != nil {
		return Talk{}, err
	}
	if err := s.checkRefs(ctx, in); err != nil {
		return Talk{}, err
	}
	return s.decoy(in), nil
}

// decoy is the answer to a submission that is dropped once checked (past
// the day's cap, or a honeypot's): shaped like a stored talk.
func (s *Service) decoy(in SubmitInput) Talk {
	now := s.now()
	return Talk{
		ID: newID(), Name: in.Name, Title: in.Title, Format: Format(in.Format), Level: Level(in.Level),
		Language: in.Language, MeetupID: in.MeetupID, Status: Pending, CreatedAt: now, UpdatedAt: now,
	}
}

// Verify records that the speaker of a pending talk confirmed the address it
// names, with the link of the submission email: only then do organizers see
// the talk, and only then may the group write to its speaker about it again.
// A talk for a meetup that was cancelled or has begun meanwhile joins the
// backlog instead.
func (s *Service) Verify(ctx context.Context, raw string) (lang string, err error) {
	return s.speakerMove(ctx, raw, token.TalkVerify, Submitted)
}

// checkRefs checks what a proposal names: a meetup must be scheduled and
// not started, a topic open on the wishlist (claimed by nobody yet).
func (s *Service) checkRefs(ctx context.Context, in SubmitInput) error {
	if in.MeetupID != "" {
		if _, err := s.openMeetup(ctx, in.MeetupID); err != nil {
			return err
		}
	}
	if in.TopicID != "" {
		open, err := s.topics.Open(ctx, in.TopicID)
		if err != nil {
			return fmt.Errorf("topic %s: %w", in.TopicID, err)
		}
		if !open {
			return apperr.Field("topic_id", problem.NotOpenTopic)
		}
	}
	return nil
}

// VerifyClaiming is Verify, and reports whether the talk, submitted from a
// wishlist topic, claimed it: false when another talk claimed the topic
// first (the talk is submitted all the same, without the claim), or the
// topic was hidden or merged meanwhile. A talk from no topic claims
// nothing and reports true.
func (s *Service) VerifyClaiming(ctx context.Context, raw string) (lang string, claimed bool, err error) {
	lang, err = s.speakerMove(ctx, raw, token.TalkVerify, Submitted)
	if err != nil {
		return lang, false, err
	}
	tok, err := s.tokens.Check(ctx, raw, token.TalkVerify)
	if err != nil && !apperr.Is(err, apperr.Conflict) {
		return lang, false, err
	}
	t, err := s.Get(ctx, tok.Subject)
	if err != nil || t.TopicID == "" {
		return lang, true, err
	}
	claimed, err = s.topics.Claim(ctx, t.TopicID, t.ID)
	if err != nil {
		return lang, false, fmt.Errorf("talk %s claims topic: %w", t.ID, err)
	}
	return lang, claimed, nil
}

// release frees the topic a withdrawn or rejected talk claimed; a failure
// is logged (the topic stays claimed until an organizer hides it).
func (s *Service) release(ctx context.Context, t Talk) {
	if t.TopicID == "" {
		return
	}
	if err := s.topics.Release(context.WithoutCancel(ctx), t.TopicID, t.ID); err != nil {
		s.log.ErrorContext(ctx, "release topic", "talk", t.ID, "topic", t.TopicID, "err", err)
	}
}
