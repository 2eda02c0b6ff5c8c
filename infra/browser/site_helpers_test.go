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
	return postMeetup(t, token, fmt.Sprintf(`{"title":%q,"starts_at":"%sT18:00:00+03:30","ends_at":"%sT21:00:00+03:30","venue":"Tehran, Azadi Innovation Factory","capacity":40}`, title, day, day))
}

// postMeetup creates the meetup body describes, as the organizers' API
// takes it, and returns its id.
func postMeetup(t *testing.T, token, body string) string {
	t.Helper()
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
	if got := get(t, ctx, chromedp.Evaluate[string](`location.pathname`)); !strings.HasSuffix(got, "/"+form+"/") {
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
