package browser

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tehpug/backend/internal/testenv"
)

// A member sends a robot through Battlefield's form, uploading the
// starter's file, confirms it from the emailed link, plays a practice match
// against a house robot from the robot's page, and watches its replay, in
// English (the duel) and Persian (the grid game): every page checked by
// axe at any impact, every control a finger's size on a phone.
func TestPracticeMatch(t *testing.T) {
	for _, tt := range []struct{ lang, game, opponent, sent, confirm, play string }{
		{"en", "duel", "calculator", "Check your email", "Confirm my robot", "Play the match"},
		{"fa", "grid", "flood", "ایمیل خود را ببینید", "تأیید ربات من", "شروع مسابقه"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			address := unique("robot-" + tt.lang)
			ctx := browser(t)
			if status := navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/battlefield?lang="+tt.lang)); status != 200 {
				t.Fatalf("the Battlefield page answered %d", status)
			}
			memberPage(t, ctx, "battlefield-"+tt.lang)

			fill(t, ctx, "form", "name", "Sara", "email", address, "language", tt.lang, "game", tt.game, "robot", "Rook")
			starter := filepath.Join(testenv.Root(), "battlefield", "starters", tt.game+".py")
			do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{starter}))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form button[type=submit]"))); status != 200 {
				t.Fatalf("sending the robot ended on %d", status)
			}
			wantText(t, ctx, "h1", tt.sent)

			// The emailed link: a pending robot's page, its one button.
			if status := navigate(t, ctx, chromedp.Navigate(linkIn(t, address, "/battlefield/robot"))); status != 200 {
				t.Fatalf("the robot's link answered %d", status)
			}
			wantText(t, ctx, "h1", "Rook v1")
			wantText(t, ctx, "form button", tt.confirm)
			memberPage(t, ctx, "robot-pending-"+tt.lang)
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form button"))); status != 200 {
				t.Fatalf("confirming ended on %d", status)
			}

			// Confirmed: a practice match against a house robot.
			do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-opponent"), tt.opponent))
			wantText(t, ctx, "form button", tt.play)
			memberPage(t, ctx, "robot-confirmed-"+tt.lang)
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form button"))); status != 200 {
				t.Fatalf("the practice match ended on %d", status)
			}
			at := get(t, ctx, chromedp.Location())
			id := regexp.MustCompile(`/battlefield/matches/([a-z0-9]+)\?lang=(en|fa)$`).FindStringSubmatch(at)
			if id == nil {
				t.Fatalf("after the match the browser is at %s, not a replay", at)
			}
			wantText(t, ctx, "h1", "Rook v1")
			wantText(t, ctx, "h1", tt.opponent)

			// The replay plays: its turn counter moves on by itself.
			get(t, ctx, chromedp.Poll[bool](`Number(document.getElementById("turn").textContent) >= 2`, chromedp.WithPollingTimeout(20*time.Second)))
			if n := count(t, ctx, "details .story li"); n == 0 {
				t.Error("the replay page does not tell the match turn by turn")
			}
			memberPage(t, ctx, "replay-"+tt.lang)

			// The result is emailed with the same replay's link.
			mails := emailsTo(t, address)
			last := mails[len(mails)-1]
			if !strings.Contains(last.Text, stack.HTTPURL()+"/battlefield/matches/"+id[1]+"?lang="+tt.lang) {
				t.Errorf("the practice email does not link the replay: %q", last.Text)
			}
		})
	}
}
