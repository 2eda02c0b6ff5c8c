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

	"github.com/tehpug/backend/infra/local"
)

// talksRun is what one language's review of talks says.
type talksRun struct {
	consoleRun
	// accepted and rejected begin the subjects of the speakers' emails,
	// in the speakers' language (the run's).
	accepted, rejected string
	// message is the organizers' word with the rejection.
	message string
}

var talksRuns = []talksRun{
	{consoleRun: consoleRuns[0], accepted: "Your talk is accepted: ", rejected: "About your talk proposal: ", message: "Would a lightning talk do?"},
	{consoleRun: consoleRuns[1], accepted: "ارائهٔ شما پذیرفته شد: ", rejected: "دربارهٔ پیشنهاد ارائهٔ شما: ", message: "شاید یک ارائهٔ کوتاه؟"},
}

// proposeTalk submits a talk as the website does (JSON) for meetup, and
// confirms it as its speaker does, from the emailed link's page: only then
// do organizers see it. It returns the talk's id.
func proposeTalk(t *testing.T, ctx context.Context, speaker, name, title, language, meetup string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{
		"name": name, "email": speaker, "title": title, "abstract": "What it covers.\nAnd a second line.",
		"format": "lightning", "level": "advanced", "language": language, "meetup_id": meetup,
	})
	resp, err := http.Post(stack.HTTPURL()+"/talks", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tk struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&tk); err != nil || resp.StatusCode != http.StatusCreated || tk.ID == "" {
		t.Fatalf("submitting %q answered %d (%v)", title, resp.StatusCode, err)
	}
	navigate(t, ctx, chromedp.Navigate(linkIn(t, speaker, "/talks/verify")))
	if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button"))); status != 200 {
		t.Fatalf("confirming %q answered %d", title, status)
	}
	return tk.ID
}

// An organizer reviews talks in the console, in English and in Persian:
// two talks are proposed on the website's API and confirmed by their
// speakers; the organizer finds them on the board with its filters, opens
// one, previews the email accepting it into a meetup and sends it, then
// previews the other's rejection, writes a message, sees it in the email
// and sends it. Each speaker gets one decision email, in their language,
// with the title as text. Every page is checked with axe and kept as
// screenshots.
func TestConsoleReviewsTalks(t *testing.T) {
	token := organizerToken(t)
	for _, run := range talksRuns {
		t.Run(run.lang, func(t *testing.T) {
			ctx := consoleTab(t, run.consoleRun)
			page := func(name string) { check(t, ctx, "talks-"+name+"-"+run.lang, "serious", "critical") }

			meetupTitle := fmt.Sprintf("Talk night %s %d", run.lang, time.Now().UnixNano())
			meetup := createMeetup(t, token, meetupTitle, 20)
			stamp := time.Now().UnixNano()
			title := func(what string) string { return fmt.Sprintf(`<script>alert(1)</script> %s %d`, what, stamp) }
			accepted, rejected := unique("speaker-accepted"), unique("speaker-rejected")
			acceptedID := proposeTalk(t, ctx, accepted, "Sara <b>M</b>", title("accepted"), run.lang, meetup)
			rejectedID := proposeTalk(t, ctx, rejected, "Reza", title("rejected"), run.lang, "")

			// The board, narrowed to advanced lightning talks in the run's
			// language with the filters' form: both are there, as text.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console"))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`header a[href="/console/talks"]`)))
			do(t, ctx, chromedp.SetValue(chromedp.CSS("#filter-format"), "lightning"), chromedp.SetValue(chromedp.CSS("#filter-level"), "advanced"),
				chromedp.SetValue(chromedp.CSS("#filter-language"), run.lang))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form[method=get] button[type=submit]`))); status != 200 {
				t.Fatalf("filtering the board answered %d", status)
			}
			board := get(t, ctx, chromedp.Text(chromedp.CSS("main")))
			for _, want := range []string{title("accepted"), title("rejected"), "Sara <b>M</b>"} {
				if !strings.Contains(board, want) {
					t.Errorf("the board does not show %q as text", want)
				}
			}
			if n := count(t, ctx, "main script, main b"); n != 0 {
				t.Errorf("typed text became markup on the board: %d elements", n)
			}
			page("board")

			// Accept the first into the meetup: its page, the email, the button.
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href="/console/talks/`+acceptedID+`"]`)))
			wantHeading(t, ctx, title("accepted"))
			page("talk")
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href*="meetup=`+meetup+`"]`)))
			preview := get(t, ctx, chromedp.Text(chromedp.CSS("main blockquote")))
			if !strings.Contains(preview, meetupTitle) || !strings.Contains(preview, title("accepted")) {
				t.Errorf("the acceptance preview lacks the meetup or the title:\n%s", preview)
			}
			if l := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("main blockquote"), "lang")).Value; l != run.lang {
				t.Errorf("the preview is in %q", l)
			}
			page("accept-preview")
			before := len(emailsTo(t, accepted))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form[action$="/accept"] button[type=submit]`))); status != 200 {
				t.Fatalf("accepting answered %d", status)
			}
			if n := count(t, ctx, `main p.notice[role=status]`); n != 1 {
				t.Error("the talk's page does not say it was accepted")
			}
			page("accepted")

			// Reject the other with a message, seen in the email before it goes.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/talks/"+rejectedID))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main a[href$="decision=reject"]`)))
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-message"), run.message))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form[method=get] button[type=submit]`)))
			if got := get(t, ctx, chromedp.Text(chromedp.CSS("main blockquote"))); !strings.Contains(got, run.message) {
				t.Errorf("the rejection preview lacks the message:\n%s", got)
			}
			page("reject-preview")
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`main form[action$="/reject"] button[type=submit]`))); status != 200 {
				t.Fatalf("rejecting answered %d", status)
			}
			page("rejected")

			// The meetup's programme holds the accepted talk, with its minutes.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/console/meetups/"+meetup))
			if prog := get(t, ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(prog, title("accepted")) {
				t.Error("the meetup's programme does not hold the accepted talk")
			}
			page("programme")

			// One decision email each, in the speaker's language, the title as text.
			for _, s := range []struct{ address, subject, also string }{
				{accepted, run.accepted + title("accepted"), meetupTitle},
				{rejected, run.rejected + title("rejected"), run.message},
			} {
				mails := emailsTo(t, s.address)
				var decided []local.Email
				for _, m := range mails {
					if strings.HasPrefix(m.Subject, run.accepted) || strings.HasPrefix(m.Subject, run.rejected) {
						decided = append(decided, m)
					}
				}
				if len(decided) != 1 || decided[0].Subject != s.subject || !strings.Contains(decided[0].Text, s.also) {
					t.Errorf("%s got %d decision emails, want one with subject %q: %+v", s.address, len(decided), s.subject, decided)
				}
				last := mails[len(mails)-1].HTML
				if strings.Contains(last, "<script>alert") || !strings.Contains(last, "&lt;script&gt;alert(1)&lt;/script&gt;") {
					t.Errorf("the email to %s does not carry the title as text", s.address)
				}
			}
			if n := len(emailsTo(t, accepted)) - before; n != 1 {
				t.Errorf("accepting sent the speaker %d emails", n)
			}
		})
	}
}
