// Package passkeysapi is PasskeysFunction: the console's passkey pages and
// the two WebAuthn ceremonies, adding a passkey and signing in with one,
// behind the console's guard (its session cookie, same-origin check and
// form token). It is a function of its own because the WebAuthn library
// it needs costs megabytes and start-up work that no other function, the
// console's pages included, should carry.
package passkeysapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/consoleapi"
	"github.com/tehpug/backend/internal/passkeys/ceremony"
	"github.com/tehpug/backend/internal/web/console"
)

// Why the passkeys page is shown, as its ?notice= says.
const (
	noticeAdded   = "added"
	noticeRemoved = "removed"
)

// Services are what the passkey routes call.
type Services struct {
	// SignIn recognises organizers' sessions.
	SignIn   *auth.Service
	Passkeys *ceremony.Service
}

// handler serves the passkey routes.
type handler struct {
	*consoleapi.Guard
	Services
}

// Register adds the passkey routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc Services) error {
	if err := site.Require("passkeysapi", false, deps.Given("SignIn", svc.SignIn), deps.Given("Passkeys", svc.Passkeys)); err != nil {
		return err
	}
	g, err := consoleapi.NewGuard(site, svc.SignIn.Sessions)
	if err != nil {
		return err
	}
	h := &handler{Guard: g, Services: svc}
	return site.Serve(rt, "passkeysapi", false, svc.Passkeys, h.routes())
}

// routes list, add and remove an organizer's passkeys, sign in with one,
// and serve the script that drives adding and signing in.
//
// The two ceremonies are JSON posts the script makes. Adding is an
// action like every console post (same origin, a session, its form
// token, which the script sends in the JSON). Signing in needs no session,
// only the same origin; its answer sets the session cookie as the
// emailed link's button does.
func (h *handler) routes() httpapi.Routes {
	return httpapi.Routes{
		"GET " + consolepath.Passkeys:                h.Page(h.passkeysPage),
		"POST " + consolepath.PasskeyRemove:          h.Action(h.removePasskey),
		"POST " + consolepath.PasskeyRegisterOptions: h.Own(h.registerOptions),
		"POST " + consolepath.PasskeyRegister:        h.Action(h.register),
		"POST " + consolepath.PasskeySignInOptions:   h.SameOrigin(h.passkeySignInOptions),
		"POST " + consolepath.PasskeySignIn:          h.SameOrigin(h.passkeySignIn),
		"GET " + consolepath.Script:                  h.script,
	}
}

// passkeysPage lists the organizer's passkeys, each with its remove
// button, and offers to add one.
func (h *handler) passkeysPage(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	list, err := h.Passkeys.List(ctx, o.Email)
	if err != nil {
		return httpapi.Response{}, err
	}
	v := console.PasskeysView{Frame: h.Frame(r, o, "", console.Passkeys), Zone: h.Zone, Full: len(list) >= ceremony.MaxPerOrganizer}
	w := v.PW()
	v.Title, v.Script = w.Title, true
	for _, p := range list {
		v.Passkeys = append(v.Passkeys, console.PasskeyRow{ID: p.ID, Name: p.Name, CreatedAt: p.CreatedAt, LastUsedAt: p.LastUsedAt})
	}
	switch r.Query("notice") {
	case noticeAdded:
		v.Notice = w.AddedNotice
	case noticeRemoved:
		v.Notice = w.RemovedNotice
	}
	v.Name = console.Field{
		Name: "name", Label: w.Name, Hint: w.NameHint,
		Attrs: map[string]string{"maxlength": "60", "autocomplete": "off"},
	}
	return h.Render(http.StatusOK, console.PasskeysPage(v)), nil
}

// removePasskey removes one of the organizer's passkeys, and shows the
// list again saying so.
func (h *handler) removePasskey(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in struct {
		ID string `json:"id"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	if _, err := h.Passkeys.Remove(ctx, o.Email, in.ID); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.SeeOther(consolepath.Passkeys + "?notice=" + noticeRemoved), nil
}

// registerOptions starts adding a passkey: the options for the browser.
func (h *handler) registerOptions(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	options, err := h.Passkeys.BeginRegistration(ctx, o.Email)
	if err != nil {
		return httpapi.Error(r, h.Log, err), nil
	}
	return httpapi.JSON(http.StatusOK, options), nil
}

// ceremonyInput is the script's post of the browser's answer.
type ceremonyInput struct {
	Credential json.RawMessage `json:"credential"`
	// Name is the name of a passkey being added.
	Name string `json:"name"`
	// Next and Lang are the sign-in page's: where to land, and its language.
	Next string `json:"next"`
	Lang string `json:"lang"`
}

// register keeps the passkey the browser made.
func (h *handler) register(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in ceremonyInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Error(r, h.Log, err), nil
	}
	p, err := h.Passkeys.FinishRegistration(ctx, o.Email, in.Name, in.Credential)
	if err != nil {
		return httpapi.Error(r, h.Log, err), nil
	}
	return httpapi.JSON(http.StatusCreated, struct {
		ID   string `json:"id"`
		Next string `json:"next"`
	}{p.ID, consolepath.Passkeys + "?notice=" + noticeAdded}), nil
}

// passkeySignInOptions starts a passkey sign-in: the options for the
// browser, for whichever passkey it offers.
func (h *handler) passkeySignInOptions(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	options, err := h.Passkeys.BeginSignIn(ctx, r.Event.RequestContext.HTTP.SourceIP)
	if err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.JSON(http.StatusOK, options), nil
}

// passkeySignIn signs the browser in with the passkey it answered with:
// the session cookie the emailed link's button sets, and the console
// page to go to. Every failure is the same 401.
func (h *handler) passkeySignIn(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in ceremonyInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	s, err := h.Passkeys.FinishSignIn(ctx, in.Credential, in.Lang)
	if err != nil {
		return httpapi.Response{}, err
	}
	resp := httpapi.JSON(http.StatusOK, struct {
		Next string `json:"next"`
	}{consolepath.Next(in.Next)})
	resp.Cookies = []string{h.SessionCookie(s.Token, s.Lifetime)}
	return resp, nil
}

// script serves the console's script. Browsers keep it and ask again
// each time whether it changed (its ETag), so a new version is never
// missed.
func (h *handler) script(_ context.Context, r *httpapi.Request) (httpapi.Response, error) {
	headers := map[string]string{
		"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache", "ETag": console.ScriptETag,
	}
	if r.Header("If-None-Match") == console.ScriptETag {
		return httpapi.Response{StatusCode: http.StatusNotModified, Headers: headers}, nil
	}
	return httpapi.Response{StatusCode: http.StatusOK, Headers: headers, Body: console.Script}, nil
}
