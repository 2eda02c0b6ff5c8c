package mentorship

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
)

// Capstones is where the lightning talks that close completed mentorships
// go: talks.Service.
type Capstones interface {
	ProposeCapstone(ctx context.Context, in talks.CapstoneInput) (talks.Talk, bool, error)
	Capstone(ctx context.Context, pairID string) (talks.Talk, error)
	AgreeCoSpeaker(ctx context.Context, pairID string) (talks.Talk, error)
}

// CapstoneLinkTTL is how long the invitation to give a capstone talk, and
// the mentor's link to agree to be named, work.
const CapstoneLinkTTL = 180 * 24 * time.Hour

// CapstoneLink issues the link of a completed pair's invitation to its
// mentee: the check-in reminder job sends the invitation.
func (s *Roster) CapstoneLink(ctx context.Context, pairID string, mentee Application) (string, error) {
	raw, err := s.tokens.Issue(ctx, token.CapstoneInvite, pairID, mentee.Owner, mentee.Language, CapstoneLinkTTL)
	if err != nil {
		return "", err
	}
	return s.links.Capstone(raw), nil
}

// CapstoneView is what the capstone page shows.
type CapstoneView struct {
	Lang    string
	Name    string // the mentee
	Partner string // the mentor; "" once erased
	Goals   string // the goal the mentee applied with
	// Proposed is the talk already proposed from this link; zero when none.
	Proposed talks.Talk
}

// CapstoneInput is the capstone page's form.
type CapstoneInput struct {
	Token     string `json:"token"`
	Title     string `json:"title"`
	Abstract  string `json:"abstract"`
	CoSpeaker string `json:"cospeaker"` // "yes" to ask the mentor to be named
}

// completedPair checks a capstone link for purpose, without using it, and
// reads the pair it names, with its two applications; only a pair that
// ended as completed has a capstone. lang is the link's language, refused
// or not.
func (s *Service) completedPair(ctx context.Context, raw string, purpose token.Purpose) (lang string, m Mentorship, err error) {
	t, err := s.tokens.Check(ctx, raw, purpose)
	if err != nil {
		return t.Lang, Mentorship{}, err
	}
	p, err := s.linkedPair(ctx, t.Subject)
	switch {
	case err != nil:
		return t.Lang, Mentorship{}, err
	case p.Status != PairEnded || p.Outcome != Completed:
		return t.Lang, Mentorship{}, invalidLink()
	}
	m, err = s.withApplicationsOf(ctx, p)
	if err != nil {
		return t.Lang, Mentorship{}, err
	}
	if m.MenteeApplication.Email == "" {
		return t.Lang, Mentorship{}, invalidLink()
	}
	return t.Lang, m, nil
}

// CapstonePage checks a capstone link without using it and says what its
// page shows.
func (s *Service) CapstonePage(ctx context.Context, raw string) (CapstoneView, error) {
	lang, m, err := s.completedPair(ctx, raw, token.CapstoneInvite)
	if err != nil {
		return CapstoneView{Lang: lang}, err
	}
	v := CapstoneView{Lang: lang, Name: m.MenteeApplication.Name, Partner: m.MentorApplication.Name, Goals: m.MenteeApplication.Goals}
	switch tk, err := s.capstones.Capstone(ctx, m.ID); {
	case err == nil:
		v.Proposed = tk
	case !errors.Is(err, talks.ErrNotFound):
		return CapstoneView{Lang: lang}, fmt.Errorf("capstone of %s: %w", m.ID, err)
	}
	return v, nil
}

// ProposeCapstone turns the mentee's answer into their capstone talk: a
// lightning talk in the backlog, already verified, marked as the pair's
// capstone. Proposing again answers the same talk and sends nothing. When
// the mentee would like their mentor named co-speaker, the mentor is
// emailed a link to agree; the talk names the mentor only once they have.
func (s *Service) ProposeCapstone(ctx context.Context, in CapstoneInput) (talks.Talk, string, error) {
	if err := talks.ValidateCapstone(in.Title, in.Abstract); err != nil {
		return talks.Talk{}, "", err
	}
	lang, m, err := s.completedPair(ctx, in.Token, token.CapstoneInvite)
	if err != nil {
		return talks.Talk{}, lang, err
	}
	mentee := m.MenteeApplication
	tk, created, err := s.capstones.ProposeCapstone(ctx, talks.CapstoneInput{
		PairID: m.ID, Name: mentee.Name, Email: mentee.Email, Language: mentee.Language, Title: in.Title, Abstract: in.Abstract,
	})
	if err != nil {
		return talks.Talk{}, lang, err
	}
	if created && in.CoSpeaker == "yes" && m.MentorApplication.Email != "" {
		// The talk stands whether or not the mentor can be asked: a failed
		// ask is logged, and the talk is proposed under the mentee's name.
		if err := s.askCoSpeaker(ctx, m, tk); err != nil {
			s.log.ErrorContext(ctx, "ask co-speaker", "pair", m.ID, "err", err)
		}
	}
	return tk, lang, nil
}

func (s *Service) askCoSpeaker(ctx context.Context, m Mentorship, tk talks.Talk) error {
	mentor := m.MentorApplication
	raw, err := s.tokens.Issue(ctx, token.CoSpeakerAgree, m.ID, mentor.Owner, mentor.Language, CapstoneLinkTTL)
	if err != nil {
		return err
	}
	page, _, err := s.pages.PageLink(ctx, mentor.Owner)
	if err != nil {
		return err
	}
	return s.send(ctx, mentor, email.MentorCoSpeakerAsk{
		Name: mentor.Name, Partner: m.MenteeApplication.Name, TalkTitle: tk.Title, AgreeLink: s.links.CoSpeaker(raw), PageLink: page,
	})
}

// CoSpeakerView is what the mentor's co-speaker page shows.
type CoSpeakerView struct {
	Lang      string
	Partner   string // the mentee
	TalkTitle string
	Agreed    bool
}

// CoSpeakerPage checks a mentor's co-speaker link without using it.
func (s *Service) CoSpeakerPage(ctx context.Context, raw string) (CoSpeakerView, error) {
	lang, m, err := s.completedPair(ctx, raw, token.CoSpeakerAgree)
	if err != nil {
		return CoSpeakerView{Lang: lang}, err
	}
	tk, err := s.capstones.Capstone(ctx, m.ID)
	if errors.Is(err, talks.ErrNotFound) {
		return CoSpeakerView{Lang: lang}, invalidLink()
	}
	if err != nil {
		return CoSpeakerView{Lang: lang}, fmt.Errorf("capstone of %s: %w", m.ID, err)
	}
	return CoSpeakerView{Lang: lang, Partner: m.MenteeApplication.Name, TalkTitle: tk.Title, Agreed: tk.CoSpeaker}, nil
}

// AgreeCoSpeaker records the mentor's yes: the capstone talk names them as
// co-speaker. Agreeing again changes nothing.
func (s *Service) AgreeCoSpeaker(ctx context.Context, raw string) (string, error) {
	lang, m, err := s.completedPair(ctx, raw, token.CoSpeakerAgree)
	if err != nil {
		return lang, err
	}
	if _, err := s.capstones.AgreeCoSpeaker(ctx, m.ID); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return lang, invalidLink()
		}
		return lang, err
	}
	return lang, nil
}
