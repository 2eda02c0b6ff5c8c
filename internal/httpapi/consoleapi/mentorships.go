package consoleapi

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
	"github.com/tehpug/backend/internal/web/console"
)

// How many waiting mentees the open applications show at a time, how many
// mentors with a free place they consider (the earliest applications
// first: one Query), how many mentors each mentee is suggested, and how
// many check-ins a pair's page shows at a time.
const (
	menteesPage       = 10
	mentorsConsidered = 50
	suggestions       = 3
	checkInsPage      = 20
)

// needsHelp is the pairs by health's tab of the pairs whose latest
// check-in asks for help (not a state of its own: the state rules make
// such a pair at risk, or stalled).
const needsHelp = "needs_help"

// What a pair's page says was just done, as its ?notice= names it.
const (
	noticePaired    = "paired"
	noticePairEnded = "ended"
)

// mentorshipRoutes serve the mentorships: the pairs by health, the open
// applications with suggested pairings, pairing, a pair's page and ending it.
func (h *handler) mentorshipRoutes() httpapi.Routes {
	return httpapi.Routes{
		"GET /console/mentorships":                                    h.Page(h.mentorshipList),
		"GET /console/mentorships/applications":                       h.Page(h.pairing),
		"POST /console/mentorships/applications/{applicationId}/pair": h.Action(h.pairMentee),
		"GET /console/mentorships/{pairId}":                           h.Page(h.pairPage),
		"GET /console/mentorships/{pairId}/end":                       h.Page(h.endPage),
		"POST /console/mentorships/{pairId}/end":                      h.Action(h.endPair),
	}
}

// urgency orders the current pairs of the "all current" tab: those asking
// for help first, then stalled, at risk, overdue, and on track.
func urgency(m mentorship.Mentorship) int {
	if m.AskedForHelp && m.State != mentorship.StateEnded {
		return 0
	}
	return 1 + slices.Index([]mentorship.State{mentorship.StateStalled, mentorship.StateAtRisk, mentorship.StateOverdue, mentorship.StateActive}, m.State)
}

// mentorshipList is the mentorship pairs by health, a page at a time:
// every current pair (the most urgent first within a page) by default, or
// those needing help (?health=needs_help), or one state's; each with both
// names, the health, each side's last check-in and a link to its page.
func (h *handler) mentorshipList(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	health, cursor := r.Query("health"), r.Query("cursor")
	var ms []mentorship.Mentorship
	var next string
	var err error
	if health == needsHelp {
		ms, next, err = h.Roster.NeedingHelp(ctx, cursor, listPage)
	} else {
		ms, next, err = h.Roster.Mentorships(ctx, health, cursor, listPage)
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Mentorships)
	w := f.MSW()
	f.Title = f.W().Mentorships
	p := console.PairsPage{Frame: f, Pairing: consolepath.Pairing(), Ended: health == string(mentorship.StateEnded)}
	// Why pairs fade: one read of the counter item, whatever the number
	// of pairs.
	fades, err := h.Roster.FadeCounts(ctx)
	if err != nil {
		return httpapi.Response{}, err
	}
	p.Fades, p.FadeTotal = make(map[string]int, len(mentorship.FadeReasons)), fades.Total()
	for _, r := range mentorship.FadeReasons {
		p.FadeOrder = append(p.FadeOrder, string(r))
		p.Fades[string(r)] = fades[r]
	}
	p.Tabs = append(p.Tabs, console.Tab{Label: w.AllCurrent, Href: consolepath.Mentorships(""), Current: health == ""},
		console.Tab{Label: w.NeedsHelp, Href: consolepath.Mentorships(needsHelp), Current: health == needsHelp})
	for _, st := range []mentorship.State{mentorship.StateStalled, mentorship.StateAtRisk, mentorship.StateOverdue, mentorship.StateActive, mentorship.StateEnded} {
		p.Tabs = append(p.Tabs, console.Tab{Label: w.States[string(st)], Href: consolepath.Mentorships(string(st)), Current: string(st) == health})
	}
	if health == "" {
		slices.SortStableFunc(ms, func(a, b mentorship.Mentorship) int { return cmp.Compare(urgency(a), urgency(b)) })
	}
	for _, m := range ms {
		p.Rows = append(p.Rows, console.PairHealthRow{
			Path: consolepath.Mentorship(m.ID), Mentor: m.MentorApplication.Name, Mentee: m.MenteeApplication.Name,
			State: string(m.State), AskedForHelp: m.AskedForHelp,
			MentorLast: h.local(m.Mentor.LastCheckIn), MenteeLast: h.local(m.Mentee.LastCheckIn),
			Since: h.local(pairedAt(m.Pair)), EndedAt: h.local(m.EndedAt),
		})
	}
	if next != "" {
		p.Next = withParam(consolepath.Mentorships(health), "cursor", next)
	}
	return h.Render(http.StatusOK, console.PairsView(p)), nil
}

// pairing is the open applications: the mentors with a free place (the
// first mentorsConsidered to apply), and a page of the mentees waiting, the
// longest waiting first, each with the mentors mentorship.Suggest ranks
// best for them. Three DynamoDB requests besides the session's, whatever
// the table holds: two Queries of one page each.
func (h *handler) pairing(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	mentees, next, err := h.Mentorship.Applications(ctx, string(mentorship.Mentee), string(mentorship.Open), r.Query("cursor"), menteesPage)
	if err != nil {
		return httpapi.Response{}, err
	}
	mentors, more, err := h.Mentorship.Applications(ctx, string(mentorship.Mentor), string(mentorship.Open), "", mentorsConsidered)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Mentorships)
	f.Title = f.MSW().PairingTitle
	p := console.PairingPage{Frame: f, Pairs: consolepath.Mentorships("")}
	if more != "" {
		p.Capped = mentorsConsidered
	}
	for _, m := range mentors {
		if m.FreePlaces() == 0 {
			continue
		}
		p.Mentors = append(p.Mentors, console.MentorRow{
			Name: m.Name, Email: m.Email, Language: m.Language, Availability: m.Availability, Topics: m.Topics,
			Free: m.FreePlaces(), Capacity: m.Capacity, Applied: h.local(m.CreatedAt),
		})
	}
	for _, m := range mentees {
		row := console.MenteeRow{
			Name: m.Name, Email: m.Email, Language: m.Language, Goals: m.Goals, Topics: m.Topics,
			Waited: h.since(m.CreatedAt), Action: consolepath.PairMentee(m.ID),
		}
		for _, s := range mentorship.Suggest(m, mentors, suggestions) {
			row.Suggestions = append(row.Suggestions, console.SuggestionRow{
				MentorID: s.Mentor.ID, Mentor: s.Mentor.Name, Shared: s.Shared, SameLanguage: s.SameLanguage, Free: s.Free,
			})
		}
		p.Mentees = append(p.Mentees, row)
	}
	if next != "" {
		p.Next = withParam(consolepath.Pairing(), "cursor", next) + "#mentees"
	}
	return h.Render(http.StatusOK, console.PairingView(p)), nil
}

// pairMentee pairs the mentee the path names with the mentor the form
// names, through the same conditional writes as the JSON API
// (mentorship.Service.Pair): of two organizers pairing at once, one pairs
// and the other is told someone changed the applications first, with
// nothing written for them and no email sent.
func (h *handler) pairMentee(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in struct {
		Mentor string `json:"mentor_application_id"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	mentee := r.PathParam("applicationId")
	p, activated, err := h.Mentorship.Pair(ctx, mentorship.PairInput{MentorApplicationID: in.Mentor, MenteeApplicationID: mentee})
	if apperr.Is(err, apperr.Conflict) {
		return h.pairConflict(ctx, r, o, mentee, in.Mentor), nil
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	if !activated {
		// The same two, paired already (by someone else, or by this
		// press sent twice): nothing new was made.
		f := h.Frame(r, o, "", console.Mentorships)
		f.Title = f.MSW().ConflictTitle
		c := console.PairConflict{Frame: f, Why: f.MSW().Already, Now: consolepath.Mentorship(p.ID), NowLabel: f.MSW().SeePair}
		return h.Render(http.StatusConflict, console.PairConflictView(c)), nil
	}
	h.Log.InfoContext(ctx, "mentorship paired", "pair", p.ID)
	httpapi.Made(ctx, "pairId", p.ID)
	return httpapi.SeeOther(withParam(consolepath.Mentorship(p.ID), "notice", noticePaired)), nil
}

// pairConflict is the page of a pairing refused because the applications
// changed: it reads them again to say why, and leads to how they stand.
func (h *handler) pairConflict(ctx context.Context, r *httpapi.Request, o auth.Organizer, menteeID, mentorID string) httpapi.Response {
	f := h.Frame(r, o, "", console.Mentorships)
	w := f.MSW()
	f.Title = w.ConflictTitle
	c := console.PairConflict{Frame: f, Now: consolepath.Pairing(), NowLabel: w.SeeNow}
	mentee, err := h.Roster.Application(ctx, menteeID)
	switch {
	case err != nil:
	case mentee.Status == mentorship.Paired && mentee.PairID != "":
		c.Why, c.Pair = w.MenteeTaken, consolepath.Mentorship(mentee.PairID)
	case mentee.Status == mentorship.Closed:
		c.Why = w.MenteeClosed
	default:
		if mentor, err := h.Roster.Application(ctx, mentorID); err == nil && mentor.FreePlaces() == 0 {
			c.Why = w.MentorFull
		}
	}
	return h.Render(http.StatusConflict, console.PairConflictView(c))
}

// pairPage is one mentorship: its health, both sides with their last
// check-in, how it ended, and a page of its check-ins, the latest first.
func (h *handler) pairPage(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	m, err := h.Roster.Get(ctx, r.PathParam("pairId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	cs, older, err := h.Roster.CheckIns(ctx, m.ID, r.Query("cursor"), checkInsPage)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Mentorships)
	w := f.MSW()
	f.Title = fmt.Sprintf(w.PairTitle, orErased(w, m.MentorApplication.Name), orErased(w, m.MenteeApplication.Name))
	p := console.PairPage{
		Frame: f, State: string(m.State), AskedForHelp: m.AskedForHelp, Paired: h.local(pairedAt(m.Pair)),
		Mentor: h.side(m.MentorApplication, m.MentorApplication.Availability, m.Mentor),
		Mentee: h.side(m.MenteeApplication, m.MenteeApplication.Goals, m.Mentee),
		Ended:  m.Status == mentorship.PairEnded, EndedAt: h.local(m.EndedAt), Outcome: string(m.Outcome), Reason: m.Reason,
		End: consolepath.EndMentorship(m.ID), Back: consolepath.Mentorships(""),
		Faded: m.Outcome == mentorship.Dropped || m.State == mentorship.StateStalled,
	}
	switch r.Query("notice") {
	case noticePaired:
		p.Notice = w.NoticePaired
	case noticePairEnded:
		p.Notice = w.NoticeEnded
	}
	for _, c := range cs {
		p.CheckIns = append(p.CheckIns, console.CheckInRow{
			Side: string(c.Side), At: h.local(c.At), Answer: string(c.Answer), Full: c.Answer == "",
			Progress: c.Progress, Summary: c.Summary, NextStep: c.NextStep, Blocked: c.Blocked,
		})
	}
	if older != "" {
		p.Older = withParam(consolepath.Mentorship(m.ID), "cursor", older) + "#check-ins"
	}
	return h.Render(http.StatusOK, console.PairView(p)), nil
}

func (h *handler) side(a mentorship.Application, detail string, s mentorship.Side) console.PairSide {
	return console.PairSide{Name: a.Name, Email: a.Email, Language: a.Language, Topics: a.Topics, Detail: detail, Last: h.local(s.LastCheckIn),
		Fade: string(s.Fade.Reason), FadeOther: s.Fade.Other}
}

// endPage asks to confirm ending a mentorship, as completed or dropped,
// with a reason.
func (h *handler) endPage(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	m, err := h.Roster.Get(ctx, r.PathParam("pairId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	return h.Render(http.StatusOK, console.EndView(h.endView(r, o, m, "", nil))), nil
}

func (h *handler) endView(r *httpapi.Request, o auth.Organizer, m mentorship.Mentorship, reason string, problems map[string]problem.Problem) console.EndPage {
	f := h.Frame(r, o, "", console.Mentorships)
	w := f.MSW()
	f.Title = w.EndTitle
	page := console.EndPage{
		Frame: f, Mentor: m.MentorApplication.Name, Mentee: m.MenteeApplication.Name, Ended: m.Status == mentorship.PairEnded,
		Action: consolepath.EndMentorship(m.ID), Back: consolepath.Mentorship(m.ID),
		Reason: console.Field{Name: "reason", Label: w.Reason, Type: "textarea", Value: reason, Hint: w.ReasonHint, Required: true,
			Attrs: map[string]string{"maxlength": "1000"}},
	}
	if page.Ended {
		page.Frame.Title = w.AlreadyEnded
	}
	for name, p := range problems {
		if name == "reason" {
			page.Reason.Error = web.Explain(f.Lang, p)
		} else {
			page.Other = append(page.Other, w.Outcome+": "+web.Explain(f.Lang, p))
		}
	}
	slices.Sort(page.Other)
	return page
}

// endPair ends a mentorship as completed or dropped with a reason
// (mentorship.Service.End). A form it refuses comes back with the reason
// kept and the problem next to it; a pair someone else ended meanwhile as
// something else is a conflict that changes nothing.
func (h *handler) endPair(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in mentorship.EndInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	id := r.PathParam("pairId")
	_, err := h.Mentorship.End(ctx, id, in)
	if e, ok := apperr.As(err); ok && (e.Code == apperr.Invalid || e.Code == apperr.Conflict) {
		m, gerr := h.Roster.Get(ctx, id)
		if gerr != nil {
			return httpapi.Response{}, gerr
		}
		if e.Code == apperr.Invalid {
			return h.Render(http.StatusUnprocessableEntity, console.EndView(h.endView(r, o, m, in.Reason, e.Fields))), nil
		}
		f := h.Frame(r, o, "", console.Mentorships)
		w := f.MSW()
		f.Title = w.ConflictTitle
		c := console.PairConflict{Frame: f, Why: w.AlreadyEnded + " " + w.Outcome + ": " + w.Outcomes[string(m.Outcome)],
			Now: consolepath.Mentorship(id), NowLabel: w.Back}
		return h.Render(http.StatusConflict, console.PairConflictView(c)), nil
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	h.Log.InfoContext(ctx, "mentorship ended", "pair", id, "outcome", in.Outcome)
	return httpapi.SeeOther(withParam(consolepath.Mentorship(id), "notice", noticePairEnded)), nil
}

// pairedAt is when a pair began: its activation, or its making.
func pairedAt(p mentorship.Pair) time.Time {
	if p.StartedAt.IsZero() {
		return p.CreatedAt
	}
	return p.StartedAt
}

// local is t in the group's zone; the zero time stays zero.
func (h *handler) local(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(h.Zone)
}

func orErased(w *console.MentorshipWords, name string) string {
	if name == "" {
		return w.Erased
	}
	return name
}
