package mentorship

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// FadeReason is one side's answer to "why did this pair fade?", asked when
// a pair is dropped or stalls (docs/MENTORSHIP.md).
type FadeReason string

// The answers, in the order the email offers them.
const (
	FadeNoTime       FadeReason = "no_time"
	FadeNoAnswer     FadeReason = "no_answer"
	FadeGoalsUnclear FadeReason = "goals_unclear"
	FadeGotWhatINeed FadeReason = "got_what_i_needed"
	FadeOther        FadeReason = "other"
)

// FadeReasons lists every answer, in the order the email and the console
// show them.
var FadeReasons = []FadeReason{FadeNoTime, FadeNoAnswer, FadeGoalsUnclear, FadeGotWhatINeed, FadeOther}

// MaxFadeOther caps the line of text an "other" answer carries.
const MaxFadeOther = 300

// The episodes a side is asked in: a dropped pair's end (EpisodeDropped),
// or one stall, named by when the pair was last heard from (StallEpisode).
const EpisodeDropped = "dropped"

// StallEpisode names the stall of a pair last heard from at since: a
// check-in ends it, and the next stall is another episode.
func StallEpisode(since time.Time) string { return "stalled-" + since.UTC().Format("20060102T150405Z") }

// FadeAnswer is one side's answer for one episode.
type FadeAnswer struct {
	Episode string
	Reason  FadeReason
	Other   string // the line of text of an "other" answer
	At      time.Time
}

// FadeCounts counts the answers given, per reason, over every pair and
// episode ever asked.
type FadeCounts map[FadeReason]int

// Total is how many answers were given.
func (c FadeCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// FadeLinkTTL is how long the question's links work.
const FadeLinkTTL = 60 * 24 * time.Hour

// fadeSubject is the subject of a fade-answer token: pair, side, episode.
func fadeSubject(pairID string, side Role, episode string) string {
	return pairID + "|" + string(side) + "|" + episode
}

func parseFadeSubject(s string) (pairID string, side Role, episode string, ok bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 || (parts[1] != string(Mentor) && parts[1] != string(Mentee)) || parts[0] == "" || parts[2] == "" {
		return "", "", "", false
	}
	return parts[0], Role(parts[1]), parts[2], true
}

// FadeLink issues the token of one side's question for one episode; the
// email makes one link per answer of it (Links.Fade).
func (s *Roster) FadeLink(ctx context.Context, pairID string, side Role, episode string, a Application) (string, error) {
	return s.tokens.Issue(ctx, token.FadeAnswer, fadeSubject(pairID, side, episode), a.Owner, a.Language, FadeLinkTTL)
}

// FadeCounts reads the counts of every answer given: one read, whatever
// the number of pairs.
func (s *Roster) FadeCounts(ctx context.Context) (FadeCounts, error) {
	c, err := s.store.FadeCounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("fade counts: %w", err)
	}
	return c, nil
}

// FadeView is what the page of a fade link shows.
type FadeView struct {
	Lang    string
	Side    Role
	Partner string // the other side's name; "" if erased
	// Answered is the side's answer for this episode, when it gave one.
	Answered FadeAnswer
}

// FadeInput is the answer a fade page posts.
type FadeInput struct {
	Token  string `json:"token"`
	Reason string `json:"reason"`
	Other  string `json:"other"`
}

func (s *Service) fadeToken(ctx context.Context, raw string) (token.Token, Pair, Role, string, error) {
	t, err := s.tokens.Check(ctx, raw, token.FadeAnswer)
	if err != nil {
		return t, Pair{}, "", "", err
	}
	pairID, side, episode, ok := parseFadeSubject(t.Subject)
	if !ok {
		return t, Pair{}, "", "", invalidLink()
	}
	p, err := s.linkedPair(ctx, pairID)
	if err != nil {
		return t, Pair{}, "", "", err
	}
	return t, p, side, episode, nil
}

// FadePage checks a fade link without using it and says what its page
// shows.
func (s *Service) FadePage(ctx context.Context, raw string) (FadeView, error) {
	t, p, side, episode, err := s.fadeToken(ctx, raw)
	if err != nil {
		return FadeView{Lang: t.Lang}, err
	}
	v := FadeView{Lang: t.Lang, Side: side}
	if a := p.Of(side).Fade; a.Episode == episode {
		v.Answered = a
	}
	v.Partner = s.partnerName(ctx, p, side)
	return v, nil
}

func alreadyAnswered() error {
	return apperr.New(apperr.Conflict, "You have already answered this question. Thank you.")
}

// AnswerFade records one side's answer for the episode its link names, and
// counts it. Each side answers once per episode: a second answer is
// refused, so the counts count each side's first answer exactly once.
func (s *Service) AnswerFade(ctx context.Context, in FadeInput) (string, error) {
	a := FadeAnswer{Reason: FadeReason(strings.TrimSpace(in.Reason)), Other: validate.NormalizeText(in.Other), At: s.now()}
	v := validate.New()
	reasons := make([]string, len(FadeReasons))
	for i, r := range FadeReasons {
		reasons[i] = string(r)
	}
	v.OneOf("reason", string(a.Reason), reasons...)
	if a.Reason == FadeOther {
		v.RequiredLine("other", a.Other, MaxFadeOther)
	} else {
		a.Other = ""
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	t, p, side, episode, err := s.fadeToken(ctx, in.Token)
	if err != nil {
		return t.Lang, err
	}
	a.Episode = episode
	if p.Of(side).Fade.Episode == episode {
		return t.Lang, alreadyAnswered()
	}
	err = s.store.AnswerFade(ctx, p.ID, side, a)
	switch {
	case errors.Is(err, ErrChanged):
		return t.Lang, alreadyAnswered()
	case errors.Is(err, ErrNotFound):
		return t.Lang, invalidLink()
	case err != nil:
		return t.Lang, fmt.Errorf("fade answer on %s: %w", p.ID, err)
	}
	if err := s.store.CountFade(ctx, a.Reason); err != nil {
		return t.Lang, fmt.Errorf("count fade answer: %w", err)
	}
	return t.Lang, nil
}
