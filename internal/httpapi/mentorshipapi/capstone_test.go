package mentorshipapi

import (
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/talks"
)

const evil = "<script>alert(1)</script>"

// The capstone page, its "already proposed" page and the fade pages escape
// what people typed, speak the link's language, and post to their route.
func TestCapstoneAndFadePagesEscape(t *testing.T) {
	for _, l := range []string{"en", "fa"} {
		t.Run(l, func(t *testing.T) {
			dir := map[string]string{"en": `dir="ltr"`, "fa": `dir="rtl"`}[l]
			v := mentorship.CapstoneView{Lang: l, Name: evil, Partner: evil, Goals: evil}
			errs := map[string]problem.Problem{"title": problem.Of(problem.Required)}
			pages := map[string]string{
				"capstone form": capstoneForm(422, v, `a">b`, mentorship.CapstoneInput{Title: evil, Abstract: "</textarea>" + evil, CoSpeaker: "yes"}, errs).Body,
				"proposed":      capstoneForm(200, mentorship.CapstoneView{Lang: l, Proposed: talks.Talk{ID: "x", Title: evil}}, "t", mentorship.CapstoneInput{}, nil).Body,
				"fade one tap":  fadeForm(200, mentorship.FadeView{Lang: l, Partner: evil}, "t", mentorship.FadeInput{Reason: "no_time"}, nil).Body,
				"fade other":    fadeForm(422, mentorship.FadeView{Lang: l}, "t", mentorship.FadeInput{Reason: "other", Other: evil}, map[string]problem.Problem{"other": problem.Of(problem.Required)}).Body,
				"answered":      fadeForm(200, mentorship.FadeView{Lang: l, Answered: mentorship.FadeAnswer{Reason: mentorship.FadeOther, Other: evil}}, "t", mentorship.FadeInput{}, nil).Body,
			}
			for name, body := range pages {
				if strings.Contains(body, "<script>") || !strings.Contains(body, dir) {
					t.Errorf("%s: unescaped, or not in %s:\n%s", name, l, body)
				}
			}
			if b := pages["capstone form"]; !strings.Contains(b, `action="/mentorship/capstone"`) || !strings.Contains(b, `name="cospeaker"`) ||
				!strings.Contains(b, "&lt;script&gt;") || !strings.Contains(b, `value="a&#34;&gt;b"`) {
				t.Errorf("the capstone form:\n%s", b)
			}
			if b := pages["fade one tap"]; !strings.Contains(b, `action="/mentorship/fade"`) || !strings.Contains(b, `name="reason" value="no_time"`) {
				t.Errorf("the one-tap page:\n%s", b)
			}
			if b := pages["fade other"]; !strings.Contains(b, `name="other"`) || !strings.Contains(b, "&lt;script&gt;") {
				t.Errorf("the other page:\n%s", b)
			}
		})
	}
}
