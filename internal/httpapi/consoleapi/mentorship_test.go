package consoleapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/testenv"
)

// applicant is one application of a test, with its address.
type applicant struct {
	mentorship.Application
	address string
}

// apply applies as role (capacity for a mentor), through the service as
// the API does.
func (c *console) apply(role mentorship.Role, name, language string, capacity int, topics ...string) applicant {
	c.T.Helper()
	address := apitest.UniqueEmail(string(role))
	in := mentorship.ApplyInput{Role: string(role), Name: name, Email: address, Language: language, Topics: topics}
	if role == mentorship.Mentor {
		in.Capacity, in.Availability = &capacity, "Tuesday evenings"
	} else {
		in.Goals = "Ship a first web app"
	}
	a, err := c.Mentorship().Apply(context.Background(), in)
	if err != nil {
		c.T.Fatal(err)
	}
	return applicant{Application: a, address: address}
}

// application reads an application as it is now.
func (c *console) application(id string) mentorship.Application {
	c.T.Helper()
	return apitest.Read(c.T, c.Mentorship().Application, id)
}

// checkIn records a check-in of one side of pair id at the clock's now, as
// the check-in link does.
func (c *console) checkIn(id string, side mentorship.Role, ci mentorship.CheckIn) {
	c.T.Helper()
	ci.ID, ci.PairID, ci.Side, ci.At, ci.Owner = testenv.RandomHex(6), id, side, c.Clock.Now(), "P#"+string(side)
	if err := c.Store().PutCheckIn(context.Background(), ci); err != nil {
		c.T.Fatal(err)
	}
	if err := c.Store().RecordCheckIn(context.Background(), ci); err != nil {
		c.T.Fatal(err)
	}
}

// intros counts the introductions an address was sent.
func intros(t *testing.T, address string) int {
	t.Helper()
	return testenv.CountEmails(t, address, "Meet your ") + testenv.CountEmails(t, address, " شما: ")
}

// pairButtons are the mentors a waiting mentee's suggestions offer, in
// order, on the open applications' page.
func pairButtons(body, menteeID string) []string {
	var out []string
	re := regexp.MustCompile(`(?s)action="/console/mentorships/applications/` + regexp.QuoteMeta(menteeID) + `/pair">.*?name="mentor_application_id" value="([^"]*)"`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// The open applications list the mentors with a free place and the
// mentees with how long they have waited; each mentee's suggestions rank
// the mentors by shared topics, then a shared language, then free places;
// one press pairs them, emails each side one introduction, and leads to
// the pair's page; the mentee leaves the list and the mentor's places go
// down by one.
func TestPairingFromTheSuggestions(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	django := c.apply(mentorship.Mentor, "Dana Django", "fa", 2, "Django", "web")
	data := c.apply(mentorship.Mentor, "Pat Pandas", "en", 3, "pandas")
	english := c.apply(mentorship.Mentor, "Eli English", "en", 1, "django")
	full := c.apply(mentorship.Mentor, "Full Mentor", "fa", 1, "django")
	c.pairUp(full, c.apply(mentorship.Mentee, "Someone", "fa", 0, "django"))
	mentee := c.apply(mentorship.Mentee, "Mina", "fa", 0, "django", "Web")
	c.Clock.Advance(3 * 24 * time.Hour)
	b := c.SignedIn()

	page := b.Get("/console/mentorships/applications")
	apitest.WantStatus(t, page, http.StatusOK)
	apitest.WantContains(t, page.Body, "the open applications", "<bdi>Mina</bdi>", "Waiting for", "3 days", "Shared topics: django, Web", "Same language", "2 of 2", "3 of 3", "<bdi>Pat Pandas</bdi>")
	if strings.Contains(page.Body, "Full Mentor") {
		t.Error("a mentor with no free place is listed")
	}
	if got, want := pairButtons(page.Body, mentee.ID), []string{django.ID, english.ID, data.ID}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("suggested %v, want %v (Dana, Eli, Pat)", got, want)
	}

	resp := b.Post("/console/mentorships/applications/"+mentee.ID+"/pair", url.Values{"mentor_application_id": {django.ID}})
	to := wantSeeOther(t, resp, "/console/mentorships/")
	pair := b.Get(to)
	apitest.WantStatus(t, pair, http.StatusOK)
	apitest.WantContains(t, pair.Body, "the pair's page", "Dana Django and Mina", "They are paired", "On track", "Nobody has checked in yet.")
	if intros(t, django.address) != 1 || intros(t, mentee.address) != 1 {
		t.Errorf("introductions: mentor %d, mentee %d; want one each", intros(t, django.address), intros(t, mentee.address))
	}
	after := b.Get("/console/mentorships/applications").Body
	if strings.Contains(after, "<bdi>Mina</bdi>") || !strings.Contains(after, "1 of 2") {
		t.Error("after pairing, the mentee is still waiting or the mentor's places did not go down")
	}
	if got := c.application(django.ID); got.FreePlaces() != 1 {
		t.Errorf("the mentor has %d free places", got.FreePlaces())
	}
}

// pairUp pairs two applications through the service.
func (c *console) pairUp(mentor, mentee applicant) mentorship.Pair {
	c.T.Helper()
	p, _, err := c.Mentorship().Pair(context.Background(), mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentee.ID})
	if err != nil {
		c.T.Fatal(err)
	}
	return p
}

// Two organizers pressing "pair" at the same moment never over-fill a
// mentor nor pair a mentee twice: for a mentor's last place, for one mentee
// and two mentors, and for the same two, one pairs and the other is told
// someone else changed it first, with a link to how things stand now; the
// loser's press writes nothing and emails nobody, and each side of the one
// pair gets one introduction.
func TestTwoOrganizersPairingAtOnce(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	organizers := []*apitest.Browser{c.SignedIn(), c.Browser().SignIn(c.Other)}
	// pairAtOnce has both organizers press pair at once, the first
	// pairing mentees[0] with mentors[0], the second mentees[1] with
	// mentors[1]; it fails the test (in race what of round) unless exactly
	// one pairs, and returns the statuses and both pages together.
	pairAtOnce := func(round int, what string, mentees, mentors [2]applicant) ([]int, string) {
		t.Helper()
		statuses, bodies := make([]int, 2), make([]string, 2)
		apitest.AtOnce(2, func(i int) {
			resp := organizers[i].Post("/console/mentorships/applications/"+mentees[i].ID+"/pair", url.Values{"mentor_application_id": {mentors[i].ID}})
			statuses[i], bodies[i] = resp.StatusCode, resp.Body
		})
		if n := apitest.Winners(t, statuses, http.StatusSeeOther, http.StatusConflict); n != 1 {
			t.Fatalf("round %d, %s: %d pairings, want 1", round, what, n)
		}
		return statuses, bodies[0] + bodies[1]
	}
	for round := range 3 {
		// One place left, two mentees.
		mentor := c.apply(mentorship.Mentor, "Mentor", "en", 1, "web")
		a, b := c.apply(mentorship.Mentee, "Ana", "en", 0, "web"), c.apply(mentorship.Mentee, "Bob", "en", 0, "web")
		statuses, lost := pairAtOnce(round, "one mentor place", [2]applicant{a, b}, [2]applicant{mentor, mentor})
		winner, loser := a, b
		if statuses[0] == http.StatusConflict {
			winner, loser = b, a
		}
		apitest.WantContains(t, lost, fmt.Sprintf("round %d: the loser's page", round),
			"Someone else changed this first", "This mentor has no free place any more.", `href="/console/mentorships/applications"`)
		if m := c.application(mentor.ID); len(m.Mentees) != 1 || m.Status != mentorship.Full {
			t.Errorf("round %d: the mentor holds %v, status %s", round, m.Mentees, m.Status)
		}
		if l := c.application(loser.ID); l.Status != mentorship.Open || l.PairID != "" {
			t.Errorf("round %d: the losing mentee is %s in %q", round, l.Status, l.PairID)
		}
		if intros(t, mentor.address) != 1 || intros(t, winner.address) != 1 || intros(t, loser.address) != 0 {
			t.Errorf("round %d: introductions mentor %d, paired mentee %d, other mentee %d", round,
				intros(t, mentor.address), intros(t, winner.address), intros(t, loser.address))
		}

		// One mentee, two mentors with room.
		m1, m2 := c.apply(mentorship.Mentor, "One", "en", 2, "web"), c.apply(mentorship.Mentor, "Two", "en", 2, "web")
		mentee := c.apply(mentorship.Mentee, "Cyrus", "en", 0, "web")
		_, lost = pairAtOnce(round, "one mentee", [2]applicant{mentee, mentee}, [2]applicant{m1, m2})
		got := c.application(mentee.ID)
		if got.Status != mentorship.Paired || len(got.Pairs) != 1 {
			t.Errorf("round %d: the mentee is %s in pairs %v", round, got.Status, got.Pairs)
		}
		if !strings.Contains(lost, "This mentee already has a mentor.") || !strings.Contains(lost, `href="/console/mentorships/`+got.PairID+`"`) {
			t.Errorf("round %d: the loser's page does not say the mentee has a mentor, or link to the pair:\n%s", round, lost)
		}
		places := len(c.application(m1.ID).Mentees) + len(c.application(m2.ID).Mentees)
		if places != 1 {
			t.Errorf("round %d: %d mentor places taken, want 1", round, places)
		}
		if intros(t, mentee.address) != 1 || intros(t, m1.address)+intros(t, m2.address) != 1 {
			t.Errorf("round %d: introductions mentee %d, mentors %d and %d", round, intros(t, mentee.address), intros(t, m1.address), intros(t, m2.address))
		}

		// The same two, pressed by both at once: one pairs them, the
		// other is told they were paired already; one pair, one
		// introduction each.
		same, one := c.apply(mentorship.Mentor, "Same", "en", 2, "web"), c.apply(mentorship.Mentee, "Dina", "en", 0, "web")
		if _, lost := pairAtOnce(round, "the same two", [2]applicant{one, one}, [2]applicant{same, same}); !strings.Contains(lost, "These two were already paired.") {
			t.Errorf("round %d: the loser's page does not say they were paired already", round)
		}
		if m := c.application(same.ID); len(m.Mentees) != 1 || len(c.application(one.ID).Pairs) != 1 {
			t.Errorf("round %d: the same two pressed twice hold %v", round, m.Mentees)
		}
		if intros(t, same.address) != 1 || intros(t, one.address) != 1 {
			t.Errorf("round %d: introductions mentor %d, mentee %d", round, intros(t, same.address), intros(t, one.address))
		}
	}
}

// The pairs by health show each side's last check-in; a pair whose latest
// check-in asks for help is under "needs help" (and at risk); time without
// check-ins makes a pair overdue, then stalled. A pair's page shows every
// check-in, one-tap answers and full forms. Ending it asks for a reason
// first, keeps what was typed when refused, frees the mentor's place, and
// an end contradicting it afterwards is a conflict that changes nothing.
func TestPairsByHealthAPairsPageAndEnding(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	mentor, mentee := c.apply(mentorship.Mentor, "Reza", "en", 1, "web"), c.apply(mentorship.Mentee, "Sara", "en", 0, "web")
	p := c.pairUp(mentor, mentee)
	quiet := c.pairUp(c.apply(mentorship.Mentor, "Quiet Mentor", "en", 1, "web"), c.apply(mentorship.Mentee, "Quiet Mentee", "en", 0, "web"))
	c.Clock.Advance(2 * 24 * time.Hour)
	c.checkIn(p.ID, mentorship.Mentor, mentorship.CheckIn{Progress: 4, Summary: "Read the tutorial.\nBuilt a view.", NextStep: "Forms", Blocked: false})
	c.Clock.Advance(24 * time.Hour)
	c.checkIn(p.ID, mentorship.Mentee, mentorship.CheckIn{Answer: mentorship.NeedHelp})
	b := c.SignedIn() // a session lasts 12 hours: sign in at each new now
	helped := b.Get("/console/mentorships?health=needs_help").Body
	if !strings.Contains(helped, "<bdi>Reza</bdi>") || strings.Contains(helped, "Quiet Mentor") || !strings.Contains(helped, "asked for help") {
		t.Errorf("needs help does not list just the pair that asked:\n%s", helped)
	}
	all := b.Get("/console/mentorships").Body
	if i, j := strings.Index(all, "<bdi>Reza</bdi>"), strings.Index(all, "Quiet Mentor"); i < 0 || j < 0 || i > j {
		t.Error("the pair asking for help is not listed first among all current")
	}
	if !strings.Contains(all, "27 Nov 2026") || !strings.Contains(all, "28 Nov 2026") || !strings.Contains(all, `href="/console/mentorships/`+p.ID+`"`) {
		t.Errorf("the list lacks each side's last check-in or the pair's link:\n%s", all)
	}

	page := b.Get("/console/mentorships/" + p.ID)
	apitest.WantStatus(t, page, http.StatusOK)
	body := page.Body
	apitest.WantContains(t, body, "the pair's page", "Reza and Sara", "At risk", "asked for help", "We need help", "Progress: 4 of 5", "Read the tutorial.<br> Built a view.", "Next step: <bdi> Forms</bdi>")
	if strings.Index(body, "We need help") > strings.Index(body, "Progress: 4 of 5") {
		t.Error("the check-ins are not the latest first")
	}

	c.Clock.Advance(15 * 24 * time.Hour)
	b = c.SignedIn()
	if !strings.Contains(b.Get("/console/mentorships?health=overdue").Body, "Quiet Mentor") {
		t.Error("a pair silent 18 days is not overdue")
	}
	c.Clock.Advance(11 * 24 * time.Hour)
	b = c.SignedIn()
	if !strings.Contains(b.Get("/console/mentorships?health=stalled").Body, "Quiet Mentor") || !strings.Contains(b.Get("/console/mentorships/"+quiet.ID).Body, "Stalled") {
		t.Error("a pair silent 29 days is not stalled")
	}

	end := b.Get("/console/mentorships/" + p.ID + "/end")
	apitest.WantStatus(t, end, http.StatusOK)
	if !strings.Contains(end.Body, "End this mentorship?") || !strings.Contains(end.Body, `name="outcome" value="completed"`) || !strings.Contains(end.Body, `name="outcome" value="dropped"`) {
		t.Errorf("the end page lacks its question or its two buttons:\n%s", end.Body)
	}
	refused := b.Post("/console/mentorships/"+p.ID+"/end", url.Values{"outcome": {"completed"}, "reason": {"  "}})
	apitest.WantStatus(t, refused, http.StatusUnprocessableEntity)
	if fieldError(refused.Body, "reason") == "" {
		t.Errorf("no error next to the reason:\n%s", refused.Body)
	}
	if got, _ := c.Roster().Get(context.Background(), p.ID); got.Status != mentorship.PairActive {
		t.Error("a refused end ended the pair")
	}
	bad := b.Post("/console/mentorships/"+p.ID+"/end", url.Values{"outcome": {"finished"}, "reason": {"Shipped it"}})
	apitest.WantStatus(t, bad, http.StatusUnprocessableEntity)
	if fieldValue(t, bad.Body, "reason") != "Shipped it" {
		t.Error("the reason typed is not kept")
	}

	to := wantSeeOther(t, b.Post("/console/mentorships/"+p.ID+"/end", url.Values{"outcome": {"completed"}, "reason": {"Shipped the app"}}), "/console/mentorships/"+p.ID+"?notice=ended")
	ended := b.Get(to).Body
	apitest.WantContains(t, ended, "the ended pair's page", "The mentorship has ended.", "Completed", "<bdi> Shipped the app</bdi>")
	if strings.Contains(ended, "/end\"") {
		t.Error("an ended pair still offers to end it")
	}
	if got := c.application(mentor.ID); got.FreePlaces() != 1 {
		t.Errorf("the mentor's place was not freed: %+v", got)
	}
	if !strings.Contains(b.Get("/console/mentorships?health=ended").Body, "<bdi>Reza</bdi>") {
		t.Error("the ended pair is not among the ended")
	}
	if !strings.Contains(b.Get("/console/mentorships/"+p.ID+"/end").Body, "This mentorship has ended.") {
		t.Error("the end page of an ended pair does not say so")
	}
	again := b.Post("/console/mentorships/"+p.ID+"/end", url.Values{"outcome": {"dropped"}, "reason": {"Changed my mind"}})
	apitest.WantStatus(t, again, http.StatusConflict)
	if !strings.Contains(again.Body, "Someone else changed this first") || !strings.Contains(again.Body, `href="/console/mentorships/`+p.ID+`"`) {
		t.Errorf("a contradicting end does not say someone changed it:\n%s", again.Body)
	}
	if got, _ := c.Roster().Get(context.Background(), p.ID); got.Outcome != mentorship.Completed || got.Reason != "Shipped the app" {
		t.Errorf("the contradicting end changed the pair: %+v", got.Pair)
	}
	apitest.WantStatus(t, b.Get("/console/mentorships/nosuchpair"), http.StatusNotFound)
	apitest.WantStatus(t, b.Post("/console/mentorships/applications/nosuchapp/pair", url.Values{"mentor_application_id": {mentor.ID}}), http.StatusNotFound)
}

// Names, topics, goals, check-in notes and reasons are text on every
// mentorship page; the pages are in Persian, right to left, with Persian
// digits, for a Persian organizer.
func TestMentorshipPagesShowTypedTextAsTextInBothLanguages(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	const evil = "<script>alert(1)</script>"
	mentor, mentee := c.apply(mentorship.Mentor, evil, "fa", 2, evil), c.apply(mentorship.Mentee, evil, "fa", 0, evil)
	waiting := c.apply(mentorship.Mentee, evil, "fa", 0, evil)
	p := c.pairUp(mentor, mentee)
	c.checkIn(p.ID, mentorship.Mentor, mentorship.CheckIn{Progress: 2, Summary: evil, NextStep: evil, Blocked: true})
	ended := c.pairUp(c.apply(mentorship.Mentor, evil, "fa", 1, "web"), c.apply(mentorship.Mentee, evil, "fa", 0, "web"))
	if _, err := c.Mentorship().End(context.Background(), ended.ID, mentorship.EndInput{Outcome: "dropped", Reason: evil}); err != nil {
		t.Fatal(err)
	}
	pages := []string{
		"/console/mentorships", "/console/mentorships?health=needs_help", "/console/mentorships?health=ended", "/console/mentorships/applications",
		"/console/mentorships/" + p.ID, "/console/mentorships/" + p.ID + "/end", "/console/mentorships/" + ended.ID,
	}
	for _, l := range []string{"en", "fa"} {
		b := c.Browser()
		b.Lang = l
		b.SignIn(c.Organizer)
		for _, path := range pages {
			resp := b.Get(path)
			apitest.WantStatus(t, resp, http.StatusOK)
			if strings.Contains(resp.Body, "<script>alert") || !strings.Contains(resp.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("%s (%s) does not show the typed text as text", path, l)
			}
			if l == "fa" && !strings.Contains(resp.Body, `<html lang="fa" dir="rtl">`) {
				t.Errorf("%s is not a right-to-left Persian page", path)
			}
		}
		if l != "fa" {
			continue
		}
		for path, want := range map[string][]string{
			"/console/mentorships":                  {"همهٔ جاری‌ها", "نیازمند کمک", "در خطر", "۲۰۲۶/۱۱/۲۵"},
			"/console/mentorships/applications":     {"منتی‌های منتظر", "۱ از ۲", "هم‌زبان", "جفت کن"},
			"/console/mentorships/" + p.ID:          {"پیشرفت: ۲ از ۵", "گیر کرده", "گزارش‌ها، از تازه‌ترین"},
			"/console/mentorships/" + p.ID + "/end": {"این منتورشیپ پایان یابد؟", "رها شد"},
			"/console/mentorships/" + ended.ID:      {"رها شد", "پایان‌یافته"},
		} {
			body := b.Get(path).Body
			for _, w := range want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
		}
		conflict := b.Post("/console/mentorships/applications/"+mentee.ID+"/pair", url.Values{"mentor_application_id": {mentor.ID}})
		apitest.WantStatus(t, conflict, http.StatusConflict)
		if !strings.Contains(conflict.Body, "کس دیگری زودتر این را تغییر داد") {
			t.Errorf("the conflict page is not in Persian:\n%s", conflict.Body)
		}
	}
	_ = waiting
}
