package consoleapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/jobs/meetupreminder"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/web/console"
)

// How many rows a list page shows, and how many places a meetup's page.
const (
	listPage   = 20
	placesPage = 50
)

// meetupRoutes serve the meetups: the lists, creating and editing one, its
// page, its cancellation, its registrations as a spreadsheet, and its door.
func (h *handler) meetupRoutes() httpapi.Routes {
	return httpapi.Routes{
		"GET /console/meetups":                              h.Page(h.meetupList),
		"GET /console/meetups/new":                          h.Page(h.newMeetup),
		"POST /console/meetups":                             h.Action(h.createMeetup),
		"GET /console/meetups/{meetupId}":                   h.Page(h.meetup),
		"GET /console/meetups/{meetupId}/edit":              h.Page(h.editMeetup),
		"POST /console/meetups/{meetupId}/edit":             h.Action(h.updateMeetup),
		"GET /console/meetups/{meetupId}/cancel":            h.Page(h.cancelPage),
		"POST /console/meetups/{meetupId}/cancel":           h.Action(h.cancelMeetup),
		"GET /console/meetups/{meetupId}/registrations.csv": h.Page(h.registrationsCSV),
		"GET /console/meetups/{meetupId}/door":              h.Page(h.door),
		"POST /console/meetups/{meetupId}/door":             h.Action(h.mark),
	}
}

// meetupList is one list of the meetups, a page at a time: upcoming (soonest
// first), past or cancelled (the latest first).
func (h *handler) meetupList(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	show := r.Query("show")
	lists := map[string]func(context.Context, string, int) ([]meetups.Meetup, string, error){
		consolepath.Upcoming: h.Meetups.Upcoming, consolepath.Past: h.Meetups.Past, consolepath.Cancelled: h.Meetups.Cancelled,
	}
	if show == "" {
		show = consolepath.Upcoming
	}
	list, ok := lists[show]
	if !ok {
		return httpapi.Response{}, apperr.Field("show", problem.OneOf, problem.Choices("upcoming", "past", "cancelled"))
	}
	ms, next, err := list(ctx, r.Query("cursor"), listPage)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Meetups)
	f.Title = f.W().Meetups
	w := f.MW()
	p := console.MeetupsList{Frame: f, Rows: make([]console.MeetupRow, len(ms))}
	for _, t := range []struct{ list, label string }{{consolepath.Upcoming, w.Upcoming}, {consolepath.Past, w.Past}, {consolepath.Cancelled, w.Cancelled}} {
		p.Tabs = append(p.Tabs, console.Tab{Label: t.label, Href: consolepath.MeetupsOf(t.list), Current: t.list == show})
	}
	for i, m := range ms {
		p.Rows[i] = h.row(m)
	}
	if next != "" {
		p.Next = withParam(consolepath.MeetupsOf(show), "cursor", next)
	}
	return h.Render(http.StatusOK, console.MeetupsPage(p)), nil
}

// row is a meetup as the console shows it, its times in the group's zone.
func (h *handler) row(m meetups.Meetup) console.MeetupRow {
	return console.MeetupRow{
		ID: m.ID, Title: m.Title, Venue: m.Venue, Description: m.Description,
		Start: m.StartsAt.In(h.Zone), End: m.EndsAt.In(h.Zone),
		Taken: len(m.Seats), Capacity: m.Capacity, Waiting: len(m.Waitlist), Cancelled: m.Status == meetups.Cancelled,
	}
}

// What a meetup's page says was just done, as its ?notice= names it.
const (
	noticeCreated   = "created"
	noticeSaved     = "saved"
	noticeCancelled = "cancelled"
)

// meetup is one meetup's page: its facts, the actions on it, its
// programme, what its reminder will send, and a page of its places.
func (h *handler) meetup(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	from, err := offset(r.Query("from"))
	if err != nil {
		return httpapi.Response{}, err
	}
	m, err := h.Meetups.Detail(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	programme, err := h.Meetups.TalksOf(ctx, m.ID)
	if err != nil {
		return httpapi.Response{}, err
	}
	regs, err := h.Meetups.Places(ctx, m, from, placesPage)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, m.Title, console.Meetups)
	p := console.MeetupPage{
		Frame: f, Meetup: h.row(m), Reminder: h.reminder(m, programme),
		Edit: consolepath.EditMeetup(m.ID), Cancel: consolepath.CancelMeetup(m.ID),
		Door: consolepath.Door(m.ID), Download: consolepath.RegistrationsCSV(m.ID),
	}
	switch r.Query("notice") {
	case noticeCreated:
		p.Notice = f.MW().Created
	case noticeSaved:
		p.Notice = f.MW().Saved
	case noticeCancelled:
		p.Notice = f.MW().CancelledDone
	}
	if n, err := strconv.Atoi(r.Query("untold")); err == nil && n > 0 {
		p.Untold = n
	}
	for _, t := range programme {
		p.Programme = append(p.Programme, programmeTalk(t))
	}
	for i, reg := range regs {
		place := console.Place{N: from + i + 1, Position: reg.Position, Name: reg.Name, Email: reg.Email, Attended: reg.Attended}
		if hold, ok := m.HoldOf(reg.Key); ok {
			place.HeldUntil = hold.Until.In(h.Zone)
		}
		p.Places = append(p.Places, place)
	}
	if from > 0 {
		p.Prev = consolepath.MeetupFrom(m.ID, max(0, from-placesPage)) + "#places"
	}
	if from+placesPage < len(m.Seats)+len(m.Waitlist) {
		p.Next = consolepath.MeetupFrom(m.ID, from+placesPage) + "#places"
	}
	return h.Render(http.StatusOK, console.MeetupView(p)), nil
}

func programmeTalk(t meetups.Talk) console.ProgrammeTalk {
	return console.ProgrammeTalk{Title: t.Title, Speaker: t.SpeakerName, Format: t.Format, Status: t.Status, ID: t.ID, Minutes: talks.Format(t.Format).Minutes()}
}

// reminder is what the meetup reminder job will send for m (as it stands
// now), by its rules.
func (h *handler) reminder(m meetups.Meetup, programme []meetups.Talk) console.Reminder {
	now := h.Now()
	speakers := make([]string, len(programme))
	for i, t := range programme {
		speakers[i] = t.Speaker
	}
	to := meetupreminder.RecipientsOf(m, speakers)
	r := console.Reminder{Seats: len(to.Seats)}
	switch first := meetupreminder.FirstRun(m.StartsAt, h.Zone); {
	case m.Status == meetups.Cancelled:
		r.State = console.ReminderCancelled
	case !now.Before(m.StartsAt):
		r.State = console.ReminderOver
	case now.Before(first):
		r.State, r.At = console.ReminderAhead, first
	default:
		// Due: each run until the start sends it to whoever holds a seat
		// and has not had it.
		r.State, r.At = console.ReminderDue, meetupreminder.NextRun(now, h.Zone)
		if r.At.After(m.StartsAt) {
			r.State = console.ReminderLast
		}
	}
	r.At = r.At.In(h.Zone)
	for _, i := range to.Speakers {
		r.Speakers = append(r.Speakers, programmeTalk(programme[i]))
	}
	return r
}

// registrationsCSV downloads every registration of a meetup: the same file
// as the JSON API's export.
func (h *handler) registrationsCSV(ctx context.Context, r *httpapi.Request, _ auth.Organizer) (httpapi.Response, error) {
	id := r.PathParam("meetupId")
	body, err := h.Meetups.RegistrationsCSV(ctx, id)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Download(meetups.RegistrationsType, meetups.RegistrationsFile(id), body), nil
}

// offset reads a list's ?from= (0 when absent).
func offset(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, apperr.Field("from", problem.WholeNumber)
	}
	return n, nil
}

// since is how long ago t was, by the services' clock.
func (h *handler) since(t time.Time) time.Duration { return max(0, h.Now().Sub(t)) }
