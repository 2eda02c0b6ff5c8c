package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tehpug/backend/internal/topics"
)

// The website's pages are judged as the console's are: no axe-core
// violation of these impacts.
var siteFail = []string{"serious", "critical"}

// The upcoming meetups: the list built with the site, and a meetup planned
// since, which the page fetches when JavaScript runs; a meetup's page on the
// API, in the reader's language, registers them and sends them to the
// website's thank-you page.
func TestSiteMeetups(t *testing.T) {
	token := organizerToken(t)
	built := createMeetup(t, token, "Built with the site", 10)
	if err := stack.BuildSite(context.Background()); err != nil {
		t.Fatal(err)
	}
	since := createMeetup(t, token, "Planned since the build", 12)
	item := func(id string) string { return `[data-tehpug-meetups] li[data-id="` + id + `"]` }

	t.Run("without JavaScript", func(t *testing.T) {
		ctx := browser(t)
		noScript(t, ctx)
		site(t, ctx, "/")
		if n := get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('%s').length`, item(built)))); n != 1 {
			t.Errorf("the meetup the site was built with is listed %d times", n)
		}
		if n := get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('%s').length`, item(since)))); n != 0 {
			t.Error("without JavaScript the list shows a meetup planned after the build")
		}
		checkPage(t, ctx, "home-nojs-en")

		// Register from the website's form, with an address the server refuses.
		site(t, ctx, "/register/")
		address := unique("register-nojs")
		fill(t, ctx, "#tehpug-register", "name", "Ali Rezaei", "email", "ali@localhost")
		if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`#tehpug-register button[value="`+built+`"]`))); status != 422 {
			t.Fatalf("a refused registration answered %d", status)
		}
		wantText(t, ctx, "#f-email-error", "valid email address")
		if v := get(t, ctx, chromedp.Value(chromedp.CSS("#f-name"))); v != "Ali Rezaei" {
			t.Errorf("the refused form lost the name: %q", v)
		}
		checkPage(t, ctx, "register-refused-en")
		setValue(t, ctx, "#f-email", address)
		navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button")))
		thanked(t, ctx, "en", "Thank you")
		checkPage(t, ctx, "thanks-nojs-en")
		wantEmails(t, address, 1)
	})

	t.Run("with JavaScript, in Persian", func(t *testing.T) {
		ctx := browser(t)
		site(t, ctx, "/fa/")
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(item(since))))
		wantText(t, ctx, item(since)+" .tehpug-seats", "جای خالی: ۴۰")
		checkPage(t, ctx, "home-fa")

		site(t, ctx, "/fa/register/")
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#tehpug-register button[value="`+since+`"]`)))
		fill(t, ctx, "#tehpug-register", "name", "سارا محمدی", "email", "sara@localhost")
		do(t, ctx, chromedp.Click(chromedp.CSS(`#tehpug-register button[value="`+since+`"]`)))
		if msg := fieldError(t, ctx, "register", "email"); !strings.Contains(msg, "ایمیل معتبر") {
			t.Errorf("the email's problem says %q, want it in Persian", msg)
		}
		checkPage(t, ctx, "register-error-fa")
		address := unique("register-js")
		fill(t, ctx, "#tehpug-register", "email", address)
		navigate(t, ctx, chromedp.Click(chromedp.CSS(`#tehpug-register button[value="`+since+`"]`)))
		thanked(t, ctx, "fa", "صندوق ایمیلتان را ببینید")
		checkPage(t, ctx, "thanks-registered-fa")
		wantEmails(t, address, 1)
	})

	t.Run("the meetup's page", func(t *testing.T) {
		ctx := browser(t)
		site(t, ctx, "/fa/")
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(item(since))))
		if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(item(since)+" a"))); status != 200 {
			t.Fatalf("the meetup's page answered %d", status)
		}
		if dir := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "dir")).Value; dir != "rtl" {
			t.Errorf("the meetup's page from the Persian list is dir=%q", dir)
		}
		wantHeading(t, ctx, "Planned since the build")
		if href := get(t, ctx, chromedp.AttributeValue(chromedp.CSS(`a[href$="calendar.ics"][download]`), "href")).Value; href != "/meetups/"+since+"/calendar.ics" {
			t.Errorf("add to calendar links to %q", href)
		}
		checkPage(t, ctx, "meetup-page-fa")
		address := unique("meetup-page")
		fill(t, ctx, "main form", "name", "Reza", "email", address)
		navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button")))
		thanked(t, ctx, "fa", "صندوق ایمیلتان را ببینید")
		wantEmails(t, address, 1)
	})
}

// formRun is one member form tried in the browser: the fields of a post the
// browser lets through and the server refuses, the field it names, and
// the fields that make it right.
type formRun struct {
	form, lang string
	refused    []string // fields and values
	problem    string   // the field the server names
	fixed      []string // fields and values that correct it ("email" is given a new address)
	thanks     string   // the thank-you page's words
}

var formRuns = []formRun{
	{form: "join", lang: "en",
		refused: []string{"name", "   ", "email", "ali@localhost", "interests", "django, data", "wants_to_speak", "yes", "mentorship", "mentee"},
		problem: "name", fixed: []string{"name", "Ali Rezaei"}, thanks: "Almost there"},
	{form: "join", lang: "fa",
		refused: []string{"name", "سارا محمدی", "email", "sara@localhost", "interests", "django، داده"},
		problem: "email", thanks: "یک قدم مانده"},
	{form: "talk", lang: "en",
		refused: []string{"name", "Sara", "email", "talk@localhost", "title", "Typing in Python", "abstract", "   ", "format", "short", "level", "beginner"},
		problem: "abstract", fixed: []string{"abstract", "Why and how to add types to Python code."}, thanks: "One more step"},
	{form: "talk", lang: "fa",
		refused: []string{"name", "رضا", "email", "reza@localhost", "title", "پایتون ناهمگام", "abstract", "async و await از پایه.", "format", "lightning", "level", "intermediate"},
		problem: "email", thanks: "یک قدم مانده"},
	{form: "mentorship", lang: "en",
		refused: []string{"role", "mentor", "name", "Mina", "email", "mina@localhost", "topics", "web, testing"},
		problem: "capacity", fixed: []string{"capacity", "2"}, thanks: "Application received"},
	{form: "mentorship", lang: "fa",
		refused: []string{"role", "mentee", "name", "نگار", "email", "negar@localhost", "topics", "وب"},
		problem: "goals", fixed: []string{"goals", "اولین برنامهٔ جنگو"}, thanks: "درخواست شما رسید"},
}

// Each member form of the website, with JavaScript and without, in English
// and Persian: the server's refusal shown (next to the field with
// JavaScript; on the server's page, the typed values kept, without), the
// corrected form landing on the thank-you page, and the email sent.
func TestSiteForms(t *testing.T) {
	for _, run := range formRuns {
		for _, js := range []bool{true, false} {
			name := run.form + "-" + run.lang + map[bool]string{true: "", false: "-nojs"}[js]
			t.Run(name, func(t *testing.T) {
				ctx := browser(t)
				if !js {
					noScript(t, ctx)
				}
				path := "/" + run.form + "/"
				if run.lang == "fa" {
					path = "/fa" + path
				}
				form := "#tehpug-" + run.form
				site(t, ctx, path)
				fill(t, ctx, form, run.refused...)
				address := unique(name)
				fixed := append([]string{"email", address}, run.fixed...)
				if js {
					do(t, ctx, chromedp.Click(chromedp.CSS(form+" button[type=submit]")))
					if msg := fieldError(t, ctx, run.form, run.problem); msg == "" || (run.lang == "fa") != hasPersian(msg) {
						t.Errorf("the problem with %s says %q, want it in the page's language", run.problem, msg)
					}
					checkPage(t, ctx, name+"-error")
					fill(t, ctx, form, fixed...)
					navigate(t, ctx, chromedp.Click(chromedp.CSS(form+" button[type=submit]")))
					thanked(t, ctx, run.lang, run.thanks)
				} else {
					if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(form+" button[type=submit]"))); status != 422 {
						t.Fatalf("the refused form answered %d", status)
					}
					if l := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value; l != run.lang {
						t.Errorf("the server's page is in %q, want %q", l, run.lang)
					}
					if msg := get(t, ctx, chromedp.Text(chromedp.CSS("#f-"+run.problem+"-error"))); (run.lang == "fa") != hasPersian(msg) {
						t.Errorf("the problem with %s says %q, want it in the page's language", run.problem, msg)
					}
					for i := 0; i+1 < len(run.refused); i += 2 {
						if f, v := run.refused[i], run.refused[i+1]; strings.TrimSpace(v) != "" && !keeps(t, ctx, f, v) {
							t.Errorf("the server's page lost %s=%q", f, v)
						}
					}
					checkPage(t, ctx, name+"-refused")
					fill(t, ctx, "main form", fixed...)
					navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button[type=submit]")))
					thanked(t, ctx, "en", map[string]string{"en": "Thank you", "fa": "سپاس"}[run.lang])
				}
				checkPage(t, ctx, name+"-thanks")
				wantEmails(t, address, 1)
			})
		}
	}
}

// A robot fills the hidden field: the website answers as for a person, and
// nothing is sent or stored; with JavaScript and without.
func TestSiteHoneypot(t *testing.T) {
	for _, js := range []bool{true, false} {
		t.Run(map[bool]string{true: "js", false: "nojs"}[js], func(t *testing.T) {
			ctx := browser(t)
			if !js {
				noScript(t, ctx)
			}
			site(t, ctx, "/join/")
			address := unique("robot")
			fill(t, ctx, "#tehpug-join", "name", "Robot", "email", address)
			setValue(t, ctx, `#tehpug-join [name="website"]`, "http://spam.example")
			navigate(t, ctx, chromedp.Click(chromedp.CSS("#tehpug-join button[type=submit]")))
			thanked(t, ctx, "en", map[bool]string{true: "Almost there", false: "Thank you"}[js])
			wantEmails(t, address, 0)
		})
	}
}

// seedWanted stores an open topic with n votes, so it is among the most
// wanted, and hides it again when the test ends, so it leaves the wishlist
// of the tests after it.
func seedWanted(t *testing.T, id, title string, n int) {
	t.Helper()
	tb := stackTable()
	voters := make([]string, n)
	for i := range voters {
		voters[i] = fmt.Sprintf("P#%s-voter-%d", id, i)
	}
	seedTopic(t, tb, id, title, voters...)
	t.Cleanup(func() {
		_ = tb.SetStatus(context.Background(), id, topics.Open, "", topics.Topic{Status: topics.Hidden, UpdatedAt: time.Now().UTC()})
	})
}

// The most-wanted topics: the list built with the site, and a topic
// proposed and a vote given since, which the page fetches when JavaScript
// runs, in Persian too (right to left, Persian digits); the titles are text,
// never markup.
func TestSiteTopics(t *testing.T) {
	tag := fmt.Sprint(time.Now().UnixNano())
	built, since := "built-"+tag, "since-"+tag
	seedWanted(t, built, "Built with the site <b>"+tag+"</b>", 60)
	if err := stack.BuildSite(context.Background()); err != nil {
		t.Fatal(err)
	}
	seedWanted(t, since, "پایتون ناهمگام "+tag, 70)
	if _, err := stackTable().Vote(context.Background(), built, "P#"+built+"-late-voter", time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	item := func(id string) string { return `[data-tehpug-topics] li[data-id="` + id + `"]` }
	count := func(ctx context.Context, sel string) int {
		var n int
		withScripts(t, ctx, func() {
			n = get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel))))
		})
		return n
	}

	t.Run("without JavaScript", func(t *testing.T) {
		ctx := browser(t)
		noScript(t, ctx)
		site(t, ctx, "/talk/")
		if n := count(ctx, item(built)); n != 1 {
			t.Fatalf("the topic the site was built with is listed %d times", n)
		}
		wantText(t, ctx, item(built)+" .tehpug-votes", "60 votes")
		if n := count(ctx, item(since)); n != 0 {
			t.Error("without JavaScript the list shows a topic proposed after the build")
		}
		if n := count(ctx, item(built)+" b"); n != 0 {
			t.Error("the title's markup is markup")
		}
		checkPage(t, ctx, "topics-nojs-en")
	})

	t.Run("with JavaScript, in Persian", func(t *testing.T) {
		ctx := browser(t)
		site(t, ctx, "/fa/talk/")
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(item(since))))
		wantText(t, ctx, item(since)+" bdi", "پایتون ناهمگام")
		wantText(t, ctx, item(since)+" .tehpug-votes", "۷۰ رأی")
		wantText(t, ctx, item(built)+" .tehpug-votes", "۶۱ رأی")
		wantText(t, ctx, item(built)+" bdi", "<b>"+tag+"</b>")
		if n := count(ctx, item(built)+" b"); n != 0 {
			t.Error("the script made the title's markup markup")
		}
		// The most votes first, as the API ranks them.
		first := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("[data-tehpug-topics] li"), "data-id"))
		if first.Value != since {
			t.Errorf("the list starts with %q, want the topic of 70 votes", first.Value)
		}
		checkPage(t, ctx, "topics-fa")
	})
}

// A speaker gives the talk members most want: they pick the topic at the
// top of the website's list, land on the talk form with it chosen, submit,
// and confirm by the emailed link. The topic is then claimed by their talk:
// the list leaves it out when the page is read again, and so does the API.
func TestSiteTalkFromTheTopTopic(t *testing.T) {
	tag := fmt.Sprint(time.Now().UnixNano())
	top := "top-" + tag
	seedWanted(t, top, "Type hints in practice "+tag, 90)
	if err := stack.BuildSite(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	site(t, ctx, "/talk/")
	waitFor(t, ctx, fmt.Sprintf(`(document.querySelector("[data-tehpug-topics] li")||{}).dataset?.id === %q`, top))
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`[data-tehpug-topics] li[data-id="`+top+`"] a`))); status != 200 {
		t.Fatalf("the topic's link answered %d", status)
	}
	if u := get(t, ctx, chromedp.Location()); !strings.HasPrefix(u, stack.SiteURL()+"/talk/?topic="+top) {
		t.Errorf("the topic's link leads to %s", u)
	}
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector("#tehpug-talk-topic_id").value === %q`, top))
	checkPage(t, ctx, "talk-from-topic-en")

	speaker := unique("topic-speaker")
	fill(t, ctx, "#tehpug-talk", "name", "Sara", "email", speaker, "title", "Type hints, in practice", "abstract", "What types catch, and what they cost.",
		"format", "short", "level", "beginner")
	navigate(t, ctx, chromedp.Click(chromedp.CSS("#tehpug-talk button[type=submit]")))
	thanked(t, ctx, "en", "One more step")
	tb := stackTable()
	if tp, err := tb.GetTopic(context.Background(), top); err != nil || tp.Status != topics.Open {
		t.Fatalf("before the speaker confirms, the topic is %+v (%v), want it open", tp, err)
	}
	navigate(t, ctx, chromedp.Navigate(linkIn(t, speaker, "/talks/verify")))
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button"))); status != 200 {
		t.Fatalf("confirming the talk answered %d", status)
	}

	// Claimed by the talk the form sent.
	tp, err := tb.GetTopic(context.Background(), top)
	if err != nil || tp.Status != topics.Claimed || tp.ClaimedBy == "" {
		t.Fatalf("after the speaker confirmed, the topic is %+v (%v), want it claimed", tp, err)
	}
	if tk, err := tb.GetTalk(context.Background(), tp.ClaimedBy); err != nil || tk.Email != speaker || tk.TopicID != top {
		t.Errorf("the topic is claimed by %+v (%v), want the talk the form sent", tk, err)
	}
	// The API lists it no more.
	resp, err := http.Get(stack.HTTPURL() + "/topics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var wanted struct{ Topics []struct{ ID string } }
	if err := json.NewDecoder(resp.Body).Decode(&wanted); err != nil {
		t.Fatal(err)
	}
	for _, w := range wanted.Topics {
		if w.ID == top {
			t.Error("GET /topics still lists the claimed topic")
		}
	}
	// The list built with the site still has it; read again with
	// JavaScript, it has it no more.
	site(t, ctx, "/talk/")
	item := `[data-tehpug-topics] li[data-id="` + top + `"]`
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector(%s) === null`, jsString(item)))
	noScript(t, ctx)
	site(t, ctx, "/talk/")
	if n := get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(item)))); n != 1 {
		t.Errorf("the page built before the claim lists the topic %d times without JavaScript", n)
	}
}
