// Package slots owns the empty-slot alarm and the speaker confirmation
// ladder: the group once died because meetups had nobody to speak, so a
// meetup with no accepted talk is raised weeks ahead, louder each step, and
// an accepted speaker who has not confirmed is asked, then reported.
package slots

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
)

// Job is the name the alarm's sends are recorded under.
const Job = "call-for-speakers"

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
	case days <= 14:
		return TwoWeeks
	case days <= 28:
		return FourWeeks
	case days <= 42:
		return SixWeeks
	}
	return None
}

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

// Store reads what the alarm needs.
type Store interface {
	MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error)
	ListTalks(ctx context.Context, f talks.Filter, cursor string, limit int) ([]talks.Talk, string, error)
	// MembersWantingToSpeak lists confirmed, subscribed members who said they
	// would like to give a talk.
	MembersWantingToSpeak(ctx context.Context) ([]members.Member, error)
	GetMember(ctx context.Context, key string) (members.Member, error)
}

// CallForSpeakers is the daily empty-slot alarm.
type CallForSpeakers struct {
	Store      Store
	Deliver    *jobs.Deliverer
	Tokens     *token.Issuer
	BaseURL    string
	SiteOrigin string // the website, where the talk form is
	Zone       *time.Location
	Organizers []string
	// OrganizerLanguage is the language of organizer emails.
	OrganizerLanguage string
}

// Run raises the alarms due at now. Every step and every ask is its own
// slot, sent once; a meetup first seen late gets every step it has reached.
func (j *CallForSpeakers) Run(ctx context.Context, now time.Time) error {
	ms, err := j.Store.MeetupsStarting(ctx, now, now.Add(43*24*time.Hour))
	if err != nil {
		return fmt.Errorf("%s: %w", Job, err)
	}
	var errs []error
	for _, m := range ms {
		if err := j.meetup(ctx, m, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (j *CallForSpeakers) meetup(ctx context.Context, m meetups.Meetup, now time.Time) error {
	days := DaysUntil(now, m.StartsAt, j.Zone)
	accepted, err := j.talks(ctx, talks.Filter{MeetupID: m.ID, Status: talks.Accepted})
	if err != nil {
		return err
	}
	confirmed, err := j.talks(ctx, talks.Filter{MeetupID: m.ID, Status: talks.Confirmed})
	if err != nil {
		return err
	}
	var errs []error
	if len(accepted)+len(confirmed) == 0 {
		for step := SixWeeks; step <= StepFor(days); step++ {
			if err := j.raise(ctx, m, step, days); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, t := range accepted {
		if err := j.ladder(ctx, m, t, days, now); err != nil {
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
func (j *CallForSpeakers) raise(ctx context.Context, m meetups.Meetup, step Step, days int) error {
	slot := m.ID + "@empty-" + strconv.Itoa(int(step))
	done, err := j.Deliver.Ledger.SlotDone(ctx, Job, slot)
	if err != nil {
		return fmt.Errorf("%s: %w", Job, err)
	}
	if done {
		return nil
	}
	sends := j.toOrganizers(m, "organizer-empty-slot", map[string]any{
		"Title": m.Title, "When": m.When(j.Zone), "Days": days, "Red": step == TwoWeeks,
		"Link": j.BaseURL + "/meetups/" + m.ID,
	})
	// once holds the asks that go once per talk, each in the talk's own slot.
	type perTalk struct {
		slot string
		send jobs.Send
	}
	var once []perTalk
	switch step {
	case SixWeeks:
		backlog, err := j.talks(ctx, talks.Filter{Backlog: true})
		if err != nil {
			return err
		}
		for _, t := range backlog {
			if t.Owner == "" {
				continue
			}
			mem, err := j.Store.GetMember(ctx, t.Owner)
			if err != nil && !errors.Is(err, members.ErrNotFound) {
				return fmt.Errorf("%s: member: %w", Job, err)
			}
			if err == nil && mem.Unsubscribed {
				continue
			}
			ask := func(unsubscribe string) (mail.Message, error) {
				return render("speaker-backlog-ask", t.Language, t.Email, t.Name, unsubscribe, map[string]any{
					"Name": t.Name, "TalkTitle": t.Title, "Title": m.Title, "When": m.When(j.Zone), "Contact": first(j.Organizers),
					"Unsubscribe": unsubscribe,
				})
			}
			if err == nil && mem.Status == members.Confirmed {
				// A member is asked at every empty meetup, month after month,
				// unbidden: not transactional, so it carries their
				// unsubscribe link, as the call for speakers does.
				sends = append(sends, jobs.Send{Key: "backlog#" + t.ID, Owner: t.Owner, Message: func(ctx context.Context) (mail.Message, error) {
					unsub, err := j.unsubscribeLink(ctx, mem)
					if err != nil {
						return mail.Message{}, err
					}
					return ask(unsub)
				}})
				continue
			}
			// A speaker who is not a member has nothing an unsubscribe link
			// could switch off (it acts on a member's record, and does
			// nothing without one): they are asked once about this
			// proposal, at the first empty meetup, and never again.
			once = append(once, perTalk{t.ID + "@backlog-ask", jobs.Send{Key: t.Owner, Owner: t.Owner, Message: func(context.Context) (mail.Message, error) {
				return ask("")
			}}})
		}
	case FourWeeks:
		speakers, err := j.Store.MembersWantingToSpeak(ctx)
		if err != nil {
			return fmt.Errorf("%s: members: %w", Job, err)
		}
		for _, mem := range speakers {
			sends = append(sends, jobs.Send{Key: mem.Key, Owner: mem.Key, Message: func(ctx context.Context) (mail.Message, error) {
				unsub, err := j.unsubscribeLink(ctx, mem)
				if err != nil {
					return mail.Message{}, err
				}
				return render("call-for-speakers", mem.Language, mem.Email, mem.Name, unsub, map[string]any{
					"Name": mem.Name, "Title": m.Title, "When": m.When(j.Zone), "SubmitLink": j.SiteOrigin, "Unsubscribe": unsub,
				})
			}})
		}
	}
	var errs []error
	if _, err := j.Deliver.Deliver(ctx, Job, slot, sends); err != nil {
		errs = append(errs, err)
	}
	for _, o := range once {
		if _, err := j.Deliver.Deliver(ctx, Job, o.slot, []jobs.Send{o.send}); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := j.Deliver.Ledger.MarkSlotDone(ctx, Job, slot, now(j.Deliver)); err != nil {
		return fmt.Errorf("%s: %w", Job, err)
	}
	return nil
}

// now is the deliverer's clock: when a slot was done is a fact of the wall
// clock, not of the run's scheduled time.
func now(d *jobs.Deliverer) time.Time {
	if d.Clock != nil {
		return d.Clock()
	}
	return time.Now()
}

// unsubscribeLink issues the member's one-click unsubscribe link.
func (j *CallForSpeakers) unsubscribeLink(ctx context.Context, mem members.Member) (string, error) {
	raw, err := j.Tokens.Issue(ctx, token.Unsubscribe, mem.Key, mem.Key, mem.Language, 365*24*time.Hour)
	if err != nil {
		return "", err
	}
	return j.BaseURL + "/unsubscribe?token=" + url.QueryEscape(raw), nil
}

// ladder asks an accepted speaker to confirm 14 and 7 days before, and after
// that tells the organizers the speaker is silent.
func (j *CallForSpeakers) ladder(ctx context.Context, m meetups.Meetup, t talks.Talk, days int, now time.Time) error {
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
		sends := []jobs.Send{{Key: t.Owner, Owner: t.Owner, Message: func(ctx context.Context) (mail.Message, error) {
			raw, err := j.Tokens.Issue(ctx, token.TalkConfirm, t.ID, t.Owner, t.Language, max(m.StartsAt.Sub(now), time.Hour))
			if err != nil {
				return mail.Message{}, err
			}
			return render("speaker-confirm-ask", t.Language, t.Email, t.Name, "", map[string]any{
				"Name": t.Name, "TalkTitle": t.Title, "Title": m.Title, "When": m.When(j.Zone), "Days": days,
				"ConfirmLink": j.BaseURL + "/talks/confirm?token=" + url.QueryEscape(raw),
			})
		}}}
		if _, err := j.Deliver.Deliver(ctx, Job, t.ID+"@confirm-"+strconv.Itoa(ask), sends); err != nil {
			errs = append(errs, err)
		}
	}
	// Silence is reported once the last ask is past and the speaker has had
	// a few days since being accepted.
	if days < secondAsk && now.Sub(t.UpdatedAt) >= silentAfter {
		sends := j.toOrganizers(m, "organizer-silent-speaker", map[string]any{
			"Title": m.Title, "When": m.When(j.Zone), "Days": days, "TalkTitle": t.Title, "SpeakerName": t.Name,
			"Link": j.BaseURL + "/meetups/" + m.ID,
		})
		if _, err := j.Deliver.Deliver(ctx, Job, t.ID+"@silent", sends); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// toOrganizers is one send of template name to each organizer.
func (j *CallForSpeakers) toOrganizers(m meetups.Meetup, name string, data map[string]any) []jobs.Send {
	sends := make([]jobs.Send, 0, len(j.Organizers))
	for _, o := range j.Organizers {
		sends = append(sends, jobs.Send{Key: "organizer#" + o, Message: func(context.Context) (mail.Message, error) {
			return render(name, j.OrganizerLanguage, o, "", "", data)
		}})
	}
	return sends
}

func (j *CallForSpeakers) talks(ctx context.Context, f talks.Filter) ([]talks.Talk, error) {
	var out []talks.Talk
	cursor := ""
	for {
		page, next, err := j.Store.ListTalks(ctx, f, cursor, 100)
		if err != nil {
			return nil, fmt.Errorf("%s: talks: %w", Job, err)
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

// render builds one email.
func render(name, lang, to, toName, unsubscribe string, data map[string]any) (mail.Message, error) {
	subject, text, html, err := mail.Render(name, lang, data)
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{To: to, ToName: toName, Subject: subject, Text: text, HTML: html, Unsubscribe: unsubscribe, Kind: name}, nil
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
