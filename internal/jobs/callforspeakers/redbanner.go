package callforspeakers

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/talks"
)

// listTalks reads every talk f selects.
func listTalks(ctx context.Context, store Meetups, f talks.Filter) ([]talks.Talk, error) {
	ts, err := talks.ListAll(ctx, store, f)
	if err != nil {
		return nil, fmt.Errorf("%s: talks: %w", Name, err)
	}
	return ts, nil
}

// programme is an upcoming meetup with the talks on its programme, as a run
// read them.
type programme struct {
	meetups.Meetup
	days                int // calendar days away
	accepted, confirmed []talks.Talk
}

func readProgramme(ctx context.Context, store Meetups, m meetups.Meetup, now time.Time, zone *time.Location) (programme, error) {
	p := programme{Meetup: m, days: DaysUntil(now, m.StartsAt, zone)}
	var err error
	if p.accepted, err = listTalks(ctx, store, talks.Filter{MeetupID: m.ID, Status: talks.Accepted}); err != nil {
		return p, err
	}
	if p.confirmed, err = listTalks(ctx, store, talks.Filter{MeetupID: m.ID, Status: talks.Confirmed}); err != nil {
		return p, err
	}
	return p, nil
}

// empty reports whether no talk is accepted or confirmed for the meetup.
func (p programme) empty() bool { return len(p.accepted)+len(p.confirmed) == 0 }

// RedMeetup is a meetup at the alarm's last step: it starts within 14
// calendar days (in the group's zone) and has no accepted or confirmed talk.
// Every organizer email a scheduled job sends opens with a banner listing
// them (Banner).
type RedMeetup struct {
	ID, Title string
	When      string // in the group's zone
	Days      int    // calendar days away
	StartsAt  time.Time
}

// RedMeetups lists the red meetups at now, soonest first. It reads the
// upcoming-meetups index once, and the accepted and confirmed talks of each
// meetup starting by the end of the 14th day (two queries each).
func RedMeetups(ctx context.Context, store Meetups, now time.Time, zone *time.Location) ([]RedMeetup, error) {
	y, mo, d := now.In(zone).Date()
	ms, err := store.MeetupsStarting(ctx, now, time.Date(y, mo, d+lastRedDay+1, 0, 0, 0, 0, zone))
	if err != nil {
		return nil, fmt.Errorf("red meetups: %w", err)
	}
	ps := make([]programme, 0, len(ms))
	for _, m := range ms {
		p, err := readProgramme(ctx, store, m, now, zone)
		if err != nil {
			return nil, fmt.Errorf("red meetups: %w", err)
		}
		ps = append(ps, p)
	}
	return redOf(ps, zone), nil
}

// redOf picks the red meetups from programmes a run read, soonest first.
func redOf(ps []programme, zone *time.Location) []RedMeetup {
	var red []RedMeetup
	for _, p := range ps {
		if p.empty() && StepFor(p.days) == TwoWeeks {
			red = append(red, RedMeetup{ID: p.ID, Title: p.Title, When: p.When(zone), Days: p.days, StartsAt: p.StartsAt})
		}
	}
	slices.SortStableFunc(red, func(a, b RedMeetup) int { return a.StartsAt.Compare(b.StartsAt) })
	return red
}

// Banner is the red banner every organizer email a scheduled job sends
// opens with: the red meetups but skip ("" for none), which the email is
// itself about, each a link to its console page.
func Banner(red []RedMeetup, links email.Links, skip string) []email.RedMeetup {
	var out []email.RedMeetup
	for _, r := range red {
		if r.ID != skip {
			out = append(out, email.RedMeetup{Title: r.Title, When: r.When, Days: r.Days, Link: links.Console(consolepath.Meetup(r.ID))})
		}
	}
	return out
}
