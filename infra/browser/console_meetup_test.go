package browser

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// meetupRun is what one language's walk through a meetup says.
type meetupRun struct {
	consoleRun
	// present is the door's count after two of three came, as the page
	// writes it.
	present string
}

var meetupRuns = []meetupRun{
	{consoleRun: consoleRuns[0], present: "2 present of 3"},
	{consoleRun: consoleRuns[1], present: "۲ حاضر از ۳"},
}

// An organizer runs a meetup from the console, in English and in Persian:
// signs in by the emailed link, creates the meetup (a wrong form first),
// sees on the dashboard that it needs a speaker, sees the members who
// registered on the website, marks two of them present at the door,
// downloads the registrations sheet, and cancels, which emails everyone
// who held a seat. Every page is checked with axe and kept as screenshots.
func TestConsoleRunsAMeetup(t *testing.T) {
	for _, run := range meetupRuns {
		t.Run(run.lang, func(t *testing.T) {
			ctx := consoleTab(t, run.consoleRun)
			page := func(name string) { check(t, ctx, "meetup-"+name+"-"+run.lang, "serious", "critical") }

			// The list, then the form: a meetup that ends before it starts
			// comes back with the problem next to the field and the typed
			// title kept; the corrected form lands on the meetup's page.
			do(t, ctx, chromedp.Click(chromedp.CSS(`header a[href="/console/meetups"]`)))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`a[href="/console/meetups/new"]`)))
			page("list")
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/console/meetups/new"]`)))
			page("new")
			title := fmt.Sprintf(`Typing <Python> & "more" %s %d`, run.lang, time.Now().UnixNano())
			zone, err := time.LoadLocation("Asia/Tehran")
			if err != nil {
				t.Fatal(err)
			}
			day := time.Now().In(zone).AddDate(0, 0, 10)
			starts := time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, zone)
			const local = "2006-01-02T15:04"
			fill(t, ctx, "main form", "title", title, "starts_at", starts.Format(local), "ends_at", starts.Add(-time.Hour).Format(local),
				"venue", "Azadi Innovation Factory", "capacity", "40")
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button[type=submit]"))); status != 422 {
				t.Fatalf("a meetup ending before it starts answered %d, want 422", status)
			}
			if msg := get(t, ctx, chromedp.Text(chromedp.CSS("#f-ends_at-error"))); msg == "" || (run.lang == "fa") != hasPersian(msg) {
				t.Errorf("the end's problem says %q, want it in the page's language", msg)
			}
			if !keeps(t, ctx, "title", title) {
				t.Error("the refused form lost the title")
			}
			page("new-refused")
			fill(t, ctx, "main form", "ends_at", starts.Add(3*time.Hour).Format(local))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button[type=submit]"))); status != 200 {
				t.Fatalf("creating the meetup answered %d", status)
			}
			loc := get(t, ctx, chromedp.Location())
			id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], stack.HTTPURL()+"/console/meetups/")
			if id == "" || strings.Contains(id, "/") {
				t.Fatalf("created the meetup at %s, want its page", loc)
			}
			wantHeading(t, ctx, title)
			page("created")

			// Ten days away with no talk: the dashboard says so, linking to it.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console"))
			alarm := fmt.Sprintf(`main li.urgent a[href="/console/meetups/%s"]`, id)
			if n := count(t, ctx, alarm); n != 1 {
				t.Errorf("the dashboard has %d urgent items for the new meetup with no speaker, want 1", n)
			}
			page("dashboard")

			// Three people register on the website; each confirms their seat
			// from the email, as someone who is not a member yet does.
			people := []struct{ name, address string }{
				{"Sara <b>Mohammadi</b>", unique("door-sara")},
				{"Reza Karimi", unique("door-reza")},
				{"علی رضایی", unique("door-ali")},
			}
			for i, p := range people {
				if status := post(t, "/meetups/"+id+"/registrations", fmt.Sprintf(`{"name":%s,"email":%s,"language":%q}`, jsString(p.name), jsString(p.address), run.lang)); status >= 300 {
					t.Fatalf("registering %s answered %d", p.address, status)
				}
				navigate(t, ctx, chromedp.Navigate(linkIn(t, p.address, "/registrations/confirm")))
				if i == 0 {
					check(t, ctx, "registration-confirm-"+run.lang, "serious", "critical")
				}
				if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button"))); status != 200 {
					t.Fatalf("confirming %s's seat answered %d", p.address, status)
				}
			}

			// The meetup's page lists them, names as typed (escaped), seats taken.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/meetups/"+id))
			body := get(t, ctx, chromedp.Text(chromedp.CSS("main")))
			for _, p := range people {
				if !strings.Contains(body, p.name) {
					t.Errorf("the meetup's page does not list %q", p.name)
				}
			}
			if n := count(t, ctx, "main b"); n != 0 {
				t.Errorf("a registrant's name became markup: %d <b> on the page", n)
			}
			page("registered")

			// The door: find Sara with the search, mark her present; mark Ali
			// present from the full list.
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href$="/door"]`)))
			page("door")
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-q"), "sara"))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)))
			if n := count(t, ctx, "main ul.list > li"); n != 1 {
				t.Errorf("searching the door for sara shows %d people, want 1", n)
			}
			page("door-search")
			navigate(t, ctx, chromedp.Click(chromedp.CSS("main ul.list > li form button")))
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/meetups/"+id+"/door"))
			navigate(t, ctx, chromedp.Click(fmt.Sprintf(`//li[.//bdi[normalize-space()=%q]]//form//button`, people[2].name)))
			if got := get(t, ctx, chromedp.Text(chromedp.CSS("main p.notice strong"))); !strings.Contains(got, run.present) {
				t.Errorf("the door says %q, want %q", got, run.present)
			}
			page("door-present")

			// The sheet, downloaded as a browser does: two came.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/meetups/"+id))
			rows := download(t, ctx, `main a[download][href$="registrations.csv"]`)
			if len(rows) != 4 || strings.Join(rows[0], ",") != "name,email,status,waitlist_position,attended,registered_at" {
				t.Fatalf("the sheet is %q, want a header and three rows", rows)
			}
			came := map[string]string{}
			for _, r := range rows[1:] {
				came[r[1]] = r[4]
			}
			for i, p := range people {
				if want := map[bool]string{true: "true", false: ""}[i != 1]; came[p.address] != want {
					t.Errorf("the sheet says %s attended %q, want %q", p.address, came[p.address], want)
				}
			}

			// Cancel: a page saying who will be told, then everyone is.
			before := make([]int, len(people))
			for i, p := range people {
				before[i] = len(emailsTo(t, p.address))
			}
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href$="/cancel"]`)))
			page("cancel")
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button.danger"))); status != 200 {
				t.Fatalf("cancelling answered %d", status)
			}
			page("cancelled")
			for i, p := range people {
				if n := len(emailsTo(t, p.address)) - before[i]; n != 1 {
					t.Errorf("%s was sent %d emails on the cancellation, want 1", p.address, n)
				}
			}
			if n := count(t, ctx, `main a[href$="/door"], main a[href$="/cancel"], main a[href$="/edit"]`); n != 1 {
				t.Errorf("the cancelled meetup's page offers %d of the door and cancel, want the door alone (and no edit)", n)
			}

			// The record names each change; the members page finds a
			// registrant by address and asks before erasing them.
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`header a[href="/console/record"]`)))
			if n := count(t, ctx, `main a[href="/console/meetups/`+id+`"]`); n < 3 {
				t.Errorf("the record links the meetup %d times, want its creation, the door and the cancellation", n)
			}
			page("record")
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`header a[href="/console/members"]`)))
			page("members")
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-email"), people[1].address))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form[action="/console/members"] button[type=submit]`)))
			if n := count(t, ctx, `main a[href="/console/meetups/`+id+`"]`); n != 1 {
				t.Errorf("the person found shows %d registrations for the meetup, want 1", n)
			}
			page("member-found")
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main section form button`)))
			page("member-erase")
		})
	}
}

// download clicks the link sel, lets Chromium save what it answers, and
// reads it as CSV.
func download(t *testing.T, ctx context.Context, sel string) [][]string {
	t.Helper()
	dir := t.TempDir()
	events := true
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events,
	}); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	done := make(chan *cdpbrowser.EventDownloadProgress, 1)
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := chromedp.ListenBrowser(lctx, func(ev any) {
		if p, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && p.State != cdpbrowser.DownloadProgressStateInProgress {
			once.Do(func() { done <- p })
		}
	}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(sel)))
	var p *cdpbrowser.EventDownloadProgress
	select {
	case p = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the download did not finish in 30 s")
	}
	if p.State != cdpbrowser.DownloadProgressStateCompleted {
		t.Fatalf("the download ended %s", p.State)
	}
	f, err := os.Open(filepath.Join(dir, p.GUID))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) > 0 && len(rows[0]) > 0 {
		// The byte order mark that tells spreadsheets the sheet is UTF-8.
		rows[0][0] = strings.TrimPrefix(rows[0][0], "\ufeff")
	}
	return rows
}

// count is how many elements of the page match the CSS selector sel,
// without waiting for any.
func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	var n int
	withScripts(t, ctx, func() {
		n = get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%s).length", jsString(sel))))
	})
	return n
}
