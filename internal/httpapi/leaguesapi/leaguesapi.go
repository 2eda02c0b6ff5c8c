// Package leaguesapi serves Battlefield's leagues: organizers open a
// league, anyone lists them and reads one (JSON, or its page in English or
// Persian), and a member enters a robot with the robot's emailed link. It
// also serves the console's league pages, behind the console's guard: a
// function of its own keeps them out of the console's.
package leaguesapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/battlefieldpath"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/consoleapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/web"
)

// Services are what the league routes call.
type Services struct {
	Leagues *leagues.Service
	// Sessions recognises organizers' sessions on the console's pages.
	Sessions *auth.Sessions
}

// Register adds the league routes, and the console's league pages, to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc Services) error {
	if err := site.Require("leaguesapi", true, deps.Given("Leagues", svc.Leagues), deps.Given("Sessions", svc.Sessions)); err != nil {
		return err
	}
	g, err := consoleapi.NewGuard(site, svc.Sessions)
	if err != nil {
		return err
	}
	h := &handler{Config: site, svc: svc.Leagues, guard: g}
	return site.Serve(rt, "leaguesapi", true, svc.Leagues, httpapi.Routes{
		"POST /leagues":                              h.OrganizersOnly(h.create),
		"GET /leagues":                               h.list,
		"GET /leagues/{leagueId}":                    h.get,
		"POST /leagues/{leagueId}/entries":           h.enter,
		"GET " + consolepath.Leagues:                 g.Page(h.consoleList),
		"POST " + consolepath.Leagues:                g.Action(h.consoleCreate),
		"GET " + consolepath.Leagues + "/{leagueId}": g.Page(h.consoleLeague),
	})
}

type handler struct {
	httpapi.Config
	svc   *leagues.Service
	guard *consoleapi.Guard
}

// leagueJSON is a league as the API shows it: times in the group's zone.
type leagueJSON struct {
	ID                 string        `json:"id"`
	Title              string        `json:"title"`
	Game               string        `json:"game"`
	RegistrationOpens  string        `json:"registration_opens"`
	RegistrationCloses string        `json:"registration_closes"`
	FirstMatchDay      string        `json:"first_match_day"`
	MatchDays          []string      `json:"match_days"`
	MatchTime          string        `json:"match_time"`
	MaxRobots          int           `json:"max_robots"`
	Status             string        `json:"status"`
	Entrants           []string      `json:"entrants"`
	Champion           string        `json:"champion,omitempty"`
	Fixtures           []fixtureJSON `json:"fixtures,omitempty"`
	Table              []rowJSON     `json:"table,omitempty"`
}

type fixtureJSON struct {
	Round    int     `json:"round"`
	At       string  `json:"at"`
	Home     string  `json:"home"`
	Away     string  `json:"away"`
	Status   string  `json:"status"`
	Scores   *[2]int `json:"scores,omitempty"`
	Winner   *string `json:"winner,omitempty"`
	Forfeit  string  `json:"forfeit,omitempty"`
	Replay   string  `json:"replay,omitempty"`
	Attempts int     `json:"failed_attempts,omitempty"`
}

type rowJSON struct {
	Robot      string `json:"robot"`
	Played     int    `json:"played"`
	Won        int    `json:"won"`
	Drawn      int    `json:"drawn"`
	Lost       int    `json:"lost"`
	For        int    `json:"for"`
	Against    int    `json:"against"`
	Difference int    `json:"difference"`
	Points     int    `json:"points"`
}

func (h *handler) leagueJSON(l leagues.League) leagueJSON {
	out := leagueJSON{
		ID: l.ID, Title: l.Title, Game: l.Game, RegistrationOpens: l.RegistrationOpens.In(h.Zone).Format(time.RFC3339),
		RegistrationCloses: l.RegistrationCloses.In(h.Zone).Format(time.RFC3339), FirstMatchDay: l.FirstMatchDay,
		MatchTime: l.MatchTime, MaxRobots: l.MaxRobots, Status: string(l.Status), Entrants: []string{},
	}
	for _, d := range l.MatchDays {
		out.MatchDays = append(out.MatchDays, leagues.WeekdayName(d))
	}
	for _, e := range l.Entries {
		out.Entrants = append(out.Entrants, e.Shown())
	}
	if c, ok := l.Entry(l.Champion); ok {
		out.Champion = c.Shown()
	}
	return out
}

func (h *handler) create(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in leagues.CreateInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	l, err := h.svc.Create(ctx, in)
	if err != nil {
		return httpapi.Response{}, err
	}
	httpapi.Made(ctx, "leagueId", l.ID)
	return httpapi.JSON(http.StatusCreated, h.leagueJSON(l)), nil
}

func (h *handler) list(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	resp, err := httpapi.ListPage(r, func(cursor string, limit int) ([]leagues.League, string, error) {
		return h.svc.List(ctx, cursor, limit)
	}, h.leagueJSON)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.Public(resp), nil
}

func (h *handler) get(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	p, err := h.svc.Page(ctx, r.PathParam("leagueId"))
	if err != nil {
		if r.AcceptsHTML() {
			return httpapi.ErrorPage(r, h.Log, r.Query("lang"), err), nil
		}
		return httpapi.Response{}, err
	}
	if r.AcceptsHTML() {
		return httpapi.HTML(http.StatusOK, web.LeaguePage(h.view(p, pageLang(r)))), nil
	}
	out := h.leagueJSON(p.League)
	for _, f := range p.Fixtures {
		fj := fixtureJSON{Round: f.Round, At: f.At.In(h.Zone).Format(time.RFC3339), Home: shown(p.League, f.Home), Away: shown(p.League, f.Away),
			Status: string(f.Status), Attempts: f.Attempts}
		if f.Status == leagues.Played {
			sc := f.Scores
			fj.Scores = &sc
			w := "draw"
			switch f.Winner {
			case 0:
				w = fj.Home
			case 1:
				w = fj.Away
			}
			fj.Winner, fj.Forfeit = &w, f.Forfeit
			if f.Match != "" {
				fj.Replay = battlefieldpath.Match(f.Match, "")
			}
		}
		out.Fixtures = append(out.Fixtures, fj)
	}
	for _, row := range p.Table {
		out.Table = append(out.Table, rowJSON{Robot: row.Name, Played: row.Played, Won: row.Won, Drawn: row.Drawn, Lost: row.Lost,
			For: row.For, Against: row.Against, Difference: row.Difference, Points: row.Points})
	}
	return httpapi.Public(httpapi.JSON(http.StatusOK, out)), nil
}

func shown(l leagues.League, key string) string {
	e, _ := l.Entry(key)
	return e.Shown()
}

// pageLang is the language a page is shown in: ?lang= when it names one,
// else the browser's.
func pageLang(r *httpapi.Request) lang.Tag {
	if q := r.Query("lang"); lang.Known(q) {
		return lang.Tag(q)
	}
	return lang.FromAcceptLanguage(r.Header("Accept-Language"))
}

var persianDays = []string{"یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه"}

func (h *handler) view(p leagues.Page, l lang.Tag) web.LeagueView {
	lg := p.League
	g, _ := battlefield.GameNamed(lg.Game)
	i := 0
	if l == lang.Persian {
		i = 1
	}
	when := func(t time.Time) string {
		t = t.In(h.Zone)
		if l == lang.Persian {
			return l.Number(t.Year()) + "/" + l.Number(int(t.Month())) + "/" + l.Number(t.Day()) + " " + l.Number(t.Hour()) + ":" + two(l, t.Minute())
		}
		return t.Format("Mon 2 Jan 2006, 15:04")
	}
	var days []string
	for _, d := range lg.MatchDays {
		if l == lang.Persian {
			days = append(days, persianDays[d])
		} else {
			days = append(days, d.String())
		}
	}
	sep := ", "
	if l == lang.Persian {
		sep = "، "
	}
	v := web.LeagueView{
		Lang: l, Title: lg.Title, Game: web.GameInfo{Name: g.Name, Title: g.Title[i], Blurb: g.Blurb[i], House: g.House},
		Status: string(lg.Status), Registration: when(lg.RegistrationOpens) + " – " + when(lg.RegistrationCloses),
		MatchDays: strings.Join(days, sep) + sep + clockIn(l, lg.MatchTime), MaxRobots: l.Number(lg.MaxRobots),
	}
	if c, ok := lg.Entry(lg.Champion); ok {
		v.Champion = c.Shown()
	}
	for _, e := range lg.Entries {
		v.Entrants = append(v.Entrants, e.Shown())
	}
	for k, row := range p.Table {
		v.Table = append(v.Table, web.LeagueTableRow{Place: l.Number(k + 1), Robot: row.Name, Played: l.Number(row.Played),
			Won: l.Number(row.Won), Drawn: l.Number(row.Drawn), Lost: l.Number(row.Lost), For: l.Number(row.For),
			Against: l.Number(row.Against), Difference: l.Number(row.Difference), Points: l.Number(row.Points)})
	}
	for _, f := range p.Fixtures {
		fr := web.LeagueFixtureRow{Round: l.Number(f.Round), When: when(f.At), Home: shown(lg, f.Home), Away: shown(lg, f.Away),
			Failed: f.Status == leagues.Scheduled && f.Attempts > 0}
		if f.Status == leagues.Played {
			fr.Result = l.Number(f.Scores[0]) + " : " + l.Number(f.Scores[1])
			fr.Forfeit = f.Forfeit
			if f.Match != "" {
				fr.Replay = battlefieldpath.Match(f.Match, string(l))
			}
		}
		v.Fixtures = append(v.Fixtures, fr)
	}
	return v
}

// clockIn writes a time of day ("18:05") in l's digits.
func clockIn(l lang.Tag, hhmm string) string {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return hhmm
	}
	return l.Number(t.Hour()) + ":" + two(l, t.Minute())
}

func two(l lang.Tag, n int) string {
	if n < 10 {
		return l.Number(0) + l.Number(n)
	}
	return l.Number(n)
}

type enterInput struct {
	Token string `json:"token"`
	Lang  string `json:"lang"`
}

// entryJSON is an entry as its owner sees it.
type entryJSON struct {
	League string `json:"league"`
	Robot  string `json:"robot"`
}

func (h *handler) enter(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in enterInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Failed(r, h.Log, in.Lang, err)
	}
	l, e, err := h.svc.Enter(ctx, r.PathParam("leagueId"), in.Token)
	if err != nil {
		return httpapi.Failed(r, h.Log, in.Lang, err)
	}
	if r.IsForm() {
		lg := in.Lang
		if !lang.Known(lg) {
			lg = string(lang.English)
		}
		return httpapi.SeeOther(battlefieldpath.League(l.ID, lg)), nil
	}
	return httpapi.JSON(http.StatusCreated, entryJSON{League: l.ID, Robot: e.Label}), nil
}
