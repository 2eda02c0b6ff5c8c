package consoleapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/topics"
	"github.com/tehpug/backend/internal/web/console"
)

// What the topics page says was just done, as its ?notice= names it.
const (
	noticeMerged = "merged"
	noticeHidden = "hidden"
)

// topicRoutes serve the topic wishlist: the topics by votes, merging a
// duplicate and hiding a topic.
func (h *handler) topicRoutes() httpapi.Routes {
	return httpapi.Routes{
		"GET " + consolepath.Topics:            h.Page(h.topicBoard),
		"POST /console/topics/{topicId}/merge": h.Action(h.mergeTopic),
		"POST /console/topics/{topicId}/hide":  h.Action(h.hideTopic),
	}
}

// topicBoard is the open topics by votes with their merge and hide forms,
// then the claimed and the hidden ones: three queries.
func (h *handler) topicBoard(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	b, err := h.Topics.Board(ctx)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Topics)
	f.Title = f.W().Topics
	p := console.TopicBoard{Frame: f}
	switch r.Query("notice") {
	case noticeMerged:
		p.Notice = f.TopW().Merged
	case noticeHidden:
		p.Notice = f.TopW().HiddenNotice
	}
	row := func(t topics.Topic) console.TopicRow {
		return console.TopicRow{ID: t.ID, Title: t.Title, Why: t.Why, Language: t.Language, Votes: t.Votes}
	}
	for _, t := range b.Open {
		tr := row(t)
		tr.Merge, tr.Hide = consolepath.TopicMerge(t.ID), consolepath.TopicHide(t.ID)
		p.Open = append(p.Open, tr)
	}
	for _, t := range b.Claimed {
		tr := row(t)
		tr.Talk = consolepath.Talk(t.ClaimedBy)
		p.Claimed = append(p.Claimed, tr)
	}
	for _, t := range b.Hidden {
		p.Hidden = append(p.Hidden, row(t))
	}
	return h.Render(http.StatusOK, console.TopicsPage(p)), nil
}

func (h *handler) mergeTopic(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in topics.MergeInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	if _, err := h.Topics.Merge(ctx, r.PathParam("topicId"), in); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.SeeOther(withParam(consolepath.Topics, "notice", noticeMerged)), nil
}

func (h *handler) hideTopic(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	if _, err := h.Topics.Hide(ctx, r.PathParam("topicId")); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.SeeOther(withParam(consolepath.Topics, "notice", noticeHidden)), nil
}
