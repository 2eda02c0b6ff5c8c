package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/samtemplate"
)

// reminderRun is what one meetup reminder run of many recipients did.
type reminderRun struct {
	Recipients   int
	Rate         float64
	First        time.Duration // the run that sends
	Rerun        time.Duration // the same run again
	Sent         int           // emails the SES emulator holds for the recipients
	Distinct     int           // recipients among them
	RerunSent    int           // emails the rerun added
	PerRecipient float64       // emails per recipient (1 = none lost, none twice)
}

// measureReminders fills a meetup with n registrants and runs the meetup
// reminder at rate emails a second against the SES emulator, then runs it
// again for the same time.
func measureReminders(ctx context.Context, s *local.Stack, tpl *samtemplate.Template, n int, rate float64) (reminderRun, error) {
	a, err := newApp(ctx, s, tpl, "bench-reminders", map[string]string{"PublicBaseUrl": "https://api.tehpug.test", "SendRate": strconv.FormatFloat(rate, 'f', -1, 64)})
	if err != nil {
		return reminderRun{}, err
	}
	store, job := a.Store(), a.MeetupReminder()
	if err := a.Err(); err != nil {
		return reminderRun{}, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	start := now.Add(30 * time.Hour)
	prefix := fmt.Sprintf("remind-%d", now.UnixNano())
	addr := func(i int) string { return fmt.Sprintf("%s-%d@example.org", prefix, i) }
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("P#%s-%d", prefix, i)
	}
	m := meetups.Meetup{ID: prefix, Title: "TehPUG bench meetup", StartsAt: start, EndsAt: start.Add(3 * time.Hour), Venue: "Tehran",
		Capacity: n, Status: meetups.Scheduled, Seats: keys, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := store.CreateMeetup(ctx, m); err != nil {
		return reminderRun{}, err
	}
	progress("writing %d registrations", n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs <- store.PutRegistration(ctx, meetups.Registration{MeetupID: m.ID, Key: keys[i], Name: "Member", Email: addr(i), Language: "en", Status: meetups.RegConfirmed, CreatedAt: now})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return reminderRun{}, err
		}
	}

	r := reminderRun{Recipients: n, Rate: rate}
	progress("sending %d reminders at %g a second", n, rate)
	began := time.Now()
	if err := job.Run(ctx, now); err != nil {
		return r, err
	}
	r.First = time.Since(began)
	tos, err := recipientsOf(ctx, s, prefix)
	if err != nil {
		return r, err
	}
	distinct := map[string]bool{}
	for _, to := range tos {
		distinct[to] = true
	}
	began = time.Now()
	if err := job.Run(ctx, now); err != nil {
		return r, err
	}
	r.Rerun = time.Since(began)
	after, err := recipientsOf(ctx, s, prefix)
	if err != nil {
		return r, err
	}
	r.Sent, r.Distinct, r.RerunSent = len(tos), len(distinct), len(after)-len(tos)
	r.PerRecipient = float64(len(tos)) / float64(n)
	return r, nil
}

func printReminders(w io.Writer, r reminderRun) {
	fmt.Fprintf(w, "\n## Meetup reminders at a configured rate\n\n")
	fmt.Fprintf(w, "One meetup with %d registrants, the meetup reminder run in-process at a configured rate of %g emails a second against the "+
		"SES emulator (each email: registration read, cancel-link token, claim, send with an .ics invite, mark sent), then run again for the same time.\n\n",
		r.Recipients, r.Rate)
	fmt.Fprintf(w, "| Recipients | Rate (/s) | First run | Emails in SES | Distinct recipients | Emails per recipient | Rerun | Emails the rerun added |\n|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	fmt.Fprintf(w, "| %d | %g | %.1f s | %d | %d | %.2f | %.1f s | %d |\n", r.Recipients, r.Rate, r.First.Seconds(), r.Sent, r.Distinct, r.PerRecipient, r.Rerun.Seconds(), r.RerunSent)
}
