package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// smallTargetsJS lists the controls of the page smaller than 44×44 CSS
// pixels that a finger must hit: a radio button or check box counts with
// the label around it, a link in running text is exempt (WCAG 2.5.8), and
// so is what nobody sees.
const smallTargetsJS = `(() => {
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (el.closest('[hidden]') || el.getClientRects().length === 0) continue;
    let box = el.getBoundingClientRect();
    const label = el.closest('label');
    if (label && (el.type === 'radio' || el.type === 'checkbox')) box = label.getBoundingClientRect();
    if (el.tagName === 'A') {
      const block = el.parentElement;
      if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
    }
    if (box.width < 44 || box.height < 44) out.push(el.tagName.toLowerCase() + (el.name ? '[name=' + el.name + ']' : '') + ' ' + Math.round(box.width) + '×' + Math.round(box.height));
  }
  return out;
})()`

// memberPage checks the member's page the tab shows: axe finds nothing of
// any impact at either width, and at a phone's width every control is a
// target of 44×44 pixels at least.
func memberPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	check(t, ctx, name, "minor", "moderate", "serious", "critical")
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	if small := get(t, ctx, chromedp.Evaluate[[]string](smallTargetsJS)); len(small) > 0 {
		t.Errorf("%s: targets under 44×44 px on a phone: %v", name, small)
	}
}

// postJSON posts body to the stack and decodes its JSON answer into out.
func postJSON(t *testing.T, path, body, bearer string, out any) int {
	t.Helper()
	req, err := http.NewRequest("POST", stack.HTTPURL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// Member pages on a phone, in English and Persian: the check-in page with
// its one-tap answers and full form (each choice a 44 px target), the
// withdraw page naming the talk it withdraws, a forged link's page in the
// browser's language leading to a new link, and the emails that brought
// them, each a page with one heading and one main landmark. axe finds no
// violation of any impact on any of them.
func TestMemberPagesOnAPhone(t *testing.T) {
	token := organizerToken(t)
	for _, l := range []string{"en", "fa"} {
		t.Run(l, func(t *testing.T) {
			ctx := browser(t)
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": l}}); err != nil {
				t.Fatal(err)
			}

			// A pair, by the public API and the organizer API.
			mentor, mentee := unique("phone-mentor"), unique("phone-mentee")
			var m, e struct {
				ID string `json:"id"`
			}
			if s := postJSON(t, "/mentorship/applications", fmt.Sprintf(`{"role":"mentor","name":"Dana","email":%q,"language":%q,"topics":["web"],"capacity":1,"availability":"evenings"}`, mentor, l), "", &m); s != 201 {
				t.Fatalf("the mentor's application answered %d", s)
			}
			if s := postJSON(t, "/mentorship/applications", fmt.Sprintf(`{"role":"mentee","name":"Mina","email":%q,"language":%q,"topics":["web"],"goals":"A first package"}`, mentee, l), "", &e); s != 201 {
				t.Fatalf("the mentee's application answered %d", s)
			}
			if s := postJSON(t, "/mentorships", fmt.Sprintf(`{"mentor_application_id":%q,"mentee_application_id":%q}`, m.ID, e.ID), token, nil); s >= 300 {
				t.Fatalf("pairing answered %d", s)
			}
			navigate(t, ctx, chromedp.Navigate(linkIn(t, mentee, "/checkins/new")))
			if got := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value; got != l {
				t.Errorf("the check-in page is in %q", got)
			}
			memberPage(t, ctx, "checkin-"+l)

			// A talk, proposed and confirmed; its withdraw page names it.
			speaker := unique("phone-speaker")
			title := "Typing <b>in</b> Python " + l
			if s := post(t, "/talks", fmt.Sprintf(`{"name":"Sara","email":%q,"title":%s,"abstract":"Why types.","format":"short","level":"beginner","language":%q}`, speaker, jsString(title), l)); s >= 300 {
				t.Fatalf("the talk answered %d", s)
			}
			navigate(t, ctx, chromedp.Navigate(linkIn(t, speaker, "/talks/verify")))
			memberPage(t, ctx, "talk-verify-"+l)
			navigate(t, ctx, chromedp.Click(chromedp.CSS("main form button")))
			memberPage(t, ctx, "talk-verified-"+l)
			navigate(t, ctx, chromedp.Navigate(linkIn(t, speaker, "/talks/withdraw")))
			if got := get(t, ctx, chromedp.Text(chromedp.CSS("main p.object"))); !strings.Contains(got, title) {
				t.Errorf("the withdraw page names %q, want the talk %q", got, title)
			}
			memberPage(t, ctx, "talk-withdraw-"+l)

			// A forged link: the browser's language, and the way to a new one.
			if s := navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/talks/withdraw?token=forged")); s != 404 {
				t.Errorf("a forged link answered %d", s)
			}
			if got := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value; got != l {
				t.Errorf("the forged link's page is in %q, the browser asks for %q", got, l)
			}
			if n := count(t, ctx, `main a[href^="/me/link"]`); n != 1 {
				t.Errorf("the forged link's page offers %d ways to a new link, want 1", n)
			}
			memberPage(t, ctx, "forged-link-"+l)

			// The emails, as pages.
			for i, m := range append(emailsTo(t, mentee), emailsTo(t, speaker)...) {
				navigate(t, ctx, chromedp.Navigate("data:text/html;charset=utf-8,"+url.PathEscape(m.HTML)))
				if n := count(t, ctx, "h1"); n != 1 {
					t.Errorf("email %d has %d level-one headings", i, n)
				}
				check(t, ctx, fmt.Sprintf("email-%d-%s", i, l), "minor", "moderate", "serious", "critical")
			}
		})
	}
}
