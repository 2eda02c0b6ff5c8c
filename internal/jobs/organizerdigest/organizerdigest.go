// Package organizerdigest is OrganizerDigestFunction: the organizers' weekly
// digest. It sends the agenda (package agenda: what needs action now, what
// needs action, then the week) to each organizer in their language, every
// line a link to the console page where it is acted on.
package organizerdigest

import (
	"context"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/lang"
)

// Name is the name the digest's sends are recorded under.
const Name = "organizer-digest"

// Agenda finds what the digest reports.
type Agenda interface {
	Build(ctx context.Context, now time.Time) (agenda.Agenda, error)
}

// Job sends the weekly digest. Build it with New.
type Job struct {
	agenda     Agenda
	deliver    *jobs.Deliverer
	links      email.Links
	zone       *time.Location
	organizers jobs.Organizers
}

// Deps is what a Job is built from.
type Deps struct {
	Agenda     Agenda
	Deliver    *jobs.Deliverer
	Links      email.Links
	Zone       *time.Location
	Organizers jobs.Organizers
}

// New builds the Job, refusing to without any of its dependencies.
func New(d Deps) (*Job, error) {
	err := deps.Require("organizer-digest", append([]deps.Check{
		deps.Given("Agenda", d.Agenda), deps.Given("Deliver", d.Deliver), deps.That("Links", d.Links.Valid()),
		deps.Given("Zone", d.Zone)}, d.Organizers.Checks()...)...)
	if err != nil {
		return nil, err
	}
	return &Job{agenda: d.Agenda, deliver: d.Deliver, links: d.Links, zone: d.Zone, organizers: d.Organizers}, nil
}

// Run sends this week's digest to every organizer, once per week (the ISO
// week of now in the group's zone).
func (d *Job) Run(ctx context.Context, now time.Time) error {
	a, err := d.agenda.Build(ctx, now)
	if err != nil {
		return fmt.Errorf("%s: %w", Name, err)
	}
	year, week := now.In(d.zone).ISOWeek()
	round := fmt.Sprintf("%d-W%02d", year, week)
	// The key is the address alone, as it always was: a week's record
	// stays valid across a deployment.
	sends := d.organizers.To(d.organizers.Languages(), "", func(_ context.Context, l lang.Tag) (email.Email, error) {
		return Digest(a, l, d.links), nil
	})
	_, err = d.deliver.Deliver(ctx, Name, round, sends)
	return err
}

// Digest is the digest of a in language l: each line its item's text, a
// link to the item's console page.
func Digest(a agenda.Agenda, l lang.Tag, links email.Links) email.OrganizerDigest {
	lines := func(level agenda.Level) []email.DigestItem {
		items := a.Of(level)
		out := make([]email.DigestItem, 0, len(items))
		for _, it := range items {
			line := email.DigestItem{Text: it.Text(l)}
			if it.Path != "" {
				line.Link = links.Console(it.Path)
			}
			out = append(out, line)
		}
		return out
	}
	return email.OrganizerDigest{
		Date: a.At.Format("Monday 2 January 2006"), Urgent: lines(agenda.Urgent), Actions: lines(agenda.Action), Week: lines(agenda.Info),
	}
}
