// Command members is the Lambda function behind the member routes: join,
// confirm, unsubscribe and erase (template.yaml's MembersFunction).
package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/memberapi"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/token"
)

func main() { lambdafn.Main(run) }

func run(log *slog.Logger) error {
	e := config.FromOS()
	table, baseURL, from := e.Required("TABLE_NAME"), e.Required("PUBLIC_BASE_URL"), e.Required("SENDER_EMAIL")
	thanks, limit, zone := e.Optional("THANK_YOU_URL"), e.PositiveInt("DAILY_EMAIL_LIMIT"), e.Location("TIME_ZONE")
	if err := e.Err(); err != nil {
		return err
	}
	cfg, err := e.AWS()
	if err != nil {
		return err
	}
	store := dynamo.New(e.DynamoDB(cfg), table)
	tokens := &token.Issuer{Store: store, Now: time.Now}
	sender := mail.NewSender(e.SES(cfg), from)
	// Erasing someone frees the seats they hold for the next in line, and
	// keeps only the titles of their talks on a programme, and ends their
	// mentorships, freeing the other side (SPEC §3.1).
	seats := &meetups.Service{
		Store: store, Tokens: tokens, Mail: sender, Log: log, Now: time.Now,
		BaseURL: baseURL, Zone: zone, DailyEmailLimit: limit,
	}
	svc := &members.Service{
		Store:           store,
		Tokens:          tokens,
		Mail:            sender,
		BeforeErase:     []func(context.Context, string) error{seats.ReleaseAll, store.AnonymizeTalks, store.EraseMentorship},
		Log:             log,
		Now:             time.Now,
		BaseURL:         baseURL,
		DailyEmailLimit: limit,
	}
	rt := httpapi.NewRouter(log)
	(&memberapi.Members{Config: httpapi.Config{BaseURL: baseURL, ThankYouURL: thanks, Log: log}, Service: svc}).Register(rt)
	lambda.Start(rt.Serve)
	return nil
}
