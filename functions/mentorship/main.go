// Command mentorship is the Lambda function behind the mentorship routes:
// applications, pairing, check-ins and the organizers' view of every pair
// (template.yaml's MentorshipFunction).
package main

import (
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/mentorapi"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/token"
)

func main() { lambdafn.Main(run) }

func run(log *slog.Logger) error {
	e := config.FromOS()
	table, baseURL, sender := e.Required("TABLE_NAME"), e.Required("PUBLIC_BASE_URL"), e.Required("SENDER_EMAIL")
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
	svc := &mentorship.Service{
		Store:           store,
		Tokens:          tokens,
		Mail:            mail.NewSender(e.SES(cfg), sender),
		Log:             log,
		Now:             time.Now,
		BaseURL:         baseURL,
		DailyEmailLimit: limit,
	}
	rt := httpapi.NewRouter(log)
	(&mentorapi.Mentorship{
		Config:  httpapi.Config{BaseURL: baseURL, ThankYouURL: thanks, Log: log},
		Service: svc,
		Auth:    &auth.Service{Organizers: organizers, Tokens: tokens, Log: log, Now: time.Now},
		Zone:    zone,
	}).Register(rt)
	lambda.Start(rt.Serve)
	return nil
}
