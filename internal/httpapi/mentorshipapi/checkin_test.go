package mentorshipapi

import (
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/problem"
	"github.com/tehpug/backend/internal/web"
)

func TestCheckInFormEscapes(t *testing.T) {
	tests := []struct {
		name, lang string
		want       []string
	}{
		{"en", "en", []string{`<html lang="en" dir="ltr">`, "mentored by <bdi>&lt;script&gt;x&lt;/script&gt;</bdi>", `value="a&#34;&gt;b"`}},
		{"fa", "fa", []string{`<html lang="fa" dir="rtl">`, "<bdi>&lt;script&gt;x&lt;/script&gt;</bdi>", "۵"}},
		{"unknown language", "de", []string{`<html lang="en" dir="ltr">`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mentorship.CheckInView{Lang: tt.lang, Side: mentorship.Mentee, Partner: "<script>x</script>"}
			errs := map[string]problem.Problem{"summary": problem.Of(problem.NotRegistered, "<i>too long</i>")}
			resp := checkInForm(422, v, `a">b`, errs, web.CheckInValues{Summary: "</textarea><script>"})
			if resp.StatusCode != 422 || resp.Headers["Content-Security-Policy"] == "" {
				t.Errorf("status %d, headers %v", resp.StatusCode, resp.Headers)
			}
			if strings.Contains(resp.Body, "<script") || strings.Contains(resp.Body, "<i>") {
				t.Errorf("unescaped text:\n%s", resp.Body)
			}
			for _, w := range tt.want {
				if !strings.Contains(resp.Body, w) {
					t.Errorf("page lacks %s:\n%s", w, resp.Body)
				}
			}
			if strings.Count(resp.Body, `action="/checkins"`) != 2 || strings.Count(resp.Body, `name="token"`) != 2 {
				t.Errorf("want two forms posting the token to /checkins:\n%s", resp.Body)
			}
		})
	}
}

// The check-in form sent back with a problem names it in the page's
// language: on a Persian page, "progress is required on the full form" in
// Persian, never in the domain's English.
func TestCheckInProblemsSpeakThePagesLanguage(t *testing.T) {
	v := mentorship.CheckInView{Lang: "fa", Side: mentorship.Mentee, Partner: "سارا"}
	errs := map[string]problem.Problem{"progress": problem.Of(problem.RequiredOnFullForm), "answer": problem.Of(problem.AnswerOrForm)}
	resp := checkInForm(422, v, "tok", errs, web.CheckInValues{})
	for _, want := range []string{"در فرم کامل لازم است.", "یا پاسخ یک‌ضربه‌ای، یا فرم کامل؛ نه هر دو."} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("the Persian page lacks %q", want)
		}
	}
	for _, english := range []string{"is required on the full form", "send either"} {
		if strings.Contains(resp.Body, english) {
			t.Errorf("the Persian page says %q", english)
		}
	}
}
