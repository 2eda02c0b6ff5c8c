// Package callforspeakers is CallForSpeakersFunction: the empty-slot alarm and the speaker confirmation
// ladder: the group once died because meetups had nobody to speak, so a
// meetup with no accepted talk is raised weeks ahead, louder each step, and
// an accepted speaker who has not confirmed is asked, then reported.
package callforspeakers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
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

// The speaker confirmation ladder: an accepted speaker who has not confirmed
// is sent a confirm link these many days before, and after the last one is
// reported to the organizers.
const (
	firstAsk  = 14
	secondAsk = 7
	// silentAfter is the least time since acceptance before a speaker who
	// has not confirmed is reported silent.
	silentAfter = 3 * 24 * time.Hour
)

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

// raise sends one step of the alarm for an empty meetup. A step stays due
// for two weeks of daily runs, and gathering its recipients reads every
// member who wants to speak (four weeks) or a record per backlog speaker
// (six weeks): so once one run has sent the whole step, it is recorded done,
// and later runs read that one record and stop. The step costs what it
// sends, not the size of the members table, however many runs see it; a
// member who joins after the step went out is asked at the next one.
func (j *Job) raise(ctx context.Context, m meetups.Meetup, step Step, days int, r run) error {
	round := m.ID + "@empty-" + strconv.Itoa(int(step))
	done, err := j.deliver.RoundDone(ctx, Name, round)
	if err != nil {
		return err
	}
	if done {
		return nil
	}
	// The backlog is read once per step: the organizers' email offers its
	// first candidates (capstone talks first), and the six-week step asks
	// their speakers.
	backlog, err := listTalks(ctx, j.store, talks.Filter{Backlog: true})
	if err != nil {
		return err
	}
	sends := j.toOrganizers(r, email.OrganizerEmptySlot{
		Title: m.Title, When: m.When(j.zone), Days: days, Red: step == TwoWeeks,
		MeetupLink: j.links.Console(consolepath.Meetup(m.ID)), RedMeetups: Banner(r.red, j.links, m.ID),
		Candidates: Candidates(backlog, j.links),
	})
	// once holds the asks that go once per talk, each in the talk's own round.
	type perTalk struct {
		round string
		send  jobs.Send
	}
	var once []perTalk
	var wanted []email.WantedTopic
	if step == SixWeeks || step == FourWeeks {
		if wanted, err = j.wanted(ctx); err != nil {
			return err
		}
	}
	switch step {
	case SixWeeks:
		for _, t := range backlog {
			// Only a speaker who confirmed the address a talk names is
			// asked about it: a talk submitted before addresses were
			// confirmed may be anyone's address, typed in by anyone.
			if t.Owner == "" || t.VerifiedAt.IsZero() {
				continue
			}
			mem, err := j.store.GetMember(ctx, t.Owner)
			if err != nil && !errors.Is(err, members.ErrNotFound) {
				return fmt.Errorf("%s: member: %w", Name, err)
			}
			if err == nil && (mem.Unsubscribed || mem.NoCallForSpeakers) {
				continue // a member who stopped these emails, on their page or by unsubscribing
			}
			ask := func(unsubscribe, page string) (email.Message, error) {
				return email.Compose(email.Recipient{Address: t.Email, Name: t.Name, Lang: lang.Parse(t.Language)}, email.SpeakerBacklogAsk{
					Name: t.Name, TalkTitle: t.Title, Title: m.Title, When: m.When(j.zone), Contact: first(j.organizers.Emails), Unsubscribe: unsubscribe,
					Wanted: wanted, PageLink: page,
				})
			}
			if err == nil && mem.Status == members.Confirmed {
				// A member is asked at every empty meetup, month after month,
				// unbidden: not transactional, so it carries their
				// unsubscribe link, as the call for speakers does.
				sends = append(sends, jobs.Send{Key: "backlog#" + t.ID, Owner: t.Owner, Message: func(ctx context.Context) (email.Message, error) {
					unsub, err := j.unsubscribeLink(ctx, mem)
					if err != nil {
						return email.Message{}, err
					}
					page, _, err := j.pages.Of(ctx, mem)
					if err != nil {
						return email.Message{}, err
					}
					return ask(unsub, page)
				}})
				continue
			}
			// A speaker who is not a member has nothing an unsubscribe link
			// could switch off (it acts on a member's record, and does
			// nothing without one): they are asked once about this
			// proposal, at the first empty meetup, and never again.
			once = append(once, perTalk{t.ID + "@backlog-ask", jobs.Send{Key: t.Owner, Owner: t.Owner, Message: func(context.Context) (email.Message, error) {
				return ask("", "")
			}}})
		}
	case FourWeeks:
		speakers, err := j.store.MembersWantingToSpeak(ctx)
		if err != nil {
			return fmt.Errorf("%s: members: %w", Name, err)
		}
		for _, mem := range speakers {
			if mem.NoCallForSpeakers {
				continue // the store's query leaves them out; this says so here too
			}
			sends = append(sends, jobs.Send{Key: mem.Key, Owner: mem.Key, Message: func(ctx context.Context) (email.Message, error) {
				unsub, err := j.unsubscribeLink(ctx, mem)
				if err != nil {
					return email.Message{}, err
				}
				page, _, err := j.pages.Of(ctx, mem)
				if err != nil {
					return email.Message{}, err
				}
				return email.Compose(email.Recipient{Address: mem.Email, Name: mem.Name, Lang: lang.Parse(mem.Language)}, email.CallForSpeakers{
					Name: mem.Name, Title: m.Title, When: m.When(j.zone), SubmitLink: j.siteOrigin, Unsubscribe: unsub, PageLink: page,
					Wanted: wanted,
				})
			}})
		}
	}
	var errs []error
	if _, err := j.deliver.Deliver(ctx, Name, round, sends); err != nil {
		errs = append(errs, err)
	}
	for _, o := range once {
		if _, err := j.deliver.Deliver(ctx, Name, o.round, []jobs.Send{o.send}); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return j.deliver.MarkRoundDone(ctx, Name, round)
}

// MaxCandidates is how many backlog talks an empty-slot email offers.
const MaxCandidates = 5

// Candidates are the backlog talks an empty-slot email offers organizers:
// those whose speaker confirmed their address, capstone talks first (a
// mentee's talk about what their mentorship led to), then the longest
// waiting; at most MaxCandidates.
func Candidates(backlog []talks.Talk, links email.Links) []email.Candidate {
	ts := make([]talks.Talk, 0, len(backlog))
	for _, t := range backlog {
		if !t.VerifiedAt.IsZero() {
			ts = append(ts, t)
		}
	}
	talks.CapstoneFirst(ts)
	out := make([]email.Candidate, 0, min(len(ts), MaxCandidates))
	for _, t := range ts[:min(len(ts), MaxCandidates)] {
		out = append(out, email.Candidate{Title: t.Title, Speaker: t.Name, Capstone: t.Capstone != "", Link: links.Console(consolepath.Talk(t.ID))})
	}
	return out
}

// unsubscribeLink issues the member's one-click unsubscribe link.
func (j *Job) unsubscribeLink(ctx context.Context, mem members.Member) (string, error) {
	raw, err := j.tokens.Issue(ctx, token.Unsubscribe, mem.Key, mem.Key, mem.Language, 365*24*time.Hour)
	if err != nil {
		return "", err
	}
	return j.links.Unsubscribe(raw), nil
}

// ladder asks an accepted speaker to confirm 14 and 7 days before, and after
// that tells the organizers the speaker is silent.
func (j *Job) ladder(ctx context.Context, m meetups.Meetup, t talks.Talk, days int, now time.Time, r run) error {
	if t.Owner == "" || days < 0 {
		return nil
	}
	var errs []error
	// Only the latest ask that is due: a talk accepted a week before is not
	// sent the two-weeks ask as well.
	ask := firstAsk
	if days <= secondAsk {
		ask = secondAsk
	}
	if days <= firstAsk {
		sends := []jobs.Send{{Key: t.Owner, Owner: t.Owner, Message: func(ctx context.Context) (email.Message, error) {
			raw, err := j.tokens.Issue(ctx, token.TalkConfirm, t.ID, t.Owner, t.Language, max(m.StartsAt.Sub(now), time.Hour))
			if err != nil {
				return email.Message{}, err
			}
			page, _, err := j.pages.PageLink(ctx, t.Owner)
			if err != nil {
				return email.Message{}, err
			}
			return email.Compose(email.Recipient{Address: t.Email, Name: t.Name, Lang: lang.Parse(t.Language)}, email.SpeakerConfirmAsk{
				Name: t.Name, TalkTitle: t.Title, Title: m.Title, When: m.When(j.zone), Days: days, ConfirmLink: j.links.ConfirmTalk(raw), PageLink: page,
			})
		}}}
		if _, err := j.deliver.Deliver(ctx, Name, confirmRound(t.ID, ask), sends); err != nil {
			errs = append(errs, err)
		}
	}
	// Silence is reported once the last ask is past and the speaker has had
	// a few days since being accepted.
	if reportedSilent(days, t, now) {
		sends := j.toOrganizers(r, email.OrganizerSilentSpeaker{
			Title: m.Title, When: m.When(j.zone), Days: days, TalkTitle: t.Title, SpeakerName: t.Name,
			MeetupLink: j.links.Console(consolepath.Meetup(m.ID)), RedMeetups: Banner(r.red, j.links, m.ID),
		})
		if _, err := j.deliver.Deliver(ctx, Name, t.ID+"@silent", sends); err != nil {
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

// wanted is the wishlist's most-wanted open topics (one query), for the
// asks of a step that seeks speakers.
func (j *Job) wanted(ctx context.Context) ([]email.WantedTopic, error) {
	open, err := j.store.OpenTopics(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: topics: %w", Name, err)
	}
	open = topics.Ranked(open)
	out := make([]email.WantedTopic, 0, min(len(open), topics.Top))
	for _, t := range open[:min(len(open), topics.Top)] {
		out = append(out, email.WantedTopic{Title: t.Title, Votes: t.Votes})
	}
	return out, nil
}
