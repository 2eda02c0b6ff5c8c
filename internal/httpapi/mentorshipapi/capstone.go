package mentorshipapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/web"
)

// capstoneWords is the capstone page in one language.
type capstoneWords struct {
	title, intro, goal, fix, submit        string
	titleLabel, abstractLabel, coSpeaker   string
	titleHint, abstractHint, coSpeakerHint string
	proposedTitle, proposed                string
}

var capstoneText = map[lang.Tag]capstoneWords{
	lang.English: {
		title:         "Propose your lightning talk",
		intro:         "Your mentorship is complete. Tell the group in five minutes what you learned or built: a title and a few lines are enough. The talk waits in the organizers' list for a meetup with a free slot, and they write to you when they choose one.",
		goal:          "The goal you started with: ",
		fix:           "Please correct the form:",
		submit:        "Propose my talk",
		titleLabel:    "Title",
		abstractLabel: "What the talk is about",
		coSpeaker:     "I would like my mentor named as co-speaker",
		titleHint:     "Such as: How I deployed my first Django app",
		abstractHint:  "A few lines: what you learned or built, and what others can take from it.",
		coSpeakerHint: "We ask your mentor by email; they are named only if they agree.",
		proposedTitle: "Your talk is proposed",
		proposed:      "Thank you: the organizers have your talk and will write to you when they choose a meetup for it.",
	},
	lang.Persian: {
		title:         "ارائهٔ کوتاه خود را پیشنهاد دهید",
		intro:         "منتورشیپ شما کامل شد. در پنج دقیقه به گروه بگویید چه یاد گرفتید یا چه ساختید: یک عنوان و چند خط کافی است. ارائه در فهرست برگزارکنندگان می‌ماند تا دورهمی‌ای با جای خالی، و وقتی یکی را انتخاب کنند برایتان می‌نویسند.",
		goal:          "هدفی که با آن شروع کردید: ",
		fix:           "لطفاً فرم را اصلاح کنید:",
		submit:        "پیشنهاد ارائه",
		titleLabel:    "عنوان",
		abstractLabel: "ارائه دربارهٔ چیست",
		coSpeaker:     "دوست دارم نام منتورم به عنوان ارائه‌دهندهٔ همراه بیاید",
		titleHint:     "مثلاً: چطور نخستین برنامهٔ جنگوی خودم را منتشر کردم",
		abstractHint:  "چند خط: چه یاد گرفتید یا ساختید، و دیگران از آن چه برمی‌دارند.",
		coSpeakerHint: "با ایمیل از منتورتان می‌پرسیم؛ نامش فقط اگر موافق باشد می‌آید.",
		proposedTitle: "ارائهٔ شما پیشنهاد شد",
		proposed:      "سپاس: برگزارکنندگان ارائهٔ شما را دارند و وقتی دورهمی‌ای برایش انتخاب کنند برایتان می‌نویسند.",
	},
}

// capstoneForm is the capstone page: the form, filled with typed and its
// problems when errs is set; or, once the talk is proposed, what happens
// next.
func capstoneForm(status int, v mentorship.CapstoneView, raw string, in mentorship.CapstoneInput, errs map[string]problem.Problem) httpapi.Response {
	w, l := httpapi.TextIn(capstoneText, lang.Parse(v.Lang))
	if v.Proposed.ID != "" {
		return httpapi.HTML(status, web.MessagePage(web.Message{Lang: l, Title: w.proposedTitle, Paragraphs: []string{v.Proposed.Title, w.proposed}}))
	}
	intro := []string{w.intro}
	if v.Goals != "" {
		intro = append(intro, w.goal+v.Goals)
	}
	field := func(name string, f web.Field) web.Field {
		f.Name = name
		if p, ok := errs[name]; ok {
			f.Error = web.Explain(l, p)
		}
		return f
	}
	return httpapi.HTML(status, web.FormPage(web.Form{
		Lang: l, Title: w.title, Intro: intro, Fix: w.fix, Action: "/mentorship/capstone",
		Hidden: []web.Hidden{{Name: "token", Value: raw}},
		Fields: []web.Field{
			field("title", web.Field{Kind: web.TextField, Label: w.titleLabel, Hint: w.titleHint, Required: true, MaxLength: talks.MaxTitle, Value: in.Title}),
			field("abstract", web.Field{Kind: web.LongTextField, Label: w.abstractLabel, Hint: w.abstractHint, Required: true,
				MaxLength: talks.MaxAbstract, Rows: 5, Value: in.Abstract}),
			field("cospeaker", web.Field{Kind: web.CheckField, Label: w.coSpeaker, Hint: w.coSpeakerHint, Value: strings.TrimSpace(in.CoSpeaker)}),
		},
		Submit: w.submit,
	}))
}

func (h *handler) capstonePage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw := r.Query("token")
	v, err := h.Service.CapstonePage(ctx, raw)
	if err != nil {
		return httpapi.ErrorPage(r, h.Log, v.Lang, err), nil
	}
	return capstoneForm(http.StatusOK, v, raw, mentorship.CapstoneInput{}, nil), nil
}

// capstoneJSON is the talk a capstone proposal stored.
type capstoneJSON struct {
	TalkID string `json:"talk_id"`
	Title  string `json:"title"`
	Format string `json:"format"`
	Status string `json:"status"`
}

func (h *handler) proposeCapstone(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in mentorship.CapstoneInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	t, l, err := h.Service.ProposeCapstone(ctx, in)
	if err != nil {
		return refill(ctx, h, r, err, l, in.Token, h.Service.CapstonePage, func(v mentorship.CapstoneView, errs map[string]problem.Problem) httpapi.Response {
			return capstoneForm(http.StatusUnprocessableEntity, v, in.Token, in, errs)
		})
	}
	out := capstoneJSON{TalkID: t.ID, Title: t.Title, Format: string(t.Format), Status: string(t.Status)}
	return httpapi.Done(r, http.StatusCreated, out, httpapi.LinkThanks("capstone-proposed", l)), nil
}

// coSpeakerText is the mentor's page.
var coSpeakerText = httpapi.PageText{
	lang.English: {Title: "Be named co-speaker", Button: "Name me as co-speaker",
		Paragraphs: []string{"Your mentee proposed this lightning talk about what your mentorship led to, and would like you named as co-speaker. Press the button to agree."}},
	lang.Persian: {Title: "ارائه‌دهندهٔ همراه شوید", Button: "نام من را بیاورید",
		Paragraphs: []string{"منتی شما این ارائهٔ کوتاه را دربارهٔ حاصل منتورشیپ‌تان پیشنهاد داده و دوست دارد نام شما به عنوان ارائه‌دهندهٔ همراه بیاید. برای موافقت دکمه را بزنید."}},
}

func (h *handler) coSpeakerPage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	v, err := h.Service.CoSpeakerPage(ctx, r.Query("token"))
	return httpapi.LinkPage(r, h.Log, token.Landing{Lang: v.Lang, Title: v.TalkTitle}, err, coSpeakerText, "/mentorship/cospeaker"), nil
}

// fadeWords is the fade page in one language.
type fadeWords struct {
	title, intro, button, fix, otherLabel string
	reasons                               map[mentorship.FadeReason]string
	answered                              string
}

var fadeText = map[lang.Tag]fadeWords{
	lang.English: {
		title: "Why did your mentorship fade?", intro: "Your answer, which only the organizers see:", button: "Send my answer",
		fix: "Please correct the form:", otherLabel: "In one line, what happened?",
		reasons: map[mentorship.FadeReason]string{
			mentorship.FadeNoTime: "I had no time", mentorship.FadeNoAnswer: "The other side did not answer",
			mentorship.FadeGoalsUnclear: "The goals were unclear", mentorship.FadeGotWhatINeed: "I got what I needed",
			mentorship.FadeOther: "Something else",
		},
		answered: "You have already answered: ",
	},
	lang.Persian: {
		title: "چرا منتورشیپ شما کم‌رنگ شد؟", intro: "پاسخ شما، که فقط برگزارکنندگان می‌بینند:", button: "فرستادن پاسخ",
		fix: "لطفاً فرم را اصلاح کنید:", otherLabel: "در یک خط، چه پیش آمد؟",
		reasons: map[mentorship.FadeReason]string{
			mentorship.FadeNoTime: "وقت نداشتم", mentorship.FadeNoAnswer: "طرف مقابل پاسخ نداد",
			mentorship.FadeGoalsUnclear: "هدف‌ها روشن نبود", mentorship.FadeGotWhatINeed: "آنچه می‌خواستم را گرفتم",
			mentorship.FadeOther: "چیز دیگری",
		},
		answered: "شما پیش‌تر پاسخ داده‌اید: ",
	},
}

// fadeForm is the page of one one-tap answer: the answer and the button
// that posts it; "other" asks for its line of text too.
func fadeForm(status int, v mentorship.FadeView, raw string, in mentorship.FadeInput, errs map[string]problem.Problem) httpapi.Response {
	w, l := httpapi.TextIn(fadeText, lang.Parse(v.Lang))
	if v.Answered.Reason != "" {
		return httpapi.HTML(status, web.MessagePage(web.Message{Lang: l, Title: w.title, Paragraphs: []string{w.answered + w.reasons[v.Answered.Reason]}}))
	}
	reason := mentorship.FadeReason(in.Reason)
	label, ok := w.reasons[reason]
	if !ok {
		reason, label = mentorship.FadeOther, w.reasons[mentorship.FadeOther]
	}
	hidden := []web.Hidden{{Name: "token", Value: raw}, {Name: "reason", Value: string(reason)}}
	if reason != mentorship.FadeOther {
		return httpapi.HTML(status, web.LinkPage(web.Link{
			Lang: l, Title: w.title, Paragraphs: []string{w.intro}, Object: label, Action: "/mentorship/fade", Hidden: hidden, Button: w.button,
		}))
	}
	f := web.Field{Name: "other", Kind: web.TextField, Label: w.otherLabel, Required: true, MaxLength: mentorship.MaxFadeOther, Value: in.Other}
	if p, ok := errs["other"]; ok {
		f.Error = web.Explain(l, p)
	}
	return httpapi.HTML(status, web.FormPage(web.Form{
		Lang: l, Title: w.title, Intro: []string{w.intro, label}, Fix: w.fix, Action: "/mentorship/fade", Hidden: hidden,
		Fields: []web.Field{f}, Submit: w.button,
	}))
}

func (h *handler) fadePage(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	raw := r.Query("token")
	v, err := h.Service.FadePage(ctx, raw)
	if err != nil {
		return httpapi.ErrorPage(r, h.Log, v.Lang, err), nil
	}
	return fadeForm(http.StatusOK, v, raw, mentorship.FadeInput{Reason: r.Query("reason")}, nil), nil
}

func (h *handler) answerFade(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
	var in mentorship.FadeInput
	if err := r.Decode(&in); err != nil {
		return httpapi.Response{}, err
	}
	l, err := h.Service.AnswerFade(ctx, in)
	if err != nil {
		return refill(ctx, h, r, err, l, in.Token, h.Service.FadePage, func(v mentorship.FadeView, errs map[string]problem.Problem) httpapi.Response {
			return fadeForm(http.StatusUnprocessableEntity, v, in.Token, in, errs)
		})
	}
	return httpapi.Done(r, http.StatusCreated, httpapi.StatusAnswer{Status: "answered"}, httpapi.LinkThanks("fade-answered", l)), nil
}
