// Package mentorshipapi serves the mentorship routes: applications,
// pairing, the check-in page and check-ins, and the organizers' view of every
// pair's state.
package mentorshipapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
)

// Register adds the mentorship routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc *mentorship.Service) error {
	h := &handler{site, svc}
	return site.Serve(rt, "mentorshipapi", true, svc, httpapi.Routes{
		"POST /mentorship/applications":        h.MemberForm(memberforms.Mentorship, h.apply),
		"GET /checkins/new":                    h.checkInPage,
		"POST /checkins":                       h.checkIn,
		"GET /mentorship/capstone":             h.capstonePage,
		"POST /mentorship/capstone":            h.proposeCapstone,
		"GET /mentorship/cospeaker":            h.coSpeakerPage,
		"POST /mentorship/cospeaker":           h.Act(svc.AgreeCoSpeaker, "agreed", "cospeaker-agreed"),
		"GET /mentorship/fade":                 h.fadePage,
		"POST /mentorship/fade":                h.answerFade,
		"GET /mentorship/applications":         h.OrganizersOnly(h.applications),
		"POST /mentorships":                    h.OrganizersOnly(h.pair),
		"GET /mentorships":                     h.OrganizersOnly(h.mentorships),
		"POST /mentorships/{mentorshipId}/end": h.OrganizersOnly(httpapi.Change(h.Config, "mentorshipId", svc.End, h.mentorshipJSON)),
	})
}

func (h *handler) apply(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in mentorship.ApplyInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	if r.Honeypot() {
		// Refused or answered exactly like a real application, and dropped.
		if err := in.Validate(); err != nil {
			return httpapi.Response{}, err
		}
		id := mentorship.ApplicationID(mentorship.Role(in.Role), person.Key(in.Email))
		return httpapi.Done(r, http.StatusCreated, applied(id, in), h.Thanks("mentorship-applied", in.Language)), nil
	}
	a, err := h.Service.Apply(ctx, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusCreated, applied(a.ID, in), h.Thanks("mentorship-applied", a.Language)), nil
}

// appliedJSON is the answer to an application: its id and what was sent
// (never what is stored, so applying with someone else's address reveals
// nothing of their application).
type appliedJSON struct {
	ID           string   `json:"id"`
	Role         string   `json:"role"`
	Name         string   `json:"name"`
	Topics       []string `json:"topics"`
	Capacity     int      `json:"capacity,omitempty"`
	Availability string   `json:"availability,omitempty"`
	Goals        string   `json:"goals,omitempty"`
	Status       string   `json:"status"`
}

func applied(id string, in mentorship.ApplyInput) appliedJSON {
	out := appliedJSON{ID: id, Role: in.Role, Name: strings.TrimSpace(in.Name), Topics: in.Topics,
		Availability: strings.TrimSpace(in.Availability), Goals: strings.TrimSpace(in.Goals), Status: "open"}
	if in.Capacity != nil && in.Role == string(mentorship.Mentor) {
		out.Capacity = *in.Capacity
	}
	if out.Topics == nil {
		out.Topics = []string{}
	}
	return out
}

// applicationJSON is an application as organizers see it.
type applicationJSON struct {
	ID           string   `json:"id"`
	Role         string   `json:"role"`
	Name         string   `json:"name"`
	Email        string   `json:"email"`
	Language     string   `json:"language"`
	Topics       []string `json:"topics"`
	Capacity     int      `json:"capacity,omitempty"`
	FreePlaces   *int     `json:"free_places,omitempty"`
	Availability string   `json:"availability,omitempty"`
	Goals        string   `json:"goals,omitempty"`
	Status       string   `json:"status"`
	MentorshipID string   `json:"mentorship_id,omitempty"`
	AppliedAt    string   `json:"applied_at"`
}

func (h *handler) applicationJSON(a mentorship.Application) applicationJSON {
	out := applicationJSON{
		ID: a.ID, Role: string(a.Role), Name: a.Name, Email: a.Email, Language: a.Language, Topics: a.Topics,
		Availability: a.Availability, Goals: a.Goals, Status: string(a.Status), MentorshipID: a.PairID,
		AppliedAt: a.CreatedAt.In(h.Zone).Format(time.RFC3339),
	}
	if out.Topics == nil {
		out.Topics = []string{}
	}
	if a.Role == mentorship.Mentor {
		free := a.FreePlaces()
		out.Capacity, out.FreePlaces = a.Capacity, &free
	}
	return out
}

func (h *handler) applications(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return httpapi.ListPage(r, func(cursor string, limit int) ([]mentorship.Application, string, error) {
		return h.Service.Applications(ctx, r.Query("role"), r.Query("status"), cursor, limit)
	}, h.applicationJSON)
}

// mentorshipJSON is a pair as organizers see it: who, its state now, and
// when each side last checked in.
type mentorshipJSON struct {
	ID                  string  `json:"id"`
	State               string  `json:"state"`
	LastCheckinAt       *string `json:"last_checkin_at"`
	DueAt               string  `json:"due_at,omitempty"`
	AskedForHelp        bool    `json:"asked_for_help"`
	MentorApplicationID string  `json:"mentor_application_id"`
	MentorName          string  `json:"mentor_name"`
	MentorEmail         string  `json:"mentor_email"`
	MentorLastCheckinAt *string `json:"mentor_last_checkin_at"`
	MenteeApplicationID string  `json:"mentee_application_id"`
	MenteeName          string  `json:"mentee_name"`
	MenteeEmail         string  `json:"mentee_email"`
	MenteeLastCheckinAt *string `json:"mentee_last_checkin_at"`
	StartedAt           string  `json:"started_at"`
	EndedAt             string  `json:"ended_at,omitempty"`
	Outcome             string  `json:"outcome,omitempty"`
	Reason              string  `json:"reason,omitempty"`
}

func (h *handler) mentorshipJSON(m mentorship.Mentorship) mentorshipJSON {
	out := mentorshipJSON{
		ID: m.ID, State: string(m.State), LastCheckinAt: h.when(m.LastCheckIn), AskedForHelp: m.AskedForHelp,
		MentorApplicationID: m.MentorApp, MentorName: m.MentorApplication.Name, MentorEmail: m.MentorApplication.Email,
		MentorLastCheckinAt: h.when(m.Mentor.LastCheckIn),
		MenteeApplicationID: m.MenteeApp, MenteeName: m.MenteeApplication.Name, MenteeEmail: m.MenteeApplication.Email,
		MenteeLastCheckinAt: h.when(m.Mentee.LastCheckIn),
		StartedAt:           m.StartedAt.In(h.Zone).Format(time.RFC3339),
		Outcome:             string(m.Outcome), Reason: m.Reason,
	}
	if m.Status == mentorship.PairEnded {
		out.EndedAt = m.EndedAt.In(h.Zone).Format(time.RFC3339)
	} else {
		out.DueAt = m.DueAt.In(h.Zone).Format(time.RFC3339)
	}
	return out
}

// when formats a time in the group's zone; nil (JSON null) for "never".
func (h *handler) when(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(h.Zone).Format(time.RFC3339)
	return &s
}

func (h *handler) pair(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in mentorship.PairInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	p, activated, err := h.Service.Pair(ctx, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	m, err := h.Service.Get(ctx, p.ID)
	if err != nil {
		return httpapi.Response{}, err
	}
	status := http.StatusOK
	if activated {
		status = http.StatusCreated
		h.Log.InfoContext(ctx, "mentorship started", "mentorship", p.ID)
	}
	return httpapi.Done(r, status, h.mentorshipJSON(m), h.Thanks("saved", "")), nil
}

func (h *handler) mentorships(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return httpapi.ListPage(r, func(cursor string, limit int) ([]mentorship.Mentorship, string, error) {
		return h.Service.Mentorships(ctx, r.Query("status"), cursor, limit)
	}, h.mentorshipJSON)
}

// checkInJSON is a recorded check-in.
type checkInJSON struct {
	ID           string `json:"id"`
	MentorshipID string `json:"mentorship_id"`
	Side         string `json:"side"`
	At           string `json:"at"`
}

func (h *handler) checkInPage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw := r.Query("token")
	v, err := h.Service.CheckInPage(ctx, raw)
	if err != nil {
		return httpapi.ErrorPage(r, h.Log, v.Lang, err), nil
	}
	return checkInForm(http.StatusOK, v, raw, nil, web.CheckInValues{}), nil
}

func (h *handler) checkIn(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in mentorship.CheckInInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	c, lang, err := h.Service.CheckIn(ctx, in)
	if err != nil {
		return refill(ctx, h, r, err, lang, in.Token, h.Service.CheckInPage, func(v mentorship.CheckInView, errs map[string]problem.Problem) httpapi.Response {
			return checkInForm(http.StatusUnprocessableEntity, v, in.Token, errs, valuesOf(in))
		})
	}
	out := checkInJSON{ID: c.ID, MentorshipID: c.PairID, Side: string(c.Side), At: c.At.In(h.Zone).Format(time.RFC3339)}
	return httpapi.Done(r, http.StatusCreated, out, httpapi.LinkThanks("checked-in", lang)), nil
}

// refill answers the refused post of the form behind an emailed link: the
// error itself to a program; to a person in a browser, the form again with
// what to correct when the input is invalid and the link (raw) still opens
// its page, else a page in language l saying why the link cannot be used.
func refill[V any](ctx context.Context, h *handler, r *httpapi.Request, err error, l, raw string,
	page func(context.Context, string) (V, error), form func(V, map[string]problem.Problem) httpapi.Response) (httpapi.Response, error) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && r.WantsHTML() {
		if v, verr := page(ctx, raw); verr == nil {
			return form(v, e.Fields), nil
		}
	}
	return httpapi.Failed(r, h.Log, l, err)
}

// handler serves the mentorship routes.
type handler struct {
	httpapi.Config
	Service *mentorship.Service
}
