package consoleapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/memberview"
	"github.com/tehpug/backend/internal/web"
	"github.com/tehpug/backend/internal/web/console"
)

// memberRoutes serve the members page. Finding a person is a post, so
// their address is never in a URL (nor in a log of one); it changes
// nothing, so it is not on the record. Erasing is, without the address.
func (h *handler) memberRoutes() httpapi.Routes {
	return httpapi.Routes{
		"GET " + consolepath.Members:      h.Page(h.members),
		"POST " + consolepath.Members:     h.Own(h.findMember),
		"POST " + consolepath.MemberErase: h.Action(h.eraseMember),
	}
}

const noticeErased = "erased"

// members is the counts and the find form.
func (h *handler) members(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	p, err := h.membersView(ctx, r, o, "")
	if err != nil {
		return httpapi.Response{}, err
	}
	if r.Query("notice") == noticeErased {
		p.Notice = p.MbW().Erased
	}
	return h.Render(http.StatusOK, console.MembersPage(p)), nil
}

// membersView is the members page with the find field holding address.
func (h *handler) membersView(ctx context.Context, r *httpapi.Request, o auth.Organizer, address string) (console.MembersView, error) {
	s, err := h.Members.Summary(ctx)
	if err != nil {
		return console.MembersView{}, err
	}
	f := h.Frame(r, o, "", console.Members)
	f.Title = f.W().Members
	p := console.MembersView{Frame: f, Confirmed: s.Confirmed, Unsubscribed: s.Unsubscribed, Pending: s.Pending,
		Action: consolepath.Members, EraseAction: consolepath.Members}
	for _, m := range s.Months {
		p.Months = append(p.Months, console.MonthRow{Start: m.Start, Joined: m.Joined})
	}
	p.Find = console.Field{Name: "email", Label: f.MbW().Email, Type: "email", Value: address, Required: true,
		Attrs: map[string]string{"autocomplete": "off", "maxlength": "254"}}
	return p, nil
}

// findMember shows what is stored about the posted address; with
// step=erase, the page that asks before erasing it.
func (h *handler) findMember(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in struct {
		Email string `json:"email"`
		Step  string `json:"step"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	found, err := h.Members.Find(ctx, in.Email)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		p, err := h.membersView(ctx, r, o, in.Email)
		if err != nil {
			return httpapi.Response{}, err
		}
		p.Find.Error = web.Explain(p.Lang, e.Fields["email"])
		return h.Render(http.StatusUnprocessableEntity, console.MembersPage(p)), nil
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	if in.Step == "erase" { // the confirmation needs no counts
		f := h.Frame(r, o, "", console.Members)
		f.Title = f.MbW().EraseTitle
		return h.Render(http.StatusOK, console.ErasePage(console.EraseView{
			Frame: f, Address: in.Email, Registrations: len(found.Registrations), Talks: len(found.Talks), Nothing: found.Empty(),
			Action: consolepath.MemberErase, Back: consolepath.Members,
		})), nil
	}
	p, err := h.membersView(ctx, r, o, in.Email)
	if err != nil {
		return httpapi.Response{}, err
	}
	p.Searched = true
	if !found.Empty() {
		p.Found, err = h.personView(ctx, in.Email, found)
		if err != nil {
			return httpapi.Response{}, err
		}
	}
	return h.Render(http.StatusOK, console.MembersPage(p)), nil
}

// personView is what is stored about address, the meetups named by their
// titles (one read of them all).
func (h *handler) personView(ctx context.Context, address string, found memberview.Footprint) (*console.PersonView, error) {
	v := &console.PersonView{Address: address}
	if m := found.Member; m != nil {
		v.Member = &console.MemberFacts{Name: m.Name, Status: string(m.Status), Language: m.Language, Unsubscribed: m.Unsubscribed}
		if !m.ConfirmedAt.IsZero() {
			v.Member.Joined = m.ConfirmedAt.In(h.Zone)
		}
	}
	ids := make([]string, 0, len(found.Registrations))
	for _, reg := range found.Registrations {
		ids = append(ids, reg.MeetupID)
	}
	ms, err := h.Meetups.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, reg := range found.Registrations {
		title := ms[reg.MeetupID].Title
		if title == "" {
			title = reg.MeetupID
		}
		v.Registrations = append(v.Registrations, console.PersonRegistration{
			Meetup: title, Href: consolepath.Meetup(reg.MeetupID), Status: string(reg.Status), Came: reg.Attended != nil && *reg.Attended,
		})
	}
	for _, t := range found.Talks {
		v.Talks = append(v.Talks, console.PersonTalk{Title: t.Title, Status: string(t.Status)})
	}
	for _, a := range found.Applications {
		v.Applications = append(v.Applications, console.PersonApplication{Role: string(a.Role), Status: string(a.Status), At: a.CreatedAt.In(h.Zone)})
	}
	return v, nil
}

// eraseMember erases the posted address, on their request, and says so.
func (h *handler) eraseMember(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in struct {
		Email string `json:"email"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	if err := h.Members.Erase(ctx, in.Email); err != nil {
		return httpapi.Response{}, err
	}
	h.Log.InfoContext(ctx, "member erased by an organizer")
	return httpapi.SeeOther(withNotice(consolepath.Members, noticeErased)), nil
}
