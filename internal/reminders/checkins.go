package reminders

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/mentorship"
)

// CheckinJob is the name the check-in nudges are recorded under.
const CheckinJob = "checkin-reminder"

// Mentorships lists the pairs that have not ended and issues check-in links.
type Mentorships interface {
	Mentorships(ctx context.Context, state, cursor string, limit int) ([]mentorship.Mentorship, string, error)
	CheckInLink(ctx context.Context, pairID string, side mentorship.Role, a mentorship.Application) (string, error)
}

// CheckinReminder nudges both sides of every overdue pair, once per overdue
// period (a check-in starts a new one), and tells organizers the day a pair
// stalls. A mentee going quiet is seen weeks before the pair is lost.
type CheckinReminder struct {
	Pairs      Mentorships
	Deliver    *jobs.Deliverer
	Zone       *time.Location
	BaseURL    string
	Organizers []string
	// OrganizerLanguage is the language of the stalled-pair emails.
	OrganizerLanguage string
}

// Run sends the nudges due at now.
func (j *CheckinReminder) Run(ctx context.Context, now time.Time) error {
	var errs []error
	cursor := ""
	for {
		page, next, err := j.Pairs.Mentorships(ctx, "", cursor, 100)
		if err != nil {
			return fmt.Errorf("%s: %w", CheckinJob, err)
		}
		for _, m := range page {
			if err := j.pair(ctx, m, now); err != nil {
				errs = append(errs, err)
			}
		}
		if next == "" {
			return errors.Join(errs...)
		}
		cursor = next
	}
}

func (j *CheckinReminder) pair(ctx context.Context, m mentorship.Mentorship, now time.Time) error {
	h := mentorship.Assess(m.Pair, now)
	if !h.Overdue || m.Status != mentorship.PairActive {
		return nil
	}
	// The overdue period is named by when the pair was last heard from, so a
	// check-in (which moves it) makes the next silence a new period.
	period := h.Since.UTC().Format(time.RFC3339)
	days := int(now.Sub(h.Since).Hours() / 24)
	var sends []jobs.Send
	for _, side := range []struct {
		role     mentorship.Role
		me, them mentorship.Application
	}{{mentorship.Mentor, m.MentorApplication, m.MenteeApplication}, {mentorship.Mentee, m.MenteeApplication, m.MentorApplication}} {
		if side.me.Email == "" {
			continue // erased meanwhile
		}
		sends = append(sends, jobs.Send{Key: string(side.role), Owner: side.me.Owner, Message: func(ctx context.Context) (mail.Message, error) {
			link, err := j.Pairs.CheckInLink(ctx, m.ID, side.role, side.me)
			if err != nil {
				return mail.Message{}, err
			}
			return renderTo("mentor-checkin-reminder", side.me.Language, side.me.Email, side.me.Name, map[string]any{
				"Name": side.me.Name, "Partner": side.them.Name, "Days": days, "Link": link,
			})
		}})
	}
	var errs []error
	if _, err := j.Deliver.Deliver(ctx, CheckinJob, m.ID+"@"+period, sends); err != nil {
		errs = append(errs, err)
	}
	if h.Stalled {
		var tell []jobs.Send
		for _, o := range j.Organizers {
			tell = append(tell, jobs.Send{Key: "organizer#" + o, Message: func(context.Context) (mail.Message, error) {
				return renderTo("organizer-pair-stalled", j.OrganizerLanguage, o, "", map[string]any{
					"Mentor": m.MentorApplication.Name, "Mentee": m.MenteeApplication.Name, "Days": days,
					"Since": h.Since.In(j.Zone).Format("2 January 2006"), "Link": j.BaseURL + "/mentorships?status=stalled",
				})
			}})
		}
		if _, err := j.Deliver.Deliver(ctx, CheckinJob, m.ID+"@stalled@"+period, tell); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func renderTo(name, lang, to, toName string, data map[string]any) (mail.Message, error) {
	subject, text, html, err := mail.Render(name, lang, data)
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{To: to, ToName: toName, Subject: subject, Text: text, HTML: html, Kind: name}, nil
}
