package callforspeakers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/topics"
)

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
					unsub, page, err := j.memberLinks(ctx, mem)
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
				unsub, page, err := j.memberLinks(ctx, mem)
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

// memberLinks issues the member's one-click unsubscribe link, and gives
// the link to their page: what an email the member did not ask for carries.
func (j *Job) memberLinks(ctx context.Context, mem members.Member) (unsubscribe, page string, err error) {
	raw, err := j.tokens.Issue(ctx, token.Unsubscribe, mem.Key, mem.Key, mem.Language, 365*24*time.Hour)
	if err != nil {
		return "", "", err
	}
	if page, _, err = j.pages.Of(ctx, mem); err != nil {
		return "", "", err
	}
	return j.links.Unsubscribe(raw), page, nil
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
