// Package checkinreminder is CheckinReminderFunction: it nudges both sides
// of a mentorship pair that has gone quiet, and tells the organizers the day
// a pair stalls, so a mentee going silent is seen weeks before the pair is
// lost.
package checkinreminder

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mentorship"
)

// Name is the name the check-in nudges are recorded under.
const Name = "checkin-reminder"

// Mentorships lists the pairs that have not ended and issues check-in links.
type Mentorships interface {
	Mentorships(ctx context.Context, state, cursor string, limit int) ([]mentorship.Mentorship, string, error)
	CheckInLink(ctx context.Context, pairID string, side mentorship.Role, a mentorship.Application) (string, error)
	EndedSince(ctx context.Context, since time.Time, cursor string, limit int) ([]mentorship.Mentorship, string, error)
	CapstoneLink(ctx context.Context, pairID string, mentee mentorship.Application) (string, error)
	FadeLink(ctx context.Context, pairID string, side mentorship.Role, episode string, a mentorship.Application) (string, error)
}

// FollowUpWithin is how long after a pair ended the job still owes its
// follow-up: the capstone invitation of a completed pair, the fade question
// of a dropped one. Each run reads the pairs ended this recently, and no
// more, so its cost follows the program's recent ends, not its history.
const FollowUpWithin = 14 * 24 * time.Hour

// Job nudges both sides of every overdue pair, once per overdue
// period (a check-in starts a new one), and tells organizers the day a pair
// stalls. A mentee going quiet is seen weeks before the pair is lost. Build it with New.
type Job struct {
	pairs      Mentorships
	meetups    callforspeakers.Meetups
	deliver    *jobs.Deliverer
	pages      email.MemberPages
	zone       *time.Location
	links      email.Links
	organizers jobs.Organizers
}

// Deps is what a Job is built from.
type Deps struct {
	Pairs Mentorships
	// Meetups reads the upcoming meetups and their talks, for the red banner
	// the stalled-pair emails open with (callforspeakers.RedMeetups).
	Meetups callforspeakers.Meetups
	Deliver *jobs.Deliverer
	// Pages gives each email to a member the link to their own page.
	Pages email.MemberPages
	Zone  *time.Location
	Links email.Links
	// Organizers are told of a stalled pair, each in their language.
	Organizers jobs.Organizers
}

// New builds the Job, refusing to without any of its dependencies.
func New(d Deps) (*Job, error) {
	err := deps.Require("checkin-reminder", append([]deps.Check{
		deps.Given("Pairs", d.Pairs), deps.Given("Meetups", d.Meetups), deps.Given("Deliver", d.Deliver), deps.Given("Pages", d.Pages),
		deps.Given("Zone", d.Zone), deps.That("Links", d.Links.Valid())}, d.Organizers.Checks()...)...)
	if err != nil {
		return nil, err
	}
	return &Job{
		pairs: d.Pairs, meetups: d.Meetups, deliver: d.Deliver, pages: d.Pages, zone: d.Zone, links: d.Links, organizers: d.Organizers,
	}, nil
}

// Run sends the nudges due at now.
func (j *Job) Run(ctx context.Context, now time.Time) error {
	r := run{red: j.redOnce(now), langs: j.organizers.Languages()}
	var errs []error
	cursor := ""
	for {
		page, next, err := j.pairs.Mentorships(ctx, "", cursor, 100)
		if err != nil {
			return fmt.Errorf("%s: %w", Name, err)
		}
		for _, m := range page {
			if err := j.pair(ctx, m, now, r); err != nil {
				errs = append(errs, err)
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if err := j.endedPairs(ctx, now); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// endedPairs sends the follow-up of every pair ended within FollowUpWithin:
// the listing's key condition reads no pair ended earlier.
func (j *Job) endedPairs(ctx context.Context, now time.Time) error {
	var errs []error
	cursor := ""
	for {
		page, next, err := j.pairs.EndedSince(ctx, now.Add(-FollowUpWithin), cursor, 100)
		if err != nil {
			return fmt.Errorf("%s: %w", Name, err)
		}
		for _, m := range page {
			if err := j.ended(ctx, m); err != nil {
				errs = append(errs, err)
			}
		}
		if next == "" {
			return errors.Join(errs...)
		}
		cursor = next
	}
}

// ended sends a completed pair's mentee the invitation to give a capstone
// talk, and both sides of a dropped pair the fade question: once each.
func (j *Job) ended(ctx context.Context, m mentorship.Mentorship) error {
	switch m.Outcome {
	case mentorship.Completed:
		mentee := side{mentorship.Mentee, m.MenteeApplication, m.MentorApplication}
		if mentee.me.Email == "" {
			return nil
		}
		send := j.toSide(mentee, func(ctx context.Context) (string, error) { return j.pairs.CapstoneLink(ctx, m.ID, mentee.me) },
			func(link, page string) email.Email {
				return email.MentorCapstoneInvite{Name: mentee.me.Name, Partner: mentee.them.Name, Goals: mentee.me.Goals, TalkLink: link, PageLink: page}
			})
		_, err := j.deliver.Deliver(ctx, Name, m.ID+"@capstone", []jobs.Send{send})
		return err
	case mentorship.Dropped:
		return j.askWhy(ctx, m, mentorship.EpisodeDropped, true)
	}
	return nil
}

// side is one side of a pair: its role, its application and the other
// side's.
type side struct {
	role     mentorship.Role
	me, them mentorship.Application
}

// sides are the sides of m not erased meanwhile, the mentor first.
func sides(m mentorship.Mentorship) []side {
	var out []side
	for _, s := range []side{{mentorship.Mentor, m.MentorApplication, m.MenteeApplication}, {mentorship.Mentee, m.MenteeApplication, m.MentorApplication}} {
		if s.me.Email != "" {
			out = append(out, s)
		}
	}
	return out
}

// toSide is the send to s, keyed by its role, of the email mail makes from
// the link link issues and s's page link, in s's language.
func (j *Job) toSide(s side, link func(context.Context) (string, error), mail func(link, page string) email.Email) jobs.Send {
	return jobs.Send{Key: string(s.role), Owner: s.me.Owner, Message: func(ctx context.Context) (email.Message, error) {
		l, err := link(ctx)
		if err != nil {
			return email.Message{}, err
		}
		page, _, err := j.pages.PageLink(ctx, s.me.Owner)
		if err != nil {
			return email.Message{}, err
		}
		return email.Compose(email.Recipient{Address: s.me.Email, Name: s.me.Name, Lang: lang.Parse(s.me.Language)}, mail(l, page))
	}}
}

// askWhy asks both sides of a pair, once for the episode, why it faded.
func (j *Job) askWhy(ctx context.Context, m mentorship.Mentorship, episode string, dropped bool) error {
	var sends []jobs.Send
	for _, side := range sides(m) {
		sends = append(sends, j.toSide(side, func(ctx context.Context) (string, error) {
			return j.pairs.FadeLink(ctx, m.ID, side.role, episode, side.me)
		},
			func(raw, page string) email.Email {
				l := func(r mentorship.FadeReason) string { return j.links.Fade(raw, string(r)) }
				return email.MentorFadeAsk{Name: side.me.Name, Partner: side.them.Name, Dropped: dropped,
					NoTimeLink: l(mentorship.FadeNoTime), NoAnswerLink: l(mentorship.FadeNoAnswer), GoalsUnclearLink: l(mentorship.FadeGoalsUnclear),
					GotWhatINeededLink: l(mentorship.FadeGotWhatINeed), OtherLink: l(mentorship.FadeOther), PageLink: page}
			}))
	}
	_, err := j.deliver.Deliver(ctx, Name, m.ID+"@fade@"+episode, sends)
	return err
}

// redOnce returns the run's red meetups, computed when the first
// organizer email is built and kept for the rest of the run: one
// computation a run however many emails it sends, and none when it sends
// organizers nothing (a pair stays stalled, and its email sent, for days).
// A failed computation fails that email, which is sent again on the retry,
// and is tried again for the next. A run delivers one email at a time, so
// nothing here is shared between goroutines.
func (j *Job) redOnce(now time.Time) func(context.Context) ([]callforspeakers.RedMeetup, error) {
	var (
		done bool
		red  []callforspeakers.RedMeetup
	)
	return func(ctx context.Context) ([]callforspeakers.RedMeetup, error) {
		if !done {
			r, err := callforspeakers.RedMeetups(ctx, j.meetups, now, j.zone)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", Name, err)
			}
			red, done = r, true
		}
		return red, nil
	}
}

// run is what one run works out once, when its first organizer email needs
// it, for all the others.
type run struct {
	red   func(context.Context) ([]callforspeakers.RedMeetup, error) // redOnce
	langs *jobs.Languages                                            // each organizer's language
}

func (j *Job) pair(ctx context.Context, m mentorship.Mentorship, now time.Time, r run) error {
	h := mentorship.Assess(m.Pair, now)
	if !h.Overdue || m.Status != mentorship.PairActive {
		return nil
	}
	// The overdue period is named by when the pair was last heard from, so a
	// check-in (which moves it) makes the next silence a new period.
	period := h.Since.UTC().Format(time.RFC3339)
	days := int(now.Sub(h.Since).Hours() / 24)
	var sends []jobs.Send
	for _, side := range sides(m) {
		sends = append(sends, j.toSide(side, func(ctx context.Context) (string, error) { return j.pairs.CheckInLink(ctx, m.ID, side.role, side.me) },
			func(link, page string) email.Email {
				return email.MentorCheckinReminder{Name: side.me.Name, Partner: side.them.Name, Days: days, CheckInLink: link, PageLink: page}
			}))
	}
	var errs []error
	if _, err := j.deliver.Deliver(ctx, Name, m.ID+"@"+period, sends); err != nil {
		errs = append(errs, err)
	}
	if h.Stalled {
		if err := j.askWhy(ctx, m, mentorship.StallEpisode(h.Since), false); err != nil {
			errs = append(errs, err)
		}
		tell := j.organizers.To(r.langs, "organizer#", func(ctx context.Context, _ lang.Tag) (email.Email, error) {
			reds, err := r.red(ctx)
			if err != nil {
				return nil, err
			}
			return email.OrganizerPairStalled{
				Mentor: m.MentorApplication.Name, Mentee: m.MenteeApplication.Name, Days: days,
				Since:      h.Since.In(j.zone).Format("2 January 2006"),
				PairsLink:  j.links.Console(consolepath.Mentorships(string(mentorship.StateStalled))),
				RedMeetups: callforspeakers.Banner(reds, j.links, ""),
			}, nil
		})
		if _, err := j.deliver.Deliver(ctx, Name, m.ID+"@stalled@"+period, tell); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
