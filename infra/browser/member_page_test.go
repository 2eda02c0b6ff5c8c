package browser

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A member opens their page from the link in their welcome email, in
// English and in Persian: they switch its language, stop the calls for
// speakers (and the call-for-speakers job, run through the stack, then
// writes them none while a member who kept them gets one), and cancel
// their registration; axe finds nothing on the page nor on the page that
// asks for a link.
func TestMemberPage(t *testing.T) {
	token := organizerToken(t)
	for _, tt := range []struct {
		lang, other, name, otherDir, cancelled string
	}{
		{"en", "fa", "Ali <b>Page</b>", "rtl", "جای شما لغو شد"},
		{"fa", "en", "سارا صفحه", "ltr", "Your place is cancelled"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			address, keeper := unique("page-"+tt.lang), unique("keeper-"+tt.lang)
			for _, a := range []string{address, keeper} {
				join(t, tt.name, a, tt.lang)
			}
			// 25 days ahead with no talk: the call for speakers is due.
			title := fmt.Sprintf("Member page meetup %s %d", tt.lang, time.Now().UnixNano())
			id := createMeetup(t, token, title, 25)
			if code := post(t, "/meetups/"+id+"/registrations", fmt.Sprintf(`{"name":%s,"email":%q}`, jsString(tt.name), address)); code != 202 {
				t.Fatalf("registering answered %d", code)
			}

			ctx := browser(t)
			if status := navigate(t, ctx, chromedp.Navigate(linkIn(t, address, "/me"))); status != 200 {
				t.Fatalf("the page answered %d", status)
			}
			wantText(t, ctx, "main", title)
			check(t, ctx, "member-page-"+tt.lang, "minor", "moderate", "serious", "critical")

			// The other language: the page follows.
			do(t, ctx, chromedp.Click(chromedp.CSS(`input[name=language][value=`+tt.other+`]`)))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/me/preferences"] button`))); status != 200 {
				t.Fatalf("saving answered %d", status)
			}
			if dir := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("html"), "dir")).Value; dir != tt.otherDir {
				t.Errorf("after choosing %s the page is dir=%q", tt.other, dir)
			}
			check(t, ctx, "member-page-"+tt.other, "minor", "moderate", "serious", "critical")

			// No more calls for speakers.
			do(t, ctx, chromedp.Click(chromedp.CSS(`input[name=call_for_speakers]`)))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/me/preferences"] button`)))
			if on := get(t, ctx, chromedp.Evaluate[bool](`document.querySelector("input[name=call_for_speakers]").checked`)); on {
				t.Fatal("the call for speakers is still on")
			}
			before := len(emailsTo(t, address))
			invokeJob(t, "CallForSpeakersFunction", time.Now())
			if n := len(emailsTo(t, address)) - before; n != 0 {
				t.Errorf("%d emails to a member who stopped the calls for speakers", n)
			}
			if !strings.Contains(lastSubjects(t, keeper), map[string]string{"en": "We need a talk", "fa": "نیاز داریم"}[tt.lang]) {
				t.Errorf("the member who kept the calls got none: %q", lastSubjects(t, keeper))
			}

			// A topic proposed from the page, then voted for and the vote
			// taken back: the page shows the count each time.
			topic := fmt.Sprintf("Wish %s %d", tt.lang, time.Now().UnixNano())
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#topic-title"), topic))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/topics"] button`))); status != 200 {
				t.Fatalf("proposing answered %d", status)
			}
			item := fmt.Sprintf(`//ol[@class="topics"]/li[.//bdi[normalize-space()=%q]]`, topic)
			votes := func() string {
				t.Helper()
				return strings.TrimSpace(strings.SplitN(get(t, ctx, chromedp.Text(item)), "·", 2)[1])
			}
			first := votes()
			if status := navigate(t, ctx, chromedp.Click(item+`//form//button`)); status != 200 {
				t.Fatalf("voting answered %d", status)
			}
			second := votes()
			if first == second {
				t.Errorf("the topic's votes stayed %q after the button", first)
			}
			memberPage(t, ctx, "member-page-topics-"+tt.lang)
			navigate(t, ctx, chromedp.Click(item+`//form//button`))
			if third := votes(); third != first {
				t.Errorf("pressing again leaves %q votes, want %q as before", third, first)
			}

			// Cancel the registration.
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/me/registrations/cancel"] button`))); status != 200 {
				t.Fatalf("cancelling answered %d", status)
			}
			wantText(t, ctx, "[role=status]", tt.cancelled)
			if body := get(t, ctx, chromedp.Text(chromedp.CSS("main"))); strings.Contains(body, title) {
				t.Error("the cancelled registration is still listed")
			}

			// Asking for a link, in the member's first language.
			navigate(t, ctx, chromedp.Navigate(stack.HTTPURL()+"/me/link?lang="+url.QueryEscape(tt.lang)))
			check(t, ctx, "member-link-"+tt.lang, "minor", "moderate", "serious", "critical")
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#email"), address))
			if status := navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/me/link"] button`))); status != 202 {
				t.Errorf("asking for a link answered %d", status)
			}
			check(t, ctx, "member-link-sent-"+tt.lang, "minor", "moderate", "serious", "critical")
		})
	}
}

// join makes address a confirmed member who wants to speak, as the join
// form and the emailed confirm button do.
func join(t *testing.T, name, address, lang string) {
	t.Helper()
	if code := post(t, "/members", fmt.Sprintf(`{"name":%s,"email":%q,"language":%q,"wants_to_speak":true}`, jsString(name), address, lang)); code != 202 {
		t.Fatalf("join answered %d", code)
	}
	link, err := url.Parse(linkIn(t, address, "/members/confirm"))
	if err != nil {
		t.Fatal(err)
	}
	if code := post(t, "/members/confirm", `{"token":"`+link.Query().Get("token")+`"}`); code != 200 {
		t.Fatalf("confirm answered %d", code)
	}
}

// lastSubjects are the subjects of the emails to address, joined.
func lastSubjects(t *testing.T, address string) string {
	t.Helper()
	var s []string
	for _, e := range emailsTo(t, address) {
		s = append(s, e.Subject)
	}
	return strings.Join(s, " | ")
}
