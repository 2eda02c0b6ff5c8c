// Command meetups is the Lambda function behind the meetup and registration
// routes (template.yaml's MeetupsFunction).
package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/meetupapi"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/token"
)

func main() { lambdafn.Main(run) }

func run(log *slog.Logger) error {
	e := config.FromOS()
	table, baseURL, from := e.Required("TABLE_NAME"), e.Required("PUBLIC_BASE_URL"), e.Required("SENDER_EMAIL")
	thanks, limit, zone := e.Optional("THANK_YOU_URL"), e.PositiveInt("DAILY_EMAIL_LIMIT"), e.Location("TIME_ZONE")
	organizers, err := auth.ParseAllowList(e.Required("ORGANIZER_EMAILS"))
	if err := e.Err(); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	cfg, err := e.AWS()
	if err != nil {
		return err
	}
	store := dynamo.New(e.DynamoDB(cfg), table)
	tokens := &token.Issuer{Store: store, Now: time.Now}
	sender := mail.NewSender(e.SES(cfg), from)
	// A cancelled meetup's talks go back to the backlog, their speakers told.
	programme := &talks.Service{
		Store: store, Meetups: store, Tokens: tokens, Mail: sender, Log: log, Now: time.Now,
		BaseURL: baseURL, Zone: zone, DailyEmailLimit: limit,
	}
	svc := &meetups.Service{
		Store:           store,
		Tokens:          tokens,
		Mail:            sender,
		Talks:           store, // the meetup detail lists its accepted and confirmed talks
		AfterCancel:     []func(context.Context, meetups.Meetup) error{programme.ReturnToBacklog},
		Log:             log,
		Now:             time.Now,
		BaseURL:         baseURL,
		Zone:            zone,
		DailyEmailLimit: limit,
	}
	rt := httpapi.NewRouter(log)
	(&meetupapi.Meetups{
		Config:  httpapi.Config{BaseURL: baseURL, ThankYouURL: thanks, Log: log},
		Service: svc,
		Auth:    &auth.Service{Organizers: organizers, Tokens: tokens, Log: log, Now: time.Now},
		Zone:    zone,
	}).Register(rt)
	lambda.Start(rt.Serve)
	return nil
}
