// Package callforspeakers is CallForSpeakersFunction: the empty-slot alarm and the speaker confirmation
// ladder: the group once died because meetups had nobody to speak, so a
// meetup with no accepted talk is raised weeks ahead, louder each step, and
// an accepted speaker who has not confirmed is asked, then reported.
package callforspeakers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/topics"
)

// Name is the name the alarm's sends are recorded under.
const Name = "call-for-speakers"

// Step is how loud the alarm for an empty meetup is.
type Step int

// The steps, by how far away the meetup is.
const (
	None      Step = iota
	SixWeeks       // organizers told, backlog speakers asked
	FourWeeks      // a call for speakers to every member who wants to speak
	TwoWeeks       // red in every organizer email
)

// StepFor is the alarm step for a meetup that is days away (calendar days
// in the group's zone).
func StepFor(days int) Step {
	switch {
	case days < 0:
		return None
	case days <= lastRedDay:
		return TwoWeeks
	case days <= 28:
		return FourWeeks
	case days <= 42:
		return SixWeeks
	}
	return None
}

// lastRedDay is the farthest a meetup can be (in calendar days) and be at
// the alarm's last step.
const lastRedDay = 14

// DaysUntil counts the calendar days from now to t in zone: a meetup
// tomorrow evening is 1 day away whatever the hour.
func DaysUntil(now, t time.Time, zone *time.Location) int {
	y1, m1, d1 := now.In(zone).Date()
	y2, m2, d2 := t.In(zone).Date()
	a := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)
	b := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// Meetups reads the upcoming meetups and their talks: what RedMeetups needs.
type Meetups interface {
	MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error)
	ListTalks(ctx context.Context, f talks.Filter, cursor string, limit int) ([]talks.Talk, string, error)
}

// Store reads what the alarm needs.
type Store interface {
	Meetups
	// MembersWantingToSpeak lists confirmed, subscribed members who said they
	// would like to give a talk.
	MembersWantingToSpeak(ctx context.Context) ([]members.Member, error)
	GetMember(ctx context.Context, key string) (members.Member, error)
	// OpenTopics lists the wishlist's open topics (at most topics.MaxOpen,
	// one query).
	OpenTopics(ctx context.Context) ([]topics.Topic, error)
}

// Job is the daily empty-slot alarm. Build it with New.
type Job struct {
	store      Store
	deliver    *jobs.Deliverer
	tokens     *token.Issuer
	pages      *members.PageLinks
	links      email.Links
	siteOrigin string
	zone       *time.Location
	organizers jobs.Organizers
}

// Deps is what a Job is built from.
type Deps struct {
	Store   Store
	Deliver *jobs.Deliverer
	Tokens  *token.Issuer
	// Pages gives each email to a member the link to their own page.
	Pages      *members.PageLinks
	Links      email.Links
	SiteOrigin string // the website, where the talk form is
	Zone       *time.Location
	// Organizers are told of empty meetups and silent speakers, each in
	// their language.
	Organizers jobs.Organizers
}

// New builds the Job, refusing to without any of its dependencies.
func New(d Deps) (*Job, error) {
	err := deps.Require("call-for-speakers", append([]deps.Check{
		deps.Given("Store", d.Store), deps.Given("Deliver", d.Deliver), deps.Given("Tokens", d.Tokens), deps.Given("Pages", d.Pages),
		deps.That("Links", d.Links.Valid()), deps.NotEmpty("SiteOrigin", d.SiteOrigin), deps.Given("Zone", d.Zone)},
		d.Organizers.Checks()...)...)
	if err != nil {
		return nil, err
	}
	return &Job{
		store: d.Store, deliver: d.Deliver, tokens: d.Tokens, pages: d.Pages, links: d.Links, siteOrigin: d.SiteOrigin,
		zone: d.Zone, organizers: d.Organizers,
	}, nil
}

// Run raises the alarms due at now. Every step and every ask is its own
// round, sent once; a meetup first seen late gets every step it has reached.
// The programme of every meetup in reach is read before anything is sent:
// the meetups at the alarm's last step among them are the run's red list,
// which every organizer email the run sends opens with.
func (j *Job) Run(ctx context.Context, now time.Time) error {
	r := run{langs: j.organizers.Languages()}
	ms, err := j.store.MeetupsStarting(ctx, now, now.Add(43*24*time.Hour))
	if err != nil {
		return fmt.Errorf("%s: %w", Name, err)
	}
	ps := make([]programme, 0, len(ms))
	for _, m := range ms {
		p, err := readProgramme(ctx, j.store, m, now, j.zone)
		if err != nil {
			// Without every programme the red list may lack a meetup:
			// send nothing, and let the retry of this run send it all.
			return err
		}
		ps = append(ps, p)
	}
	r.red = redOf(ps, j.zone)
	var errs []error
	for _, p := range ps {
		if err := j.meetup(ctx, p, now, r); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// run is what one run works out once for all its organizer emails.
type run struct {
	red   []RedMeetup     // the red meetups, for the banner
	langs *jobs.Languages // each organizer's language
}

func (j *Job) meetup(ctx context.Context, p programme, now time.Time, r run) error {
	var errs []error
	if p.empty() {
		for step := SixWeeks; step <= StepFor(p.days); step++ {
			if err := j.raise(ctx, p.Meetup, step, p.days, r); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, t := range p.accepted {
		if err := j.ladder(ctx, p.Meetup, t, p.days, now, r); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// toOrganizers is one send of e to each organizer, in their language.
func (j *Job) toOrganizers(r run, e email.Email) []jobs.Send {
	return j.organizers.To(r.langs, "organizer#", func(context.Context, lang.Tag) (email.Email, error) { return e, nil })
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
