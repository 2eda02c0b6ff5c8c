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
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
)

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

// confirmRound is the round of the ask sent an accepted speaker ask days
// before their meetup: each ask is its own round, sent once.
func confirmRound(talkID string, ask int) string { return talkID + "@confirm-" + strconv.Itoa(ask) }

// reportedSilent reports whether the ladder reports the speaker of t, an
// accepted talk whose meetup is days away, silent at now: once the last ask
// is past and the speaker has had a few days since being accepted.
func reportedSilent(days int, t talks.Talk, now time.Time) bool {
	return days < secondAsk && now.Sub(t.UpdatedAt) >= silentAfter
}

// Sends reads the records of scheduled emails.
type Sends interface {
	// SentAt says when each of sends, of job, went out; one not sent is
	// not in the answer. At most 100 sends at once.
	SentAt(ctx context.Context, job string, sends []jobs.SendRef) (map[jobs.SendRef]time.Time, error)
}

// Rung is where an accepted speaker stands on the confirmation ladder.
type Rung struct {
	// FirstAsk and SecondAsk are when the speaker was asked to confirm, 14
	// and 7 days before; zero if not (yet).
	FirstAsk, SecondAsk time.Time
	// Silent reports that the speaker has not confirmed after the last ask,
	// and the organizers are told (by the next daily run, if not yet).
	Silent bool
	// Days is how many calendar days away the meetup is.
	Days int
}

// MaxLadder is the most talks Ladder reads at once.
const MaxLadder = 50

// Ladder is where each of the accepted talks ts (at most MaxLadder) stands
// on the confirmation ladder at now, by id: the asks as the job recorded
// them (one batch read), and whether the speaker is reported silent, by
// the job's own rule. starts is when each talk's meetup starts, by
// meetup id; a talk whose meetup is not in it is left out.
func Ladder(ctx context.Context, store Sends, ts []talks.Talk, starts map[string]time.Time, now time.Time, zone *time.Location) (map[string]Rung, error) {
	if len(ts) > MaxLadder {
		return nil, fmt.Errorf("%s: ladder of %d talks, at most %d", Name, len(ts), MaxLadder)
	}
	var refs []jobs.SendRef
	for _, t := range ts {
		if t.Owner != "" {
			refs = append(refs, jobs.SendRef{Round: confirmRound(t.ID, firstAsk), Key: t.Owner}, jobs.SendRef{Round: confirmRound(t.ID, secondAsk), Key: t.Owner})
		}
	}
	sent := map[jobs.SendRef]time.Time{}
	if len(refs) > 0 {
		var err error
		if sent, err = store.SentAt(ctx, Name, refs); err != nil {
			return nil, fmt.Errorf("%s: ladder: %w", Name, err)
		}
	}
	out := map[string]Rung{}
	for _, t := range ts {
		start, ok := starts[t.MeetupID]
		if !ok || t.Status != talks.Accepted {
			continue
		}
		days := DaysUntil(now, start, zone)
		r := Rung{Days: days, Silent: t.Owner != "" && days >= 0 && reportedSilent(days, t, now)}
		r.FirstAsk = sent[jobs.SendRef{Round: confirmRound(t.ID, firstAsk), Key: t.Owner}]
		r.SecondAsk = sent[jobs.SendRef{Round: confirmRound(t.ID, secondAsk), Key: t.Owner}]
		out[t.ID] = r
	}
	return out, nil
}
