// Package wiringtest builds the system in tests the way a Lambda function
// builds it: through the composition root (package wiring), from the
// environment template.yaml gives the functions, resolved with the test
// parameters below, on a fresh table of the local DynamoDB and the local
// SES emulator.
package wiringtest

import (
	"log/slog"
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
)

// The template parameters the tests run with; the others take the
// template's defaults (Asia/Tehran, a daily email limit of 3, ...).
const (
	// BaseURL is PublicBaseUrl: every emailed link starts with it.
	BaseURL = "https://api.tehpug.test"
	// Sender is SenderEmail, the From of every email.
	Sender = "noreply@tehpug.test"
	// Organizer is the one address on OrganizerEmails.
	Organizer = "organizer@example.org"
	// SiteOrigin is the group's website.
	SiteOrigin = "https://tehpug.test"
)

// Params are the template parameters without defaults, at test values,
// and the SES rate at the template's highest, so scheduled runs are quick.
func Params() map[string]string {
	return map[string]string{"PublicBaseUrl": BaseURL, "SenderEmail": Sender, "OrganizerEmails": Organizer, "SiteOrigin": SiteOrigin, "SendRate": "500"}
}

// Env is what every function of the template is given (their variables
// together: each is the same parameter wherever it appears), resolved
// with Params and then params, on table, with Lambda's variables pointing
// the SDK at the local services. It starts those services if need be.
func Env(tb testing.TB, table string, params map[string]string) map[string]string {
	tb.Helper()
	tpl := testenv.Template(tb)
	p := Params()
	maps.Copy(p, params)
	refs, err := tpl.Refs(p, table, "us-east-1")
	if err != nil {
		tb.Fatal(err)
	}
	env := map[string]string{
		"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_ENDPOINT_URL_DYNAMODB": testenv.DynamoURL(tb), "AWS_ENDPOINT_URL_SES": testenv.SESURL(tb),
	}
	vars, err := tpl.Environment(refs)
	if err != nil {
		tb.Fatal(err)
	}
	maps.Copy(env, vars)
	return env
}

// System is the system built for one test, on a fresh table.
type System struct {
	*wiring.App
	// DB and Table are the fresh table, for what a test reads directly.
	DB    *dynamodb.Client
	Table string
	tb    testing.TB
}

// quiet discards the logs, unless opts give a logger: a test that reads
// them gives its own.
func quiet(opts []wiring.Option) []wiring.Option {
	return append([]wiring.Option{wiring.WithLogger(slog.New(slog.DiscardHandler))}, opts...)
}

// New builds the system on a fresh table with the template's defaults. Its
// logs are discarded unless opts give a logger.
func New(tb testing.TB, opts ...wiring.Option) *System {
	tb.Helper()
	return NewWith(tb, nil, opts...)
}

// NewWith builds the system with some template parameters changed, e.g.
// {"DailyEmailLimit": "1"}.
func NewWith(tb testing.TB, params map[string]string, opts ...wiring.Option) *System {
	tb.Helper()
	db, table := testenv.NewTable(tb)
	return &System{App: wiring.New(config.FromMap(Env(tb, table, params)), quiet(opts)...), DB: db, Table: table, tb: tb}
}

// Redeploy builds the system again on the same table with some parameters
// changed, as a deployment with new parameters would run on the same data.
func (s *System) Redeploy(params map[string]string, opts ...wiring.Option) *System {
	s.tb.Helper()
	return &System{App: wiring.New(config.FromMap(Env(s.tb, s.Table, params)), quiet(opts)...), DB: s.DB, Table: s.Table, tb: s.tb}
}

// Built fails the test if anything built so far was missing something; call
// it after building what the test uses.
func (s *System) Built() {
	s.tb.Helper()
	if err := s.Err(); err != nil {
		s.tb.Fatal(err)
	}
}
