package consoleapi

import (
	"context"
	"net/http"
	"net/url"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
	"github.com/tehpug/backend/internal/web/console"
)

// Why the sign-in page is shown, as its ?notice= says.
const (
	noticeSignedOut = "signed-out"
	noticeEnded     = "session-ended"
)

func withNotice(path, notice string) string { return withParam(path, "notice", notice) }

// withParam is path with the query parameter name set to value; path
// itself when value is "".
func withParam(path, name, value string) string {
	if value == "" {
		return path
	}
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set(name, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// signInRoutes sign a browser in and out, and set its language.
func (h *handler) signInRoutes() httpapi.Routes {
	return httpapi.Routes{
		"GET /console/sign-in":   h.signInPage,
		"POST /console/sign-in":  h.SameOrigin(h.Steady(httpapi.AnswerFloor, h.signIn)),
		"POST /console/sign-out": h.Own(h.signOut),
		"POST /console/language": h.Own(h.language),
	}
}

// signInPage asks for an organizer's address; a browser already signed in
// goes straight on.
func (h *handler) signInPage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	next := consolepath.Next(r.Query("next"))
	if raw := h.SessionToken(r); raw != "" {
		if _, err := h.SignIn.Session(ctx, raw); err == nil {
			return httpapi.SeeOther(next), nil
		}
	}
	l := h.GuessLang(r)
	p := h.signInForm(r, l, "", next)
	switch r.Query("notice") {
	case noticeSignedOut:
		p.Notice = p.W().SignedOut
	case noticeEnded:
		p.Notice = p.W().SessionEnded
	}
	return h.Render(http.StatusOK, console.SignInWithPasskey(p)), nil
}

// signInForm is the sign-in page, which also offers a passkey to a
// browser that can use one (its script shows the button).
func (h *handler) signInForm(r *httpapi.Request, l lang.Tag, email, next string) console.SignInForm {
	f := console.Frame{Lang: l, Here: consolepath.SignInTo(next), Script: true}
	w := f.W()
	f.Title = w.SignInTitle
	return console.SignInForm{
		Frame: f, Next: next,
		Email: console.Field{
			Name: "email", Label: w.Email, Type: "email", Value: email, Hint: w.EmailHint, Required: true,
			Attrs: map[string]string{"autocomplete": "username", "maxlength": "254", "inputmode": "email"},
		},
	}
}

// signIn emails a sign-in link to an organizer's address. The page that
// follows is the same whoever's address it is, and whether or not an
// email went out; only a malformed address is sent back to correct.
func (h *handler) signIn(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in auth.LoginInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	l := lang.Parse(in.Lang)
	in.Lang, in.Next = string(l), consolepath.Next(in.Next)
	f := console.Frame{Lang: l, Here: consolepath.SignIn}
	f.Title = f.W().SentTitle
	err := httpapi.UnlessRobot(ctx, r, in, h.SignIn.RequestLogin)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		p := h.signInForm(r, l, in.Email, in.Next)
		p.Email.Error = web.Explain(l, e.Fields["email"])
		return h.Render(http.StatusUnprocessableEntity, console.SignInWithPasskey(p)), nil
	}
	if err != nil {
		return h.Failure(r, auth.Organizer{Lang: l}, err), nil
	}
	return h.Render(http.StatusOK, console.SentPage(f)), nil
}

// signOut ends the session everywhere and forgets the cookie.
func (h *handler) signOut(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	if err := h.SignIn.EndSession(ctx, h.SessionToken(r)); err != nil {
		return httpapi.Response{}, err
	}
	to := withParam(withNotice(consolepath.SignIn, noticeSignedOut), "lang", string(o.Lang))
	return httpapi.SeeOther(to, h.ClearSessionCookie()), nil
}

// language remembers the language the organizer chose, and shows the page
// they chose it on again, in it.
func (h *handler) language(ctx context.Context, r *httpapi.Request, o auth.Organizer) (httpapi.Response, error) {
	var in struct {
		Lang string `json:"lang"`
		Next string `json:"next"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	if !lang.Known(in.Lang) {
		return httpapi.Response{}, apperr.Field("lang", problem.OneOf, problem.Choices("en", "fa"))
	}
	if err := h.SignIn.SetLanguage(ctx, o, lang.Tag(in.Lang)); err != nil {
		return httpapi.Response{}, err
	}
	return httpapi.SeeOther(consolepath.Next(in.Next)), nil
}
