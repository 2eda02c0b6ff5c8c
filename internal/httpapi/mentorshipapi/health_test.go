package mentorshipapi_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
)

func TestCheckIns(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mentor, mentee := h.apply("mentor", "Sara", map[string]any{"capacity": 2}), h.apply("mentee", "Reza", map[string]any{"language": "fa"})
	other := h.apply("mentee", "Other", nil)
	_, pair := h.pair(mentor, mentee)
	_, otherPair := h.pair(mentor, other)
	mentorTok, menteeTok := checkInToken(t, mentor, "Reza"), checkInToken(t, mentee, "")
	if mentorTok == menteeTok {
		t.Fatal("both sides got the same link")
	}

	// The page: plain HTML, right-to-left in Persian, both forms, no script.
	page := h.Do("GET", "/checkins/new?token="+url.QueryEscape(menteeTok), "", "")
	apitest.WantStatus(t, page, 200)
	apitest.WantContains(t, page.Body, "page", `<html lang="fa" dir="rtl">`, `name="answer" value="need_help"`, `name="progress" value="5"`, `<textarea id="next_step"`, `name="blocked" value="yes"`, "<bdi>Sara</bdi>")
	if strings.Contains(page.Body, "<script") || page.Headers["Content-Security-Policy"] == "" || page.Headers["Cache-Control"] != "no-store" {
		t.Errorf("page headers %v", page.Headers)
	}

	// One tap from the mentee, recorded for the mentee's side of this pair
	// only, whatever else the body claims.
	code, body := h.checkIn(`{"token":"` + menteeTok + `","answer":"met","side":"mentor","mentorship_id":"` + otherPair.ID + `"}`)
	if code != 201 || !strings.Contains(body, `"side":"mentee"`) || !strings.Contains(body, pair.ID) {
		t.Fatalf("mentee check-in: %d %s", code, body)
	}
	// The full form, from the mentor, posted by the page in a browser.
	form := url.Values{"token": {mentorTok}, "progress": {"4"}, "summary": {"Wrote tests together"}, "next_step": {"Open a PR"}, "blocked": {"no"}}
	resp := h.Do("POST", "/checkins", "application/x-www-form-urlencoded", form.Encode(), "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)

	ms := map[string]mentorshipAnswer{}
	for _, m := range h.mentorships("") {
		ms[m.ID] = m
	}
	if m := ms[pair.ID]; m.MenteeLastCheckinAt == nil || m.MentorLastCheckinAt == nil || m.LastCheckinAt == nil || m.State != "active" {
		t.Errorf("the pair after both checked in: %+v", m)
	}
	if m := ms[otherPair.ID]; m.LastCheckinAt != nil || m.MenteeLastCheckinAt != nil {
		t.Errorf("the other pair got a check-in: %+v", m)
	}

	bad := []struct {
		name   string
		body   string
		status int
	}{
		{"progress 7", `{"token":"` + mentorTok + `","progress":7}`, 422},
		{"progress 0", `{"token":"` + mentorTok + `","progress":0,"blocked":true}`, 422},
		{"unknown answer", `{"token":"` + mentorTok + `","answer":"maybe"}`, 422},
		{"answer and form", `{"token":"` + mentorTok + `","answer":"met","progress":3}`, 422},
		{"forged token", `{"token":"` + strings.Repeat("A", 43) + `","answer":"met"}`, 404},
		{"no token", `{"answer":"met"}`, 422},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if code, body := h.checkIn(tt.body); code != tt.status {
				t.Errorf("answered %d, want %d: %s", code, tt.status, body)
			}
		})
	}
	// A link of another purpose does not check in.
	confirm, err := h.Tokens().Issue(context.Background(), token.MemberConfirm, person.Key(mentor.email), person.Key(mentor.email), "en", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := h.checkIn(`{"token":"` + confirm + `","answer":"met"}`); code != 404 {
		t.Errorf("a confirmation link checked in: %d", code)
	}

	// In a browser, a mistake shows the form again with what to correct.
	form = url.Values{"token": {mentorTok}, "progress": {"9"}, "summary": {"<b>kept</b>"}, "blocked": {"yes"}}
	resp = h.Do("POST", "/checkins", "application/x-www-form-urlencoded", form.Encode(), "Accept", "text/html")
	apitest.WantStatus(t, resp, 422)
	if !strings.Contains(resp.Body, "role=\"alert\"") || !strings.Contains(resp.Body, "&lt;b&gt;kept&lt;/b&gt;</textarea>") || !strings.Contains(resp.Body, `value="yes" checked`) {
		t.Errorf("the form shown again:\n%s", resp.Body)
	}

	// Ending the pair refuses its links; the other pair goes on.
	end := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+pair.ID+"/end", "application/json", `{"outcome":"completed","reason":"Reached the goal"}`, h.Organizer()...)
	apitest.WantStatus(t, end, 200)
	if !strings.Contains(end.Body, `"state":"ended"`) || !strings.Contains(end.Body, `"outcome":"completed"`) {
		t.Errorf("end answered %s", end.Body)
	}
	for _, tok := range []string{mentorTok, menteeTok} {
		if code, _ := h.checkIn(`{"token":"` + tok + `","answer":"met"}`); code != 409 {
			t.Errorf("a check-in on an ended pair answered %d", code)
		}
		if page := h.Do("GET", "/checkins/new?token="+url.QueryEscape(tok), "", ""); page.StatusCode != 409 || strings.Contains(page.Body, "<form") {
			t.Errorf("the page of an ended pair answered %d", page.StatusCode)
		}
	}
	if code, _ := h.checkIn(`{"token":"` + checkInToken(t, other, "") + `","answer":"need_help"}`); code != 201 {
		t.Errorf("the other pair's check-in answered %d", code)
	}
	if m := h.application(mentor); len(m.Mentees) != 1 || m.FreePlaces() != 1 {
		t.Errorf("ending did not free the mentor's place: %+v", m)
	}
	if a := h.application(mentee); a.Status != mentorship.Closed {
		t.Errorf("the mentee's application is %s after the end", a.Status)
	}
	if ended := h.mentorships("ended"); len(ended) != 1 || ended[0].ID != pair.ID || ended[0].MenteeName != "Reza" {
		t.Errorf("ended mentorships %+v", ended)
	}
	if atRisk := h.mentorships("at_risk"); len(atRisk) != 1 || atRisk[0].ID != otherPair.ID {
		t.Errorf("at-risk mentorships %+v", atRisk)
	}
	// Ending again the same way answers the ended pair; ending it another
	// way contradicts what was recorded.
	again := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+pair.ID+"/end", "application/json", `{"outcome":"completed","reason":"x"}`, h.Organizer()...)
	if again.StatusCode != 200 || !strings.Contains(again.Body, `"outcome":"completed"`) {
		t.Errorf("ending again: %d %s", again.StatusCode, again.Body)
	}
	contradiction := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+pair.ID+"/end", "application/json", `{"outcome":"dropped","reason":"x"}`, h.Organizer()...)
	apitest.WantStatus(t, contradiction, 409)
	for _, tt := range []struct{ body, field string }{{`{"outcome":"paused","reason":"x"}`, "outcome"}, {`{"outcome":"dropped"}`, "reason"}} {
		resp := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/"+otherPair.ID+"/end", "application/json", tt.body, h.Organizer()...)
		if resp.StatusCode != 422 || !strings.Contains(resp.Body, tt.field) {
			t.Errorf("end %s: %d %s", tt.body, resp.StatusCode, resp.Body)
		}
	}
	if resp := h.Serve("POST", "/mentorships/{mentorshipId}/end", "/mentorships/nope/end", "application/json", `{"outcome":"dropped","reason":"x"}`, h.Organizer()...); resp.StatusCode != 404 {
		t.Errorf("ending an unknown mentorship: %d", resp.StatusCode)
	}
}

func TestStatesAsTimePasses(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mentor, mentee := h.apply("mentor", "Mentor", nil), h.apply("mentee", "Mentee", nil)
	_, p := h.pair(mentor, mentee)
	mentorTok := checkInToken(t, mentor, "")
	state := func() mentorshipAnswer {
		t.Helper()
		for _, m := range h.mentorships("") {
			if m.ID == p.ID {
				return m
			}
		}
		t.Fatal("the pair is not listed")
		return mentorshipAnswer{}
	}
	wantState := func(when, want string) {
		t.Helper()
		if m := state(); m.State != want {
			t.Errorf("%s: %s, want %s", when, m.State, want)
		}
	}
	if m := state(); m.State != "active" || m.LastCheckinAt != nil {
		t.Fatalf("a new pair: %+v", m)
	}
	h.clock.Advance(15 * 24 * time.Hour)
	wantState("after 15 silent days", "overdue")
	if l := h.mentorships("overdue"); len(l) != 1 {
		t.Errorf("overdue list %+v", l)
	}
	// Only the mentor answers: at risk.
	if code, _ := h.checkIn(`{"token":"` + mentorTok + `","answer":"met"}`); code != 201 {
		t.Fatal(code)
	}
	if m := state(); m.State != "at_risk" || m.LastCheckinAt == nil {
		t.Errorf("after only the mentor answered: %+v", m)
	}
	h.clock.Advance(29 * 24 * time.Hour)
	wantState("after 29 more silent days", "stalled")
	if l := h.mentorships("active"); len(l) != 0 {
		t.Errorf("active list %+v", l)
	}
	if resp := h.Serve("GET", "/mentorships", "/mentorships?status=sleeping", "", "", h.Organizer()...); resp.StatusCode != 422 {
		t.Errorf("an unknown state answered %d", resp.StatusCode)
	}
}
