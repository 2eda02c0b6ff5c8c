// Package organizerdigest is OrganizerDigestFunction: the organizers' weekly digest: one email that leads
// with what needs action (empty talk rounds, silent speakers, undecided talks,
// mentorship pairs at risk, long waitlists) and then shows the week.
package organizerdigest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
)

// Name is the name the digest's sends are recorded under.
const Name = "organizer-digest"

// Store reads what the digest reports.
type Store interface {
	MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error)
	ListTalks(ctx context.Context, f talks.Filter, cursor string, limit int) ([]talks.Talk, string, error)
	// MembersConfirmedSince lists members who confirmed at or after since.
	MembersConfirmedSince(ctx context.Context, since time.Time) ([]members.Member, error)
}

// Pair is a mentorship pair as the digest shows it.
type Pair struct {
	Mentor, Mentee string
	State          string // active, overdue, at_risk, stalled
	LastCheckinAt  time.Time
}

// Pairs lists the pairs that have not ended, with their state at now.
type Pairs interface {
	OpenPairs(ctx context.Context, now time.Time) ([]Pair, error)
}

// Job builds and sends the weekly digest. Build it with New.
type Job struct {
	store      Store
	pairs      Pairs
	deliver    *jobs.Deliverer
	zone       *time.Location
	organizers []string
	language   string
}

// Deps is what a Job is built from.
type Deps struct {
	Store      Store
	Pairs      Pairs
	Deliver    *jobs.Deliverer
	Zone       *time.Location
	Organizers []string
	Language   string
}

// New builds the Job, refusing to without any of its dependencies.
func New(d Deps) (*Job, error) {
	err := deps.Require("organizer-digest",
		deps.Given("Store", d.Store), deps.Given("Pairs", d.Pairs), deps.Given("Deliver", d.Deliver),
		deps.Given("Zone", d.Zone), deps.NotEmpty("Language", d.Language))
	if err != nil {
		return nil, err
	}
	return &Job{
		store: d.Store, pairs: d.Pairs, deliver: d.Deliver, zone: d.Zone, organizers: d.Organizers,
		language: d.Language,
	}, nil
}

// How far ahead the digest looks, and what counts as a long waitlist.
const (
	horizon      = 60 * 24 * time.Hour
	longWaitlist = 10
)

// Report is what one digest says.
type Report struct {
	Urgent  []string // red: needs action now
	Actions []string // needs action
	Week    []string // the week, for information
}

// Run sends this week's digest to every organizer, once per week (the ISO
// week of now in the group's zone).
func (d *Job) Run(ctx context.Context, now time.Time) error {
	r, err := d.Build(ctx, now)
	if err != nil {
		return fmt.Errorf("%s: %w", Name, err)
	}
	year, week := now.In(d.zone).ISOWeek()
	round := fmt.Sprintf("%d-W%02d", year, week)
	digest := email.OrganizerDigest{Date: now.In(d.zone).Format("Monday 2 January 2006"), Urgent: r.Urgent, Actions: r.Actions, Week: r.Week}
	var sends []jobs.Send
	for _, o := range d.organizers {
		sends = append(sends, jobs.Send{Key: o, Message: func(context.Context) (email.Message, error) {
			return email.Compose(email.Recipient{Address: o, Lang: lang.Parse(d.language)}, digest)
		}})
	}
	_, err = d.deliver.Deliver(ctx, Name, round, sends)
	return err
}

// Build gathers the digest's findings at now.
func (d *Job) Build(ctx context.Context, now time.Time) (Report, error) {
	var r Report
	ms, err := d.store.MeetupsStarting(ctx, now, now.Add(horizon))
	if err != nil {
		return r, err
	}
	for _, m := range ms {
		m = m.AsOf(now) // seats held past their time count as free
		days := callforspeakers.DaysUntil(now, m.StartsAt, d.zone)
		accepted, err := d.talks(ctx, talks.Filter{MeetupID: m.ID, Status: talks.Accepted})
		if err != nil {
			return r, err
		}
		confirmed, err := d.talks(ctx, talks.Filter{MeetupID: m.ID, Status: talks.Confirmed})
		if err != nil {
			return r, err
		}
		switch step := callforspeakers.StepFor(days); {
		case len(accepted)+len(confirmed) > 0:
		case step == callforspeakers.TwoWeeks:
			r.Urgent = append(r.Urgent, d.say("noTalkRed", m.Title, days, m.When(d.zone)))
		case step != callforspeakers.None:
			r.Actions = append(r.Actions, d.say("noTalk", m.Title, days, m.When(d.zone)))
		}
		for _, t := range accepted {
			line := d.say("unconfirmed", t.Name, t.Title, m.Title, days)
			if days < 7 {
				r.Urgent = append(r.Urgent, line)
			} else if days <= 14 {
				r.Actions = append(r.Actions, line)
			}
		}
		if len(m.Waitlist) >= longWaitlist {
			r.Actions = append(r.Actions, d.say("waitlist", m.Title, len(m.Waitlist), m.Capacity))
		}
		r.Week = append(r.Week, d.say("meetup",
			m.Title, m.When(d.zone), m.SeatsLeft(), m.Capacity, len(m.Waitlist), len(accepted)+len(confirmed), len(confirmed)))
	}
	if len(ms) == 0 {
		r.Urgent = append(r.Urgent, d.say("noMeetup"))
	}

	undecided, err := d.talks(ctx, talks.Filter{Status: talks.Submitted})
	if err != nil {
		return r, err
	}
	if n := len(undecided); n > 0 {
		oldest := undecided[0]
		r.Actions = append(r.Actions, d.say("undecided",
			n, oldest.Title, oldest.Name, oldest.CreatedAt.In(d.zone).Format("2 January")))
	}

	pairs, err := d.pairs.OpenPairs(ctx, now)
	if err != nil {
		return r, err
	}
	counts := map[string]int{}
	for _, p := range pairs {
		counts[p.State]++
		last := d.say("never")
		if !p.LastCheckinAt.IsZero() {
			last = p.LastCheckinAt.In(d.zone).Format("2 January")
		}
		switch p.State {
		case "stalled":
			r.Urgent = append(r.Urgent, d.say("stalled", p.Mentor, p.Mentee, last))
		case "at_risk":
			r.Actions = append(r.Actions, d.say("atRisk", p.Mentor, p.Mentee, last))
		}
	}
	r.Week = append(r.Week, d.say("pairs",
		len(pairs), counts["active"], counts["overdue"], counts["at_risk"], counts["stalled"]))

	joined, err := d.store.MembersConfirmedSince(ctx, now.Add(-7*24*time.Hour))
	if err != nil {
		return r, err
	}
	names := make([]string, 0, len(joined))
	for _, m := range joined {
		names = append(names, m.Name)
	}
	if len(names) > 0 {
		r.Week = append(r.Week, d.say("newMembers", len(names), strings.Join(names, ", ")))
	} else {
		r.Week = append(r.Week, d.say("noNewMembers"))
	}
	return r, nil
}

func (d *Job) talks(ctx context.Context, f talks.Filter) ([]talks.Talk, error) {
	var out []talks.Talk
	cursor := ""
	for {
		page, next, err := d.store.ListTalks(ctx, f, cursor, 100)
		if err != nil {
			return nil, fmt.Errorf("talks: %w", err)
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

// Mentorships lists the mentorships that have not ended.
type Mentorships interface {
	Mentorships(ctx context.Context, state, cursor string, limit int) ([]mentorship.Mentorship, string, error)
}

// MentorshipPairs reports the open mentorship pairs with their state by the
// mentorship rules at the digest's now.
type MentorshipPairs struct{ Mentorships Mentorships }

// OpenPairs implements Pairs.
func (m MentorshipPairs) OpenPairs(ctx context.Context, now time.Time) ([]Pair, error) {
	var out []Pair
	cursor := ""
	for {
		page, next, err := m.Mentorships.Mentorships(ctx, "", cursor, 100)
		if err != nil {
			return nil, fmt.Errorf("mentorships: %w", err)
		}
		for _, ms := range page {
			h := mentorship.Assess(ms.Pair, now)
			out = append(out, Pair{Mentor: ms.MentorApplication.Name, Mentee: ms.MenteeApplication.Name, State: string(h.State), LastCheckinAt: h.LastCheckIn})
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

// phrases are the digest's lines in each organizer language.
var phrases = map[string]map[string]string{
	"en": {
		"noTalkRed":    "No talk for %q, %d days away (%s).",
		"noTalk":       "No talk yet for %q, %d days away (%s).",
		"unconfirmed":  "%s has not confirmed %q at %q, %d days away.",
		"waitlist":     "Waiting for a seat at %q: %d people (capacity %d). A bigger room?",
		"meetup":       "%s: %s; seats left: %d of %d; waiting: %d; talks: %d (%d confirmed).",
		"noMeetup":     "No meetup is scheduled in the next 60 days.",
		"undecided":    "Talks waiting for a decision: %d; the oldest, %q by %s, since %s.",
		"never":        "never",
		"stalled":      "Mentorship %s and %s has stalled (last check-in: %s).",
		"atRisk":       "Mentorship %s and %s is at risk (last check-in: %s).",
		"pairs":        "Mentorship pairs: %d (%d active, %d overdue, %d at risk, %d stalled).",
		"newMembers":   "New members this week (%d): %s.",
		"noNewMembers": "No new members this week.",
	},
	"fa": {
		"noTalkRed":    "«%s» هیچ ارائه‌ای ندارد و %[2]d روز مانده است (%[3]s).",
		"noTalk":       "«%s» هنوز ارائه‌ای ندارد؛ %[2]d روز مانده است (%[3]s).",
		"unconfirmed":  "%s ارائهٔ «%s» در «%s» را تأیید نکرده است؛ %d روز مانده.",
		"waitlist":     "در «%s» %d نفر منتظر جا هستند (ظرفیت %d). سالن بزرگ‌تر؟",
		"meetup":       "%s: %s؛ جای خالی: %d از %d؛ در انتظار: %d؛ ارائه‌ها: %d (%d تأییدشده).",
		"noMeetup":     "در ۶۰ روز آینده هیچ دورهمی‌ای برنامه‌ریزی نشده است.",
		"undecided":    "ارائه‌های منتظر تصمیم: %d؛ قدیمی‌ترین «%s» از %s، از %s.",
		"never":        "هرگز",
		"stalled":      "منتورشیپ %s و %s متوقف شده است (آخرین گزارش: %s).",
		"atRisk":       "منتورشیپ %s و %s در خطر است (آخرین گزارش: %s).",
		"pairs":        "جفت‌های منتورشیپ: %d (%d فعال، %d با تأخیر، %d در خطر، %d متوقف).",
		"newMembers":   "اعضای تازهٔ این هفته (%d): %s.",
		"noNewMembers": "این هفته عضو تازه‌ای نداشتیم.",
	},
}

// say writes one line of the digest in the organizers' language.
func (d *Job) say(key string, args ...any) string {
	p, ok := phrases[d.language]
	if !ok {
		p = phrases["en"]
	}
	return fmt.Sprintf(p[key], args...)
}
