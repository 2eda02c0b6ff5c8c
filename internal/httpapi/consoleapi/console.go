// Package consoleapi serves the organizers' console: server-rendered pages
// in English and Persian that call the same domain services as the JSON
// API. A browser is signed in by the session cookie that the emailed
// sign-in link's button sets; every page without a valid session sends it
// to sign in and back. Every post is refused unless it comes from a console
// page: the browser must say it is same-origin (Sec-Fetch-Site, or Origin
// for older browsers), and the form must bring back the session's form
// token.
package consoleapi

import (
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/memberview"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/record"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/topics"
)

// Services are the domain services the console's pages call.
type Services struct {
	SignIn  *auth.Service
	Meetups *meetups.Service
	// Agenda is what needs action, as the weekly digest finds it.
	Agenda *agenda.Service
	Talks  *talks.Service
	Roster *mentorship.Roster
	// Record is the record of organizer actions.
	Record *record.Service
	// Members is the members' counts, and a person found by address.
	Members *memberview.Service
	// Now is the time the services run on, for what a page says of now
	// (when the next reminder goes out, how long a talk has waited).
	Now func() time.Time
	// Mentorship pairs and ends mentorships.
	Mentorship *mentorship.Service
	// Sends are the records of the scheduled emails, for where an accepted
	// speaker stands on the confirmation ladder.
	Sends callforspeakers.Sends
	// Topics is the topic wishlist, merged and hidden by organizers.
	Topics *topics.Service
}

// handler serves the console's routes.
type handler struct {
	*Guard
	Services
}

// Register adds the console's routes to rt.
func Register(rt *httpapi.Router, site httpapi.Config, svc Services) error {
	if err := site.Require("consoleapi", false, deps.Given("SignIn", svc.SignIn), deps.Given("Meetups", svc.Meetups),
		deps.Given("Agenda", svc.Agenda), deps.Given("Talks", svc.Talks), deps.Given("Roster", svc.Roster), deps.Given("Record", svc.Record), deps.Given("Members", svc.Members),
		deps.Given("Now", svc.Now), deps.Given("Mentorship", svc.Mentorship), deps.Given("Sends", svc.Sends), deps.Given("Topics", svc.Topics)); err != nil {
		return err
	}
	g, err := NewGuard(site, svc.SignIn.Sessions)
	if err != nil {
		return err
	}
	h := &handler{Guard: g, Services: svc}
	routes := httpapi.Routes{}
	for _, part := range []httpapi.Routes{h.signInRoutes(), h.dashboardRoutes(), h.meetupRoutes(), h.talkRoutes(), h.mentorshipRoutes(), h.recordRoutes(), h.memberRoutes(), h.topicRoutes()} {
		for key, route := range part {
			if _, dup := routes[key]; dup {
				return fmt.Errorf("consoleapi: route %q served twice", key)
			}
			routes[key] = route
		}
	}
	return site.Serve(rt, "consoleapi", false, svc.SignIn, routes)
}
