package membersapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// pageHarness is the members and meetups functions, for a member's page.
type pageHarness struct {
	*apitest.Client
	sys *wiringtest.System
	now time.Time
}

func newPageHarness(t *testing.T) *pageHarness {
	t.Helper()
	h := &pageHarness{now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	h.sys = wiringtest.New(t, wiring.WithClock(func() time.Time { return h.now }))
	h.Client = apitest.New(t, h.sys, wiring.MembersFunction, wiring.MeetupsFunction)
	return h
}

// member joins and confirms name's new address in language l, and returns
// the address and the token of the page link of their welcome email.
func (h *pageHarness) member(name, l string) (address, page string) {
	h.T.Helper()
	address = apitest.UniqueEmail("page")
	apitest.WantStatus(h.T, h.PostJSON("/members", map[string]any{"name": name, "email": address, "language": l, "wants_to_speak": true}), 202)
	raw := apitest.LinkIn(h.T, testenv.EmailsTo(h.T, address)[0], "/members/confirm")
	apitest.WantStatus(h.T, h.PostJSON("/members/confirm", map[string]string{"token": raw}), 200)
	mails := testenv.EmailsTo(h.T, address)
	return address, apitest.LinkIn(h.T, mails[len(mails)-1], "/me")
}

// open opens the page with raw in a browser that prefers acceptLang.
func (h *pageHarness) open(raw, acceptLang string) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	return h.Do("GET", "/me?token="+url.QueryEscape(raw), "", "", "Accept", "text/html", "Accept-Language", acceptLang)
}

// post posts form to path as the page's forms do.
func (h *pageHarness) post(path string, form url.Values) events.APIGatewayV2HTTPResponse {
	h.T.Helper()
	return h.Do("POST", path, "application/x-www-form-urlencoded", form.Encode(), "Accept", "text/html")
}

// wantRefused checks a page refused in the browser's language: a 404 that
// names nobody and leads to /me/link.
func wantRefused(t *testing.T, resp events.APIGatewayV2HTTPResponse, lang string, names ...string) {
	t.Helper()
	apitest.WantStatus(t, resp, 404)
	if !strings.Contains(resp.Body, `action="/me/link"`) {
		t.Errorf("the refusal does not offer a new link: %s", resp.Body)
	}
	if !strings.Contains(resp.Body, `lang="`+lang+`"`) {
		t.Errorf("the refusal is not in %s", lang)
	}
	for _, n := range names {
		if strings.Contains(resp.Body, n) {
			t.Errorf("the refusal shows %q", n)
		}
	}
}

func TestMemberPageShowsOnlyItsMember(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	a, aPage := h.member("<script>alert(1)</script>", "en")
	_, bPage := h.member("Bahar Bnameonly", "fa")
	m := h.sys.CreateMeetup(wiringtest.Meetup{Title: "Typing meetup <b>", StartsAt: "2026-12-10T18:00:00+03:30", EndsAt: "2026-12-10T21:00:00+03:30", Capacity: 10})
	reg := func(address, name string) {
		body, _ := json.Marshal(map[string]string{"name": name, "email": address})
		apitest.WantStatus(t, h.Serve("POST", "/meetups/{meetupId}/registrations", "/meetups/"+m.ID+"/registrations", "application/json", string(body)), 202)
	}
	reg(a, "A")

	resp := h.open(aPage, "fa")
	apitest.WantStatus(t, resp, 200)
	if strings.Contains(resp.Body, "<script>alert(1)</script>") || !strings.Contains(resp.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the name is not escaped")
	}
	if !strings.Contains(resp.Body, `lang="en"`) || !strings.Contains(resp.Body, "Typing meetup &lt;b&gt;") {
		t.Errorf("A's page is not in A's language with A's registration: %s", resp.Body)
	}
	if strings.Contains(resp.Body, "Bahar") {
		t.Errorf("A's page shows B")
	}
	resp = h.open(bPage, "en")
	apitest.WantStatus(t, resp, 200)
	if !strings.Contains(resp.Body, `dir="rtl"`) || strings.Contains(resp.Body, "Typing meetup") || strings.Contains(resp.Body, "alert(1)") {
		t.Errorf("B's page is not Persian, or shows A's registration or name")
	}

	// B's token cannot cancel A's place: it acts on B alone, who has none.
	resp = h.post("/me/registrations/cancel", url.Values{"token": {bPage}, "meetup": {m.ID}})
	apitest.WantStatus(t, resp, 303)
	if !strings.Contains(h.open(aPage, "en").Body, "Typing meetup") {
		t.Errorf("B's token cancelled A's place")
	}
	// A's own button cancels it, and the page says so.
	resp = h.post("/me/registrations/cancel", url.Values{"token": {aPage}, "meetup": {m.ID}})
	apitest.WantStatus(t, resp, 303)
	loc := resp.Headers["Location"]
	if !strings.HasPrefix(loc, "/me?token=") || !strings.Contains(loc, "done=cancelled") {
		t.Fatalf("cancel goes to %q", loc)
	}
	resp = h.open(aPage, "en")
	if strings.Contains(resp.Body, "Typing meetup") {
		t.Errorf("the cancelled place is still listed")
	}
}

func TestMemberPageRefusesLinks(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	address, page := h.member("Ali Refusedname", "en")
	welcome := testenv.EmailsTo(t, address)
	unsub := apitest.LinkIn(t, welcome[len(welcome)-1], "/unsubscribe")

	t.Run("forged", func(t *testing.T) {
		wantRefused(t, h.open(strings.Repeat("A", 43), "fa"), "fa", "Refusedname")
		wantRefused(t, h.open("", "en"), "en")
	})
	t.Run("another purpose", func(t *testing.T) {
		wantRefused(t, h.open(unsub, "en"), "en", "Refusedname")
	})
	t.Run("an action with a forged token", func(t *testing.T) {
		resp := h.post("/me/preferences", url.Values{"token": {strings.Repeat("B", 43)}, "language": {"fa"}})
		wantRefused(t, resp, "en")
	})

	// A newer link, asked for by email, retires the welcome's once opened.
	h.now = h.now.Add(time.Hour)
	resp := h.PostJSON("/me/link", map[string]string{"email": address})
	apitest.WantStatus(t, resp, 202)
	mails := testenv.EmailsTo(t, address)
	newer := apitest.LinkIn(t, mails[len(mails)-1], "/me")
	apitest.WantStatus(t, h.open(page, "en"), 200) // not yet retired: the newer one was never opened
	apitest.WantStatus(t, h.open(newer, "en"), 200)
	t.Run("rotated out", func(t *testing.T) {
		wantRefused(t, h.open(page, "en"), "en", "Refusedname")
		resp := h.post("/me/preferences", url.Values{"token": {page}, "language": {"fa"}})
		wantRefused(t, resp, "en")
	})
	t.Run("revoked", func(t *testing.T) {
		if err := h.sys.Store().RevokeToken(context.Background(), token.Hash(newer)); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, h.open(newer, "en"), "en", "Refusedname")
	})
}

func TestMemberPageExpiresAndStops(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	_, page := h.member("Sara", "en")
	h.now = h.now.Add(179 * 24 * time.Hour)
	apitest.WantStatus(t, h.open(page, "en"), 200)
	h.now = h.now.Add(2 * 24 * time.Hour)
	wantRefused(t, h.open(page, "en"), "en")

	h.now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	_, page = h.member("Reza", "en")
	resp := h.post("/me/links/stop", url.Values{"token": {page}})
	apitest.WantStatus(t, resp, 303)
	wantRefused(t, h.open(page, "en"), "en", "Reza")
}

func TestMemberPagePreferences(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	address, page := h.member("Nima", "en")
	speakers := func() bool {
		ms, err := h.sys.Store().MembersWantingToSpeak(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Key == person.Key(address) {
				return true
			}
		}
		return false
	}
	if !speakers() {
		t.Fatal("a new member who wants to speak is not asked to")
	}
	// Unchecked boxes are not posted: call for speakers off, still wanting to speak.
	resp := h.post("/me/preferences", url.Values{"token": {page}, "language": {"fa"}, "interests": {"django, <i>data</i>"}, "wants_to_speak": {"true"}})
	apitest.WantStatus(t, resp, 303)
	m, err := h.sys.Store().GetMember(context.Background(), person.Key(address))
	if err != nil {
		t.Fatal(err)
	}
	if m.Language != "fa" || !m.NoCallForSpeakers || !m.WantsToSpeak || len(m.Interests) != 2 || m.Interests[1] != "<i>data</i>" {
		t.Fatalf("preferences stored as %+v", m)
	}
	if speakers() {
		t.Error("a member who turned the call for speakers off is still asked")
	}
	page2 := h.open(page, "en")
	if !strings.Contains(page2.Body, `dir="rtl"`) || strings.Contains(page2.Body, "<i>data</i>") {
		t.Errorf("the page is not Persian now, or shows an interest unescaped")
	}
	// A language the group does not speak is refused on the page, in its language.
	resp = h.post("/me/preferences", url.Values{"token": {page}, "language": {"de"}})
	apitest.WantStatus(t, resp, 422)
	if !strings.Contains(resp.Body, `role="alert"`) {
		t.Errorf("the refused preferences show no problem: %s", resp.Body)
	}
	// Back on, by JSON.
	resp = h.PostJSON("/me/preferences", map[string]any{"token": page, "language": "en", "wants_to_speak": true, "call_for_speakers": true})
	apitest.WantStatus(t, resp, 200)
	if !speakers() {
		t.Error("turning the call for speakers back on did not")
	}
}

func TestMemberPageErase(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	address, page := h.member("Leila", "en")
	resp := h.post("/me/erase", url.Values{"token": {page}})
	apitest.WantStatus(t, resp, 200)
	if !strings.Contains(resp.Body, `name="confirm" value="yes"`) {
		t.Fatalf("erase does not ask to confirm: %s", resp.Body)
	}
	if h.OwnerItems(address) == 0 {
		t.Fatal("asking to confirm erased")
	}
	resp = h.post("/me/erase", url.Values{"token": {page}, "confirm": {"yes"}})
	apitest.WantStatus(t, resp, 303)
	if n := h.OwnerItems(address); n != 0 {
		t.Errorf("%d items left after erasing", n)
	}
	wantRefused(t, h.open(page, "en"), "en", "Leila")
}

func TestMemberPageLinkRequestSameAnswer(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	address, _ := h.member("Omid", "fa")
	stranger := apitest.UniqueEmail("stranger")
	form := func(email string) events.APIGatewayV2HTTPResponse {
		return h.post("/me/link", url.Values{"email": {email}, "lang": {"fa"}})
	}
	known, unknown := form(address), form(stranger)
	if known.StatusCode != 202 || known.Body != unknown.Body {
		t.Errorf("a member and a stranger get different answers: %d %d", known.StatusCode, unknown.StatusCode)
	}
	if n := len(testenv.EmailsTo(t, stranger)); n != 0 {
		t.Errorf("%d emails to a stranger", n)
	}
	mails := testenv.EmailsTo(t, address)
	if got := mails[len(mails)-1].Subject; got != "صفحهٔ شما در TehPUG" {
		t.Errorf("the link's email is %q", got)
	}
	// The honeypot: answered the same, nothing sent.
	before := len(testenv.EmailsTo(t, address))
	resp := h.post("/me/link", url.Values{"email": {address}, "website": {"x"}})
	apitest.WantStatus(t, resp, 202)
	if len(testenv.EmailsTo(t, address)) != before {
		t.Error("a honeypot post sent an email")
	}
	apitest.WantStatus(t, h.Do("GET", "/me/link?lang=fa", "", "", "Accept", "text/html"), 200)
}

func TestMemberPageTalks(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	a, aPage := h.member("Arash", "en")
	b, bPage := h.member("Bita", "en")
	ctx, store := context.Background(), h.sys.Store()
	tag := testenv.RandomHex(4)
	m := h.sys.CreateMeetup(wiringtest.Meetup{Title: "Talks " + tag, StartsAt: "2026-12-10T18:00:00+03:30", EndsAt: "2026-12-10T21:00:00+03:30", Capacity: 10})
	for _, tk := range []talks.Talk{
		{ID: "a-" + tag, Owner: person.Key(a), Name: "Arash", Email: a, Title: "Arash's <talk>", Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Accepted, MeetupID: m.ID, CreatedAt: h.now, VerifiedAt: h.now},
		{ID: "b-" + tag, Owner: person.Key(b), Name: "Bita", Email: b, Title: "Bita's talk", Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted, CreatedAt: h.now, VerifiedAt: h.now},
	} {
		if err := store.CreateTalk(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	resp := h.open(aPage, "en")
	if !strings.Contains(resp.Body, "Arash&#39;s &lt;talk&gt;") || strings.Contains(resp.Body, "Bita") || !strings.Contains(resp.Body, `action="/me/talks/confirm"`) {
		t.Fatalf("A's page does not show A's accepted talk alone, with confirm: %s", resp.Body)
	}
	// A's link cannot touch B's talk: it is answered as one that does not exist.
	resp = h.post("/me/talks/withdraw", url.Values{"token": {aPage}, "talk": {"b-" + tag}})
	apitest.WantStatus(t, resp, 404)
	if tk, _ := store.GetTalk(ctx, "b-"+tag); tk.Status != talks.Submitted {
		t.Errorf("A's link moved B's talk to %s", tk.Status)
	}
	apitest.WantStatus(t, h.post("/me/talks/confirm", url.Values{"token": {aPage}, "talk": {"a-" + tag}}), 303)
	if tk, _ := store.GetTalk(ctx, "a-"+tag); tk.Status != talks.Confirmed {
		t.Errorf("confirming left the talk %s", tk.Status)
	}
	apitest.WantStatus(t, h.post("/me/talks/withdraw", url.Values{"token": {bPage}, "talk": {"b-" + tag}}), 303)
	if tk, _ := store.GetTalk(ctx, "b-"+tag); tk.Status != talks.Withdrawn {
		t.Errorf("withdrawing left the talk %s", tk.Status)
	}
}

func TestMemberPageMentorship(t *testing.T) {
	t.Parallel()
	h := newPageHarness(t)
	mentor, mentorPage := h.member("Mina Mentor", "en")
	mentee, menteePage := h.member("Kian Mentee", "fa")
	_, otherPage := h.member("Other", "en")
	ctx, svc := context.Background(), h.sys.Mentorship()
	capacity := 2
	ma, err := svc.Apply(ctx, mentorship.ApplyInput{Role: "mentor", Name: "Mina Mentor", Email: mentor, Language: "en", Topics: []string{"web"}, Capacity: &capacity, Availability: "evenings"})
	if err != nil {
		t.Fatal(err)
	}
	ea, err := svc.Apply(ctx, mentorship.ApplyInput{Role: "mentee", Name: "Kian Mentee", Email: mentee, Language: "fa", Topics: []string{"web"}, Goals: "Django"})
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := svc.Pair(ctx, mentorship.PairInput{MentorApplicationID: ma.ID, MenteeApplicationID: ea.ID})
	if err != nil {
		t.Fatal(err)
	}
	if body := h.open(mentorPage, "en").Body; !strings.Contains(body, "You mentor Kian Mentee") || !strings.Contains(body, `action="/me/checkin"`) {
		t.Fatalf("the mentor's page does not show the pair: %s", body)
	}
	if body := h.open(menteePage, "en").Body; !strings.Contains(body, "Mina Mentor منتور شماست") {
		t.Errorf("the mentee's page does not show the pair")
	}
	// Check in: a check-in link of the member's own side, opened.
	resp := h.post("/me/checkin", url.Values{"token": {menteePage}, "pair": {p.ID}})
	apitest.WantStatus(t, resp, 303)
	loc, err := url.Parse(resp.Headers["Location"])
	if err != nil || loc.Path != "/checkins/new" {
		t.Fatalf("check in goes to %q", resp.Headers["Location"])
	}
	tok, err := h.sys.Store().GetToken(ctx, token.Hash(loc.Query().Get("token")))
	if err != nil || tok.Purpose != token.MenteeCheckIn || tok.Subject != p.ID || tok.Owner != person.Key(mentee) {
		t.Errorf("the check-in link is %+v (%v), want the mentee's for the pair", tok, err)
	}
	// Another member's link cannot check in for the pair.
	apitest.WantStatus(t, h.post("/me/checkin", url.Values{"token": {otherPage}, "pair": {p.ID}}), 404)
	if body := h.open(otherPage, "en").Body; strings.Contains(body, "Mina") || strings.Contains(body, "Kian") {
		t.Error("another member's page shows the pair")
	}
}
