package wiring

import (
	"context"
	"errors"
	"time"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/jobs/checkinreminder"
	"github.com/tehpug/backend/internal/jobs/leaguedraw"
	"github.com/tehpug/backend/internal/jobs/leagueplay"
	"github.com/tehpug/backend/internal/jobs/meetupreminder"
	"github.com/tehpug/backend/internal/jobs/organizerdigest"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/memberview"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/record"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/topics"
)

// services are the domain services and jobs, each built once.
type services struct {
	members    lazy[*members.Service]
	meetups    lazy[*meetups.Service]
	talks      lazy[*talks.Service]
	topics     lazy[*topics.Service]
	mentorship lazy[*mentorship.Service]
	roster     lazy[*mentorship.Roster]
	signIn     lazy[*auth.Service]
	agenda     lazy[*agenda.Service]
	record     lazy[*record.Service]
	memberView lazy[*memberview.Service]
	battle     lazy[*battlefield.Service]
	leagues    lazy[*leagues.Service]
	pageLinks  lazy[*members.PageLinks]
}

// PageLinks gives every email to a member the link to their own page.
func (a *App) PageLinks() *members.PageLinks {
	return a.services.pageLinks.get(a, func() (*members.PageLinks, error) {
		return members.NewPageLinks(a.Store(), a.Tokens(), a.Links())
	})
}

// Members is joining, confirming, unsubscribing and erasing. Erasing a
// person first frees the seats they hold for the next in line, keeps only
// the titles of their talks on a programme, ends their mentorships,
// freeing the other side, and withdraws their robots from leagues.
func (a *App) Members() *members.Service {
	return a.services.members.get(a, func() (*members.Service, error) {
		table := a.Store()
		var store members.Store = table
		if a.members != nil {
			store = a.members(store)
		}
		return members.New(members.Deps{
			Store: store, Tokens: a.Tokens(), Mail: a.Mailer(), Capped: a.Capped(), Log: a.log, Now: a.now,
			Links: a.Links(),
			BeforeErase: []func(context.Context, string) error{a.Meetups().ReleaseAll, table.AnonymizeTalks, table.EraseMentorship, a.Topics().Forget,
				func(ctx context.Context, owner string) error { return leagues.Withdraw(ctx, table, owner) }},
		})
	})
}

// Meetups is meetups, seats and the waitlist. A confirmed member's
// address is proven; anyone else's registration holds its place until
// they confirm it. A cancelled meetup's talks go back to the backlog,
// their speakers told.
func (a *App) Meetups() *meetups.Service {
	return a.services.meetups.get(a, func() (*meetups.Service, error) {
		d := meetups.Deps{
			Store: a.Store(), Tokens: a.Tokens(), Mail: a.Mailer(), Talks: a.Store(), Champions: a.Store(), Proven: a.confirmedMember, Pages: a.PageLinks(),
			Log: a.log, Now: a.now, Links: a.Links(), Zone: a.zoneOf(), DailyEmailLimit: a.dailyEmailLimit(),
			AfterCancel: []func(context.Context, meetups.Meetup) error{a.returnToBacklog},
		}
		if a.meetups != nil {
			a.meetups(&d)
		}
		return meetups.New(d)
	})
}

// confirmedMember reports whether key is a member who confirmed their
// membership from the emailed link: an address proven to be theirs.
func (a *App) confirmedMember(ctx context.Context, key string) (bool, error) {
	m, err := a.Store().GetMember(ctx, key)
	if errors.Is(err, members.ErrNotFound) {
		return false, nil
	}
	return err == nil && m.Status == members.Confirmed, err
}

// returnToBacklog sends a cancelled meetup's talks back to the backlog;
// the talks service is built only when a meetup is cancelled, and not at
// all by a function that never cancels one.
func (a *App) returnToBacklog(ctx context.Context, m meetups.Meetup) error {
	return a.Talks().ReturnToBacklog(ctx, m)
}

// Talks is the call for proposals.
func (a *App) Talks() *talks.Service {
	return a.services.talks.get(a, func() (*talks.Service, error) {
		return talks.New(talks.Deps{
			Store: a.Store(), Meetups: a.Store(), Topics: a.Topics(), Tokens: a.Tokens(), Mail: a.Mailer(), Capped: a.Capped(), Pages: a.PageLinks(),
			Log: a.log, Now: a.now, Links: a.Links(), Zone: a.zoneOf(),
		})
	})
}

// Topics is the topic wishlist: confirmed members propose and vote, by
// their member page's token.
func (a *App) Topics() *topics.Service {
	return a.services.topics.get(a, func() (*topics.Service, error) {
		return topics.New(topics.Deps{Store: a.Store(), Tokens: a.Tokens(), Confirmed: a.confirmedMember, Log: a.log, Now: a.now})
	})
}

// Mentorship is applications, pairing and check-ins.
func (a *App) Mentorship() *mentorship.Service {
	return a.services.mentorship.get(a, func() (*mentorship.Service, error) {
		return mentorship.New(mentorship.Deps{Roster: a.Roster(), Capstones: a.Talks(), Mail: a.Mailer(), Capped: a.Capped(), Pages: a.PageLinks(), Log: a.log})
	})
}

// Roster is every mentorship with its health, and their check-in links.
func (a *App) Roster() *mentorship.Roster {
	return a.services.roster.get(a, func() (*mentorship.Roster, error) {
		var store mentorship.Store = a.Store()
		if a.pairs != nil {
			store = a.pairs(store)
		}
		return mentorship.NewRoster(store, a.Tokens(), a.now, a.Links())
	})
}

// SignIn is the organizers' sign-in by emailed link.
func (a *App) SignIn() *auth.Service {
	return a.services.signIn.get(a, func() (*auth.Service, error) {
		return auth.New(auth.Deps{Sessions: a.sessionsOf(), Capped: a.Capped(), Languages: a.Store(), Log: a.log, Now: a.now, Links: a.Links()})
	})
}

// Agenda is what needs the organizers' action: the weekly digest sends it,
// the console's dashboard shows it.
func (a *App) Agenda() *agenda.Service {
	return a.services.agenda.get(a, func() (*agenda.Service, error) {
		return agenda.New(agenda.Deps{Store: a.Store(), Pairs: agenda.MentorshipPairs{Mentorships: a.Roster()}, Zone: a.zoneOf()})
	})
}

// Record is the record of what organizers change.
func (a *App) Record() *record.Service {
	return a.services.record.get(a, func() (*record.Service, error) { return record.New(a.Store(), a.now, a.log), nil })
}

// MemberView is what organizers see of the members.
func (a *App) MemberView() *memberview.Service {
	return a.services.memberView.get(a, func() (*memberview.Service, error) {
		return memberview.New(a.Store(), a.Members(), a.now, a.zoneOf())
	})
}

// Battlefield is members' robots and their practice matches, played by
// the match runner (MATCH_RUNNER_FUNCTION).
func (a *App) Battlefield() *battlefield.Service {
	return a.services.battle.get(a, func() (*battlefield.Service, error) {
		table := a.Store()
		return battlefield.New(battlefield.Deps{
			Store: table, Runner: a.matchRunner(), Tokens: a.Tokens(), Capped: a.Capped(), Mail: a.Mailer(), Pages: a.PageLinks(), Log: a.log, Now: a.now, Links: a.Links(),
			Practice: func(ctx context.Context, addr string, max int, now time.Time) (bool, error) {
				return table.AllowEmail(ctx, "practice-match", addr, max, now)
			},
		})
	})
}

// matchRunner is the match runner: MATCH_RUNNER_FUNCTION, invoked through
// Lambda's Invoke API (the local stack's when AWS_ENDPOINT_URL_LAMBDA
// says), unless a test gave its own (WithRunner).
func (a *App) matchRunner() battlefield.Runner {
	if a.runner == nil {
		a.runner = matchrunner.Lambda(a.awsConfig(), a.env.Endpoint("LAMBDA"), a.env.Required("MATCH_RUNNER_FUNCTION"))
	}
	return a.runner
}

// Leagues is Battlefield's leagues: creating them, entering robots by
// their emailed link, and each league's page.
func (a *App) Leagues() *leagues.Service {
	return a.services.leagues.get(a, func() (*leagues.Service, error) {
		table, tokens := a.Store(), a.Tokens()
		return leagues.New(leagues.Deps{
			Store: table, Log: a.log, Now: a.now, Zone: a.zoneOf(),
			Robot: func(ctx context.Context, raw string) (battlefield.Robot, error) {
				_, r, err := battlefield.LinkedRobot(ctx, tokens, table, raw)
				return r, err
			},
		})
	})
}

// LeagueDraw closes the leagues whose registration ended and draws them.
func (a *App) LeagueDraw() *leaguedraw.Job {
	j, err := leaguedraw.New(leaguedraw.Deps{Store: a.Store(), Deliver: a.Deliverer(), Zone: a.zoneOf(), Links: a.Links(), Pages: a.PageLinks()})
	a.check(err)
	return j
}

// LeaguePlay plays the league fixtures due, by the match runner.
func (a *App) LeaguePlay() *leagueplay.Job {
	j, err := leagueplay.New(leagueplay.Deps{
		Store: a.Store(), Runner: a.matchRunner(), Deliver: a.Deliverer(), Zone: a.zoneOf(), Links: a.Links(), Pages: a.PageLinks(), Log: a.log, Clock: a.now,
	})
	a.check(err)
	return j
}

// organizersOf is who the jobs' organizer emails go to (ORGANIZER_EMAILS),
// each in the language they chose in the console, else ORGANIZER_LANGUAGE.
func (a *App) organizersOf() jobs.Organizers {
	return jobs.Organizers{Emails: a.organizerList().Emails(), Fallback: a.organizerLanguage(), Chosen: a.Store()}
}

// Sessions recognises signed-in organizers: what every organizer route needs.
func (a *App) Sessions() *auth.Sessions { return a.sessionsOf() }

// MeetupReminder is the reminder a day or two before a meetup.
func (a *App) MeetupReminder() *meetupreminder.Job {
	j, err := meetupreminder.New(meetupreminder.Deps{
		Store: a.Store(), Speakers: a.Store(), Deliver: a.Deliverer(), Tokens: a.Tokens(), Pages: a.PageLinks(),
		Links: a.Links(), Zone: a.zoneOf(), Organizer: a.env.Required("SENDER_EMAIL"),
	})
	a.check(err)
	return j
}

// CallForSpeakers is the empty-slot alarm and the speaker confirmation ladder.
func (a *App) CallForSpeakers() *callforspeakers.Job {
	j, err := callforspeakers.New(callforspeakers.Deps{
		Store: a.Store(), Deliver: a.Deliverer(), Tokens: a.Tokens(), Pages: a.PageLinks(), Links: a.Links(),
		SiteOrigin: a.env.Required("SITE_ORIGIN"), Zone: a.zoneOf(), Organizers: a.organizersOf(),
	})
	a.check(err)
	return j
}

// CheckinReminder nudges silent mentorship pairs and reports stalled ones.
func (a *App) CheckinReminder() *checkinreminder.Job {
	j, err := checkinreminder.New(checkinreminder.Deps{
		Pairs: a.Roster(), Meetups: a.Store(), Deliver: a.Deliverer(), Pages: a.PageLinks(), Zone: a.zoneOf(), Links: a.Links(),
		Organizers: a.organizersOf(),
	})
	a.check(err)
	return j
}

// OrganizerDigest is the organizers' weekly digest: the agenda, emailed.
func (a *App) OrganizerDigest() *organizerdigest.Job {
	j, err := organizerdigest.New(organizerdigest.Deps{
		Agenda: a.Agenda(), Deliver: a.Deliverer(), Links: a.Links(), Zone: a.zoneOf(), Organizers: a.organizersOf(),
	})
	a.check(err)
	return j
}
