package meetupsapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/battlefieldpath"
	"github.com/tehpug/backend/internal/calendar"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/web"
)

// feedPath is the calendar feed's route ("GET /calendar.ics"), and feedRefresh how often a
// subscribed calendar is asked to fetch it again.
const (
	feedPath    = "/calendar.ics"
	feedRefresh = 6 * time.Hour
)

// page answers a meetup's public page to a browser, in the language of
// ?lang= or else of Accept-Language.
func (h *handler) page(r *httpapi.Request, m meetups.Meetup, programme []meetups.Talk, champions []meetups.Champion) httpapi.Response {
	l := lang.FromAcceptLanguage(r.Header("Accept-Language"))
	if q := r.Query("lang"); lang.Known(q) {
		l = lang.Tag(q)
	}
	path := "/meetups/" + url.PathEscape(m.ID)
	other := lang.Persian
	if l == lang.Persian {
		other = lang.English
	}
	p := web.MeetupPage{
		Lang: l, Title: m.Title, When: web.MeetupWhen(l, m.StartsAt.In(h.Zone), m.EndsAt.In(h.Zone)), Venue: m.Venue,
		Description: m.Description, Cancelled: m.Status == meetups.Cancelled, Open: h.Service.Open(m),
		SeatsLeft: m.SeatsLeft(), Waitlist: len(m.Waitlist),
		Form:     memberforms.Register.Show(l, path+"/registrations", nil, nil, nil),
		Calendar: path + "/calendar.ics", Feed: h.feedURL(),
		Other: web.Translation{Lang: other, URL: path + "?lang=" + string(other)},
	}
	for _, t := range programme {
		p.Programme = append(p.Programme, web.ProgrammeItem{Title: t.Title, Speaker: t.SpeakerName, Minutes: talks.Format(t.Format).Minutes()})
	}
	for _, c := range champions {
		p.Announcements = append(p.Announcements, web.Announcement{Text: championText(l, c), URL: battlefieldpath.League(c.League, string(l))})
	}
	resp := httpapi.HTMLWithPolicy(http.StatusOK, web.MeetupPageView(p), h.FormPolicy())
	resp.Headers["Vary"] = "Accept, Accept-Language"
	return resp
}

// feedURL is the calendar feed's address for subscribing (webcal:, which
// calendar programs open as a subscription).
func (h *handler) feedURL() string {
	u, err := url.Parse(h.BaseURL + feedPath)
	if err != nil {
		return feedPath
	}
	u.Scheme = "webcal"
	return u.String()
}

// event is a meetup as calendars hold it.
func (h *handler) event(m meetups.Meetup) calendar.Event {
	stamp := m.UpdatedAt
	if stamp.IsZero() {
		stamp = m.CreatedAt
	}
	return calendar.Event{
		UID: m.UID(), Title: m.Title, Description: m.Description, Location: m.Venue,
		URL: h.BaseURL + "/meetups/" + url.PathEscape(m.ID), Start: m.StartsAt, End: m.EndsAt,
		Sequence: m.Sequence(), Stamp: stamp, Cancelled: m.Status == meetups.Cancelled,
	}
}

// invite answers one meetup as an .ics file to download.
func (h *handler) invite(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	m, err := h.Service.Get(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	e := h.event(m)
	return icsAnswer(calendar.Invite(e, e.Stamp), `attachment; filename="tehpug-`+safeName(m.ID)+`.ics"`), nil
}

// feed answers the calendar of upcoming meetups a member subscribes to:
// scheduled ones, and cancelled ones until they would have ended.
func (h *handler) feed(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	ms, err := h.Service.Calendar(ctx)
	if err != nil {
		return httpapi.Response{}, err
	}
	events := make([]calendar.Event, len(ms))
	for i, m := range ms {
		events[i] = h.event(m)
	}
	return icsAnswer(calendar.Feed("TehPUG", events, feedRefresh, time.Now()), `inline; filename="tehpug.ics"`), nil
}

// icsAnswer answers an iCalendar body, which anyone may cache briefly.
func icsAnswer(body []byte, disposition string) httpapi.Response {
	resp := httpapi.Public(httpapi.JSON(http.StatusOK, nil))
	resp.Body = string(body)
	resp.Headers["Content-Type"] = "text/calendar; charset=utf-8"
	resp.Headers["Content-Disposition"] = disposition
	return resp
}

// safeName keeps the letters and digits of an id, for a file name.
func safeName(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, id)
}
