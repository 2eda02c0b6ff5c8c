package membersapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/web"
)

// The member page (My TehPUG, docs/MEMBERPAGE.md): GET /me opens it from a
// member-page link; each of its forms posts the link's token to one of the
// routes below, which acts through the domain service that owns the rule
// and shows the page again, through a redirect, with what was done.
func (h *handler) routes() httpapi.Routes {
	return httpapi.Routes{
		"GET /me":                       h.page,
		"POST /me/preferences":          h.preferences,
		"POST /me/registrations/cancel": h.onPage("meetup", "cancelled", h.Meetups.CancelFor),
		"POST /me/talks/withdraw":       h.onPage("talk", "withdrawn", h.Talks.WithdrawFor),
		"POST /me/talks/confirm":        h.onPage("talk", "confirmed", h.Talks.ConfirmFor),
		"POST /me/checkin":              h.checkIn,
		"POST /me/links/stop":           h.stopLinks,
		"POST /me/erase":                h.erase,
		"GET /me/link":                  h.askPage,
		"POST /me/link":                 h.Steady(httpapi.AnswerFloor, h.askLink),
	}
}

// talksShown caps the talks the page lists, the newest first.
const talksShown = 20

// notices are what the page says after each action (?done=).
var notices = map[lang.Tag]map[string]string{
	lang.English: {
		"saved": "Your preferences are saved.", "cancelled": "Your place is cancelled.",
		"withdrawn": "Your talk is withdrawn.", "confirmed": "Thank you: you confirmed your talk.",
	},
	lang.Persian: {
		"saved": "ترجیحات شما ذخیره شد.", "cancelled": "جای شما لغو شد.",
		"withdrawn": "ارائهٔ شما پس گرفته شد.", "confirmed": "سپاس: ارائه‌تان را تأیید کردید.",
	},
}

// page opens the member's page: the link is checked, and a link newer than
// any the member opened before retires those (members.Service.OpenPage).
func (h *handler) page(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	m, err := h.Service.OpenPage(ctx, r.Query("token"))
	if err != nil {
		return h.refused(r, err), nil
	}
	return h.show(ctx, r, m, r.Query("token"), notices[lang.Parse(m.Language)][r.Query("done")], nil)
}

// show renders m's page, with notice and the problems of a refused form.
func (h *handler) show(ctx context.Context, r *httpapi.Request, m members.Member, raw, notice string, problems map[string]problem.Problem) (httpapi.Response, error) {
	l := lang.Parse(m.Language)
	w := web.MemberText[l]
	p := web.MemberPage{
		Lang: l, Token: raw, Name: m.Name, Notice: notice,
		Language: m.Language, Interests: strings.Join(m.Interests, ", "), WantsToSpeak: m.WantsToSpeak, CallForSpeakers: !m.NoCallForSpeakers,
	}
	names := map[string]string{"language": w.Language, "interests": w.Interests}
	msgs := map[string]string{}
	for f, pr := range problems {
		msgs[f] = pr.In(l)
	}
	p.Errors = web.Errors(msgs, names)
	places, err := h.Meetups.PlacesOf(ctx, m.Key)
	if err != nil {
		return httpapi.Response{}, err
	}
	for _, pl := range places {
		standing := w.Seat
		switch {
		case pl.Held:
			standing = w.Held
		case !pl.Seat:
			standing = fmt.Sprintf(w.Waitlist, pl.Position)
		}
		p.Places = append(p.Places, web.MemberPlace{
			MeetupID: pl.Meetup.ID, Title: pl.Meetup.Title, When: web.MeetupWhen(l, pl.Meetup.StartsAt.In(h.Zone), pl.Meetup.EndsAt.In(h.Zone)), Standing: standing,
		})
	}
	ts, err := h.Talks.TalksOf(ctx, m.Key, talksShown)
	if err != nil {
		return httpapi.Response{}, err
	}
	for _, t := range ts {
		p.Talks = append(p.Talks, web.MemberTalk{
			ID: t.ID, Title: t.Title, Status: talkStatus[l][t.Status],
			CanWithdraw: talks.Move(t.Status, talks.Withdrawn, talks.Speaker) == nil,
			CanConfirm:  talks.Move(t.Status, talks.Confirmed, talks.Speaker) == nil,
		})
	}
	pairs, err := h.Roster.PairsOf(ctx, m.Key)
	if err != nil {
		return httpapi.Response{}, err
	}
	for _, pr := range pairs {
		what := fmt.Sprintf(w.Mentoring, pr.Partner)
		if pr.Side == mentorship.Mentee {
			what = fmt.Sprintf(w.MentoredBy, pr.Partner)
		}
		last := w.Never
		if !pr.LastCheckIn.IsZero() {
			last = web.Date(l, pr.LastCheckIn.In(h.Zone))
		}
		p.Pairs = append(p.Pairs, web.MemberPair{PairID: pr.PairID, What: what, Last: fmt.Sprintf(w.LastCheckIn, last)})
	}
	wanted, err := h.Topics.Wanted(ctx, topicsShown)
	if err != nil {
		return httpapi.Response{}, err
	}
	p.Topics = &web.Topics{Lang: l, Token: raw}
	for _, t := range wanted {
		p.Topics.Topics = append(p.Topics.Topics, web.TopicChoice{ID: t.ID, Title: t.Title, Why: t.Why, Votes: t.Votes, Voted: slices.Contains(t.Voters, m.Key)})
	}
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return httpapi.HTML(status, web.MemberPageView(p)), nil
}

// talkStatus names a talk's status on the page.
var talkStatus = map[lang.Tag]map[talks.Status]string{
	lang.English: {
		talks.Pending: "Waiting for you to confirm your address", talks.Submitted: "Proposed: the organizers will decide",
		talks.Accepted: "Accepted: please confirm you will speak", talks.Confirmed: "Confirmed: you are on the programme",
		talks.Rejected: "Not accepted", talks.Withdrawn: "Withdrawn",
	},
	lang.Persian: {
		talks.Pending: "در انتظار تأیید نشانی ایمیلتان", talks.Submitted: "پیشنهاد شده: برگزارکنندگان تصمیم می‌گیرند",
		talks.Accepted: "پذیرفته شد: لطفاً تأیید کنید که ارائه می‌دهید", talks.Confirmed: "تأیید شد: در برنامه هستید",
		talks.Rejected: "پذیرفته نشد", talks.Withdrawn: "پس گرفته شد",
	},
}

// refused answers a link that opens nothing (forged, expired, revoked,
// retired, another purpose's, a member gone): a 404 in the browser's
// language that shows nothing of anyone and offers the form that emails
// a new link. Any other error is the usual error page.
func (h *handler) refused(r *httpapi.Request, err error) httpapi.Response {
	if !apperr.Is(err, apperr.NotFound) && !apperr.Is(err, apperr.Invalid) {
		if r.WantsHTML() || r.Event.RequestContext.HTTP.Method == http.MethodGet {
			return httpapi.ErrorPage(r, h.Log, "", err)
		}
		return httpapi.Error(r, h.Log, err)
	}
	l := lang.FromAcceptLanguage(r.Header("Accept-Language"))
	if !r.WantsHTML() && r.Event.RequestContext.HTTP.Method != http.MethodGet {
		return httpapi.Error(r, h.Log, apperr.New(apperr.NotFound, "This link is not valid or has expired. Ask for a new one at /me/link."))
	}
	title, text := web.StatusWords(l, http.StatusNotFound)
	return httpapi.HTML(http.StatusNotFound, web.AskLinkView(web.AskLink{Lang: l, Problem: title, ProblemText: text}))
}

// pageInput is what every form of the page posts: the link's token, and
// the thing it acts on.
type pageInput struct {
	Token  string `json:"token"`
	Meetup string `json:"meetup"`
	Talk   string `json:"talk"`
}

// onPage acts on the thing field names (a meetup, a talk) for the member the
// token proves, through act, and shows the page again saying done.
func (h *handler) onPage(field, done string, act func(ctx context.Context, key, id string) error) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		var in pageInput
		if err := r.Decode(&in); err != nil {
			return httpapi.Response{}, err
		}
		m, _, err := h.Service.PageOwner(ctx, in.Token)
		if err != nil {
			return h.refused(r, err), nil
		}
		id := in.Meetup
		if field == "talk" {
			id = in.Talk
		}
		if id == "" {
			return httpapi.Response{}, apperr.Field(field, problem.Required)
		}
		if err := act(ctx, m.Key, id); err != nil {
			return httpapi.Failed(r, h.Log, m.Language, err)
		}
		return h.backToPage(r, in.Token, done), nil
	}
}

// backToPage answers a done action: the page again (303) for a browser,
// {"status": done} for a program.
func (h *handler) backToPage(r *httpapi.Request, raw, done string) httpapi.Response {
	if !r.IsForm() {
		return httpapi.JSON(http.StatusOK, httpapi.StatusAnswer{Status: done})
	}
	return httpapi.SeeOther("/me?token=" + url.QueryEscape(raw) + "&done=" + url.QueryEscape(done))
}

// preferencesInput is the preferences form: interests as one line,
// separated by commas.
type preferencesInput struct {
	Token           string `json:"token"`
	Language        string `json:"language"`
	Interests       string `json:"interests"`
	WantsToSpeak    bool   `json:"wants_to_speak"`
	CallForSpeakers bool   `json:"call_for_speakers"`
}

func (h *handler) preferences(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in preferencesInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	m, err := h.Service.SetPreferences(ctx, in.Token, members.PreferencesInput{
		Language: in.Language, Interests: []string{in.Interests}, WantsToSpeak: in.WantsToSpeak, CallForSpeakers: in.CallForSpeakers,
	})
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && m.Key != "" {
		if !r.WantsHTML() {
			return httpapi.Response{}, err
		}
		return h.show(ctx, r, m, in.Token, "", e.Fields)
	}
	if err != nil {
		return h.refused(r, err), nil
	}
	return h.backToPage(r, in.Token, "saved"), nil
}

// checkIn issues the member a check-in link for their side of a pair, as
// the check-in emails carry, and opens it: the check-in page.
func (h *handler) checkIn(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in struct {
		Token string `json:"token"`
		Pair  string `json:"pair"`
	}
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	m, _, err := h.Service.PageOwner(ctx, in.Token)
	if err != nil {
		return h.refused(r, err), nil
	}
	link, err := h.Roster.CheckInLinkFor(ctx, m.Key, in.Pair)
	if err != nil {
		return httpapi.Failed(r, h.Log, m.Language, err)
	}
	u, err := url.Parse(link)
	if err != nil {
		return httpapi.Response{}, err
	}
	if !r.IsForm() {
		return httpapi.JSON(http.StatusOK, map[string]string{"status": "issued", "check_in": link}), nil
	}
	return httpapi.SeeOther(u.RequestURI()), nil
}

func (h *handler) stopLinks(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw, err := httpapi.ReadToken(r)
	if err != nil {
		return httpapi.Response{}, err
	}
	l, err := h.Service.RetirePageLinks(ctx, raw)
	if err != nil {
		return h.refused(r, err), nil
	}
	return httpapi.Done(r, http.StatusOK, httpapi.StatusAnswer{Status: "stopped"}, httpapi.LinkThanks("member-page-links-stopped", l)), nil
}

// eraseInput is the erase form: without confirm it asks to confirm.
type eraseInput struct {
	Token   string `json:"token"`
	Confirm string `json:"confirm"`
}

func (h *handler) erase(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in eraseInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	if in.Confirm != "yes" {
		m, _, err := h.Service.PageOwner(ctx, in.Token)
		if err != nil {
			return h.refused(r, err), nil
		}
		if !r.IsForm() {
			return httpapi.Response{}, apperr.Field("confirm", problem.Required)
		}
		return httpapi.HTML(http.StatusOK, web.EraseConfirmView(web.MemberPage{Lang: lang.Parse(m.Language), Token: in.Token})), nil
	}
	l, err := h.Service.EraseFromPage(ctx, in.Token)
	if err != nil {
		return h.refused(r, err), nil
	}
	return httpapi.Done(r, http.StatusOK, httpapi.StatusAnswer{Status: "erased"}, httpapi.LinkThanks("erased", l)), nil
}

// askPage is the form that emails a member the link to their page, in the
// language ?lang= names, else the browser's.
func (h *handler) askPage(_ context.Context, r *httpapi.Request) (httpapi.Response, error) {
	return httpapi.HTML(http.StatusOK, web.AskLinkView(web.AskLink{Lang: askLanguage(r, r.Query("lang"))})), nil
}

func askLanguage(r *httpapi.Request, chosen string) lang.Tag {
	if lang.Known(chosen) {
		return lang.Tag(chosen)
	}
	return lang.FromAcceptLanguage(r.Header("Accept-Language"))
}

// askInput is the ask-for-link form; lang is the page's language.
type askInput struct {
	Email string `json:"email"`
	Lang  string `json:"lang"`
}

// askLink answers every valid post the same way, whether or not the address
// is a member's; Register serves it at the answer floor, so the time it
// takes does not tell either (as the erase request).
func (h *handler) askLink(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in askInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	req := members.PageLinkRequestInput{Email: in.Email}
	l := askLanguage(r, in.Lang)
	err := req.Validate()
	if err == nil && !r.Honeypot() {
		err = h.Service.RequestPageLink(ctx, req)
	}
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && r.WantsHTML() {
		p := web.AskLink{Lang: l, Email: in.Email}
		msgs := map[string]string{}
		for f, pr := range e.Fields {
			msgs[f] = pr.In(l)
		}
		p.Errors = web.Errors(msgs, map[string]string{"email": web.MemberText[l].AskEmail})
		return httpapi.HTML(http.StatusUnprocessableEntity, web.AskLinkView(p)), nil
	}
	if err != nil {
		return httpapi.Response{}, err
	}
	if r.WantsHTML() {
		return httpapi.HTML(http.StatusAccepted, web.AskLinkView(web.AskLink{Lang: l, Sent: true})), nil
	}
	return httpapi.JSON(http.StatusAccepted, httpapi.StatusAnswer{Status: "requested", Message: "If this address is a member's, we have emailed it a link to its page."}), nil
}

// topicsShown is how many of the wishlist's most-wanted topics the page
// shows to vote on.
const topicsShown = 10
