package wiring_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// A post that fills the honeypot and has invalid fields is answered exactly
// as the same post without the honeypot: the same status, type and body
// (a 422 listing the same fields, or the same error page), so a bot cannot
// tell a dropped post from a refused one. Nothing is stored either way.
func TestHoneypotAnswersInvalidPostsLikeRealOnes(t *testing.T) {
	t.Parallel()
	sys := wiringtest.New(t)
	c := apitest.New(t, sys, wiring.MembersFunction, wiring.TalksFunction, wiring.MeetupsFunction, wiring.MentorshipFunction, wiring.AuthFunction)
	m := eveningMeetup(sys, "Honeypot night")
	bot := apitest.UniqueEmail("bot")

	tests := []struct {
		name, route, target string
		fields              map[string]any
	}{
		{"join, no name, bad address", "/members", "/members", map[string]any{"name": "", "email": "not-an-address"}},
		{"join, bad language", "/members", "/members", map[string]any{"name": "Bot", "email": bot, "language": "xx"}},
		{"organizer sign-in, bad address", "/auth/login", "/auth/login", map[string]any{"email": "organizer@"}},
		{"erase request, bad address", "/members/erase-request", "/members/erase-request", map[string]any{"email": "nope"}},
		{"talk, missing fields", "/talks", "/talks", map[string]any{"name": "Bot", "email": bot}},
		{"talk, untrimmed fields but no format", "/talks", "/talks", map[string]any{"name": " Bot ", "email": bot, "title": " T ", "abstract": "A", "level": "beginner", "language": "en"}},
		{"talk, no such meetup", "/talks", "/talks", map[string]any{"name": "Bot", "email": bot, "title": "T", "abstract": "A", "format": "short", "level": "beginner", "language": "en", "meetup_id": "nosuchmeetup"}},
		{"registration, bad address", "/meetups/{meetupId}/registrations", "/meetups/" + m.ID + "/registrations", map[string]any{"name": "Bot", "email": "bot@"}},
		{"registration, no name, no such meetup", "/meetups/{meetupId}/registrations", "/meetups/nosuchmeetup/registrations", map[string]any{"name": "", "email": bot}},
		{"mentorship, no topics", "/mentorship/applications", "/mentorship/applications", map[string]any{"role": "mentee", "name": "Bot", "email": bot, "goals": "spam"}},
		{"mentorship, bad role", "/mentorship/applications", "/mentorship/applications", map[string]any{"role": "boss", "name": "Bot", "email": bot, "topics": []string{"web"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, browser := range []bool{false, true} {
				real := post(c, tt.route, tt.target, tt.fields, browser, false)
				bot := post(c, tt.route, tt.target, tt.fields, browser, true)
				if real.StatusCode < 400 {
					t.Fatalf("the real post was accepted (%d): the case is not invalid", real.StatusCode)
				}
				if bot.StatusCode != real.StatusCode || bot.Headers["Content-Type"] != real.Headers["Content-Type"] || bot.Body != real.Body {
					t.Errorf("browser %v: honeypot answered %d %s %.300s\nwhere a real post gets %d %s %.300s", browser,
						bot.StatusCode, bot.Headers["Content-Type"], bot.Body, real.StatusCode, real.Headers["Content-Type"], real.Body)
				}
			}
		})
	}
	c.WantNoTrace(t, bot)
}

// eveningMeetup schedules a meetup twenty days from now, 18:00 to 21:00 in
// Tehran, with five seats.
func eveningMeetup(sys *wiringtest.System, title string) meetups.Meetup {
	day := time.Now().AddDate(0, 0, 20).Format("2006-01-02")
	return sys.CreateMeetup(wiringtest.Meetup{Title: title, StartsAt: day + "T18:00:00+03:30", EndsAt: day + "T21:00:00+03:30", Capacity: 5})
}

// post sends fields to a public form route as JSON, or as a browser posts
// a form, with the honeypot filled or not.
func post(c *apitest.Client, route, target string, fields map[string]any, browser, honeypot bool) events.APIGatewayV2HTTPResponse {
	c.T.Helper()
	all := maps.Clone(fields)
	if honeypot {
		all["website"] = "http://spam.example"
	}
	if !browser {
		b, err := json.Marshal(all)
		if err != nil {
			c.T.Fatal(err)
		}
		return c.Serve("POST", route, target, "application/json", string(b))
	}
	form := url.Values{}
	for k, v := range all {
		if list, ok := v.([]string); ok {
			form[k] = list
		} else {
			form.Set(k, fmt.Sprint(v))
		}
	}
	return c.Serve("POST", route, target, "application/x-www-form-urlencoded", form.Encode(), "Accept", "text/html")
}
