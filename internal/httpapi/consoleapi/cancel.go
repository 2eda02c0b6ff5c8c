package consoleapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/web/console"
)

// cancelPage asks to confirm a meetup's cancellation, saying how many
// people will be emailed: everyone holding a seat or waiting as the meetup
// stands now, held places too. Once the meetup is cancelled it offers to
// tell anyone not told yet.
func (h *handler) cancelPage(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	m, err := h.Meetups.Detail(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	p := h.cancelView(r, o, m)
	if m.Status != meetups.Cancelled {
		programme, err := h.Meetups.TalksOf(ctx, m.ID)
		if err != nil {
			return httpapi.Response{}, err
		}
		p.Talks = len(programme)
	}
	return h.Render(http.StatusOK, console.CancelView(p)), nil
}

func (h *handler) cancelView(r *httpapi.Request, o auth.Organizer, m meetups.Meetup) console.CancelPage {
	f := h.Frame(r, o, "", console.Meetups)
	f.Title = f.MW().CancelTitle
	if m.Status == meetups.Cancelled {
		f.Title = f.MW().AlreadyCancelled
	}
	return console.CancelPage{Frame: f, Meetup: h.row(m), Action: consolepath.CancelMeetup(m.ID), Back: consolepath.Meetup(m.ID)}
}

// cancelMeetup cancels a meetup and emails everyone holding a place, or,
// posted again, emails those not told yet (nobody twice). When there was
// not time to tell everyone, the page says how many are left and offers to
// go on; when an email failed, it says so and offers the same.
func (h *handler) cancelMeetup(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	id := r.PathParam("meetupId")
	m, untold, err := h.Meetups.CancelMeetup(ctx, id)
	if err != nil {
		if _, known := apperr.As(err); known {
			return httpapi.Response{}, err // no such meetup, busy: nothing was done
		}
		// An email (or returning a talk) failed; the meetup may be off all
		// the same, and the page must say so.
		cur, gerr := h.Meetups.Detail(ctx, id)
		if gerr != nil || cur.Status != meetups.Cancelled {
			return httpapi.Response{}, err
		}
		h.Log.ErrorContext(ctx, "cancel meetup: not everyone told", "meetup", id, "err", err)
		p := h.cancelView(r, o, cur)
		p.Failed = true
		return h.Render(http.StatusInternalServerError, console.CancelView(p)), nil
	}
	if untold == 0 {
		return httpapi.SeeOther(withParam(consolepath.Meetup(id), "notice", noticeCancelled)), nil
	}
	p := h.cancelView(r, o, m.AsOf(h.Now()))
	p.Untold = untold
	return h.Render(http.StatusOK, console.CancelView(p)), nil
}
