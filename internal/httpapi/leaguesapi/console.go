package leaguesapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/battlefieldpath"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/consoleapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web/console"
)

// noticeCreated: the league page's ?notice= after the league was opened.
const noticeCreated = "created"

// leagueForm is the console's form that opens a league, every value as
// typed, so that a form sent back to be corrected shows exactly that.
type leagueForm struct {
	Title     string   `json:"title"`
	Game      string   `json:"game"`
	Opens     string   `json:"registration_opens"`
	Closes    string   `json:"registration_closes"`
	FirstDay  string   `json:"first_match_day"`
	MatchDays []string `json:"match_days"`
	MatchTime string   `json:"match_time"`
	MaxRobots string   `json:"max_robots"`
}

// localTime is how a datetime-local input sends a time: no zone, which
// the form means in the group's.
const localTime = "2006-01-02T15:04"

// input turns the form into the leagues service's input, which decides
// what is valid: a time is read in the group's zone (one that does not
// read as a datetime-local value goes as typed, for the service to
// refuse). A number of robots that is not a whole number cannot be said
// to the service at all: it is the one problem found here.
func (h *handler) input(in leagueForm) (leagues.CreateInput, map[string]problem.Problem) {
	out := leagues.CreateInput{Title: in.Title, Game: in.Game, FirstMatchDay: lang.ASCIIDigits(in.FirstDay),
		MatchDays: in.MatchDays, MatchTime: lang.ASCIIDigits(in.MatchTime)}
	for _, t := range []struct {
		typed string
		to    *string
	}{{in.Opens, &out.RegistrationOpens}, {in.Closes, &out.RegistrationCloses}} {
		s := strings.TrimSpace(lang.ASCIIDigits(t.typed))
		for _, layout := range []string{localTime, localTime + ":05"} {
			if at, err := time.ParseInLocation(layout, s, h.Zone); err == nil {
				s = at.Format(time.RFC3339)
				break
			}
		}
		*t.to = s
	}
	if t, err := time.Parse("15:04:05", out.MatchTime); err == nil {
		out.MatchTime = t.Format("15:04") // a time input that sends seconds
	}
	most := strings.TrimSpace(lang.ASCIIDigits(in.MaxRobots))
	n, err := strconv.Atoi(most)
	if most != "" && err != nil {
		return out, map[string]problem.Problem{"max_robots": problem.Of(problem.WholeNumber)}
	}
	out.MaxRobots = n
	return out, nil
}

// consoleList lists the leagues, the newest first, with the form that
// opens one.
func (h *handler) consoleList(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	p, err := h.leaguesPage(ctx, r, o, leagueForm{MaxRobots: "8"}, nil)
	if err != nil {
		return httpapi.Response{}, err
	}
	if r.Query("notice") == noticeCreated {
		p.Notice = p.LgW().Created
	}
	return h.guard.Render(http.StatusOK, console.LeaguesPage(p)), nil
}

// consoleCreate opens a league through the leagues service, as the
// organizer API does, and shows its page; a form the service refuses comes
// back with each problem next to its field, the typed values kept and
// nothing stored.
func (h *handler) consoleCreate(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in leagueForm
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	input, problems := h.input(in)
	if problems == nil {
		l, err := h.svc.Create(ctx, input)
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			problems = e.Fields
		} else if err != nil {
			return httpapi.Response{}, err
		} else {
			httpapi.Made(ctx, "leagueId", l.ID)
			return httpapi.SeeOther(consolepath.League(l.ID) + "?notice=" + noticeCreated), nil
		}
	}
	p, err := h.leaguesPage(ctx, r, o, in, problems)
	if err != nil {
		return httpapi.Response{}, err
	}
	return h.guard.Render(http.StatusUnprocessableEntity, console.LeaguesPage(p)), nil
}

// leaguesPage is the list's page with the form filled with in, showing
// problems by field: one query for the leagues, and one more for each
// league drawn on the page (at most 20), for its fixtures, all at once.
func (h *handler) leaguesPage(ctx context.Context, r *httpapi.Request, o auth.Organizer, in leagueForm, problems map[string]problem.Problem) (console.LeaguesList, error) {
	ls, next, err := h.svc.List(ctx, r.Query("cursor"), 20)
	if err != nil {
		return console.LeaguesList{}, err
	}
	// A drawn league's fixtures, read for each at once.
	fixtures, errs := make([][]leagues.Fixture, len(ls)), make([]error, len(ls))
	var wg sync.WaitGroup
	for i, l := range ls {
		if l.Status != leagues.Open {
			wg.Go(func() { fixtures[i], errs[i] = h.svc.Fixtures(ctx, l) })
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return console.LeaguesList{}, err
	}
	f := h.guard.Frame(r, o, "", console.Leagues)
	f.Title = f.W().Leagues
	p := console.LeaguesList{Frame: f, Form: h.form(f, in, problems)}
	for i, l := range ls {
		row := console.LeagueRow{ID: l.ID, Title: l.Title, Game: gameTitle(l.Game, f.Lang), Status: string(l.Status),
			Registration: h.span(f.Lang, l.RegistrationOpens, l.RegistrationCloses), Entrants: len(l.Entries), MaxRobots: l.MaxRobots}
		if l.Status != leagues.Open {
			for _, fx := range fixtures[i] {
				row.Total++
				switch {
				case fx.Status == leagues.Played:
					row.Played++
				case fx.Attempts > 0:
					row.Failed++
				}
			}
		}
		p.Rows = append(p.Rows, row)
	}
	if next != "" {
		p.Next = consolepath.Leagues + "?cursor=" + url.QueryEscape(next)
	}
	return p, nil
}

// form is the form that opens a league, filled with in, each problem
// next to its field in the page's language.
func (h *handler) form(f console.Frame, in leagueForm, problems map[string]problem.Problem) console.LeagueForm {
	w := f.LgW()
	timeHint := fmt.Sprintf(w.TimeHint, h.Zone)
	p := console.LeagueForm{
		Title: console.Field{Name: "title", Label: w.Title, Value: in.Title, Required: true,
			Attrs: map[string]string{"maxlength": strconv.Itoa(leagues.MaxTitle), "autocomplete": "off"}},
		Game:      console.Field{Name: "game", Label: w.Game, Required: true},
		Opens:     console.Field{Name: "registration_opens", Label: w.Opens, Type: "datetime-local", Value: in.Opens, Hint: timeHint, Required: true},
		Closes:    console.Field{Name: "registration_closes", Label: w.Closes, Type: "datetime-local", Value: in.Closes, Hint: timeHint, Required: true},
		FirstDay:  console.Field{Name: "first_match_day", Label: w.FirstDay, Type: "date", Value: in.FirstDay, Hint: w.FirstDayHint, Required: true},
		Days:      console.Field{Name: "match_days", Label: w.Days, Hint: w.DaysHint},
		MatchTime: console.Field{Name: "match_time", Label: w.MatchTime, Type: "time", Value: in.MatchTime, Hint: fmt.Sprintf(w.MatchTimeHint, h.Zone), Required: true},
		MaxRobots: console.Field{Name: "max_robots", Label: w.MaxRobots, Type: "number", Value: in.MaxRobots, Hint: w.MaxRobotsHint, Required: true,
			Attrs: map[string]string{"inputmode": "numeric", "min": strconv.Itoa(leagues.MinRobots), "max": strconv.Itoa(leagues.MaxRobots)}},
	}
	for _, g := range battlefield.Games {
		p.Games = append(p.Games, console.Choice{Value: g.Name, Label: gameTitle(g.Name, f.Lang), Selected: g.Name == in.Game})
	}
	// The week from the group's first working day: Saturday.
	for _, d := range []time.Weekday{time.Saturday, time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		name := leagues.WeekdayName(d)
		p.Weekdays = append(p.Weekdays, console.Choice{Value: name, Label: f.Weekday(int(d)), Selected: slices.Contains(in.MatchDays, name)})
	}
	fields := map[string]*console.Field{"title": &p.Title, "game": &p.Game, "registration_opens": &p.Opens, "registration_closes": &p.Closes,
		"first_match_day": &p.FirstDay, "match_days": &p.Days, "match_time": &p.MatchTime, "max_robots": &p.MaxRobots}
	p.Other = append(p.Other, consoleapi.ExplainProblems(f.Lang, problems, fields)...)
	return p
}

// consoleLeague is one league: its rules, entrants, fixtures by match day
// with their results, the failed matches waiting for a retry, the table
// and, once finished, the champion.
func (h *handler) consoleLeague(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	pg, err := h.svc.Page(ctx, r.PathParam("leagueId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	lg := pg.League
	f := h.guard.Frame(r, o, lg.Title, console.Leagues)
	l, w := f.Lang, f.LgW()
	var days []string
	for _, d := range lg.MatchDays {
		days = append(days, f.Weekday(int(d)))
	}
	sep := ", "
	if known(l) == lang.Persian {
		sep = "، "
	}
	first, _ := time.ParseInLocation(time.DateOnly, lg.FirstMatchDay, h.Zone)
	p := console.LeagueConsole{
		Frame: f, ID: lg.ID, Status: string(lg.Status),
		Rules: fmt.Sprintf(w.RulesLine, gameTitle(lg.Game, l), console.When(l, lg.RegistrationOpens.In(h.Zone)), console.When(l, lg.RegistrationCloses.In(h.Zone)),
			console.Day(l, first), strings.Join(days, sep), clockIn(known(l), lg.MatchTime)),
		Public: battlefieldpath.League(lg.ID, string(known(l))),
		Empty:  lg.Status == leagues.Finished && len(pg.Fixtures) == 0,
	}
	if c, ok := lg.Entry(lg.Champion); ok {
		p.Champion = c.Shown()
	}
	if r.Query("notice") == noticeCreated {
		p.Notice = w.Created
	}
	for _, e := range lg.Entries {
		p.Entrants = append(p.Entrants, e.Shown())
	}
	for _, fx := range pg.Fixtures {
		row := console.LeagueFixture{Round: console.Number(l, fx.Round), When: console.When(l, fx.At.In(h.Zone)), Home: shown(lg, fx.Home), Away: shown(lg, fx.Away)}
		if fx.Status == leagues.Played {
			row.Result = console.Number(l, fx.Scores[0]) + " : " + console.Number(l, fx.Scores[1])
			row.Forfeit = fx.Forfeit
			if fx.Match != "" {
				row.Replay = battlefieldpath.Match(fx.Match, string(known(l)))
			}
		} else if fx.Attempts > 0 {
			p.Failures = append(p.Failures, console.LeagueFailure{Round: row.Round, When: row.When, Home: row.Home, Away: row.Away,
				Attempts: fx.Attempts, LastFailure: fx.LastFailure, FailedAt: console.When(l, fx.FailedAt.In(h.Zone))})
		}
		p.Fixtures = append(p.Fixtures, row)
	}
	for k, row := range pg.Table {
		p.Table = append(p.Table, console.LeagueStanding{Place: k + 1, Robot: row.Name, Played: row.Played, Won: row.Won, Drawn: row.Drawn,
			Lost: row.Lost, For: row.For, Against: row.Against, Difference: row.Difference, Points: row.Points})
	}
	return h.guard.Render(http.StatusOK, console.LeagueConsolePage(p)), nil
}

// span is a registration window as the console writes times.
func (h *handler) span(l lang.Tag, from, to time.Time) string {
	sep := " – "
	if known(l) == lang.Persian {
		sep = " تا "
	}
	return console.When(l, from.In(h.Zone)) + sep + console.When(l, to.In(h.Zone))
}

// gameTitle is a game's name in l.
func gameTitle(name string, l lang.Tag) string {
	g, ok := battlefield.GameNamed(name)
	if !ok {
		return name
	}
	if known(l) == lang.Persian {
		return g.Title[1]
	}
	return g.Title[0]
}

// known is l, or English when l is no language the group speaks.
func known(l lang.Tag) lang.Tag { return lang.Parse(string(l)) }
