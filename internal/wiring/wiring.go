// Package wiring is the composition root: it builds every dependency of the
// system once, from the environment template.yaml gives a function, and
// hands each Lambda function only what it uses.
//
// Each function of template.yaml has a builder here named after its logical
// ID (MembersFunction, CallForSpeakersFunction, ...; functions.go), which
// its functions/<name>/main.go passes to Start. Everything shared (the
// table, the token issuer, the mailer) is built on first use, so a function
// pays at cold start only for what it uses. The tests, the local benchmarks
// and the mains all build services here, so there is one way to put the
// system together.
package wiring

import (
	"errors"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awsses "github.com/aws/aws-sdk-go-v2/service/ses"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mailcap"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/ses"
	"github.com/tehpug/backend/internal/token"
)

// App builds the system from one function's environment. Build it with
// New; after building what a function needs, Err says whether anything was
// missing or not valid.
type App struct {
	env      *config.Env
	log      *slog.Logger
	now      func() time.Time
	wrapMail func(Mailer) Mailer
	dynamoDB []func(*dynamodb.Options)
	ses      []func(*awsses.Options)
	meetups  func(*meetups.Deps)
	members  func(members.Store) members.Store
	pairs    func(mentorship.Store) mentorship.Store
	runner   battlefield.Runner
	errs     []error

	aws        lazy[aws.Config]
	store      lazy[*dynamo.Table]
	tokens     lazy[*token.Issuer]
	mailer     lazy[Mailer]
	capped     lazy[*mailcap.Cap]
	delivery   lazy[*jobs.Deliverer]
	organizers lazy[auth.AllowList]
	sessions   lazy[*auth.Sessions]
	zone       lazy[*time.Location]
	links      lazy[email.Links]
	services   services
}

// Mailer sends one email: the SES adapter, or what a test puts around it.
type Mailer = email.Sender

// Option changes how an App builds, for tests and benchmarks.
type Option func(*App)

// WithLogger logs through log (default: slog.Default; Start gives every
// function JSON lines on standard output carrying the request ids).
func WithLogger(log *slog.Logger) Option { return func(a *App) { a.log = log } }

// WithClock runs every service on now (default: the wall clock).
func WithClock(now func() time.Time) Option { return func(a *App) { a.now = now } }

// WithMailer puts wrap around the SES mailer, to see or break what is sent.
func WithMailer(wrap func(next Mailer) Mailer) Option { return func(a *App) { a.wrapMail = wrap } }

// WithClientOptions changes the AWS clients, e.g. to count their requests.
func WithClientOptions(db func(*dynamodb.Options), email func(*awsses.Options)) Option {
	return func(a *App) {
		if db != nil {
			a.dynamoDB = append(a.dynamoDB, db)
		}
		if email != nil {
			a.ses = append(a.ses, email)
		}
	}
}

// WithMeetupsDeps lets a test change what the meetups service is built
// from: a store that fails on cue, one more step after a cancellation.
func WithMeetupsDeps(edit func(*meetups.Deps)) Option { return func(a *App) { a.meetups = edit } }

// WithMembersStore puts wrap around the store members is built on, for a
// test that holds a request at one of its writes.
func WithMembersStore(wrap func(members.Store) members.Store) Option {
	return func(a *App) { a.members = wrap }
}

// WithMentorshipStore puts wrap around the store mentorship is built on, for
// a test that stops a request between two of its writes.
func WithMentorshipStore(wrap func(mentorship.Store) mentorship.Store) Option {
	return func(a *App) { a.pairs = wrap }
}

// WithRunner plays matches with r instead of invoking
// MATCH_RUNNER_FUNCTION: the runner's handler in a local python3, for a
// test without the local stack.
func WithRunner(r battlefield.Runner) Option { return func(a *App) { a.runner = r } }

// New returns an App that reads env.
func New(env *config.Env, opts ...Option) *App {
	a := &App{env: env, log: slog.Default(), now: time.Now}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Err names every problem met while building: missing or invalid
// environment variables, and services built without what they need.
func (a *App) Err() error {
	return errors.Join(append([]error{a.env.Err()}, a.errs...)...)
}

// Env is the environment the App reads, for what it read (contract tests).
func (a *App) Env() *config.Env { return a.env }

// Now is the time on the App's clock (WithClock; the wall clock by default).
func (a *App) Now() time.Time { return a.now() }

// Organizers is the organizers' allow-list, ORGANIZER_EMAILS.
func (a *App) Organizers() auth.AllowList { return a.organizerList() }

// Check records err, if any, as a reason the function cannot start: for
// the builders of functions outside this package.
func (a *App) Check(err error) { a.check(err) }

// Log is the logger every service logs through.
func (a *App) Log() *slog.Logger { return a.log }

// check records err for Err: building carries on, so that Err names every
// problem at once.
func (a *App) check(err error) {
	if err != nil {
		a.errs = append(a.errs, err)
	}
}

// lazy holds something built on first use.
type lazy[T any] struct {
	built bool
	v     T
}

// get builds the value once; an error is kept for Err and the zero value
// returned, so building carries on and Err names every problem at once.
func (l *lazy[T]) get(a *App, build func() (T, error)) T {
	if !l.built {
		v, err := build()
		a.check(err)
		l.v, l.built = v, true
	}
	return l.v
}

// awsConfig is the SDK configuration Lambda provides.
func (a *App) awsConfig() aws.Config {
	return a.aws.get(a, a.env.AWS)
}

// Store is the DynamoDB table every service keeps its records in.
func (a *App) Store() *dynamo.Table {
	return a.store.get(a, func() (*dynamo.Table, error) {
		return dynamo.New(a.env.DynamoDB(a.awsConfig(), a.dynamoDB...), a.env.Required("TABLE_NAME")), nil
	})
}

// Tokens issues and checks the tokens of emailed links and sessions.
func (a *App) Tokens() *token.Issuer {
	return a.tokens.get(a, func() (*token.Issuer, error) { return token.NewIssuer(a.Store(), a.now) })
}

// Mailer sends email through SES, from SENDER_EMAIL.
func (a *App) Mailer() Mailer {
	return a.mailer.get(a, func() (Mailer, error) {
		sender, err := ses.NewSender(a.env.SES(a.awsConfig(), a.ses...), a.env.Required("SENDER_EMAIL"))
		if err != nil {
			a.env.Invalid("SENDER_EMAIL", err)
			return nil, nil
		}
		var m Mailer = sender
		if a.wrapMail != nil {
			m = a.wrapMail(m)
		}
		return m, nil
	})
}

// Capped sends the emails anyone can cause by posting a form with an
// address: DAILY_EMAIL_LIMIT of each kind to one address a day, and a
// failed one costs nothing.
func (a *App) Capped() *mailcap.Cap {
	return a.capped.get(a, func() (*mailcap.Cap, error) {
		return mailcap.New(mailcap.Deps{Counter: a.Store(), Tokens: a.Tokens(), Mail: a.Mailer(), Log: a.log, Now: a.now, Daily: a.dailyEmailLimit()})
	})
}

// Deliverer sends a scheduled run's emails at SEND_RATE.
func (a *App) Deliverer() *jobs.Deliverer {
	return a.delivery.get(a, func() (*jobs.Deliverer, error) {
		// Its clock stays the wall clock: it paces sends and stops before
		// the function's deadline, both in real time.
		return jobs.NewDeliverer(jobs.DelivererDeps{Ledger: a.Store(), Mail: a.Mailer(), Log: a.log, Rate: a.env.PositiveFloat("SEND_RATE")})
	})
}

// Links builds every emailed link, under PUBLIC_BASE_URL.
func (a *App) Links() email.Links {
	return a.links.get(a, func() (email.Links, error) {
		v := a.env.Required("PUBLIC_BASE_URL")
		if v == "" {
			return email.Links{}, nil
		}
		links, err := email.NewLinks(v)
		if err != nil {
			a.env.Invalid("PUBLIC_BASE_URL", err)
		}
		return links, nil
	})
}

// zone is TIME_ZONE, the group's time zone.
func (a *App) zoneOf() *time.Location {
	return a.zone.get(a, func() (*time.Location, error) { return a.env.Location("TIME_ZONE"), nil })
}

// dailyEmailLimit is DAILY_EMAIL_LIMIT: the emails of one kind a form can
// cause to one address a day.
func (a *App) dailyEmailLimit() int { return a.env.PositiveInt("DAILY_EMAIL_LIMIT") }

// organizerList is ORGANIZER_EMAILS, the organizers' allow-list.
func (a *App) organizerList() auth.AllowList {
	return a.organizers.get(a, func() (auth.AllowList, error) {
		list, err := auth.ParseAllowList(a.env.Required("ORGANIZER_EMAILS"))
		if err != nil {
			a.env.Invalid("ORGANIZER_EMAILS", err)
		}
		return list, nil
	})
}

// organizerLanguage is ORGANIZER_LANGUAGE, the language of organizer emails.
func (a *App) organizerLanguage() string {
	v := a.env.Required("ORGANIZER_LANGUAGE")
	if v != "" && !lang.Known(v) {
		a.env.Invalid("ORGANIZER_LANGUAGE", errors.New(`must be "en" or "fa"`))
	}
	return v
}

// sessionsOf recognises signed-in organizers.
func (a *App) sessionsOf() *auth.Sessions {
	return a.sessions.get(a, func() (*auth.Sessions, error) { return auth.NewSessions(a.organizerList(), a.Tokens()) })
}

// site is what every HTTP handler knows of where it is deployed; for a
// function that serves organizers (the organizer API, the console), their
// sessions and the record their changes are kept in.
func (a *App) site(organizerRoutes bool) httpapi.Config {
	c := httpapi.Config{BaseURL: a.env.Required("PUBLIC_BASE_URL"), ThankYouURL: a.env.Optional("THANK_YOU_URL"), Log: a.log, Zone: a.zoneOf()}
	if organizerRoutes {
		c.Organizers, c.Record = a.Sessions(), a.Record()
	}
	return c
}
