package talksapi_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
)

// Subjects of the speaker's emails, in English.
const (
	subjSubmitted = "We received your talk proposal: "
	subjAccepted  = "Your talk is accepted: "
	subjRejected  = "About your talk proposal: "
	subjConfirmed = "Confirmed: you speak at "
	subjWithdrawn = "Your talk is withdrawn: "
)

func TestSubmit(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "December meetup")

	t.Run("json, for the backlog", func(t *testing.T) {
		email := apitest.UniqueEmail("speaker")
		resp := h.PostJSON("/talks", proposal(email, nil))
		apitest.WantStatus(t, resp, 201)
		a := decode[talkAnswer](t, resp)
		if a.ID == "" || a.Status != "pending" || a.Minutes != 20 || a.Email != "" || a.MeetupID != "" {
			t.Errorf("answer %s", resp.Body)
		}
		tk := h.talk(a.ID)
		if tk.Owner != person.Key(email) || tk.Email != email || tk.Status != talks.Pending || tk.InBacklog() || !tk.VerifiedAt.IsZero() {
			t.Errorf("stored %+v", tk)
		}
		wantSubjects(t, email, subjSubmitted+"Asyncio without tears")
		link(t, email, subjSubmitted, "/talks/withdraw")

		// The speaker confirms: the talk joins the backlog, and nothing more is sent.
		apitest.WantStatus(t, h.act("/talks/verify", link(t, email, subjSubmitted, "/talks/verify")), 200)
		if tk := h.talk(a.ID); !tk.InBacklog() || tk.VerifiedAt.IsZero() || !tk.PendingUntil.IsZero() {
			t.Errorf("confirmed %+v", tk)
		}
		wantSubjects(t, email, subjSubmitted+"Asyncio without tears")
	})

	t.Run("json, for a meetup", func(t *testing.T) {
		_, id := h.propose("speaker", map[string]string{"meetup_id": meetup, "format": "lightning"})
		if tk := h.talk(id); tk.MeetupID != meetup || tk.InBacklog() || tk.Format.Minutes() != 5 {
			t.Errorf("stored %+v", tk)
		}
	})

	t.Run("form", func(t *testing.T) {
		email := apitest.UniqueEmail("form")
		p := proposal(email, map[string]string{"language": "fa"})
		form := url.Values{}
		for k, v := range p {
			form.Set(k, v)
		}
		resp := h.Do("POST", "/talks", "application/x-www-form-urlencoded", form.Encode())
		apitest.WantStatus(t, resp, 303)
		if loc := resp.Headers["Location"]; !strings.Contains(loc, "done=talk-submitted") || !strings.Contains(loc, "lang=fa") {
			t.Errorf("Location %q", loc)
		}
		if n := len(testenv.EmailsTo(t, email)); n != 1 {
			t.Errorf("%d emails after a form submission", n)
		}
	})

	t.Run("honeypot", func(t *testing.T) {
		email := apitest.UniqueEmail("bot")
		p := proposal(email, map[string]string{"website": "http://spam.example"})
		resp := h.PostJSON("/talks", p)
		apitest.WantStatus(t, resp, 201)
		a := decode[talkAnswer](t, resp)
		if a.ID == "" || a.Status != "pending" {
			t.Errorf("honeypot answer %s differs from a real one", resp.Body)
		}
		if _, err := h.store.GetTalk(context.Background(), a.ID); err == nil {
			t.Error("a honeypot submission was stored")
		}
		h.WantNoTrace(t, email)
	})
}

func TestSubmitValidation(t *testing.T) {
	t.Parallel()
	h := newTalkHarness(t)
	ctx := context.Background()
	cancelled := h.createMeetup("Called off")
	if _, _, err := h.meetups.CancelMeetup(ctx, cancelled); err != nil {
		t.Fatal(err)
	}
	started := meetups.Meetup{
		ID: "started-" + testenv.RandomHex(3), Title: "Under way", StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour),
		Venue: "Tehran", Capacity: 10, Status: meetups.Scheduled, Version: 1,
	}
	if err := h.store.CreateMeetup(ctx, started); err != nil {
		t.Fatal(err)
	}

	tests := []refusal{
		{"unknown format", map[string]string{"format": "keynote"}, "format"},
		{"unknown level", map[string]string{"level": "expert"}, "level"},
		{"unknown language", map[string]string{"language": "de"}, "language"},
		{"no language", map[string]string{"language": ""}, "language"},
		{"title over 120 characters", map[string]string{"title": strings.Repeat("ب", 121)}, "title"},
		{"abstract over 5,000 characters", map[string]string{"abstract": strings.Repeat("a", 5001)}, "abstract"},
		{"name over 100 characters", map[string]string{"name": strings.Repeat("n", 101)}, "name"},
		{"title on two lines", map[string]string{"title": "One\nTwo"}, "title"},
		{"no title", map[string]string{"title": "  "}, "title"},
		{"no abstract", map[string]string{"abstract": ""}, "abstract"},
		{"bad email", map[string]string{"email": "not an address"}, "email"},
		{"unknown meetup", map[string]string{"meetup_id": "nope"}, "meetup_id"},
		{"cancelled meetup", map[string]string{"meetup_id": cancelled}, "meetup_id"},
		{"meetup already started", map[string]string{"meetup_id": started.ID}, "meetup_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email := apitest.UniqueEmail("invalid")
			wantProblem(t, h.PostJSON("/talks", proposal(email, tt.set)), tt.field)
			if n := len(testenv.EmailsTo(t, email)); n != 0 {
				t.Errorf("%d emails after a refused submission", n)
			}
		})
	}

	t.Run("at the limits", func(t *testing.T) {
		email := apitest.UniqueEmail("limits")
		id := h.submit(proposal(email, map[string]string{
			"title": strings.Repeat("ت", 120), "abstract": strings.Repeat("چ", 4999) + "\n", "name": strings.Repeat("ن", 100),
		}))
		if tk := h.talk(id); len([]rune(tk.Title)) != 120 || len([]rune(tk.Abstract)) != 4999 {
			t.Errorf("stored title of %d and abstract of %d characters", len([]rune(tk.Title)), len([]rune(tk.Abstract)))
		}
	})
	if items, _, err := h.store.ListTalks(ctx, talks.Filter{Status: talks.Submitted}, "", 100); err != nil || len(items) != 1 {
		t.Errorf("%d talks stored after the refused submissions, want 1 (%v)", len(items), err)
	}
}

// A Persian title, abstract and name arrive unchanged in the emails, the
// organizers' list and the meetup's page.
func TestPersianRoundTrip(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "دورهمی آذر")
	const (
		name     = "مریم کاظمی"
		title    = "برنامه‌نویسی هم‌روند با asyncio در پایتون"
		abstract = "در این ارائه می‌بینیم حلقهٔ رویداد چگونه کار می‌کند.\n\nسه بخش دارد:\n- coroutineها\n- تسک‌ها و «انتظار»"
	)
	email, id := h.propose("persian", map[string]string{"name": name, "title": title, "abstract": abstract, "language": "fa"})

	mails := testenv.EmailsTo(t, email)
	if len(mails) != 1 {
		t.Fatalf("%d emails", len(mails))
	}
	e := mails[0]
	if e.Subject != "پیشنهاد ارائهٔ شما رسید: "+title {
		t.Errorf("subject %q", e.Subject)
	}
	apitest.WantContains(t, e.Text, "text", name, title, abstract)
	apitest.WantContains(t, e.HTML, "html", name, title, abstract)
	if !strings.Contains(e.HTML, `dir="rtl"`) {
		t.Error("Persian email is not right-to-left")
	}

	list := h.Serve("GET", "/talks", "/talks?status=submitted", "", "", h.org...)
	apitest.WantStatus(t, list, 200)
	items := decode[struct{ Items []talkAnswer }](t, list).Items
	if len(items) != 1 || items[0].Title != title || items[0].Abstract != abstract || items[0].Name != name {
		t.Errorf("organizers' list %s", list.Body)
	}

	apitest.WantStatus(t, h.accept(id, meetup), 200)
	accepted := testenv.EmailsTo(t, email)[1]
	if !strings.Contains(accepted.Subject, title) || !strings.Contains(accepted.Text, title) || !strings.Contains(accepted.Text, "دورهمی آذر") {
		t.Errorf("acceptance email %q:\n%s", accepted.Subject, accepted.Text)
	}
	got := h.programme(meetup)
	if len(got) != 1 || got[0].Title != title || got[0].SpeakerName != name || got[0].Format != "short" || got[0].Status != "accepted" {
		t.Errorf("meetup page lists %+v", got)
	}
}

func TestOrganizerRoutesNeedASession(t *testing.T) {
	t.Parallel()
	h, meetup := newTalkMeetup(t, "Private")
	email, id := h.propose("waiting", nil)
	routes := []struct{ method, route, path string }{
		{"GET", "/talks", "/talks"},
		{"GET", "/talks", "/talks?backlog=true"},
		{"POST", "/talks/{talkId}/decision", "/talks/" + id + "/decision"},
	}
	for _, r := range routes {
		for _, auth := range []string{"", "Bearer forged", "Basic b3JnOnB3"} {
			t.Run(r.method+" "+r.path+" "+auth, func(t *testing.T) {
				resp := h.Serve(r.method, r.route, r.path, "application/json", `{"decision":"accept","meetup_id":"`+meetup+`"}`, "Authorization", auth)
				apitest.WantStatus(t, resp, 401)
				if strings.Contains(resp.Body, email) {
					t.Errorf("a 401 shows the speaker: %s", resp.Body)
				}
			})
		}
	}
	h.wantStatus(id, talks.Submitted)
	wantSubjects(t, email, subjSubmitted)
}

func TestListTalks(t *testing.T) {
	t.Parallel()
	h := newTalkHarness(t)
	m1, m2 := h.createMeetup("One"), h.createMeetup("Two")
	var ids []string
	for i, meetup := range []string{"", m1, "", m1, m2} {
		ids = append(ids, h.submit(proposal(apitest.UniqueEmail(fmt.Sprint("list", i)), map[string]string{"title": fmt.Sprint("Talk ", i), "meetup_id": meetup})))
	}
	apitest.WantStatus(t, h.accept(ids[2], m1), 200) // from the backlog onto m1
	apitest.WantStatus(t, h.decide(ids[4], map[string]string{"decision": "reject"}), 200)

	list := func(query string) []string {
		t.Helper()
		var titles []string
		target := "/talks?" + query
		for range 10 {
			resp := h.Serve("GET", "/talks", target, "", "", h.org...)
			apitest.WantStatus(t, resp, 200)
			page := decode[struct {
				Items []talkAnswer
				Next  string
			}](t, resp)
			for _, it := range page.Items {
				titles = append(titles, it.Title)
			}
			if page.Next == "" {
				return titles
			}
			target = "/talks?" + query + "&cursor=" + url.QueryEscape(page.Next)
		}
		t.Fatalf("%s never ends", query)
		return nil
	}
	tests := []struct{ query, want string }{
		{"", "Talk 0, Talk 1, Talk 3"},
		{"limit=1", "Talk 0, Talk 1, Talk 3"},
		{"status=accepted", "Talk 2"},
		{"status=rejected&limit=1", "Talk 4"},
		{"backlog=true&limit=1", "Talk 0"},
		{"meetup_id=" + m1, "Talk 2, Talk 1, Talk 3"},
		{"meetup_id=" + m1 + "&status=submitted&limit=1", "Talk 1, Talk 3"},
		{"meetup_id=" + m2, "Talk 4"},
		{"status=withdrawn", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := strings.Join(list(tt.query), ", "); got != tt.want {
				t.Errorf("listed %q, want %q", got, tt.want)
			}
		})
	}
	for _, q := range []string{"status=maybe", "limit=0", "backlog=sure", "backlog=true&meetup_id=" + m1, "cursor=bm90IGEgY3Vyc29y"} {
		t.Run(q, func(t *testing.T) {
			apitest.WantStatus(t, h.Serve("GET", "/talks", "/talks?"+q, "", "", h.org...), 422)
		})
	}
}

// Nobody can use the form to flood an inbox: past the daily cap no more
// emails go out, and the talks are not stored (a talk whose speaker was
// never emailed could not be withdrawn), with the same answer.
func TestSubmissionEmailCap(t *testing.T) {
	t.Parallel()
	h := newTalkHarness(t)
	email := apitest.UniqueEmail("prolific")
	var ids []string
	for i := range 5 {
		resp := h.PostJSON("/talks", proposal(email, map[string]string{"title": "Idea " + fmt.Sprint(i)}))
		apitest.WantStatus(t, resp, 201)
		a := decode[talkAnswer](t, resp)
		if a.ID == "" || a.Status != "pending" || a.Title != "Idea "+fmt.Sprint(i) || a.Minutes != 20 {
			t.Errorf("submission %d answered %s", i, resp.Body)
		}
		ids = append(ids, a.ID)
	}
	if n := len(testenv.EmailsTo(t, email)); n != 3 {
		t.Errorf("%d emails for 5 submissions, want the daily cap of 3", n)
	}
	for i, id := range ids {
		_, err := h.store.GetTalk(context.Background(), id)
		if stored := err == nil; stored != (i < 3) {
			t.Errorf("submission %d stored: %v (%v)", i, stored, err)
		}
	}
}

// The emailed links open a page with a button and change nothing; the
// button's form post lands on the thank-you page.
func TestLinkPages(t *testing.T) {
	t.Parallel()
	h := newTalkHarness(t)
	email, id := h.propose("pages", map[string]string{"language": "fa"})
	tok := link(t, email, "پیشنهاد ارائهٔ شما رسید", "/talks/withdraw")

	page := h.Do("GET", "/talks/withdraw?token="+tok, "", "")
	apitest.WantStatus(t, page, 200)
	apitest.WantContains(t, page.Body, "withdraw page", `action="/talks/withdraw"`, "پس گرفتن ارائه", `lang="fa"`)
	h.wantStatus(id, talks.Submitted)
	apitest.WantStatus(t, h.Do("GET", "/talks/withdraw?token=forged", "", ""), 404)
	apitest.WantStatus(t, h.Do("GET", "/talks/confirm?token="+tok, "", ""), 404) // a withdraw link is not a confirm link

	resp := h.Do("POST", "/talks/withdraw", "application/x-www-form-urlencoded", "token="+tok, "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; loc != "/thanks?done=talk-withdrawn&lang=fa" {
		t.Errorf("Location %q", loc)
	}
	h.wantStatus(id, talks.Withdrawn)
	again := h.Do("POST", "/talks/withdraw", "application/x-www-form-urlencoded", "token="+tok, "Accept", "text/html")
	apitest.WantStatus(t, again, 409)
	if !strings.Contains(again.Headers["Content-Type"], "text/html") {
		t.Errorf("a person's second click answered %s", again.Headers["Content-Type"])
	}
}
