package meetupapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/token"
)

// handler serves the meetup and registration routes of SPEC §5.
type handler struct {
	httpapi.Config
	Service *meetups.Service
	Auth    httpapi.Authenticator
	Zone    *time.Location
}

// Deps is what the meetup and registration routes are served with.
type Deps struct {
	Site    httpapi.Config
	Service *meetups.Service
	Auth    httpapi.Authenticator
	Zone    *time.Location
}

// Register adds the meetup and registration routes to rt, refusing to without what they need.
func Register(rt *httpapi.Router, d Deps) error {
	if err := deps.Require("meetupapi", deps.Given("Log", d.Site.Log), deps.Given("Service", d.Service), deps.Given("Auth", d.Auth), deps.Given("Zone", d.Zone)); err != nil {
		return err
	}
	h := &handler{Config: d.Site, Service: d.Service, Auth: d.Auth, Zone: d.Zone}
	rt.Handle("GET /meetups", h.list)
	rt.Handle("GET /meetups/{meetupId}", h.get)
	rt.Handle("POST /meetups/{meetupId}/registrations", h.register)
	rt.Handle("GET /registrations/cancel", h.cancelPage)
	rt.Handle("POST /registrations/cancel", h.cancelRegistration)

	rt.Handle("POST /meetups", httpapi.OrganizersOnly(h.Auth, h.create))
	rt.Handle("PATCH /meetups/{meetupId}", httpapi.OrganizersOnly(h.Auth, h.update))
	rt.Handle("POST /meetups/{meetupId}/cancel", httpapi.OrganizersOnly(h.Auth, h.cancel))
	rt.Handle("GET /meetups/{meetupId}/registrations", httpapi.OrganizersOnly(h.Auth, h.registrations))
	rt.Handle("POST /meetups/{meetupId}/attendance", httpapi.OrganizersOnly(h.Auth, h.attendance))
	return nil
}

// meetupJSON is a meetup as the API shows it: times in the group's zone.
type meetupJSON struct {
	ID             string         `json:"id"`
	Title          string         `json:"title"`
	StartsAt       string         `json:"starts_at"`
	EndsAt         string         `json:"ends_at"`
	Venue          string         `json:"venue"`
	Capacity       int            `json:"capacity"`
	Description    string         `json:"description"`
	Status         string         `json:"status"`
	SeatsLeft      int            `json:"seats_left"`
	WaitlistLength int            `json:"waitlist_length"`
	Talks          []meetups.Talk `json:"talks,omitempty"`
}

func (h *handler) meetupJSON(m meetups.Meetup) meetupJSON {
	return meetupJSON{
		ID: m.ID, Title: m.Title, StartsAt: m.StartsAt.In(h.Zone).Format(time.RFC3339), EndsAt: m.EndsAt.In(h.Zone).Format(time.RFC3339),
		Venue: m.Venue, Capacity: m.Capacity, Description: m.Description, Status: string(m.Status),
		SeatsLeft: m.SeatsLeft(), WaitlistLength: len(m.Waitlist),
	}
}

func (h *handler) list(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	limit, err := httpapi.PageLimit(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	ms, next, err := h.Service.Upcoming(ctx, r.Query("cursor"), limit)
	if err != nil {
		return httpapi.Response{}, err
	}
	out := httpapi.List[meetupJSON]{Items: make([]meetupJSON, len(ms)), Next: next}
	for i, m := range ms {
		out.Items[i] = h.meetupJSON(m)
	}
	return httpapi.Public(httpapi.JSON(http.StatusOK, out)), nil
}

func (h *handler) get(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	m, err := h.Service.Get(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	talks, err := h.Service.TalksOf(ctx, m.ID)
	if err != nil {
		return httpapi.Response{}, err
	}
	out := h.meetupJSON(m)
	out.Talks = talks
	if out.Talks == nil {
		out.Talks = []meetups.Talk{}
	}
	return httpapi.Public(httpapi.JSON(http.StatusOK, struct {
		meetupJSON
		Talks []meetups.Talk `json:"talks"`
	}{out, out.Talks})), nil
}

// registrationJSON is a registration as the API shows it.
type registrationJSON struct {
	ID               string `json:"id"`
	MeetupID         string `json:"meetup_id"`
	Name             string `json:"name"`
	Email            string `json:"email,omitempty"`
	Status           string `json:"status"`
	WaitlistPosition int    `json:"waitlist_position,omitempty"`
	Attended         *bool  `json:"attended,omitempty"`
	RegisteredAt     string `json:"registered_at,omitempty"`
}

// registrationID is a registration's public identifier: its meetup and a
// short, non-reversible form of the person's key.
func registrationID(r meetups.Registration) string {
	k := strings.TrimPrefix(r.Key, "P#")
	if len(k) > 16 {
		k = k[:16]
	}
	return r.MeetupID + "-" + k
}

func (h *handler) register(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in meetups.RegisterInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	id := r.PathParam("meetupId")
	if r.Honeypot() {
		// Answered as a first registration would be at this moment, and dropped.
		reg, err := h.Service.Pretend(ctx, id, in)
		if err != nil {
			return httpapi.Response{}, err
		}
		out := registrationJSON{ID: registrationID(reg), MeetupID: id, Name: in.Name, Status: string(reg.Status), WaitlistPosition: reg.Position}
		return httpapi.Done(r, http.StatusCreated, out, h.Thanks(thanksFor(reg.Status), in.Language)), nil
	}
	reg, created, err := h.Service.Register(ctx, id, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	// The answer echoes the name sent, never the stored one: registering
	// someone else's address must not reveal what they registered as.
	out := registrationJSON{ID: registrationID(reg), MeetupID: id, Name: in.Name, Status: string(reg.Status), WaitlistPosition: reg.Position}
	return httpapi.Done(r, status, out, h.Thanks(thanksFor(reg.Status), reg.Language)), nil
}

// thanksFor names the thank-you page for a registration's status.
func thanksFor(st meetups.RegStatus) string {
	if st == meetups.RegWaitlisted {
		return "waitlisted"
	}
	return "registered"
}

func (h *handler) cancelPage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	lang, err := h.Service.LinkPage(ctx, token.RegistrationCancel, r.Query("token"))
	return httpapi.LinkPage(r, h.Log, lang, err, cancelRegistrationPage, "/registrations/cancel"), nil
}

func (h *handler) cancelRegistration(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw, err := httpapi.ReadToken(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	lang, err := h.Service.CancelRegistration(ctx, raw)
	if err != nil {
		if r.WantsHTML() {
			return httpapi.ErrorPage(r, h.Log, lang, err), nil
		}
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusOK, httpapi.StatusAnswer{Status: "cancelled"}, httpapi.LinkThanks("registration-cancelled", lang)), nil
}

func (h *handler) create(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in meetups.MeetupInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	m, err := h.Service.Create(ctx, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	h.Log.InfoContext(ctx, "meetup created", "meetup", m.ID)
	return httpapi.Done(r, http.StatusCreated, h.meetupJSON(m), h.Thanks("saved", "")), nil
}

func (h *handler) update(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in meetups.MeetupInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	m, untold, err := h.Service.Update(ctx, r.PathParam("meetupId"), in)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.JSON(http.StatusOK, h.untoldJSON(m, untold)), nil
}

func (h *handler) cancel(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	m, untold, err := h.Service.CancelMeetup(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusOK, h.untoldJSON(m, untold), h.Thanks("saved", "")), nil
}

// changedJSON is a changed or cancelled meetup, with how many registrants
// are still to be told when the request ran out of time before telling
// everyone: the same request made again tells them, nobody twice.
type changedJSON struct {
	meetupJSON
	Untold int `json:"untold,omitempty"`
}

func (h *handler) untoldJSON(m meetups.Meetup, untold int) changedJSON {
	return changedJSON{meetupJSON: h.meetupJSON(m), Untold: untold}
}

func (h *handler) registrations(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	id := r.PathParam("meetupId")
	if strings.Contains(r.Header("Accept"), "text/csv") {
		return h.registrationsCSV(ctx, id)
	}
	limit, err := httpapi.PageLimit(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	regs, next, err := h.Service.Registrations(ctx, id, r.Query("cursor"), limit)
	if err != nil {
		return httpapi.Response{}, err
	}
	out := httpapi.List[registrationJSON]{Items: make([]registrationJSON, len(regs)), Next: next}
	for i, reg := range regs {
		out.Items[i] = h.registrationJSON(reg)
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

func (h *handler) registrationJSON(reg meetups.Registration) registrationJSON {
	return registrationJSON{
		ID: registrationID(reg), MeetupID: reg.MeetupID, Name: reg.Name, Email: reg.Email, Status: string(reg.Status),
		WaitlistPosition: reg.Position, Attended: reg.Attended, RegisteredAt: reg.CreatedAt.In(h.Zone).Format(time.RFC3339),
	}
}

// registrationsCSV answers every registration of a meetup as one CSV file
// for a spreadsheet: UTF-8 with a byte-order mark (so spreadsheet programs
// read Persian names right) and cells that cannot run as formulas.
func (h *handler) registrationsCSV(ctx context.Context, id string) (httpapi.Response, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"name", "email", "status", "waitlist_position", "attended", "registered_at"})
	cursor := ""
	for {
		regs, next, err := h.Service.Registrations(ctx, id, cursor, 100)
		if err != nil {
			return httpapi.Response{}, err
		}
		for _, reg := range regs {
			pos, attended := "", ""
			if reg.Position > 0 {
				pos = strconv.Itoa(reg.Position)
			}
			if reg.Attended != nil {
				attended = strconv.FormatBool(*reg.Attended)
			}
			_ = w.Write([]string{cell(reg.Name), cell(reg.Email), string(reg.Status), pos, attended, reg.CreatedAt.In(h.Zone).Format(time.RFC3339)})
		}
		if next == "" {
			break
		}
		cursor = next
	}
	w.Flush()
	resp := httpapi.JSON(http.StatusOK, nil)
	resp.Body = buf.String()
	resp.Headers["Content-Type"] = "text/csv; charset=utf-8"
	resp.Headers["Content-Disposition"] = `attachment; filename="registrations-` + id + `.csv"`
	return resp, nil
}

// cell defuses text a spreadsheet would run as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (h *handler) attendance(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in meetups.AttendanceInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	n, err := h.Service.MarkAttendance(ctx, r.PathParam("meetupId"), in)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusOK, map[string]int{"updated": n}, h.Thanks("saved", "")), nil
}
