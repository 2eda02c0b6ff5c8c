package battlefield

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/shortid"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// Limits of a submission.
const (
	MaxName      = 100      // the owner's name
	MaxRobotName = 40       // the robot's name
	MaxCode      = 64 << 10 // a robot's source, in bytes
)

// PracticePerDay is how many practice matches a member may ask for a day:
// each runs two robots for seconds.
const PracticePerDay = 20

// robotTTL is how long a robot's emailed link works: it opens the robot's
// page, where the owner confirms it and asks for practice matches.
const robotTTL = 90 * 24 * time.Hour

// recentMatches is how many of a robot's latest matches its page lists.
const recentMatches = 10

// Service runs robot submissions and practice matches. Build it with New.
type Service struct {
	store    Store
	runner   Runner
	tokens   *token.Issuer
	capped   *mailcap.Cap
	mail     email.Sender
	practice Allow
	pages    email.MemberPages
	log      *slog.Logger
	now      func() time.Time
	links    email.Links
}

// Allow counts one practice match of the member whose address is addr on
// now's day, at most max a day; false, counting nothing, once max are
// counted.
type Allow func(ctx context.Context, addr string, max int, now time.Time) (bool, error)

// Deps is what a Service is built from.
type Deps struct {
	Store  Store
	Runner Runner
	Tokens *token.Issuer
	// Capped sends the email a submission causes, a few a day to one
	// address.
	Capped *mailcap.Cap
	// Mail sends a practice match's result, which only the robot's owner
	// can ask for.
	Mail email.Sender
	// Practice counts the practice matches each member asks for.
	Practice Allow
	// Pages gives the emails to a member the link to their own page.
	Pages email.MemberPages
	Log   *slog.Logger
	Now   func() time.Time
	Links email.Links
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("battlefield", deps.Given("Store", d.Store), deps.Given("Runner", d.Runner), deps.Given("Tokens", d.Tokens),
		deps.Given("Capped", d.Capped), deps.Given("Mail", d.Mail), deps.Given("Practice", d.Practice), deps.Given("Pages", d.Pages), deps.Given("Log", d.Log), deps.Given("Now", d.Now),
		deps.That("Links", d.Links.Valid()))
	if err != nil {
		return nil, err
	}
	return &Service{store: d.Store, runner: d.Runner, tokens: d.Tokens, capped: d.Capped, mail: d.Mail, practice: d.Practice, pages: d.Pages, log: d.Log, now: d.Now, links: d.Links}, nil
}

// SubmitInput is the robot form.
type SubmitInput struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Language string `json:"language"`
	Game     string `json:"game"`
	Robot    string `json:"robot"` // the robot's name
	Code     string `json:"code"`
	// PageLang is the language of the page the form is on, for the
	// answer; it is not stored.
	PageLang string `json:"lang"`
}

func (in *SubmitInput) normalize() error {
	in.Name, in.Email, in.Robot = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email), strings.TrimSpace(in.Robot)
	in.Code = strings.ReplaceAll(in.Code, "\r\n", "\n")
	if in.Language == "" {
		in.Language = string(lang.English)
	}
	v := validate.New()
	v.RequiredLine("name", in.Name, MaxName)
	v.Email("email", in.Email)
	v.OneOf("language", in.Language, string(lang.English), string(lang.Persian))
	names := make([]string, len(Games))
	for i, g := range Games {
		names[i] = g.Name
	}
	v.OneOf("game", in.Game, names...)
	v.RequiredLine("robot", in.Robot, MaxRobotName)
	if v.Required("code", strings.TrimSpace(in.Code)) {
		v.Check("code", len(in.Code) <= MaxCode, problem.TooLongBytes, strconv.Itoa(MaxCode))
		v.Check("code", utf8.ValidString(in.Code) && !strings.ContainsRune(in.Code, 0), problem.NotText)
	}
	return v.Err()
}

// Submit checks a robot's code with the runner (which parses it and never
// runs it), stores it as the next version of the owner's robot of that
// name, pending, and emails the owner the link that confirms it and opens
// its page. Code that does not parse, or defines no robot, is refused
// naming the line.
//
// Anyone can type anyone's address, so like every form's email this one is
// capped: past the day's cap the submission is answered as if stored, and
// is not.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (Robot, error) {
	if err := in.normalize(); err != nil {
		return Robot{}, err
	}
	chk, err := s.runner.Check(ctx, in.Game, in.Code)
	if err != nil {
		return Robot{}, fmt.Errorf("check robot: %w", err)
	}
	if !chk.OK {
		return Robot{}, apperr.Field("code", problem.RobotCode, strconv.Itoa(max(chk.Line, 1)), chk.Message)
	}
	now := s.now()
	r := Robot{
		ID: newID(), Owner: person.Key(in.Email), Email: person.Normalize(in.Email), OwnerName: in.Name, Lang: in.Language,
		Game: in.Game, Name: in.Robot, Code: in.Code, Status: Pending, CreatedAt: now,
	}
	slot, err := s.capped.Reserve(ctx, "robot-submitted", r.Email)
	if err != nil {
		return Robot{}, fmt.Errorf("submit robot: %w", err)
	}
	if slot == nil {
		s.log.InfoContext(ctx, "robot dropped: daily limit of submission emails reached")
		r.Version = 1
		return r, nil
	}
	if r.Version, err = s.store.NextRobotVersion(ctx, r.Owner, r.Game, strings.ToLower(r.Name)); err != nil {
		slot.Release(ctx)
		return Robot{}, fmt.Errorf("submit robot: %w", err)
	}
	if err := s.store.CreateRobot(ctx, r); err != nil {
		slot.Release(ctx)
		return Robot{}, fmt.Errorf("submit robot: %w", err)
	}
	if err := s.acknowledge(ctx, slot, r); err != nil {
		// Nothing half-written: the version goes (its number stays spent).
		if derr := s.store.DeleteRobot(context.WithoutCancel(ctx), r.ID); derr != nil {
			s.log.ErrorContext(ctx, "undo robot submission", "robot", r.ID, "err", derr)
		}
		return Robot{}, fmt.Errorf("submit robot: %w", err)
	}
	s.log.InfoContext(ctx, "robot submitted", "robot", r.ID, "game", r.Game, "version", r.Version)
	return r, nil
}

// acknowledge emails the owner of a new robot version its link.
func (s *Service) acknowledge(ctx context.Context, slot *mailcap.Slot, r Robot) error {
	raw, err := slot.Issue(ctx, token.Robot, r.ID, r.Lang, robotTTL)
	if err != nil {
		return err
	}
	page, _, err := s.pages.PageLink(ctx, r.Owner)
	if err != nil {
		slot.Release(ctx)
		return err
	}
	g, _ := GameNamed(r.Game)
	return slot.Send(ctx, owner(r), email.RobotSubmitted{Name: r.OwnerName, Robot: r.Label(), Game: g.Title[langIndex(r.Lang)],
		RobotLink: s.links.Robot(raw), Days: int(robotTTL.Hours() / 24), PageLink: page})
}

func owner(r Robot) email.Recipient {
	return email.Recipient{Address: r.Email, Name: r.OwnerName, Lang: lang.Parse(r.Lang)}
}

// langIndex is where l's words are in a [2]string of English and Persian.
func langIndex(l string) int {
	if lang.Parse(l) == lang.Persian {
		return 1
	}
	return 0
}

// Page is what a robot's page shows.
type Page struct {
	Robot   Robot
	Matches []Match
	Game    Game
}

// robotOf reads the robot a link opens.
func (s *Service) robotOf(ctx context.Context, raw string) (token.Token, Robot, error) {
	return LinkedRobot(ctx, s.tokens, s.store, raw)
}

// RobotReader reads robot versions.
type RobotReader interface {
	GetRobot(ctx context.Context, id string) (Robot, error)
}

// LinkedRobot reads the robot a robot's emailed link opens; a link that is
// not valid, or whose robot is gone (erased with its owner), is NotFound.
func LinkedRobot(ctx context.Context, tokens *token.Issuer, store RobotReader, raw string) (token.Token, Robot, error) {
	t, err := tokens.Check(ctx, raw, token.Robot)
	if err != nil {
		return t, Robot{Lang: t.Lang}, err
	}
	r, err := store.GetRobot(ctx, t.Subject)
	if errors.Is(err, ErrNotFound) {
		// Erased with its owner: the link shows nothing.
		return t, Robot{Lang: t.Lang}, apperr.New(apperr.NotFound, "This link is not valid or has expired.")
	}
	if err != nil {
		return t, Robot{Lang: t.Lang}, fmt.Errorf("robot %s: %w", t.Subject, err)
	}
	if r.Owner != t.Owner {
		return t, Robot{Lang: t.Lang}, apperr.New(apperr.NotFound, "This link is not valid or has expired.")
	}
	return t, r, nil
}

// RobotPage reads what the robot's link shows: the robot and its latest
// matches.
func (s *Service) RobotPage(ctx context.Context, raw string) (Page, error) {
	_, r, err := s.robotOf(ctx, raw)
	if err != nil {
		return Page{Robot: r}, err
	}
	ms, err := s.store.RobotMatches(ctx, r.ID, recentMatches)
	if err != nil {
		return Page{Robot: r}, fmt.Errorf("robot %s matches: %w", r.ID, err)
	}
	g, _ := GameNamed(r.Game)
	return Page{Robot: r, Matches: ms, Game: g}, nil
}

// Confirm confirms a robot version by its link: it proves the address is
// the owner's, and from then on the robot plays. Confirming twice is
// confirming once.
func (s *Service) Confirm(ctx context.Context, raw string) (Robot, error) {
	_, r, err := s.robotOf(ctx, raw)
	if err != nil {
		return r, err
	}
	if r.Status == Confirmed {
		return r, nil
	}
	r, err = s.store.ConfirmRobot(ctx, r.ID, s.now())
	if err != nil {
		return Robot{Lang: r.Lang}, fmt.Errorf("confirm robot: %w", err)
	}
	s.log.InfoContext(ctx, "robot confirmed", "robot", r.ID)
	return r, nil
}

// Match reads a match, replay and all.
func (s *Service) Match(ctx context.Context, id string) (Match, error) {
	m, err := s.store.GetMatch(ctx, id)
	return apperr.Found(m, err, ErrNotFound, apperr.New(apperr.NotFound, "No such match."), "match %s", id)
}

// newID returns a short random identifier.
func newID() string { return shortid.New(14) }

// newSeed returns a match's seed: random, and below 2^31.
func newSeed() int64 {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return int64(binary.BigEndian.Uint32(b[:]) & 0x7fffffff)
}

func itoa(n int) string { return strconv.Itoa(n) }
