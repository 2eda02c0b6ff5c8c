package mentorapi

import (
	"html"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/mentorship"
)

// The check-in page is richer than httpapi.Page (radio buttons, text areas,
// three one-tap buttons), so it is written here, the same way httpapi writes
// its pages: every value escaped with html.EscapeString, inside element
// content or a double-quoted attribute; no html/template, whose reflection
// makes every binary that links it megabytes bigger. It needs no JavaScript.

// formValues is what a person typed, to fill the form again after a mistake.
type formValues struct {
	Progress int
	Summary  string
	NextStep string
	Blocked  bool
}

func valuesOf(in mentorship.CheckInInput) formValues {
	v := formValues{Summary: in.Summary, NextStep: in.NextStep}
	if in.Progress != nil {
		v.Progress = *in.Progress
	}
	if in.Blocked != nil {
		v.Blocked = *in.Blocked
	}
	return v
}

// pageStyle matches httpapi's pages, plus the form controls this page has.
const pageStyle = `<style>
body{font-family:system-ui,"Vazirmatn",Tahoma,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a;background:#fff}
button{font:inherit;padding:.6rem 1.2rem;border:2px solid #1a1a1a;border-radius:.3rem;background:#ffd43b;color:#1a1a1a;cursor:pointer;margin:.25rem 0}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #306998;outline-offset:2px}
fieldset{border:1px solid #888;border-radius:.3rem;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:bold;padding:0 .3rem}
label{display:block;margin:.3rem 0}
.choices label{display:inline-block;margin-inline-end:1rem}
textarea{font:inherit;width:100%;box-sizing:border-box;padding:.4rem}
.errors{border:2px solid #b00020;border-radius:.3rem;padding:.5rem 1rem;margin:1rem 0}
</style>
`

// checkInForm renders the check-in page for a valid link: the one-tap
// answers and the full form, with problems to correct when errs is set.
func checkInForm(status int, v mentorship.CheckInView, rawToken string, errs map[string]string, vals formValues) httpapi.Response {
	t := checkInText.in(v.Lang)
	lang, dir := "en", "ltr"
	if v.Lang == "fa" {
		lang, dir = "fa", "rtl"
	}
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"" + lang + "\" dir=\"" + dir + "\">\n<head>\n")
	b.WriteString("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n")
	b.WriteString("<title>" + esc(t.title) + " · TehPUG</title>\n" + pageStyle + "</head>\n<body>\n<main>\n")
	b.WriteString("<h1>" + esc(t.title) + "</h1>\n")
	intro := t.introNoName
	if v.Partner != "" {
		intro = t.intro[v.Side]
	}
	b.WriteString("<p>" + strings.Replace(esc(intro), "{partner}", "<bdi>"+esc(v.Partner)+"</bdi>", 1) + "</p>\n")

	if len(errs) > 0 {
		b.WriteString("<div class=\"errors\" role=\"alert\">\n<p><strong>" + esc(t.fix) + "</strong></p>\n<ul>\n")
		for _, f := range slices.Sorted(maps.Keys(errs)) {
			b.WriteString("<li>" + esc(t.fieldName(f)) + ": " + esc(errs[f]) + "</li>\n")
		}
		b.WriteString("</ul>\n</div>\n")
	}

	hidden := "<input type=\"hidden\" name=\"token\" value=\"" + esc(rawToken) + "\">\n"

	// One tap: three submit buttons, each posting its own answer.
	b.WriteString("<form method=\"post\" action=\"/checkins\">\n" + hidden)
	b.WriteString("<fieldset>\n<legend>" + esc(t.oneTap) + "</legend>\n")
	for _, a := range []mentorship.Answer{mentorship.Met, mentorship.NotYet, mentorship.NeedHelp} {
		b.WriteString("<button type=\"submit\" name=\"answer\" value=\"" + string(a) + "\">" + esc(t.answers[a]) + "</button>\n")
	}
	b.WriteString("</fieldset>\n</form>\n")

	// The full form.
	b.WriteString("<h2>" + esc(t.more) + "</h2>\n")
	b.WriteString("<form method=\"post\" action=\"/checkins\">\n" + hidden)
	b.WriteString("<fieldset class=\"choices\">\n<legend>" + esc(t.progress) + "</legend>\n")
	for n := 1; n <= 5; n++ {
		checked := ""
		if vals.Progress == n {
			checked = " checked"
		}
		b.WriteString("<label><input type=\"radio\" name=\"progress\" value=\"" + strconv.Itoa(n) + "\" required" + checked + "> " +
			esc(t.progressLabels[n-1]) + "</label>\n")
	}
	b.WriteString("</fieldset>\n")
	b.WriteString("<label for=\"summary\">" + esc(t.summary) + "</label>\n")
	b.WriteString("<textarea id=\"summary\" name=\"summary\" rows=\"4\" maxlength=\"2000\">" + esc(vals.Summary) + "</textarea>\n")
	b.WriteString("<label for=\"next_step\">" + esc(t.nextStep) + "</label>\n")
	b.WriteString("<textarea id=\"next_step\" name=\"next_step\" rows=\"3\" maxlength=\"1000\">" + esc(vals.NextStep) + "</textarea>\n")
	no, yes := " checked", ""
	if vals.Blocked {
		no, yes = "", " checked"
	}
	b.WriteString("<fieldset class=\"choices\">\n<legend>" + esc(t.blocked) + "</legend>\n")
	b.WriteString("<label><input type=\"radio\" name=\"blocked\" value=\"no\"" + no + "> " + esc(t.no) + "</label>\n")
	b.WriteString("<label><input type=\"radio\" name=\"blocked\" value=\"yes\"" + yes + "> " + esc(t.yes) + "</label>\n")
	b.WriteString("</fieldset>\n")
	b.WriteString("<button type=\"submit\">" + esc(t.send) + "</button>\n</form>\n")
	b.WriteString("</main>\n</body>\n</html>\n")

	// httpapi.HTML gives the response the headers every page carries (no
	// caching, no referrer, no framing, a strict Content-Security-Policy
	// that lets the forms post to this origin only); the body is this page.
	resp := httpapi.HTML(status, httpapi.Page{Lang: lang, Title: t.title})
	resp.Body = b.String()
	return resp
}
