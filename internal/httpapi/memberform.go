package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
)

// MemberForm serves the route of one of the members' forms (join, register,
// submit a talk, apply to the mentorship program) with h. A post from a
// browser (WantsHTML) that h refuses is answered with the form again, in
// the member's language, filled with what they typed, each problem next to
// its field, posting to the same route; every other answer is h's own.
func (c Config) MemberForm(form memberforms.Form, h HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) (Response, error) {
		resp, err := h(ctx, r)
		if err == nil {
			return inPageLanguage(r, resp), nil
		}
		if !r.WantsHTML() {
			return resp, err
		}
		return c.refusedForm(r, form, err), nil
	}
}

// inPageLanguage sends a form posted from a page that names its language
// (memberforms.LangField) to the thank-you page in that language: the one
// the member reads, which the form's own language field (a talk's, or the
// emails') need not be.
func inPageLanguage(r *Request, resp Response) Response {
	loc := resp.Headers["Location"]
	if resp.StatusCode != http.StatusSeeOther || loc == "" || !r.IsForm() {
		return resp
	}
	body, err := r.body()
	if err != nil {
		return resp
	}
	vals, err := parseForm(body)
	if l := vals.Get(memberforms.LangField); err != nil || !lang.Known(l) {
		return resp
	}
	u, err := url.Parse(loc)
	if err != nil {
		return resp
	}
	q := u.Query()
	q.Set("lang", vals.Get(memberforms.LangField))
	u.RawQuery = q.Encode()
	resp.Headers["Location"] = u.String()
	return resp
}

// refusedForm is the page that shows form again after err refused it.
func (c Config) refusedForm(r *Request, form memberforms.Form, err error) Response {
	status := Error(r, c.Log, err).StatusCode // logs what is not the member's doing
	typed := url.Values{}
	if body, berr := r.body(); berr == nil {
		if vals, perr := parseForm(body); perr == nil {
			typed = vals
		}
	}
	l := formLanguage(r, typed)
	intro := web.FormTrouble(l, status)
	e, ok := apperr.As(err)
	if ok && l == lang.English && status < 500 && e.Code != apperr.Invalid {
		intro = e.Message // the server's own words, which are English
	}
	var problems map[string]problem.Problem
	if ok && e.Code == apperr.Invalid {
		problems = e.Fields
	}
	page := form.Show(l, r.Event.RawPath, typed, problems, []string{intro})
	return HTMLWithPolicy(status, web.FormPage(page), c.FormPolicy())
}

// formLanguage is the language a member reads a form in: the one the
// form's page posts unseen (memberforms.LangField), else the language they
// chose for our emails, else the one their browser prefers.
func formLanguage(r *Request, typed url.Values) lang.Tag {
	for _, name := range []string{memberforms.LangField, "language"} {
		if v := typed.Get(name); lang.Known(v) {
			return lang.Tag(v)
		}
	}
	return lang.FromAcceptLanguage(r.Header("Accept-Language"))
}

// originHost is a host[:port] that can stand in a policy as it is.
var originHost = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]+)?$`)

// FormPolicy is the Content-Security-Policy of a page served here that
// holds a member's form. It posts to this origin, and a browser applies
// form-action to the redirect that follows too: after a success, the 303 to
// the website's thank-you page, on the website's origin, which is allowed
// beside this one.
func (c Config) FormPolicy() string {
	u, err := url.Parse(c.ThankYouURL)
	if c.ThankYouURL == "" || err != nil || !originHost.MatchString(u.Host) || (u.Scheme != "https" && u.Scheme != "http") {
		return pageCSP
	}
	return strings.Replace(pageCSP, "form-action 'self'", "form-action 'self' "+u.Scheme+"://"+u.Host, 1)
}
