// Package meetupreminder is MeetupReminderFunction: the meetup reminder: a day or two before a meetup,
// everyone holding a seat, and every accepted speaker, gets the time, the
// place, a calendar invite and a link to give their seat up.
package meetupreminder

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/calendar"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
)

// Name is the name the reminder's sends are recorded under.
const Name = "meetup-reminder"

// Store reads what the reminder needs.
type Store interface {
	// MeetupsStarting lists scheduled meetups starting in [from, to).
	MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error)
	GetRegistration(ctx context.Context, meetupID, key string) (meetups.Registration, error)
}

// Speakers lists a meetup's programme: its accepted and confirmed talks.
type Speakers interface {
	Programme(ctx context.Context, meetupID string) ([]talks.Talk, error)
}

// Job reminds registrants and speakers of meetups starting within
// the next 24 to 48 hours. Build it with New.
type Job struct {
	store     Store
	speakers  Speakers
	deliver   *jobs.Deliverer
	tokens    *token.Issuer
	pages     email.MemberPages
	links     email.Links
	zone      *time.Location
	organizer string
}

// Deps is what a Job is built from.
type Deps struct {
	Store    Store
	Speakers Speakers
	Deliver  *jobs.Deliverer
	Tokens   *token.Issuer
	// Pages gives each reminder to a member the link to their own page.
	Pages email.MemberPages
	Links email.Links
	Zone  *time.Location
	// Organizer is the invite's organizer address (the sender).
	Organizer string
}

// New builds the Job, refusing to without any of its dependencies.
func New(d Deps) (*Job, error) {
	err := deps.Require("meetup-reminder",
		deps.Given("Store", d.Store), deps.Given("Speakers", d.Speakers), deps.Given("Deliver", d.Deliver),
		deps.Given("Tokens", d.Tokens), deps.Given("Pages", d.Pages), deps.That("Links", d.Links.Valid()), deps.Given("Zone", d.Zone),
		deps.NotEmpty("Organizer", d.Organizer))
	if err != nil {
		return nil, err
	}
	return &Job{
		store: d.Store, speakers: d.Speakers, deliver: d.Deliver, tokens: d.Tokens, pages: d.Pages, links: d.Links,
		zone: d.Zone, organizer: d.Organizer,
	}, nil
}

// Run sends the reminders due at now: for meetups starting within Ahead
// (24 to 48 hours ahead at the daily run; nearer ones only when an earlier
// run could not finish, or the meetup was created or moved since, so nobody
// misses a reminder because SES failed the day before). Each meetup is its
// own round, keyed by its start, so nobody is reminded twice and a
// rescheduled meetup is reminded again.
func (j *Job) Run(ctx context.Context, now time.Time) error {
	ms, err := j.store.MeetupsStarting(ctx, now, now.Add(Ahead))
	if err != nil {
		return fmt.Errorf("%s: %w", Name, err)
	}
	var errs []error
	for _, m := range ms {
		sends, err := j.sends(ctx, m, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := j.deliver.Deliver(ctx, Name, m.ID+"@"+m.StartsAt.UTC().Format(time.RFC3339), sends); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (j *Job) sends(ctx context.Context, m meetups.Meetup, now time.Time) ([]jobs.Send, error) {
	invite := calendar.Invite(calendar.Event{
		UID: m.UID(), Title: m.Title, Description: m.Description, Location: m.Venue,
		URL: j.links.Meetup(m.ID), Start: m.StartsAt, End: m.EndsAt, Organizer: j.organizer,
		Sequence: m.Sequence(),
	}, now)
	programme, err := j.speakers.Programme(ctx, m.ID)
	if err != nil {
		return nil, fmt.Errorf("%s: speakers of %s: %w", Name, m.ID, err)
	}
	keys := make([]string, len(programme))
	for i, tk := range programme {
		if tk.Email != "" {
			keys[i] = tk.Owner
		}
	}
	to := RecipientsOf(m, keys)
	talkOf := map[string]string{}
	for key, i := range to.TalkOf {
		talkOf[key] = programme[i].Title
	}
	var speakers []talks.Talk
	for _, i := range to.Speakers {
		speakers = append(speakers, programme[i])
	}

	var sends []jobs.Send
	for _, key := range to.Seats {
		sends = append(sends, jobs.Send{Key: key, Owner: key, Message: func(ctx context.Context) (email.Message, error) {
			r, err := j.store.GetRegistration(ctx, m.ID, key)
			if err != nil {
				return email.Message{}, err
			}
			raw, err := j.tokens.Issue(ctx, token.RegistrationCancel, m.ID+"/"+key, key, r.Language, max(m.EndsAt.Sub(now), time.Hour))
			if err != nil {
				return email.Message{}, err
			}
			return j.message(ctx, m, key, r.Name, r.Email, r.Language, talkOf[key], j.links.CancelRegistration(raw), invite)
		}})
	}
	for _, tk := range speakers {
		sends = append(sends, jobs.Send{Key: "speaker#" + tk.Owner, Owner: tk.Owner, Message: func(ctx context.Context) (email.Message, error) {
			return j.message(ctx, m, tk.Owner, tk.Name, tk.Email, tk.Language, tk.Title, "", invite)
		}})
	}
	return sends, nil
}

// message is the reminder to the person key names, with the link to their
// own page when they are a member.
func (j *Job) message(ctx context.Context, m meetups.Meetup, key, name, address, language, talk, cancel string, invite []byte) (email.Message, error) {
	page, _, err := j.pages.PageLink(ctx, key)
	if err != nil {
		return email.Message{}, err
	}
	return email.Compose(email.Recipient{Address: address, Name: name, Lang: lang.Parse(language)}, email.MeetupReminder{
		Name: name, Title: m.Title, When: m.When(j.zone), Venue: m.Venue, Talk: talk, CancelLink: cancel, Invite: invite, PageLink: page,
	})
}
