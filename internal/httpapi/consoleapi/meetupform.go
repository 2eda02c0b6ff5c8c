package consoleapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web/console"
)

// meetupForm is the meetup form as a browser posts it: every value as
// typed, so that a form sent back to be corrected shows exactly that.
type meetupForm struct {
	Title       string `json:"title"`
	StartsAt    string `json:"starts_at"`
	EndsAt      string `json:"ends_at"`
	Venue       string `json:"venue"`
	Capacity    string `json:"capacity"`
	Description string `json:"description"`
	// Version is the meetup's version the edit form was filled in from.
	Version string `json:"version"`
}

// localTime is how a datetime-local input sends a time: no zone, which
// the form means in the group's.
const localTime = "2006-01-02T15:04"

// formOf fills the form with a meetup as it is.
func (h *handler) formOf(m meetups.Meetup) meetupForm {
	return meetupForm{
		Title: m.Title, StartsAt: m.StartsAt.In(h.Zone).Format(localTime), EndsAt: m.EndsAt.In(h.Zone).Format(localTime),
		Venue: m.Venue, Capacity: strconv.Itoa(m.Capacity), Description: m.Description, Version: strconv.Itoa(m.Version),
	}
}

// input turns the form into the domain's input, which decides what is
// valid. A time is read in the group's zone (one that does not read as a
// datetime-local value goes as typed, for the domain to refuse), and an
// empty field of a new meetup is absent (the domain says it is required).
// A capacity that is not a whole number cannot be said to the domain at
// all: it is the one problem found here.
func (h *handler) input(in meetupForm, create bool) (meetups.MeetupInput, map[string]problem.Problem) {
	out := meetups.MeetupInput{Title: &in.Title, Venue: &in.Venue, Description: &in.Description}
	out.IfVersion, _ = strconv.Atoi(in.Version)
	for _, t := range []struct {
		typed string
		to    **string
	}{{in.StartsAt, &out.StartsAt}, {in.EndsAt, &out.EndsAt}} {
		s := strings.TrimSpace(lang.ASCIIDigits(t.typed))
		if s == "" && create {
			continue
		}
		for _, layout := range []string{localTime, localTime + ":05"} {
			if at, err := time.ParseInLocation(layout, s, h.Zone); err == nil {
				s = at.Format(time.RFC3339)
				break
			}
		}
		*t.to = &s
	}
	capacity := strings.TrimSpace(lang.ASCIIDigits(in.Capacity))
	switch n, err := strconv.Atoi(capacity); {
	case capacity == "" && create:
	case capacity == "":
		out.Capacity = new(int) // no seats: the domain says how many it takes
	case err != nil:
		return out, map[string]problem.Problem{"capacity": problem.Of(problem.WholeNumber)}
	default:
		out.Capacity = &n
	}
	return out, nil
}

// newMeetup is the empty form for a new meetup.
func (h *handler) newMeetup(_ context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	return h.Render(http.StatusOK, console.MeetupFormPage(h.meetupFormPage(r, o, "", meetupForm{}, nil))), nil
}

// createMeetup creates a meetup and shows its page; a form the domain
// refuses comes back with each error next to its field, the typed values
// kept and nothing stored.
func (h *handler) createMeetup(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in meetupForm
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	input, problems := h.input(in, true)
	if problems != nil {
		return h.refused(r, o, "", in, problems), nil
	}
	m, err := h.Meetups.Create(ctx, input)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		return h.refused(r, o, "", in, e.Fields), nil
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	h.Log.InfoContext(ctx, "meetup created", "meetup", m.ID)
	httpapi.Made(ctx, "meetupId", m.ID)
	return httpapi.SeeOther(withParam(consolepath.Meetup(m.ID), "notice", noticeCreated)), nil
}

// editMeetup is the form of a meetup as it is now.
func (h *handler) editMeetup(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	m, err := h.Meetups.Get(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	return h.Render(http.StatusOK, console.MeetupFormPage(h.meetupFormPage(r, o, m.ID, h.formOf(m), nil))), nil
}

// updateMeetup saves an edited meetup, unless someone else saved it since
// the form was filled in (a conflict, which overwrites nothing), and
// shows its page, saying how many are still to be told of a new time or
// place when there was not time to tell them all.
func (h *handler) updateMeetup(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in meetupForm
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	id := r.PathParam("meetupId")
	input, problems := h.input(in, false)
	if problems != nil {
		return h.refused(r, o, id, in, problems), nil
	}
	_, untold, err := h.Meetups.Update(ctx, id, input)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		return h.refused(r, o, id, in, e.Fields), nil
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	to := withParam(consolepath.Meetup(id), "notice", noticeSaved)
	if untold > 0 {
		to = withParam(to, "untold", strconv.Itoa(untold))
	}
	return httpapi.SeeOther(to), nil
}

// refused is the form sent back to be corrected: 422, what was typed, and
// each problem next to its field in the page's language.
func (h *handler) refused(r *httpapi.Request, o auth.Organizer, id string, in meetupForm, problems map[string]problem.Problem) httpapi.Response {
	return h.Render(http.StatusUnprocessableEntity, console.MeetupFormPage(h.meetupFormPage(r, o, id, in, problems)))
}

// meetupFormPage is the form for a new meetup (id "") or for meetup id,
// filled with in and showing problems by field.
func (h *handler) meetupFormPage(r *httpapi.Request, o auth.Organizer, id string, in meetupForm, problems map[string]problem.Problem) console.MeetupForm {
	f := h.Frame(r, o, "", console.Meetups)
	w := f.MW()
	f.Title = w.NewTitle
	p := console.MeetupForm{Frame: f, Action: consolepath.Meetups(), Back: consolepath.Meetups(), Edit: id != ""}
	if p.Edit {
		p.Frame.Title, p.Action, p.Back = w.EditTitle, consolepath.EditMeetup(id), consolepath.Meetup(id)
		p.Version, _ = strconv.Atoi(in.Version)
	}
	timeHint := fmt.Sprintf(w.TimeHint, h.Zone)
	p.Title = console.Field{Name: "title", Label: w.Title, Value: in.Title, Required: true}
	p.Starts = console.Field{Name: "starts_at", Label: w.Starts, Type: "datetime-local", Value: in.StartsAt, Hint: timeHint, Required: true}
	p.Ends = console.Field{Name: "ends_at", Label: w.Ends, Type: "datetime-local", Value: in.EndsAt, Hint: timeHint, Required: true}
	p.Venue = console.Field{Name: "venue", Label: w.Venue, Value: in.Venue, Required: true}
	p.Capacity = console.Field{Name: "capacity", Label: w.Capacity, Type: "number", Value: in.Capacity, Hint: w.CapacityHint, Required: true,
		Attrs: map[string]string{"inputmode": "numeric"}}
	p.Description = console.Field{Name: "description", Label: w.Description, Type: "textarea", Value: in.Description, Hint: w.DescriptionHint}
	fields := map[string]*console.Field{"title": &p.Title, "starts_at": &p.Starts, "ends_at": &p.Ends, "venue": &p.Venue, "capacity": &p.Capacity, "description": &p.Description}
	p.Other = append(p.Other, ExplainProblems(f.Lang, problems, fields)...)
	return p
}
