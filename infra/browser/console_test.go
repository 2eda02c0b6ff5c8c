package browser

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// consoleRun is one organizer's walk through the console in one language.
type consoleRun struct {
	lang, organizer string
	// words the pages must show in this language
	signIn, sent, dashboard string
}

var consoleRuns = []consoleRun{
	{lang: "en", organizer: organizer, signIn: "Organizer sign-in", sent: "Check your inbox", dashboard: "Dashboard"},
	{lang: "fa", organizer: organizerFa, signIn: "ورود برگزارکنندگان", sent: "صندوق ایمیلتان را ببینید", dashboard: "پیشخوان"},
}

// signInToConsole signs the tab in as run's organizer the way a person
// does: the console sends it to the sign-in page, the form emails a link,
// the link's button lands it on the console. Each page is checked.
func signInToConsole(t *testing.T, ctx context.Context, run consoleRun) {
	t.Helper()
	if status := navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console?lang="+run.lang)); status != 200 {
		t.Fatalf("the console without a session answered %d, want the sign-in page", status)
	}
	wantHeading(t, ctx, run.signIn)
	check(t, ctx, "sign-in-"+run.lang, "serious", "critical")

	before := len(emailsTo(t, run.organizer))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-email"), run.organizer))
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button"))); status != 200 {
		t.Fatalf("the sign-in form answered %d", status)
	}
	wantHeading(t, ctx, run.sent)
	check(t, ctx, "sign-in-sent-"+run.lang, "serious", "critical")
	if n := len(emailsTo(t, run.organizer)); n != before+1 {
		t.Fatalf("%d sign-in emails sent, want 1", n-before)
	}

	do(t, ctx, chromedp.Navigate(linkIn(t, run.organizer, "/auth/session")))
	check(t, ctx, "sign-in-link-"+run.lang, "serious", "critical")
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form button"))); status != 200 {
		t.Fatalf("the sign-in button answered %d", status)
	}
	if u := get(t, ctx, chromedp.Location()); !strings.HasSuffix(u, "/console") {
		t.Fatalf("signed in at %s, want the console", u)
	}
}

// consoleTab opens a tab signed in to the console as run's organizer, in
// run's language.
func consoleTab(t *testing.T, run consoleRun) context.Context {
	t.Helper()
	ctx := browser(t)
	signInToConsole(t, ctx, run)
	chooseLanguage(t, ctx, run)
	return ctx
}

// chooseLanguage switches the console to run's language, if it is not in it.
func chooseLanguage(t *testing.T, ctx context.Context, run consoleRun) {
	t.Helper()
	if get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value == run.lang {
		return
	}
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`header form button[lang="`+run.lang+`"]`)))
	if l := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value; l != run.lang {
		t.Fatalf("after choosing %s the page is in %q", run.lang, l)
	}
}

// wantHeading fails the test unless the page's <h1> says want.
func wantHeading(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if h := get(t, ctx, chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h, want) {
		t.Fatalf("the page's heading is %q, want %q", h, want)
	}
}

// An organizer signs in through the emailed link, lands on the dashboard,
// chooses their language and signs out; in English and in Persian.
func TestConsoleSignIn(t *testing.T) {
	for _, run := range consoleRuns {
		t.Run(run.lang, func(t *testing.T) {
			ctx := consoleTab(t, run)
			wantHeading(t, ctx, run.dashboard)
			if dir := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "dir")).Value; dir != map[string]string{"en": "ltr", "fa": "rtl"}[run.lang] {
				t.Errorf("the dashboard is dir=%q", dir)
			}
			check(t, ctx, "dashboard-"+run.lang, "serious", "critical")

			navigate(t, ctx, chromedp.Click(chromedp.CSS(`header form[action="/console/sign-out"] button`)))
			wantHeading(t, ctx, run.signIn)
			if status := navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console")); status != 200 {
				t.Fatalf("after signing out the console answered %d", status)
			}
			if u := get(t, ctx, chromedp.Location()); !strings.Contains(u, "/console/sign-in") {
				t.Errorf("after signing out the console is at %s, want the sign-in page", u)
			}
		})
	}
}
