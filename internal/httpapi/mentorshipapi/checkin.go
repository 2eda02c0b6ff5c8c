package mentorshipapi

import (
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
)

// valuesOf is what a person typed, to fill the form again after a mistake.
func valuesOf(in mentorship.CheckInInput) web.CheckInValues {
	v := web.CheckInValues{Summary: in.Summary, NextStep: in.NextStep}
	if in.Progress != nil {
		v.Progress = *in.Progress
	}
	if in.Blocked != nil {
		v.Blocked = *in.Blocked
	}
	return v
}

// checkInForm answers the check-in page for a valid link: the one-tap
// answers and the full form, filled with typed, and the problems to correct
// when errs is set.
func checkInForm(status int, v mentorship.CheckInView, rawToken string, errs map[string]problem.Problem, typed web.CheckInValues) httpapi.Response {
	t, l := httpapi.TextIn(checkInText, lang.Parse(v.Lang))
	said := make(map[string]string, len(errs))
	for f, p := range errs {
		said[f] = web.Explain(l, p)
	}
	intro := t.introNoName
	if v.Partner != "" {
		intro = t.intro[v.Side]
	}
	answers := make([]web.Choice, 0, len(oneTap))
	for _, a := range oneTap {
		answers = append(answers, web.Choice{Value: string(a), Label: t.answers[a]})
	}
	return httpapi.HTML(status, web.CheckInPage(web.CheckIn{
		Lang:    l,
		Words:   t.CheckInWords,
		Intro:   intro,
		Partner: v.Partner,
		Action:  "/checkins",
		Token:   rawToken,
		Answers: answers,
		Errors:  web.Errors(said, t.fields),
		Typed:   typed,
	}))
}
