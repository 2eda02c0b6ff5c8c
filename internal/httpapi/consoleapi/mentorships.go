package consoleapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/web/console"
)

// mentorshipRoutes serve the mentorships.
func (h *handler) mentorshipRoutes() httpapi.Routes {
	return httpapi.Routes{"GET /console/mentorships": h.Page(h.mentorshipList)}
}

// mentorshipList is the mentorship pairs in one state of health
// (?health=; every pair that has not ended by default), a page at a time:
// both names, the health, the last check-in and the pairing.
func (h *handler) mentorshipList(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	health := r.Query("health")
	ms, next, err := h.Roster.Mentorships(ctx, health, r.Query("cursor"), listPage)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Mentorships)
	f.Title = f.W().Mentorships
	p := console.PairsList{Frame: f}
	p.Tabs = append(p.Tabs, console.Tab{Label: f.LW().Current, Href: consolepath.Mentorships(""), Current: health == ""})
	for _, st := range mentorship.States {
		p.Tabs = append(p.Tabs, console.Tab{Label: f.LW().States[string(st)], Href: consolepath.Mentorships(string(st)), Current: string(st) == health})
	}
	for _, m := range ms {
		since := m.StartedAt
		if since.IsZero() {
			since = m.CreatedAt
		}
		row := console.PairRow{Mentor: m.MentorApplication.Name, Mentee: m.MenteeApplication.Name, State: string(m.State), Since: since.In(h.Zone)}
		if !m.LastCheckIn.IsZero() {
			row.LastCheckIn = m.LastCheckIn.In(h.Zone)
		}
		p.Rows = append(p.Rows, row)
	}
	if next != "" {
		p.Next = withParam(consolepath.Mentorships(health), "cursor", next)
	}
	return h.Render(http.StatusOK, console.MentorshipsPage(p)), nil
}
