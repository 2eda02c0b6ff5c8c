package consoleapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/web/console"
)

// What a talk's page shows and offers, at most.
const (
	// choiceMeetups is how many upcoming meetups a talk's page offers to
	// accept it into: a few months of monthly meetups.
	choiceMeetups = 4
	// otherTalks is how many of the speaker's other talks it lists.
	otherTalks = 10
)

// What a talk's page says was just done, as its ?notice= names it.
const (
	noticeAccepted = "accepted"
	noticeRejected = "rejected"
)

// talkRoutes serve the talks: the board, a talk's page (and the email its
// decision would send), and the decisions, each on the talk in its path.
func (h *handler) talkRoutes() httpapi.Routes {
	return httpapi.Routes{
		"GET /console/talks":                  h.Page(h.talkBoard),
		"GET /console/talks/{talkId}":         h.Page(h.talkPage),
		"POST /console/talks/{talkId}/accept": h.Action(h.acceptTalk),
		"POST /console/talks/{talkId}/reject": h.Action(h.rejectTalk),
	}
}

// boardQuery is the board's query string: the tab and the filters.
type boardQuery struct {
	status                talks.Status
	format, level         string
	language              string
	cursor, backlogCursor string
}

// readBoardQuery checks the board's query string.
func readBoardQuery(r *httpapi.Request) (boardQuery, error) {
	q := boardQuery{
		status: talks.Status(r.Query("status")), format: r.Query("format"), level: r.Query("level"), language: r.Query("language"),
		cursor: r.Query("cursor"), backlogCursor: r.Query("backlog_cursor"),
	}
	if q.status == "" {
		q.status = talks.Submitted
	}
	names := func(vs ...string) []string { return vs }
	for _, c := range []struct {
		name, value string
		allowed     []string
	}{
		{"status", string(q.status), statusNames()},
		{"format", q.format, names("", string(talks.Lightning), string(talks.Short), string(talks.Long))},
		{"level", q.level, names("", string(talks.Beginner), string(talks.Intermediate), string(talks.Advanced))},
		{"language", q.language, names("", string(lang.English), string(lang.Persian))},
	} {
		if !slices.Contains(c.allowed, c.value) {
			return q, apperr.Field(c.name, problem.OneOf, problem.Choices(slices.DeleteFunc(slices.Clone(c.allowed), func(s string) bool { return s == "" })...))
		}
	}
	return q, nil
}

func statusNames() []string {
	var out []string
	for _, s := range talks.Statuses() {
		out = append(out, string(s))
	}
	return out
}

// filter is the domain's filter for the query's filters.
func (q boardQuery) filter() talks.Filter {
	return talks.Filter{Format: talks.Format(q.format), Level: talks.Level(q.level), Language: q.language}
}

// path is the board at tab status with the query's filters.
func (q boardQuery) path(status talks.Status) string {
	p := consolepath.Talks(string(status))
	for _, kv := range [][2]string{{"format", q.format}, {"level", q.level}, {"language", q.language}} {
		p = withParam(p, kv[0], kv[1])
	}
	return p
}

// talkBoard is the talks in one state (?status=, undecided by default),
// oldest first, a page at a time, narrowed by format, level and language:
// the undecided ones for a meetup, then the backlog apart (its capstone
// talks first, as the backlog's index sorts them), each with how
// long it has waited; the accepted ones with where their speaker stands on
// the confirmation ladder.
func (h *handler) talkBoard(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	q, err := readBoardQuery(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, "", console.Talks)
	w := f.TW()
	f.Title = w.Board
	p := console.TalkBoard{
		Frame: f, Status: string(q.status), Clear: consolepath.Talks(string(q.status)),
		Filtered:  q.format != "" || q.level != "" || q.language != "",
		Undecided: q.status == talks.Submitted, Accepted: q.status == talks.Accepted,
	}
	for _, st := range talks.Statuses() {
		p.Tabs = append(p.Tabs, console.Tab{Label: w.Tabs[string(st)], Href: q.path(st), Current: st == q.status})
	}
	p.Filters = []console.Filter{
		choices("format", w.Format, w.AnyFormat, q.format, f.LW().Formats, talks.Lightning, talks.Short, talks.Long),
		choices("level", w.Level, w.AnyLevel, q.level, w.Levels, talks.Beginner, talks.Intermediate, talks.Advanced),
		choices("language", w.Language, w.AnyLanguage, q.language, w.Languages, lang.English, lang.Persian),
	}
	type section struct {
		heading, param, cursor string
		filter                 talks.Filter
	}
	var sections []section
	if q.status == talks.Submitted {
		forMeetup, backlog := q.filter(), q.filter()
		forMeetup.Status, forMeetup.ForMeetup, backlog.Backlog = talks.Submitted, true, true
		sections = []section{{w.ForMeetup, "cursor", q.cursor, forMeetup}, {w.BacklogHeading, "backlog_cursor", q.backlogCursor, backlog}}
	} else {
		one := q.filter()
		one.Status = q.status
		sections = []section{{w.Tabs[string(q.status)], "cursor", q.cursor, one}}
	}
	lists := make([][]talks.Talk, len(sections))
	var all []talks.Talk
	for i, s := range sections {
		ts, next, err := h.Talks.Board(ctx, s.filter, s.cursor, listPage)
		if err != nil {
			return httpapi.Response{}, err
		}
		lists[i], all = ts, append(all, ts...)
		bs := console.BoardSection{Heading: s.heading}
		if next != "" {
			// The next page of this list; the other list stays where it is.
			bs.Next = withParam(here(r), s.param, next)
		}
		p.Sections = append(p.Sections, bs)
	}
	ms, err := h.meetupsOf(ctx, all)
	if err != nil {
		return httpapi.Response{}, err
	}
	var rungs map[string]callforspeakers.Rung
	if q.status == talks.Accepted && len(all) > 0 {
		starts := map[string]time.Time{}
		for id, m := range ms {
			starts[id] = m.StartsAt
		}
		if rungs, err = callforspeakers.Ladder(ctx, h.Sends, all, starts, h.Now(), h.Zone); err != nil {
			return httpapi.Response{}, err
		}
	}
	for i, ts := range lists {
		for _, t := range ts {
			row := h.boardTalk(t, ms)
			if rung, ok := rungs[t.ID]; ok {
				row.Ladder = &console.Rung{FirstAsk: rung.FirstAsk.In(h.Zone), SecondAsk: rung.SecondAsk.In(h.Zone), Silent: rung.Silent, Days: rung.Days}
			}
			p.Sections[i].Rows = append(p.Sections[i].Rows, row)
		}
	}
	return h.Render(http.StatusOK, console.TalkBoardPage(p)), nil
}

// choices is a filter's select: any, then each value, named by names.
func choices[T ~string](name, label, anyLabel, chosen string, names map[string]string, values ...T) console.Filter {
	out := console.Filter{Name: name, Label: label, Choices: []console.Choice{{Value: "", Label: anyLabel, Selected: chosen == ""}}}
	for _, v := range values {
		out.Choices = append(out.Choices, console.Choice{Value: string(v), Label: names[string(v)], Selected: chosen == string(v)})
	}
	return out
}

// meetupsOf reads the meetups of ts at once, by id.
func (h *handler) meetupsOf(ctx context.Context, ts []talks.Talk) (map[string]meetups.Meetup, error) {
	var ids []string
	for _, t := range ts {
		if t.MeetupID != "" && !slices.Contains(ids, t.MeetupID) {
			ids = append(ids, t.MeetupID)
		}
	}
	if len(ids) == 0 {
		return map[string]meetups.Meetup{}, nil
	}
	return h.Meetups.GetMany(ctx, ids)
}

// boardTalk is a talk as the console lists it: an undecided one with how
// long it has waited since organizers could see it, any other with how
// long it has been in its state.
func (h *handler) boardTalk(t talks.Talk, ms map[string]meetups.Meetup) console.BoardTalk {
	at := t.UpdatedAt
	if t.Status == talks.Submitted || at.IsZero() {
		at = t.WaitingSince()
	}
	return console.BoardTalk{
		ID: t.ID, Title: t.Title, Speaker: t.Name, Format: string(t.Format), Level: string(t.Level), Language: t.Language,
		Status: string(t.Status), MeetupID: t.MeetupID, Meetup: ms[t.MeetupID].Title, Waited: h.since(at),
		Capstone: t.Capstone != "", CoSpeaker: t.CoSpeaker,
	}
}

// talkPage is a talk's page: the talk, its speaker's other talks, and,
// while it is undecided, the upcoming meetups it can be accepted into (each
// with its programme and minutes) and rejecting it. With ?decision=accept
// (and ?meetup=) or ?decision=reject, and an optional ?message=, it shows
// the email that decision sends, as the domain composes it, and the button
// that makes it. A pending talk is not found: organizers never see one.
func (h *handler) talkPage(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	t, err := h.Talks.Get(ctx, r.PathParam("talkId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	if t.Status == talks.Pending {
		return httpapi.Response{}, apperr.New(apperr.NotFound, "No such talk.")
	}
	others, err := h.Talks.SpeakerTalks(ctx, t, otherTalks)
	if err != nil {
		return httpapi.Response{}, err
	}
	ms, err := h.meetupsOf(ctx, append([]talks.Talk{t}, others...))
	if err != nil {
		return httpapi.Response{}, err
	}
	f := h.Frame(r, o, t.Title, console.Talks)
	w := f.TW()
	p := console.TalkView{
		Frame: f, Talk: console.TalkFacts{BoardTalk: h.boardTalk(t, ms), Abstract: t.Abstract, Message: t.Message},
		Undecided: t.Status == talks.Submitted, Back: consolepath.Talk(t.ID),
		Reject: consolepath.TalkDecision(t.ID, talks.Reject, "", ""),
	}
	switch r.Query("notice") {
	case noticeAccepted:
		p.Notice = w.Accepted
	case noticeRejected:
		p.Notice = w.Rejected
	}
	for _, other := range others {
		p.Others = append(p.Others, h.boardTalk(other, ms))
	}
	if !p.Undecided {
		return h.Render(http.StatusOK, console.TalkPage(p)), nil
	}
	if d := r.Query("decision"); d != "" {
		in := talks.DecisionInput{Decision: d, MeetupID: r.Query("meetup"), Message: r.Query("message")}
		preview, err := h.preview(ctx, t, in)
		if err != nil {
			return httpapi.Response{}, err
		}
		p.Preview = &preview
		return h.Render(http.StatusOK, console.TalkPage(p)), nil
	}
	upcoming, _, err := h.Meetups.Upcoming(ctx, "", choiceMeetups)
	if err != nil {
		return httpapi.Response{}, err
	}
	for _, m := range upcoming {
		if m.Status != meetups.Scheduled || !h.Now().Before(m.StartsAt) {
			continue // it cannot take a talk any more
		}
		programme, err := h.Meetups.TalksOf(ctx, m.ID)
		if err != nil {
			return httpapi.Response{}, err
		}
		c := console.MeetupChoice{Meetup: h.row(m), Of: int(m.EndsAt.Sub(m.StartsAt).Minutes()), Preview: consolepath.TalkDecision(t.ID, talks.Accept, m.ID, "")}
		for _, pt := range programme {
			c.Programme = append(c.Programme, programmeTalk(pt))
			c.Taken += talks.Format(pt.Format).Minutes()
		}
		c.With = c.Taken + t.Format.Minutes()
		p.Meetups = append(p.Meetups, c)
	}
	return h.Render(http.StatusOK, console.TalkPage(p)), nil
}

// preview is the email deciding t as in says would send its speaker.
func (h *handler) preview(ctx context.Context, t talks.Talk, in talks.DecisionInput) (console.EmailPreview, error) {
	msg, err := h.Talks.Preview(ctx, t.ID, in)
	if err != nil {
		return console.EmailPreview{}, err
	}
	p := console.EmailPreview{
		Accept: in.Decision == talks.Accept, To: msg.To, Subject: msg.Subject, Lines: strings.Split(strings.TrimRight(msg.Text, "\n"), "\n"),
		Lang: lang.Parse(t.Language), Message: in.Message, Update: consolepath.Talk(t.ID), Action: consolepath.RejectTalk(t.ID),
	}
	if p.Accept {
		m, err := h.Meetups.Get(ctx, in.MeetupID)
		if err != nil {
			return console.EmailPreview{}, err
		}
		p.MeetupID, p.Meetup, p.Action = m.ID, m.Title, consolepath.AcceptTalk(t.ID)
	}
	return p, nil
}

// acceptTalk accepts the talk into the meetup the form names, through the
// domain's one decision (talks.Service.Decide), and goes back to its page.
func (h *handler) acceptTalk(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	return h.decide(ctx, r, o, talks.Accept, noticeAccepted)
}

// rejectTalk rejects the talk, with the form's message, through the
// domain's one decision, and goes back to its page.
func (h *handler) rejectTalk(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	return h.decide(ctx, r, o, talks.Reject, noticeRejected)
}

// decide makes decision on the path's talk. Of two organizers deciding it
// at once, one wins; the other is told on a page of its own that someone
// else decided it, with a link to the talk as it is now.
func (h *handler) decide(ctx context.Context, r *httpapi.Request, o auth.Organizer, decision, notice string) (httpapi.Response, error) {
	var in struct {
		Meetup  string `json:"meetup"`
		Message string `json:"message"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	id := r.PathParam("talkId")
	_, err := h.Talks.Decide(ctx, id, talks.DecisionInput{Decision: decision, MeetupID: in.Meetup, Message: in.Message})
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.Conflict {
		f := h.Frame(r, o, "", console.Talks)
		f.Title = f.TW().ConflictTitle
		p := console.ConflictView{Frame: f, Talk: consolepath.Talk(id)}
		if o.Lang != lang.Persian {
			p.Detail = e.Message
		}
		return h.Render(http.StatusConflict, console.ConflictPage(p)), nil
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.SeeOther(withNotice(consolepath.Talk(id), notice)), nil
}
