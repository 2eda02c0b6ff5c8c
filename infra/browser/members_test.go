package browser

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A member confirms their membership from the emailed link: the page in
// their language, its one button, and the thank-you page it leads to.
func TestConfirmMembership(t *testing.T) {
	for _, tt := range []struct{ lang, name, button, thanks string }{
		{"en", "Ali Rezaei", "Confirm", "Welcome"},
		{"fa", "سارا محمدی", "تأیید", "خوش آمدید"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			address := fmt.Sprintf("confirm-%s-%d@example.org", tt.lang, time.Now().UnixNano())
			if code := post(t, "/members", fmt.Sprintf(`{"name":%q,"email":%q,"language":%q}`, tt.name, address, tt.lang)); code != 202 {
				t.Fatalf("join answered %d", code)
			}
			ctx := browser(t)
			do(t, ctx, chromedp.Navigate(linkIn(t, address, "/members/confirm")))
			dir := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "dir")).Value
			button := get(t, ctx, chromedp.Text(chromedp.CSS("form button")))
			if want := map[string]string{"en": "ltr", "fa": "rtl"}[tt.lang]; dir != want {
				t.Errorf("the page is dir=%q, want %q", dir, want)
			}
			if !strings.Contains(button, tt.button) {
				t.Errorf("the button says %q, want %q in it", button, tt.button)
			}
			check(t, ctx, "confirm-page-"+tt.lang, "minor", "moderate", "serious", "critical")

			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS("form button"))); status != 200 {
				t.Errorf("the thank-you page answered %d", status)
			}
			heading := get(t, ctx, chromedp.Text(chromedp.CSS("h1")))
			if !strings.Contains(heading, tt.thanks) {
				t.Errorf("after the button: %q, want the welcome page", heading)
			}
			check(t, ctx, "confirmed-"+tt.lang, "minor", "moderate", "serious", "critical")
		})
	}
}
