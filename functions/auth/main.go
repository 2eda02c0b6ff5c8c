// Command auth is the Lambda function behind organizer sign-in: the emailed
// link and its exchange for a session token (template.yaml's AuthFunction).
package main

import (
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/authapi"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
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
	svc := &auth.Service{
		Organizers:      organizers,
		Tokens:          &token.Issuer{Store: store, Now: time.Now},
		Store:           store,
		Mail:            mail.NewSender(e.SES(cfg), sender),
		Log:             log,
		Now:             time.Now,
		BaseURL:         baseURL,
		DailyEmailLimit: limit,
	}
	rt := httpapi.NewRouter(log)
	(&authapi.Auth{Config: httpapi.Config{BaseURL: baseURL, ThankYouURL: thanks, Log: log}, Service: svc, TimeZone: zone}).Register(rt)
	lambda.Start(rt.Serve)
	return nil
}
