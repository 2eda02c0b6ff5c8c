package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The website's pages are judged as the console's are: no axe-core
// violation of these impacts.
var siteFail = []string{"serious", "critical"}

// scriptless holds the tabs whose pages run no JavaScript, as a reader who
// blocks it has them. The test itself still reads and fills their pages
// through DevTools, with scripts on for that moment: a page's own scripts
// that did not run when it loaded do not run then either.
var scriptless = map[context.Context]bool{}

// noScript turns JavaScript off in the tab.
func noScript(t *testing.T, ctx context.Context) {
	t.Helper()
	scripts(t, ctx, false)
	scriptless[ctx] = true
	t.Cleanup(func() { delete(scriptless, ctx) })
}

func scripts(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		t.Fatal(err)
	}
}

// withScripts runs f with scripts on in a scriptless tab.
func withScripts(t *testing.T, ctx context.Context, f func()) {
	t.Helper()
	if scriptless[ctx] {
		scripts(t, ctx, true)
		defer scripts(t, ctx, false)
	}
	f()
}

// checkPage is check, for scriptless tabs too (axe-core is a script).
func checkPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	withScripts(t, ctx, func() { check(t, ctx, name, siteFail...) })
}

// setValue puts value in the field sel, as typing it would.
func setValue(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	js := fmt.Sprintf(`(e => { e.value = %s; e.dispatchEvent(new Event("input", {bubbles: true})); return e.value })(document.querySelector(%s))`, jsString(value), jsString(sel))
	withScripts(t, ctx, func() {
		if got := get(t, ctx, chromedp.Evaluate[string](js)); got != value {
			t.Fatalf("%s holds %q, want %q", sel, got, value)
		}
	})
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// site opens a page of the example website and checks its direction.
func site(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if status := navigate(t, ctx, chromedp.Navigate(stack.SiteURL()+path)); status != 200 {
		t.Fatalf("%s answered %d", path, status)
	}
	want := "ltr"
	if strings.HasPrefix(path, "/fa/") {
		want = "rtl"
	}
	if dir := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "dir")).Value; dir != want {
		t.Errorf("%s is dir=%q, want %q", path, dir, want)
	}
}

// fill gives each named field of form its value: a radio button of that
// value is clicked, a check box "yes" is ticked, anything else is typed.
func fill(t *testing.T, ctx context.Context, form string, fields ...string) {
	t.Helper()
	for i := 0; i+1 < len(fields); i += 2 {
		name, value := fields[i], fields[i+1]
		field := fmt.Sprintf(`%s [name=%s]`, form, jsString(name))
		var kind string
		withScripts(t, ctx, func() {
			kind = get(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%s)||{}).type||""`, jsString(field))))
		})
		switch kind {
		case "radio":
			do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s input[name=%s][value=%s]`, form, jsString(name), jsString(value)))))
		case "checkbox":
			do(t, ctx, chromedp.Click(chromedp.CSS(field)))
		case "":
			t.Fatalf("%s has no field %s", form, name)
		default:
			setValue(t, ctx, field, value)
		}
	}
}

// wantText fails the test unless the element sel says want.
func wantText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(sel)))
	if got := get(t, ctx, chromedp.Text(chromedp.CSS(sel))); !strings.Contains(got, want) {
		t.Errorf("%s says %q, want %q in it", sel, got, want)
	}
}

// wantEmails fails the test unless n emails went to address.
func wantEmails(t *testing.T, address string, n int) {
	t.Helper()
	if got := len(emailsTo(t, address)); got != n {
		t.Errorf("%d emails to %s, want %d", got, address, n)
	}
}

// unique is an address no other test uses.
func unique(who string) string { return fmt.Sprintf("%s-%d@example.org", who, time.Now().UnixNano()) }

// organizerToken signs organizer in as a script does and returns the session token.
func organizerToken(t *testing.T) string {
	t.Helper()
	if code := post(t, "/auth/login", `{"email":"`+organizer+`"}`); code >= 300 {
		t.Fatalf("sign-in answered %d", code)
	}
	link, err := url.Parse(linkIn(t, organizer, "/auth/session"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(stack.HTTPURL()+"/auth/session", "application/json", strings.NewReader(`{"token":"`+link.Query().Get("token")+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		SessionToken string `json:"session_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || s.SessionToken == "" {
		t.Fatalf("session: %v", err)
	}
	return s.SessionToken
}

// createMeetup creates a meetup in days days and returns its id.
func createMeetup(t *testing.T, token, title string, days int) string {
	t.Helper()
	day := time.Now().Add(time.Duration(days) * 24 * time.Hour).Format("2006-01-02")
	body := fmt.Sprintf(`{"title":%q,"starts_at":"%sT18:00:00+03:30","ends_at":"%sT21:00:00+03:30","venue":"Tehran, Azadi Innovation Factory","capacity":40}`, title, day, day)
	req, _ := http.NewRequest("POST", stack.HTTPURL()+"/meetups", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 201 {
		t.Fatalf("create meetup: %d %v", resp.StatusCode, err)
	}
	return m.ID
}

// waitFor waits until the page's expression is true.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}

// fieldError waits for the script to show a problem next to field of form,
// and returns it.
func fieldError(t *testing.T, ctx context.Context, form, field string) string {
	t.Helper()
	id := "tehpug-" + form + "-" + field + "-error"
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById(%q).textContent.length > 0`, id))
	if got := get(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`location.pathname`))); !strings.Contains(got, "/"+map[string]string{"join": "join", "register": "register", "talk": "talk", "mentorship": "mentorship"}[form]) {
		t.Errorf("the page left for %s while showing an error", got)
	}
	return get(t, ctx, chromedp.Text(chromedp.CSS("#"+id)))
}

// thanked fails the test unless the tab is on the website's thank-you page
// in lang, saying title.
func thanked(t *testing.T, ctx context.Context, lang, title string) {
	t.Helper()
	u := get(t, ctx, chromedp.Location())
	want := stack.SiteURL() + "/thanks/"
	if lang == "fa" {
		waitFor(t, ctx, `location.pathname.startsWith("/fa/thanks/")`)
		u = get(t, ctx, chromedp.Location())
		want = stack.SiteURL() + "/fa/thanks/"
	}
	if !strings.HasPrefix(u, want) {
		t.Fatalf("after the form the tab is at %s, want %s", u, want)
	}
	wantText(t, ctx, ".tehpug-thanks", title)
}

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
		thanked(t, ctx, "fa", "ثبت‌نام شدید")
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
		thanked(t, ctx, "fa", "ثبت‌نام شدید")
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
		problem: "abstract", fixed: []string{"abstract", "Why and how to add types to Python code."}, thanks: "Thank you for your talk"},
	{form: "talk", lang: "fa",
		refused: []string{"name", "رضا", "email", "reza@localhost", "title", "پایتون ناهمگام", "abstract", "async و await از پایه.", "format", "lightning", "level", "intermediate"},
		problem: "email", thanks: "سپاس برای پیشنهاد ارائه"},
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

// keeps reports whether the server's page holds value in field name.
func keeps(t *testing.T, ctx context.Context, name, value string) bool {
	t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll("main form [name=" + %s + "]")).some(e => (e.type === "radio" || e.type === "checkbox") ? e.checked && (e.value === %s || %s === "yes") : e.value === %s)`,
		jsString(jsString(name)), jsString(value), jsString(value), jsString(value))
	var ok bool
	withScripts(t, ctx, func() { ok = get(t, ctx, chromedp.Evaluate[bool](js)) })
	return ok
}

// hasPersian reports whether s has a letter of the Arabic script.
func hasPersian(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			return true
		}
	}
	return false
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
