package consoleapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/web/console"
)

// talkRoutes serve the talks.
func (h *handler) talkRoutes() httpapi.Routes {
	return httpapi.Routes{"GET /console/talks": h.Page(h.talkList)}
}

// talkList is the talks in one state (?status=, submitted by default),
// oldest first, a page at a time: each with its speaker, format, meetup
// and how long it has been in that state.
func (h *handler) talkList(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	status := r.Query("status")
	if status == "" {
		status = string(talks.Submitted)
	}
	ts, next, err := h.Talks.List(ctx, talks.ListQuery{Status: status}, r.Query("cursor"), listPage)
	if err != nil {
		return httpapi.Response{}, err
	}
	var ids []string
	for _, t := range ts {
		if t.MeetupID != "" {
			ids = append(ids, t.MeetupID)
		}
	}
	ms, err := h.Meetups.GetMany(ctx, ids)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Talks)
	f.Title = f.W().Talks
	p := console.TalksList{Frame: f}
	for _, st := range talks.Statuses() {
		p.Tabs = append(p.Tabs, console.Tab{Label: f.LW().Statuses[string(st)], Href: consolepath.Talks(string(st)), Current: string(st) == status})
	}
	for _, t := range ts {
		at := t.UpdatedAt
		if at.IsZero() {
			at = t.CreatedAt
		}
		p.Rows = append(p.Rows, console.TalkRow{
			Title: t.Title, Speaker: t.Name, Format: string(t.Format), MeetupID: t.MeetupID, Meetup: ms[t.MeetupID].Title, Waited: h.since(at),
		})
	}
	if next != "" {
		p.Next = withParam(consolepath.Talks(status), "cursor", next)
	}
	return h.Render(http.StatusOK, console.TalksPage(p)), nil
}
