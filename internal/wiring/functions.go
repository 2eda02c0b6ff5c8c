package wiring

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/authapi"
	"github.com/tehpug/backend/internal/httpapi/battlefieldapi"
	"github.com/tehpug/backend/internal/httpapi/consoleapi"
	"github.com/tehpug/backend/internal/httpapi/leaguesapi"
	"github.com/tehpug/backend/internal/httpapi/meetupsapi"
	"github.com/tehpug/backend/internal/httpapi/membersapi"
	"github.com/tehpug/backend/internal/httpapi/mentorshipapi"
	"github.com/tehpug/backend/internal/httpapi/pagesapi"
	"github.com/tehpug/backend/internal/httpapi/talksapi"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/lambdafn"
)

// Function builds one Lambda function of template.yaml from an App.
type Function func(*App) Handler

// Handler is what a function answers its events with: the routes of an
// HTTP function, or the run of a scheduled one.
type Handler struct {
	Router *httpapi.Router
	Run    func(ctx context.Context, now time.Time) error
}

// Start runs a function: it builds it from the process environment and
// hands it to the Lambda runtime. A function missing any configuration
// logs every problem and exits at its first cold start.
func Start(f Function) {
	lambdafn.Main(func(log *slog.Logger) error {
		a := New(config.FromOS(), WithLogger(log))
		h := f(a)
		if err := a.Err(); err != nil {
			return err
		}
		switch {
		case h.Router != nil:
			lambda.Start(h.Router.Serve)
		case h.Run != nil:
			lambda.Start(jobs.Handler(h.Run))
		}
		return errors.New("the function has no handler")
	})
}

// Functions lists the functions this package builds, by logical ID; the
// mains name theirs directly. PasskeysFunction is built by package
// passkeyswiring (see why); package wiring/functions lists all.
func Functions() map[string]Function {
	return map[string]Function{
		"MembersFunction":         MembersFunction,
		"MeetupsFunction":         MeetupsFunction,
		"TalksFunction":           TalksFunction,
		"BattlefieldFunction":     BattlefieldFunction,
		"LeaguesFunction":         LeaguesFunction,
		"LeagueDrawFunction":      LeagueDrawFunction,
		"LeaguePlayFunction":      LeaguePlayFunction,
		"MentorshipFunction":      MentorshipFunction,
		"AuthFunction":            AuthFunction,
		"PagesFunction":           PagesFunction,
		"ConsoleFunction":         ConsoleFunction,
		"MeetupReminderFunction":  MeetupReminderFunction,
		"CallForSpeakersFunction": CallForSpeakersFunction,
		"CheckinReminderFunction": CheckinReminderFunction,
		"OrganizerDigestFunction": OrganizerDigestFunction,
	}
}

// Serve builds an HTTP function: a router with the routes register adds,
// served with svc (the organizers' sessions too, for organizer routes).
func Serve[S any](a *App, register func(*httpapi.Router, httpapi.Config, S) error, organizerRoutes bool, svc S) Handler {
	rt := httpapi.NewRouter(a.log)
	a.check(register(rt, a.site(organizerRoutes), svc))
	return Handler{Router: rt}
}

// MembersFunction serves joining, confirming, unsubscribing and erasing,
// and the member's own page.
func MembersFunction(a *App) Handler {
	return Serve(a, membersapi.Register, false, membersapi.Services{Members: a.Members(), Meetups: a.Meetups(), Talks: a.Talks(), Roster: a.Roster(), Topics: a.Topics()})
}

// MeetupsFunction serves meetups, registrations and the organizers' meetup routes.
func MeetupsFunction(a *App) Handler { return Serve(a, meetupsapi.Register, true, a.Meetups()) }

// TalksFunction serves the call for proposals and the topic wishlist.
func TalksFunction(a *App) Handler {
	return Serve(a, talksapi.Register, true, talksapi.Services{Talks: a.Talks(), Topics: a.Topics()})
}

// BattlefieldFunction serves robots, practice matches and replays; a
// robot's page offers the open leagues of its game.
func BattlefieldFunction(a *App) Handler {
	return Serve(a, battlefieldapi.Register, false, battlefieldapi.Services{Battlefield: a.Battlefield(), Leagues: a.Leagues()})
}

// LeaguesFunction serves Battlefield's leagues: the organizers' route that
// opens one, the public list and pages, entering a robot, and the
// console's league pages.
func LeaguesFunction(a *App) Handler {
	return Serve(a, leaguesapi.Register, true, leaguesapi.Services{Leagues: a.Leagues(), Sessions: a.Sessions()})
}

// LeagueDrawFunction draws the leagues whose registration has closed.
func LeagueDrawFunction(a *App) Handler { return Handler{Run: a.LeagueDraw().Run} }

// LeaguePlayFunction plays the league matches due.
func LeaguePlayFunction(a *App) Handler { return Handler{Run: a.LeaguePlay().Run} }

// MentorshipFunction serves applications, pairing and check-ins.
func MentorshipFunction(a *App) Handler {
	return Serve(a, mentorshipapi.Register, true, a.Mentorship())
}

// AuthFunction serves the organizers' sign-in.
func AuthFunction(a *App) Handler { return Serve(a, authapi.Register, false, a.SignIn()) }

// ConsoleFunction serves the organizers' console.
func ConsoleFunction(a *App) Handler {
	return Serve(a, consoleapi.Register, true, consoleapi.Services{
		SignIn: a.SignIn(), Meetups: a.Meetups(), Agenda: a.Agenda(), Talks: a.Talks(), Roster: a.Roster(), Record: a.Record(), Members: a.MemberView(), Now: a.now,
		Mentorship: a.Mentorship(), Sends: a.Store(), Topics: a.Topics(),
	})
}

// PagesFunction serves the thank-you page and every route no other serves.
func PagesFunction(a *App) Handler {
	rt := httpapi.NewRouter(a.log)
	a.check(pagesapi.Register(rt))
	return Handler{Router: rt}
}

// MeetupReminderFunction reminds registrants and speakers of a meetup.
func MeetupReminderFunction(a *App) Handler { return Handler{Run: a.MeetupReminder().Run} }

// CallForSpeakersFunction raises the empty-slot alarm.
func CallForSpeakersFunction(a *App) Handler { return Handler{Run: a.CallForSpeakers().Run} }

// CheckinReminderFunction nudges silent mentorship pairs.
func CheckinReminderFunction(a *App) Handler { return Handler{Run: a.CheckinReminder().Run} }

// OrganizerDigestFunction sends the organizers' weekly digest.
func OrganizerDigestFunction(a *App) Handler { return Handler{Run: a.OrganizerDigest().Run} }
