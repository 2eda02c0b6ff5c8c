package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/samtemplate"
	"github.com/tehpug/backend/internal/wiring"
)

// formCase is one of the timed forms for one kind of address: the times of
// its requests, in the order taken, and the emails they sent.
type formCase struct {
	Route, Address string
	samples        []time.Duration
	emails         int
}

// countingMailer counts the emails sent through it.
type countingMailer struct {
	email.Sender
	n atomic.Int64
}

func (c *countingMailer) Send(ctx context.Context, m email.Message) (string, error) {
	c.n.Add(1)
	return c.Sender.Send(ctx, m)
}

// measureFormTiming times the two forms whose work depends on whether the
// address is known, POST /auth/login and POST /members/erase-request, for
// addresses that are known (an organizer's; one holding data) and unknown,
// in-process through the functions' routers as Lambda runs them, against
// the stack's dynalite and SES emulator. The four cases take turns, one
// request each, so all see the same state of the services. Every known
// request sends its email: the daily cap is raised to its highest (50) and
// the sign-ins are spread over several organizers, the erase requests over
// as many members.
func measureFormTiming(ctx context.Context, s *local.Stack, tpl *samtemplate.Template, n, warmup int) ([]*formCase, error) {
	run := randomHex(4)
	total := n + warmup
	organizers := make([]string, total/40+1)
	for i := range organizers {
		organizers[i] = fmt.Sprintf("timing-%s-organizer%d@example.org", run, i)
	}
	mailer := &countingMailer{}
	a, err := newApp(ctx, s, tpl, "bench-forms-"+run,
		map[string]string{"PublicBaseUrl": capacityBaseURL, "OrganizerEmails": strings.Join(organizers, ","), "DailyEmailLimit": "50"},
		wiring.WithMailer(func(next wiring.Mailer) wiring.Mailer { mailer.Sender = next; return mailer }))
	if err != nil {
		return nil, err
	}
	signIn, membership := wiring.AuthFunction(a).Router, wiring.MembersFunction(a).Router
	store := a.Store()
	if err := a.Err(); err != nil {
		return nil, err
	}
	// The known erase requests' addresses: each holds data (a pending member).
	holders := make([]string, total)
	for i := range holders {
		holders[i] = fmt.Sprintf("timing-%s-member%d@example.org", run, i)
		m := members.Member{Key: person.Key(holders[i]), Name: "Bench Member", Email: holders[i], Language: "en", Mentorship: "none", CreatedAt: time.Now()}
		if err := store.CreateMember(ctx, m, 24*time.Hour); err != nil {
			return nil, fmt.Errorf("member %d: %w", i, err)
		}
	}
	unknown := func(i int, what string) string { return fmt.Sprintf("timing-%s-%s%d@example.org", run, what, i) }
	cases := []struct {
		c      *formCase
		router *httpapi.Router
		path   string
		to     func(i int) string
	}{
		{&formCase{Route: "POST /auth/login", Address: "an organizer's"}, signIn, "/auth/login", func(i int) string { return organizers[i%len(organizers)] }},
		{&formCase{Route: "POST /auth/login", Address: "unknown"}, signIn, "/auth/login", func(i int) string { return unknown(i, "stranger") }},
		{&formCase{Route: "POST /members/erase-request", Address: "holds data"}, membership, "/members/erase-request", func(i int) string { return holders[i] }},
		{&formCase{Route: "POST /members/erase-request", Address: "unknown"}, membership, "/members/erase-request", func(i int) string { return unknown(i, "nobody") }},
	}
	for i := range total {
		for _, c := range cases {
			body := `{"email":"` + c.to(i) + `"}`
			ev := events.APIGatewayV2HTTPRequest{
				Version: "2.0", RouteKey: c.c.Route, RawPath: c.path, Body: body,
				Headers: map[string]string{"accept": "application/json", "content-type": "application/json"},
				RequestContext: events.APIGatewayV2HTTPRequestContext{
					RequestID: "bench-" + randomHex(4), RouteKey: c.c.Route,
					HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST", Path: c.path, SourceIP: "127.0.0.1"},
				},
			}
			sent := mailer.n.Load()
			start := time.Now()
			resp, err := c.router.Serve(ctx, ev)
			took := time.Since(start)
			if err != nil || resp.StatusCode != 202 {
				return nil, fmt.Errorf("%s (%s) %d: status %d %s %v", c.c.Route, c.c.Address, i, resp.StatusCode, resp.Body, err)
			}
			if i >= warmup {
				c.c.samples = append(c.c.samples, took)
				c.c.emails += int(mailer.n.Load() - sent)
			}
		}
		if done := i + 1 - warmup; done > 0 && done%10 == 0 {
			progress("forms: %d of %d rounds", done, n)
		}
	}
	out := make([]*formCase, len(cases))
	for i, c := range cases {
		out[i] = c.c
	}
	return out, nil
}

func printFormTiming(w io.Writer, cases []*formCase) {
	fmt.Fprintf(w, "\n## Forms that must not tell who is known\n\n")
	fmt.Fprintf(w, "In ms, %d requests per row, in-process through the function's router against dynalite and the SES emulator, the four rows taking turns. "+
		"\"Emails\" is how many the row's requests sent: every known address gets its email.\n\n", len(cases[0].samples))
	fmt.Fprintf(w, "| Route | Address | p50 | p90 | Emails |\n|---|---|--:|--:|--:|\n")
	for _, c := range cases {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %d |\n", c.Route, c.Address, ms(percentile(c.samples, 50)), ms(percentile(c.samples, 90)), c.emails)
	}
	fmt.Fprintln(w)
	for i := 0; i+1 < len(cases); i += 2 {
		known, unknown := cases[i], cases[i+1]
		fmt.Fprintf(w, "%s: known minus unknown, p50 %s ms, p90 %s ms.\n", known.Route,
			signed(percentile(known.samples, 50)-percentile(unknown.samples, 50)), signed(percentile(known.samples, 90)-percentile(unknown.samples, 90)))
	}
}

// signed is ms with its sign, for a difference.
func signed(d time.Duration) string {
	s := ms(d)
	if d >= 0 {
		s = "+" + s
	}
	return s
}
