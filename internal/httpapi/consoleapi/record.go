package consoleapi

import (
	"context"
	"maps"
	"net/http"
	"slices"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/record"
	"github.com/tehpug/backend/internal/web/console"
)

// recordRoutes serve the record of organizer actions.
func (h *handler) recordRoutes() httpapi.Routes {
	return httpapi.Routes{"GET " + consolepath.Record: h.Page(h.record)}
}

// objectPages are the console pages about what a path parameter names.
var objectPages = map[string]func(string) string{
	"meetupId":     consolepath.Meetup,
	"pairId":       consolepath.Mentorship,
	"mentorshipId": consolepath.Mentorship,
	"talkId":       consolepath.Talk,
	"topicId":      func(string) string { return consolepath.Topics },
	"leagueId":     consolepath.League,
}

// record is a page of the record, the newest first: one query, and one
// read of the meetups it names for their titles.
func (h *handler) record(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	entries, next, err := h.Record.Page(ctx, r.Query("cursor"))
	if err != nil {
		return httpapi.Response{}, err
	}
	var ids []string
	for _, e := range entries {
		if id := e.Object["meetupId"]; id != "" {
			ids = append(ids, id)
		}
	}
	titles := map[string]string{}
	if len(ids) > 0 {
		ms, err := h.Meetups.GetMany(ctx, ids)
		if err != nil {
			return httpapi.Response{}, err
		}
		for id, m := range ms {
			titles[id] = m.Title
		}
	}
	f := h.Frame(r, o, "", console.Record)
	f.Title = f.W().Record
	p := console.RecordList{Frame: f}
	for _, e := range entries {
		row := console.RecordRow{At: e.At.In(h.Zone), Organizer: e.Organizer, Action: e.Action, API: e.Via == record.API}
		for _, kind := range slices.Sorted(maps.Keys(e.Object)) {
			id := e.Object[kind]
			obj := console.RecordObject{Kind: kind, Label: id}
			if t := titles[id]; kind == "meetupId" && t != "" {
				obj.Label = t
			}
			if page, ok := objectPages[kind]; ok {
				obj.Href = page(id)
			}
			row.Objects = append(row.Objects, obj)
		}
		p.Rows = append(p.Rows, row)
	}
	if next != "" {
		p.Next = withParam(consolepath.Record, "cursor", next)
	}
	return h.Render(http.StatusOK, console.RecordPage(p)), nil
}
