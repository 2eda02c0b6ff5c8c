// Package battlefieldapi serves Battlefield's routes: the page and form
// that send a robot, a robot's page from its emailed link (confirm it,
// play practice matches), and each match's replay, as a page that plays it
// back and as JSON.
package battlefieldapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	robots "github.com/tehpug/backend/battlefield"
	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/battlefieldpath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/web"
)

// OpenLeagues lists the leagues of a game taking entries now.
type OpenLeagues interface {
	OpenFor(ctx context.Context, game string) ([]leagues.League, error)
}

// Services are what Battlefield's routes call: robots and matches, and
// the leagues a robot's page offers to enter.
type Services struct {
	Battlefield *battlefield.Service
	Leagues     OpenLeagues
}

// Register adds Battlefield's routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, s Services) error {
	svc := s.Battlefield
	if s.Leagues == nil {
		return errors.New("battlefieldapi: Leagues is missing")
	}
	h := &handler{site, svc, s.Leagues}
	if err := site.Serve(rt, "battlefieldapi", false, svc, httpapi.Routes{
		"GET /battlefield":                          h.formPage,
		"GET /battlefield/robot":                    h.robotPage,
		"POST /battlefield/robot/confirm":           h.confirm,
		"POST /battlefield/robot/practice":          h.practice,
		"GET /battlefield/matches/{matchId}":        h.match,
		"GET /battlefield/matches/{matchId}/replay": h.replay,
		"GET /battlefield/replay.js":                h.script,
		"GET /battlefield/starters/{game}":          h.starter,
	}); err != nil {
		return err
	}
	rt.HandleUpload("POST /battlefield/robots", h.submit)
	return nil
}

type handler struct {
	httpapi.Config
	svc     *battlefield.Service
	leagues OpenLeagues
}

// replayCSP lets the replay page run its one script, from this API, and
// nothing else: no fetches, images, frames or forms.
const replayCSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

// pageLang is the language a page is shown in: ?lang= when it names one,
// else the browser's.
func pageLang(r *httpapi.Request, chosen string) lang.Tag {
	if lang.Known(chosen) {
		return lang.Tag(chosen)
	}
	if q := r.Query("lang"); lang.Known(q) {
		return lang.Tag(q)
	}
	return lang.FromAcceptLanguage(r.Header("Accept-Language"))
}

// games are the games as pages name them in l.
func games(l lang.Tag) []web.GameInfo {
	out := make([]web.GameInfo, len(battlefield.Games))
	for i, g := range battlefield.Games {
		out[i] = gameInfo(g, l)
	}
	return out
}

func gameInfo(g battlefield.Game, l lang.Tag) web.GameInfo {
	i := 0
	if l == lang.Persian {
		i = 1
	}
	return web.GameInfo{Name: g.Name, Title: g.Title[i], Blurb: g.Blurb[i], House: g.House, Rules: g.Rules[i]}
}

// form is the robot form in l, filled with in and its problems.
func form(l lang.Tag, in battlefield.SubmitInput, problems map[string]string) web.RobotForm {
	w, l := httpapi.TextIn(web.BattlefieldText, l)
	emailLang := in.Language
	if emailLang == "" {
		emailLang = string(l)
	}
	var gameChoices []web.Choice
	for _, g := range games(l) {
		gameChoices = append(gameChoices, web.Choice{Value: g.Name, Label: g.Title})
	}
	game := in.Game
	if game == "" {
		game = battlefield.Games[0].Name
	}
	langs := []web.Choice{{Value: "en", Label: map[lang.Tag]string{lang.English: "English", lang.Persian: "انگلیسی"}[l]}, {Value: "fa", Label: map[lang.Tag]string{lang.English: "Persian (فارسی)", lang.Persian: "فارسی"}[l]}}
	f := web.RobotForm{
		Lang: l, Games: games(l), Code: in.Code, CodeError: problems["code"], Honeypot: "website",
		Hidden: []web.Hidden{{Name: "lang", Value: string(l)}},
		Fields: []web.Field{
			{Name: "name", Kind: web.TextField, Label: w.Name, Required: true, MaxLength: battlefield.MaxName, Autocomplete: "name", Value: in.Name, Error: problems["name"]},
			{Name: "email", Kind: web.EmailField, Label: w.Email, Required: true, MaxLength: 254, Autocomplete: "email", Value: in.Email, Error: problems["email"]},
			{Name: "language", Kind: web.ChoiceField, Label: w.Language, Required: true, Options: langs, Value: emailLang, Error: problems["language"]},
			{Name: "game", Kind: web.ChoiceField, Label: w.Game, Required: true, Options: gameChoices, Value: game, Error: problems["game"]},
			{Name: "robot", Kind: web.TextField, Label: w.Robot, Hint: w.RobotHint, Required: true, MaxLength: battlefield.MaxRobotName, Value: in.Robot, Error: problems["robot"]},
		},
	}
	return f
}

func (h *handler) formPage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	l := pageLang(r, "")
	f := form(l, battlefield.SubmitInput{}, nil)
	if r.Query("sent") != "" {
		return httpapi.HTML(http.StatusOK, web.RobotSentPage(f)), nil
	}
	return httpapi.HTML(http.StatusOK, web.RobotFormPage(f)), nil
}

// robotJSON is a robot as the API shows it to its sender.
type robotJSON struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Game    string `json:"game"`
	Robot   string `json:"robot"`
	Version int    `json:"version"`
}

func (h *handler) submit(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in battlefield.SubmitInput
	file, err := r.DecodeUpload(&in, "file")
	if err != nil {
		return h.refused(r, in, err)
	}
	if len(file) > 0 {
		in.Code = string(file)
	}
	var robot battlefield.Robot
	if r.Honeypot() {
		robot = battlefield.Robot{Status: battlefield.Pending, Game: in.Game, Name: in.Robot, Version: 1}
	} else if robot, err = h.svc.Submit(ctx, in); err != nil {
		return h.refused(r, in, err)
	}
	if r.IsForm() {
		return httpapi.SeeOther("/battlefield?sent=1&lang=" + string(pageLang(r, in.PageLang))), nil
	}
	return httpapi.JSON(http.StatusCreated, robotJSON{ID: robot.ID, Status: string(robot.Status), Game: robot.Game, Robot: robot.Name, Version: robot.Version}), nil
}

// refused answers a refused robot: a browser gets the form again, filled
// in and saying what to correct; anything else the problem.
func (h *handler) refused(r *httpapi.Request, in battlefield.SubmitInput, err error) (httpapi.Response, error) {
	if !r.WantsHTML() {
		return httpapi.Response{}, err
	}
	l := pageLang(r, in.PageLang)
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		return httpapi.ErrorPage(r, h.Log, string(l), err), nil
	}
	problems := map[string]string{}
	for f, p := range e.Fields {
		problems[f] = web.Explain(l, p)
	}
	return httpapi.HTML(http.StatusUnprocessableEntity, web.RobotFormPage(form(l, in, problems))), nil
}

// robotView is a robot's page.
func (h *handler) robotView(p battlefield.Page, raw string) web.RobotView {
	l := lang.Parse(p.Robot.Lang)
	v := web.RobotView{
		Lang: l, Token: raw, Label: p.Robot.Label(), Game: gameInfo(p.Game, l), Pending: p.Robot.Status != battlefield.Confirmed,
		Created: p.Robot.CreatedAt, Zone: h.Zone,
	}
	for _, m := range p.Matches {
		row := web.MatchRow{Href: battlefieldpath.Match(m.ID, p.Robot.Lang), Opponent: m.Sides[1].Label, Outcome: m.Outcome(0),
			Scores: strconv.Itoa(m.Scores[0]) + " : " + strconv.Itoa(m.Scores[1]), Played: m.PlayedAt}
		if m.Forfeit != nil {
			row.Forfeit = m.Sides[m.Forfeit.Side].Label + ": " + m.Forfeit.Detail
		}
		v.Matches = append(v.Matches, row)
	}
	return v
}

func (h *handler) robotPage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw := r.Query("token")
	p, err := h.svc.RobotPage(ctx, raw)
	if err != nil {
		return httpapi.ErrorPage(r, h.Log, p.Robot.Lang, err), nil
	}
	v := h.robotView(p, raw)
	if !v.Pending {
		// A confirmed robot can enter the open leagues of its game.
		ls, err := h.leagues.OpenFor(ctx, p.Robot.Game)
		if err != nil {
			return httpapi.ErrorPage(r, h.Log, p.Robot.Lang, err), nil
		}
		for _, l := range ls {
			v.Leagues = append(v.Leagues, web.LeagueOffer{
				Action: battlefieldpath.LeagueEntries(l.ID), Href: battlefieldpath.League(l.ID, string(v.Lang)),
				Title: l.Title, Closes: l.RegistrationCloses.In(h.Zone),
			})
		}
	}
	return httpapi.HTML(http.StatusOK, web.RobotPage(v)), nil
}

func robotHref(raw string) string { return "/battlefield/robot?token=" + url.QueryEscape(raw) }

func (h *handler) confirm(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw, err := httpapi.ReadToken(r)
	if err != nil {
		return httpapi.Failed(r, h.Log, "", err)
	}
	robot, err := h.svc.Confirm(ctx, raw)
	if err != nil {
		return httpapi.Failed(r, h.Log, robot.Lang, err)
	}
	if r.IsForm() {
		return httpapi.SeeOther(robotHref(raw)), nil
	}
	return httpapi.JSON(http.StatusOK, robotJSON{ID: robot.ID, Status: string(robot.Status), Game: robot.Game, Robot: robot.Name, Version: robot.Version}), nil
}

type practiceInput struct {
	Token    string `json:"token"`
	Opponent string `json:"opponent"`
	Lang     string `json:"lang"` // the robot page's language, for the replay's
}

func (h *handler) practice(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in practiceInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Failed(r, h.Log, "", err)
	}
	m, err := h.svc.Practice(ctx, in.Token, in.Opponent)
	if err != nil {
		if e, ok := apperr.As(err); ok && len(e.Fields) > 0 && r.WantsHTML() {
			p, perr := h.svc.RobotPage(ctx, in.Token)
			if perr == nil {
				v := h.robotView(p, in.Token)
				for _, pr := range e.Fields {
					v.Errors = append(v.Errors, web.FieldError{Field: v.Words().Opponent, Message: web.Explain(v.Lang, pr)})
				}
				return httpapi.HTML(http.StatusUnprocessableEntity, web.RobotPage(v)), nil
			}
		}
		return httpapi.Failed(r, h.Log, "", err)
	}
	if r.IsForm() {
		return httpapi.SeeOther(battlefieldpath.Match(m.ID, string(pageLang(r, in.Lang)))), nil
	}
	return httpapi.JSON(http.StatusCreated, matchJSONOf(m)), nil
}

// matchJSON is a match as the API shows it: its replay is the runner's
// JSON, as it is.
type matchJSON struct {
	ID       string               `json:"id"`
	Kind     string               `json:"kind"`
	Game     string               `json:"game"`
	Seed     int64                `json:"seed"`
	Sides    [2]battlefield.Side  `json:"sides"`
	Winner   *int                 `json:"winner"`
	Scores   [2]int               `json:"scores"`
	Forfeit  *battlefield.Forfeit `json:"forfeit"`
	Turns    int                  `json:"turns"`
	PlayedAt string               `json:"played_at"`
	Replay   json.RawMessage      `json:"replay,omitempty"`
}

func matchJSONOf(m battlefield.Match) matchJSON {
	out := matchJSON{ID: m.ID, Kind: m.Kind, Game: m.Game, Seed: m.Seed, Sides: m.Sides, Scores: m.Scores, Forfeit: m.Forfeit,
		Turns: m.Turns, PlayedAt: m.PlayedAt.UTC().Format(time.RFC3339)}
	if m.Winner >= 0 {
		w := m.Winner
		out.Winner = &w
	}
	if json.Valid([]byte(m.Replay)) {
		out.Replay = json.RawMessage(m.Replay)
	}
	return out
}

func (h *handler) match(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	m, err := h.svc.Match(ctx, r.PathParam("matchId"))
	if !r.AcceptsHTML() {
		if err != nil {
			return httpapi.Response{}, err
		}
		return httpapi.JSON(http.StatusOK, matchJSONOf(m)), nil
	}
	l := pageLang(r, "")
	if err != nil {
		return httpapi.ErrorPage(r, h.Log, string(l), err), nil
	}
	g, _ := battlefield.GameNamed(m.Game)
	v := web.MatchView{
		Lang: l, Game: gameInfo(g, l), Sides: [2]string{m.Sides[0].Label, m.Sides[1].Label}, Winner: m.Winner, Scores: m.Scores,
		Turns: m.Turns, Played: m.PlayedAt, Zone: h.Zone, ReplayJSON: m.Replay,
		JSONHref: battlefieldpath.MatchReplay(m.ID), Story: story(m),
	}
	if m.Forfeit != nil {
		v.Forfeit = m.Sides[m.Forfeit.Side].Label + ": " + m.Forfeit.Detail
	}
	return httpapi.HTMLWithPolicy(http.StatusOK, web.MatchPage(v), replayCSP), nil
}

func (h *handler) replay(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	m, err := h.svc.Match(ctx, r.PathParam("matchId"))
	if err != nil {
		return httpapi.Response{}, err
	}
	// The runner's JSON, byte for byte.
	return httpapi.Response{StatusCode: http.StatusOK, Headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}, Body: m.Replay}, nil
}

func (h *handler) script(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return httpapi.Response{StatusCode: http.StatusOK, Headers: map[string]string{
		"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=300",
	}, Body: web.ReplayScript}, nil
}

// starter is a game's starter robot, as a file to save.
func (h *handler) starter(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	g, ok := battlefield.GameNamed(r.PathParam("game"))
	if !ok {
		return httpapi.Response{}, apperr.New(apperr.NotFound, "No such game.")
	}
	code, err := robots.Starters.ReadFile("starters/" + g.Name + ".py")
	if err != nil {
		return httpapi.Response{}, fmt.Errorf("starter %s: %w", g.Name, err)
	}
	return httpapi.Download("text/x-python; charset=utf-8", g.Name+".py", code), nil
}
