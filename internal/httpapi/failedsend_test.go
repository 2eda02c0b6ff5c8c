package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/email/emailtest"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// Every form a stranger can post that emails the address it names: while
// SES is down each post answers 500, spends none of the address's daily
// emails and leaves no link that works; once SES is back the address gets
// its whole allowance, and no more.
func TestFailedSendSpendsNothing(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		fn      wiring.Function
		path    string
		body    func(address string) map[string]any
		setup   func(t *testing.T, sys *wiringtest.System, address string) // what the address holds before
		subject string                                                     // of the email the post causes
		// allowance is how many of these emails the address gets once SES
		// is back (the daily cap; one per role for an application; the
		// daily cap and the quarter hour's one for a sign-in).
		allowance int
	}{
		{
			name: "join", fn: wiring.MembersFunction, path: "/members",
			body:    func(a string) map[string]any { return map[string]any{"name": "Sara", "email": a} },
			subject: "Confirm you want to join TehPUG", allowance: 3,
		},
		{
			name: "erase request", fn: wiring.MembersFunction, path: "/members/erase-request",
			body: func(a string) map[string]any { return map[string]any{"email": a} },
			setup: func(t *testing.T, sys *wiringtest.System, a string) {
				m := members.Member{Key: person.Key(a), Name: "Sara", Email: a, Language: "en", Mentorship: "none", CreatedAt: now}
				if err := sys.Store().CreateMember(context.Background(), m, time.Hour); err != nil {
					t.Fatal(err)
				}
			},
			subject: "Confirm you want your TehPUG data erased", allowance: 3,
		},
		{
			name: "talk submission", fn: wiring.TalksFunction, path: "/talks",
			body: func(a string) map[string]any {
				return map[string]any{"name": "Sara", "email": a, "title": "Asyncio", "abstract": "The event loop.", "format": "short", "level": "beginner", "language": "en"}
			},
			subject: "We received your talk proposal", allowance: 3,
		},
		{
			name: "mentorship application", fn: wiring.MentorshipFunction, path: "/mentorship/applications",
			body: func(a string) map[string]any {
				return map[string]any{"role": "mentee", "name": "Sara", "email": a, "topics": []string{"web"}, "goals": "My first Django app"}
			},
			subject: "We have your mentorship application", allowance: 1,
		},
		{
			name: "sign-in", fn: wiring.AuthFunction, path: "/auth/login",
			body:    func(a string) map[string]any { return map[string]any{"email": a} },
			subject: "Your TehPUG organizer sign-in link", allowance: 3 + 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			address := apitest.UniqueEmail("failed-send")
			var mailer *emailtest.FlakySender
			sys := wiringtest.NewWith(t, map[string]string{"OrganizerEmails": address}, wiringtest.At(now),
				wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer {
					mailer = &emailtest.FlakySender{Sender: next}
					return mailer
				}))
			c := apitest.New(t, sys, tt.fn)
			if tt.setup != nil {
				tt.setup(t, sys, address)
			}
			post := func() events.APIGatewayV2HTTPResponse { return c.PostJSON(tt.path, tt.body(address)) }

			const outage = 3
			for range outage {
				mailer.FailNext()
				apitest.WantStatus(t, post(), 500)
			}
			if n := len(testenv.EmailsTo(t, address)); n != 0 {
				t.Fatalf("%d emails while SES was down", n)
			}
			if n := c.LiveTokens(address, now); n != 0 {
				t.Errorf("%d links issued for emails never sent still work", n)
			}

			for range tt.allowance + 1 {
				if resp := post(); resp.StatusCode >= 300 {
					t.Fatalf("after SES came back: status %d, %s", resp.StatusCode, resp.Body)
				}
			}
			if n := testenv.CountEmails(t, address, tt.subject); n != tt.allowance {
				t.Errorf("%d emails once SES was back, want %d: the failed sends spent the day's allowance", n, tt.allowance)
			}
		})
	}
}
