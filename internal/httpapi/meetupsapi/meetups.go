package meetupsapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/battlefieldpath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/token"
)

// Register adds the meetup and registration routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc *meetups.Service) error {
	h := &handler{site, svc}
	return site.Serve(rt, "meetupsapi", true, svc, httpapi.Routes{
		"GET /meetups":                           h.list,
		"GET /meetups/{meetupId}":                h.get,
		"GET /meetups/{meetupId}/calendar.ics":   h.invite,
		"GET /calendar.ics":                      h.feed,
		"POST /meetups/{meetupId}/registrations": h.MemberForm(memberforms.Register, h.register),
		"GET /registrations/cancel":              h.ButtonPage(h.Service, token.RegistrationCancel, cancelRegistrationPage, "/registrations/cancel"),
		"POST /registrations/cancel":             h.Act(h.Service.CancelRegistration, "cancelled", "registration-cancelled"),
		"GET /registrations/confirm":             h.ButtonPage(h.Service, token.RegistrationConfirm, confirmRegistrationPage, "/registrations/confirm"),
		"POST /registrations/confirm":            h.Act(h.Service.ConfirmSeat, "confirmed", "registration-confirmed"),
		"POST /meetups":                          h.OrganizersOnly(h.create),
		"PATCH /meetups/{meetupId}":              h.OrganizersOnly(h.update),
		"POST /meetups/{meetupId}/cancel":        h.OrganizersOnly(h.cancel),
		"GET /meetups/{meetupId}/registrations":  h.OrganizersOnly(h.registrations),
		"POST /meetups/{meetupId}/attendance":    h.OrganizersOnly(httpapi.Change(h.Config, "meetupId", svc.MarkAttendance, updated)),
	})
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
	// Announcements are the league champions it announces (listed only
	// when there are some).
	Announcements []announcementJSON `json:"announcements,omitempty"`
}

func (h *handler) meetupJSON(m meetups.Meetup) meetupJSON {
	return meetupJSON{
		ID: m.ID, Title: m.Title, StartsAt: m.StartsAt.In(h.Zone).Format(time.RFC3339), EndsAt: m.EndsAt.In(h.Zone).Format(time.RFC3339),
		Venue: m.Venue, Capacity: m.Capacity, Description: m.Description, Status: string(m.Status),
		SeatsLeft: m.SeatsLeft(), WaitlistLength: len(m.Waitlist),
	}
}

func (h *handler) list(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var champions map[string][]meetups.Champion
	resp, err := httpapi.ListPage(r, func(cursor string, limit int) ([]meetups.Meetup, string, error) {
		ms, next, err := h.Service.Upcoming(ctx, cursor, limit)
		if err != nil {
			return nil, "", err
		}
		champions, err = h.Service.ChampionsOf(ctx, ms)
		return ms, next, err
	}, func(m meetups.Meetup) meetupJSON {
		out := h.meetupJSON(m)
		out.Announcements = h.announcements(champions[m.ID])
		return out
	})
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Public(resp), nil
}

// announcementJSON is news a meetup's page gives: a league's champion
// (kind "league-champion"), with the league's page and the sentence in
// each language.
type announcementJSON struct {
	Kind        string `json:"kind"`
	League      string `json:"league"`
	LeagueTitle string `json:"league_title"`
	LeagueURL   string `json:"league_url"`
	Champion    string `json:"champion"`
	TextEN      string `json:"text_en"`
	TextFA      string `json:"text_fa"`
}

// announcements are the champions a meetup announces as the API shows them.
func (h *handler) announcements(cs []meetups.Champion) []announcementJSON {
	var out []announcementJSON
	for _, c := range cs {
		out = append(out, announcementJSON{Kind: "league-champion", League: c.League, LeagueTitle: c.LeagueTitle, LeagueURL: h.leagueURL(c.League),
			Champion: c.Robot, TextEN: championText(lang.English, c), TextFA: championText(lang.Persian, c)})
	}
	return out
}

// leagueURL is a league's public page.
func (h *handler) leagueURL(id string) string { return h.BaseURL + battlefieldpath.League(id, "") }

func (h *handler) get(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	m, err := h.Service.Detail(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	talks, err := h.Service.TalksOf(ctx, m.ID)
	if err != nil {
		return httpapi.Response{}, err
	}
	champions, err := h.Service.ChampionsAt(ctx, m)
	if err != nil {
		return httpapi.Response{}, err
	}
	if r.AcceptsHTML() {
		return h.page(r, m, talks, champions), nil
	}
	out := h.meetupJSON(m)
	out.Talks = talks
	if out.Talks == nil {
		out.Talks = []meetups.Talk{}
	}
	news := h.announcements(champions)
	if news == nil {
		news = []announcementJSON{}
	}
	resp := httpapi.Public(httpapi.JSON(http.StatusOK, struct {
		meetupJSON
		Talks         []meetups.Talk     `json:"talks"`
		Announcements []announcementJSON `json:"announcements"`
	}{out, out.Talks, news}))
	resp.Headers["Vary"] = "Accept" // a browser gets the page at the same address
	return resp, nil
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

// registered is the answer to every registration, new or not, whatever
// place it took: whoever typed the address may not own it, so where its
// owner stands (a seat, a place in line, a hold to confirm) goes to the
// address by email, and the answer tells nothing of it.
var registered = httpapi.StatusAnswer{Status: "received", Message: "Check your inbox: we have emailed you where you stand, and what to do next."}

func (h *handler) register(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in meetups.RegisterInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	id := r.PathParam("meetupId")
	register := h.Service.Register
	if r.Honeypot() {
		register = h.Service.Check // answered as a registration would be, and dropped
	}
	if err := register(ctx, id, in); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Done(r, http.StatusAccepted, registered, h.Thanks("registration-received", in.Language)), nil
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
	httpapi.Made(ctx, "meetupId", m.ID)
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
	return httpapi.ListPage(r, func(cursor string, limit int) ([]meetups.Registration, string, error) {
		return h.Service.Registrations(ctx, id, cursor, limit)
	}, h.registrationJSON)
}

func (h *handler) registrationJSON(reg meetups.Registration) registrationJSON {
	return registrationJSON{
		ID: registrationID(reg), MeetupID: reg.MeetupID, Name: reg.Name, Email: reg.Email, Status: string(reg.Status),
		WaitlistPosition: reg.Position, Attended: reg.Attended, RegisteredAt: reg.CreatedAt.In(h.Zone).Format(time.RFC3339),
	}
}

// registrationsCSV answers every registration of a meetup as one CSV file
// for a spreadsheet (meetups.RegistrationsCSV).
func (h *handler) registrationsCSV(ctx context.Context, id string) (httpapi.Response, error) {
	body, err := h.Service.RegistrationsCSV(ctx, id)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Download(meetups.RegistrationsType, meetups.RegistrationsFile(id), body), nil
}

// updated is the answer to marking attendance: how many registrations
// it changed.
func updated(n int) map[string]int { return map[string]int{"updated": n} }

// handler serves the meetup and registration routes.
type handler struct {
	httpapi.Config
	Service *meetups.Service
}
