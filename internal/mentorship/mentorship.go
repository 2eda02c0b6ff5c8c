// Package mentorship owns the mentorship program: people apply as mentors or
// mentees, organizers pair a mentor with a mentee, both sides check in every
// two weeks by an emailed link, and the state rules (state.go) turn each
// pair's check-ins into what organizers see: active, overdue, at risk,
// stalled or ended. The first program faded because silence went unnoticed;
// everything here exists to make silence visible.
//
// docs/MENTORSHIP.md describes the rules, the order of the writes that pair
// two people, and what a function dying between them leaves behind.
package mentorship

import (
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/shortid"
	"github.com/tehpug/backend/internal/validate"
)

// Role is the side a person takes: in an application, and in a pair.
type Role string

// The two roles.
const (
	Mentor Role = "mentor"
	Mentee Role = "mentee"
)

// AppStatus is where an application stands.
type AppStatus string

// Application statuses. A mentor's application is open while it has a free
// place and full when every place is taken; a mentee's is open until paired,
// paired while in a pair, and closed once that pair ended (applying again
// opens it again).
const (
	Open   AppStatus = "open"
	Full   AppStatus = "full"
	Paired AppStatus = "paired"
	Closed AppStatus = "closed"
)

// Application is one person's application in one role. A person has at most
// one application per role: its ID is derived from the person and the role.
type Application struct {
	ID           string
	Role         Role
	Owner        string // person.Key(Email)
	Name         string
	Email        string
	Language     string
	Topics       []string
	Capacity     int    // a mentor's number of places, 1–5
	Availability string // a mentor's
	Goals        string // a mentee's
	Status       AppStatus
	// Mentees lists the pairs holding a mentor's places (pending or active),
	// at most Capacity: the mentor's capacity is enforced on this list.
	Mentees []string
	// PairID is the pair holding a mentee (pending or active); "" when open.
	PairID string
	// Pairs lists every pair this application was ever part of, so an erase
	// finds ended pairs too.
	Pairs     []string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// FreePlaces is how many more mentees a mentor can take.
func (a Application) FreePlaces() int {
	if a.Role != Mentor {
		return 0
	}
	return max(0, a.Capacity-len(a.Mentees))
}

// PairStatus is where a pair stands in its life; its State (state.go) is
// what the state rules make of it.
type PairStatus string

// Pair statuses. A pending pair is being made (docs/MENTORSHIP.md) and is
// never listed or checked in to.
const (
	PairPending PairStatus = "pending"
	PairActive  PairStatus = "active"
	PairEnded   PairStatus = "ended"
)

// Outcome is how a mentorship ended.
type Outcome string

// Outcomes organizers choose from; Erased is recorded when a member's erase
// removes a pair (briefly: the pair is deleted right after).
const (
	Completed Outcome = "completed"
	Dropped   Outcome = "dropped"
	Erased    Outcome = "erased"
)

// Side is what a pair knows about one of its two sides' check-ins.
type Side struct {
	// LastCheckIn is when the side last checked in; zero if it never has.
	LastCheckIn time.Time
	// AskedForHelp reports whether that last check-in asked for help.
	AskedForHelp bool
	// IntroducedAt is when the side's introduction email was claimed.
	IntroducedAt time.Time
	// Fade is the side's latest answer to why the pair faded (fade.go);
	// zero if it never answered.
	Fade FadeAnswer
}

// Pair is one mentor with one mentee. It holds no names or addresses: those
// stay on the two applications, so an erase has one place to remove them.
type Pair struct {
	ID          string
	Status      PairStatus
	MentorApp   string // the mentor's application ID
	MenteeApp   string // the mentee's application ID
	MenteeOwner string // person key of the mentee, the pair's owner
	Mentor      Side
	Mentee      Side
	CreatedAt   time.Time // when pairing began (a pending pair's age)
	StartedAt   time.Time // when the pair became active
	EndedAt     time.Time
	Outcome     Outcome
	Reason      string
}

// Of returns a pair's side for role.
func (p Pair) Of(role Role) Side {
	if role == Mentor {
		return p.Mentor
	}
	return p.Mentee
}

// Answer is a one-tap check-in.
type Answer string

// One-tap answers.
const (
	Met      Answer = "met"
	NotYet   Answer = "not_yet"
	NeedHelp Answer = "need_help"
)

// CheckIn is one side's check-in on its pair: a one-tap Answer, or the full
// form (Progress, Summary, NextStep, Blocked).
type CheckIn struct {
	ID       string
	PairID   string
	Side     Role
	Owner    string // person key of whoever checked in
	At       time.Time
	Answer   Answer // "" for the full form
	Progress int    // 1–5 on the full form
	Summary  string // what happened
	NextStep string
	Blocked  bool
}

// AsksForHelp reports whether the check-in asks organizers for help.
func (c CheckIn) AsksForHelp() bool {
	return c.Answer == NeedHelp || c.Blocked
}

// Errors a Store returns.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("exists")
	// ErrChanged reports a conditional write that found the record changed
	// since it was read; the caller reads again and decides again.
	ErrChanged = errors.New("changed concurrently")
)

// Limits of what people send; the website's application form caps its
// fields at these too (internal/memberforms).
const (
	MaxName         = 100
	MaxTopics       = 10
	MaxTopic        = 40
	MaxCapacity     = 5
	MaxAvailability = 300
	// MaxGoals caps a mentee's goal: one concrete goal, not an essay.
	MaxGoals    = 500
	maxSummary  = 2000
	maxNextStep = 1000
	maxReason   = 1000
)

// ApplyInput is the application form.
type ApplyInput struct {
	Role         string   `json:"role"`
	Name         string   `json:"name"`
	Email        string   `json:"email"`
	Language     string   `json:"language"`
	Topics       []string `json:"topics"`
	Capacity     *int     `json:"capacity"`
	Availability string   `json:"availability"`
	Goals        string   `json:"goals"`
}

// Validate reports what Apply would refuse in for, and does nothing else: a
// post that filled the honeypot is checked with it, so it is refused exactly
// as the same post without the honeypot would be before it is dropped.
func (in ApplyInput) Validate() error {
	_, err := in.application("", time.Time{})
	return err
}

// application validates in and returns the application it describes.
func (in ApplyInput) application(owner string, now time.Time) (Application, error) {
	a := Application{
		Role: Role(in.Role), Owner: owner, Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email),
		Language: in.Language, Status: Open, CreatedAt: now, UpdatedAt: now,
	}
	if a.Language == "" {
		a.Language = "en"
	}
	v := validate.New()
	v.OneOf("role", in.Role, string(Mentor), string(Mentee))
	v.RequiredLine("name", a.Name, MaxName)
	v.Email("email", a.Email)
	v.OneOf("language", a.Language, "en", "fa")
	for _, t := range in.Topics {
		if t = strings.TrimSpace(t); t != "" {
			a.Topics = append(a.Topics, t)
		}
	}
	v.Check("topics", len(a.Topics) > 0, problem.TopicRequired)
	v.Items("topics", a.Topics, MaxTopics, MaxTopic)
	switch a.Role {
	case Mentor:
		if v.Check("capacity", in.Capacity != nil, problem.CapacityRequired) {
			a.Capacity = *in.Capacity
			v.Range("capacity", a.Capacity, 1, MaxCapacity)
		}
		// Optional: organizers pair better knowing it, but a form that
		// does not ask must still work.
		a.Availability = validate.NormalizeText(in.Availability)
		v.MaxLen("availability", a.Availability, MaxAvailability)
		v.Multiline("availability", a.Availability)
	case Mentee:
		a.Goals = validate.NormalizeText(in.Goals)
		v.RequiredMultiline("goals", a.Goals, MaxGoals)
	}
	if err := v.Err(); err != nil {
		return Application{}, err
	}
	a.ID = ApplicationID(a.Role, owner)
	return a, nil
}

// ApplicationID is the ID of a person's application in a role. It is derived
// rather than random so that applying twice finds the same application: one
// person holds one place in the program per role.
func ApplicationID(role Role, owner string) string {
	sum := sha256.Sum256([]byte("mentorship-application\x00" + string(role) + "\x00" + owner))
	return shortid.Encode(sum[:12])
}

// newID returns a short random identifier.
func newID() string { return shortid.New(12) }

// CheckInInput is the check-in form: a token and either a one-tap answer or
// the full form.
type CheckInInput struct {
	Token    string `json:"token"`
	Answer   string `json:"answer"`
	Progress *int   `json:"progress"`
	Summary  string `json:"summary"`
	NextStep string `json:"next_step"`
	Blocked  *bool  `json:"blocked"`
}

// checkIn validates in and returns the check-in it describes (without its
// pair, side and owner, which the token gives).
func (in CheckInInput) checkIn(now time.Time) (CheckIn, error) {
	c := CheckIn{
		ID: newID(), At: now, Answer: Answer(strings.TrimSpace(in.Answer)),
		Summary: validate.NormalizeText(in.Summary), NextStep: validate.NormalizeText(in.NextStep),
	}
	full := in.Progress != nil || in.Blocked != nil || c.Summary != "" || c.NextStep != ""
	v := validate.New()
	v.Required("token", in.Token)
	switch {
	case c.Answer != "":
		v.OneOf("answer", string(c.Answer), string(Met), string(NotYet), string(NeedHelp))
		v.Check("answer", !full, problem.AnswerOrForm)
	case !full:
		v.Add("answer", problem.AnswerRequired)
	default:
		if v.Check("progress", in.Progress != nil, problem.RequiredOnFullForm) {
			c.Progress = *in.Progress
			v.Range("progress", c.Progress, 1, 5)
		}
		c.Blocked = in.Blocked != nil && *in.Blocked
		v.MaxLen("summary", c.Summary, maxSummary)
		v.Multiline("summary", c.Summary)
		v.MaxLen("next_step", c.NextStep, maxNextStep)
		v.Multiline("next_step", c.NextStep)
	}
	return c, v.Err()
}

// PairInput is what organizers send to pair two applications.
type PairInput struct {
	MentorApplicationID string `json:"mentor_application_id"`
	MenteeApplicationID string `json:"mentee_application_id"`
}

// EndInput is what organizers send to end a mentorship.
type EndInput struct {
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
}

func (in *EndInput) validate() error {
	in.Reason = validate.NormalizeText(in.Reason)
	v := validate.New()
	v.OneOf("outcome", in.Outcome, string(Completed), string(Dropped))
	v.RequiredMultiline("reason", in.Reason, maxReason)
	return v.Err()
}

// holds reports whether id is among ids.
func holds(ids []string, id string) bool { return slices.Contains(ids, id) }
