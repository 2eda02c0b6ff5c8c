package wiring_test

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"golang.org/x/net/html"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/web"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// latinWord is a word in Latin script.
var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// properNames are the Latin-script words a Persian page may hold: names,
// and the examples a hint gives of what to type.
var properNames = []string{"TehPUG", "Python", "django", "async"}

// visibleText is the text a person reads on page: no head, no typed
// values (inputs, text areas), no options of a list of meetups.
func visibleText(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && slices.Contains([]string{"head", "textarea", "script", "style", "select"}, n.Data) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// wantPersian fails the test unless page is a Persian page with no word
// of Latin script in what a person reads, but proper names.
func wantPersian(t *testing.T, what string, resp events.APIGatewayV2HTTPResponse) {
	t.Helper()
	if !strings.Contains(resp.Body, `<html lang="fa" dir="rtl">`) {
		t.Errorf("%s: %d, not a Persian page:\n%.400s", what, resp.StatusCode, resp.Body)
		return
	}
	for _, w := range latinWord.FindAllString(visibleText(t, resp.Body), -1) {
		if !slices.ContainsFunc(properNames, func(n string) bool { return strings.EqualFold(n, w) }) {
			t.Errorf("%s: the Persian page says %q:\n%s", what, w, visibleText(t, resp.Body))
			return
		}
	}
}

// badValues are the values of a field its form refuses: missing, too
// long, not one of the choices, not an address, not a number in range.
func badValues(f memberforms.Field) []string {
	var out []string
	if f.Required {
		out = append(out, "")
	}
	if f.MaxLength > 0 {
		out = append(out, strings.Repeat("ب", f.MaxLength+1))
	}
	switch f.Kind {
	case web.ChoiceField, web.SelectField:
		out = append(out, "نه-این")
	case web.EmailField:
		out = append(out, "نشانی@", "a@b")
	case web.NumberField:
		out = append(out, "سه", fmt.Sprint(f.Max+1))
	}
	return out
}

// Every problem a member's page can show is said in Persian on a Persian
// page: each member form refused field by field and as a whole (a mentor
// with no capacity, a talk for no such meetup, a registration for a
// cancelled meetup), every emailed link that cannot be used (in the
// browser's language, the link knowing none), and every thank-you page.
// None holds a word of Latin script but proper names.
func TestEveryMemberProblemIsPersianOnAPersianPage(t *testing.T) {
	t.Parallel()
	sys := wiringtest.New(t)
	c := apitest.New(t, sys, wiring.MembersFunction, wiring.TalksFunction, wiring.MeetupsFunction, wiring.MentorshipFunction, wiring.PagesFunction)
	m, gone := eveningMeetup(sys, "دورهمی آذر"), eveningMeetup(sys, "دورهمی لغوشده")
	if _, _, err := sys.Meetups().CancelMeetup(t.Context(), gone.ID); err != nil {
		t.Fatal(err)
	}
	address := apitest.UniqueEmail("persian")
	valid := map[string]url.Values{
		"join":       {"name": {"سارا"}, "email": {address}, "language": {"fa"}},
		"register":   {"name": {"سارا"}, "email": {address}},
		"talk":       {"name": {"سارا"}, "email": {address}, "title": {"تایپ"}, "abstract": {"چکیده"}, "format": {"short"}, "level": {"beginner"}, "language": {"fa"}},
		"mentorship": {"role": {"mentee"}, "name": {"سارا"}, "email": {address}, "language": {"fa"}, "topics": {"وب"}, "goals": {"یک بسته"}},
	}
	refused := 0
	send := func(what string, form memberforms.Form, target string, values url.Values) {
		t.Helper()
		values.Set(memberforms.LangField, "fa")
		resp := c.Serve("POST", strings.TrimPrefix(form.Route, "POST "), target, "application/x-www-form-urlencoded", values.Encode(), "Accept", "text/html")
		if resp.StatusCode < 400 {
			return // a value the form takes after all (an empty language is the page's)
		}
		refused++
		wantPersian(t, what, resp)
	}
	for _, form := range memberforms.All {
		target := strings.ReplaceAll(form.Path, "{meetupId}", m.ID)
		for _, f := range form.Fields {
			for _, bad := range badValues(f) {
				values := url.Values{}
				for k, v := range valid[form.ID] {
					values[k] = v
				}
				values.Set(f.Name, bad)
				send(fmt.Sprintf("%s with %s=%.12q", form.ID, f.Name, bad), form, target, values)
			}
		}
		send(form.ID+", empty", form, target, url.Values{})
	}
	mentor := url.Values{"role": {"mentor"}, "name": {"سارا"}, "email": {address}, "language": {"fa"}, "topics": {"وب"}}
	send("a mentor with no capacity", memberforms.Mentorship, "/mentorship/applications", mentor)
	talk := valid["talk"]
	talk.Set("meetup_id", "nosuchmeetup")
	send("a talk for no such meetup", memberforms.Talk, "/talks", talk)
	send("a registration for a cancelled meetup", memberforms.Register, "/meetups/"+gone.ID+"/registrations", valid["register"])
	send("a registration for no meetup", memberforms.Register, "/meetups/nosuchmeetup/registrations", valid["register"])

	if refused < 40 {
		t.Errorf("only %d posts refused: the walk misses problems", refused)
	}
	for _, route := range []string{"/members/confirm", "/unsubscribe", "/members/erase", "/talks/verify", "/talks/withdraw", "/talks/confirm",
		"/registrations/cancel", "/registrations/confirm", "/checkins/new"} {
		page := c.Serve("GET", route, route+"?token=forged", "", "", "Accept", "text/html", "Accept-Language", "fa-IR,fa;q=0.9,en;q=0.5")
		wantPersian(t, "GET "+route+" with a forged link", page)
		if !strings.Contains(page.Body, `href="/me/link?lang=fa"`) {
			t.Errorf("GET %s with a forged link does not lead to a new one", route)
		}
		if route == "/checkins/new" {
			route = "/checkins" // where the check-in form posts
		}
		wantPersian(t, "POST "+route+" with a forged link",
			c.Serve("POST", route, route, "application/x-www-form-urlencoded", "token=forged", "Accept", "text/html", "Accept-Language", "fa"))
	}
	for _, done := range []string{"joined", "member-confirmed", "unsubscribed", "erase-requested", "registration-received", "registration-confirmed",
		"registration-cancelled", "talk-submitted", "talk-verified", "talk-confirmed", "talk-withdrawn", "mentorship-applied", "checked-in", "erased", "saved"} {
		wantPersian(t, "thank-you page "+done, c.Serve("GET", "/thanks", "/thanks?done="+done+"&lang=fa", "", "", "Accept", "text/html"))
	}
}
