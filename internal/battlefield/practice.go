package battlefield

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/problem"
)

// Practice plays a practice match of the robot the link opens against one
// of its game's house robots, stores it, and emails the owner the result
// with the replay's link. The robot must be confirmed, and its owner may
// ask for PracticePerDay matches a day; past that it is refused (429)
// until the next day. The match is kept even when its email cannot go: the
// page that asked shows it anyway.
func (s *Service) Practice(ctx context.Context, raw, house string) (Match, error) {
	_, r, err := s.robotOf(ctx, raw)
	if err != nil {
		return Match{}, err
	}
	g, _ := GameNamed(r.Game)
	house = strings.TrimSpace(house)
	if !g.HasHouse(house) {
		return Match{}, apperr.Field("opponent", problem.OneOf, problem.Choices(g.House...))
	}
	if r.Status != Confirmed {
		return Match{}, apperr.New(apperr.Conflict, "Confirm the robot first: it plays once confirmed.")
	}
	now := s.now()
	ok, err := s.practice(ctx, r.Email, PracticePerDay, now)
	if err != nil {
		return Match{}, fmt.Errorf("practice: %w", err)
	}
	if !ok {
		tomorrow := now.Truncate(24 * time.Hour).Add(24 * time.Hour)
		return Match{}, apperr.Throttle(tomorrow.Sub(now), "A robot's owner can play %d practice matches a day. Come back tomorrow.", PracticePerDay)
	}
	m := Match{
		ID: newID(), Kind: "practice", Owner: r.Owner, Game: r.Game, Seed: newSeed(),
		Sides: [2]Side{{Robot: r.ID, Label: r.Label()}, {House: house, Label: house}},
	}
	start := time.Now()
	m.Result, err = s.runner.Play(ctx, m.Game, m.Seed, [2]Contender{{Code: r.Code}, {House: house}})
	if err != nil {
		return Match{}, fmt.Errorf("practice: %w", err)
	}
	m.PlayedAt = s.now()
	if err := s.store.CreateMatch(ctx, m); err != nil {
		return Match{}, fmt.Errorf("practice: %w", err)
	}
	s.log.InfoContext(ctx, "practice match played", "match", m.ID, "robot", r.ID, "game", m.Game,
		"winner", m.Winner, "forfeit", forfeitReason(m.Forfeit), "ms", time.Since(start).Milliseconds())
	s.tell(ctx, r, m, raw)
	return m, nil
}

// tell emails a practice match's result to the robot's owner, with the
// robot's link they asked with (raw). It is not counted against the daily
// cap of form emails: only the owner's link asks for a practice match, and
// PracticePerDay bounds them already. A failure is logged: the match
// stands, and the page that asked shows it.
func (s *Service) tell(ctx context.Context, r Robot, m Match, raw string) {
	page, _, err := s.pages.PageLink(ctx, r.Owner)
	if err != nil {
		s.log.ErrorContext(ctx, "practice email", "match", m.ID, "err", err)
		return
	}
	g, _ := GameNamed(r.Game)
	e := email.PracticePlayed{PageLink: page,
		Name: r.OwnerName, Robot: r.Label(), Game: g.Title[langIndex(r.Lang)], Opponent: m.Sides[1].Label,
		Outcome: m.Outcome(0), Scores: strconv.Itoa(m.Scores[0]) + " : " + strconv.Itoa(m.Scores[1]),
		ReplayLink: s.links.Match(m.ID, r.Lang), RobotLink: s.links.Robot(raw),
	}
	if m.Forfeit != nil {
		e.Forfeit = m.Forfeit.Detail
	}
	if err := email.Send(ctx, s.mail, owner(r), e); err != nil {
		s.log.ErrorContext(ctx, "practice email", "match", m.ID, "err", err)
	}
}

func forfeitReason(f *Forfeit) string {
	if f == nil {
		return ""
	}
	return f.Reason
}
