package consoleapi

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/web/console"
)

// door is a meetup's door page: everyone holding a seat, by name, or those
// whose name or address contains the search (?q=, any case); each with a
// button to mark them present or undo it; and how many of them came.
func (h *handler) door(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	m, regs, err := h.Meetups.Attendees(ctx, r.PathParam("meetupId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Meetups)
	f.Title = fmt.Sprintf(f.DW().Title, m.Title)
	q := strings.TrimSpace(r.Query("q"))
	p := console.DoorPage{
		Frame: f, Meetup: h.row(m), Query: q, Confirmed: len(regs),
		Action: consolepath.Door(m.ID), All: consolepath.Door(m.ID), Back: consolepath.Meetup(m.ID),
	}
	// An address is shown only to tell apart two people of the same name.
	names := map[string]int{}
	for _, reg := range regs {
		names[fold(reg.Name)]++
	}
	needle := fold(q)
	for i, reg := range regs {
		present := reg.Attended != nil && *reg.Attended
		if present {
			p.Present++
		}
		if needle != "" && !strings.Contains(fold(reg.Name), needle) && !strings.Contains(fold(reg.Email), needle) {
			continue
		}
		person := console.DoorPerson{Seat: i + 1, Anchor: seatAnchor(i + 1), Name: reg.Name, Address: reg.Email, Present: present}
		if names[fold(reg.Name)] > 1 {
			person.Email = reg.Email
		}
		p.People = append(p.People, person)
	}
	slices.SortStableFunc(p.People, func(a, b console.DoorPerson) int {
		return cmp.Or(strings.Compare(fold(a.Name), fold(b.Name)), strings.Compare(a.Email, b.Email))
	})
	return h.Render(http.StatusOK, console.DoorView(p)), nil
}

// mark records that a person came (or, undone, did not), through the
// domain's one conditional write on their registration: two organizers
// marking at once each keep their mark. The browser goes back to the door
// page, its search kept, at the person's row.
func (h *handler) mark(ctx context.Context, r *httpapi.Request, _ auth.Organizer) (httpapi.Response, error) {
	var in struct {
		Email    string `json:"email"`
		Attended *bool  `json:"attended"`
		Query    string `json:"q"`
		At       string `json:"at"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	id := r.PathParam("meetupId")
	if _, err := h.Meetups.MarkAttendance(ctx, id, meetups.AttendanceInput{Emails: []string{in.Email}, Attended: in.Attended}); err != nil {
		return httpapi.Response{}, err
	}
	to := consolepath.DoorSearch(id, strings.TrimSpace(in.Query))
	if n, err := strconv.Atoi(in.At); err == nil && n > 0 {
		to += "#" + seatAnchor(n)
	}
	return httpapi.SeeOther(to), nil
}

// seatAnchor is the door page's anchor of the person holding the n-th
// seat (from 1): it names nobody.
func seatAnchor(n int) string { return "seat-" + strconv.Itoa(n) }

// fold is s as a search compares it: trimmed, in lower case, with the
// Arabic forms of yeh and kaf (which some keyboards type) as the Persian.
func fold(s string) string { return persianForms.Replace(strings.ToLower(strings.TrimSpace(s))) }

var persianForms = strings.NewReplacer("ي", "ی", "ك", "ک")
