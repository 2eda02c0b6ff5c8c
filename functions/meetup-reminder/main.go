// Command meetup-reminder is the scheduled function that reminds registrants
// and speakers of a meetup a day or two ahead, with a calendar invite
// (template.yaml's MeetupReminderFunction).
package main

import (
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/meetupreminder"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/token"
)

func main() { lambdafn.Main(run) }

func run(log *slog.Logger) error {
	e := config.FromOS()
	table, baseURL, from := e.Required("TABLE_NAME"), e.Required("PUBLIC_BASE_URL"), e.Required("SENDER_EMAIL")
	zone, perSecond := e.Location("TIME_ZONE"), e.PositiveFloat("SEND_RATE")
	if err := e.Err(); err != nil {
		return err
	}
	cfg, err := e.AWS()
	if err != nil {
		return err
	}
	store := dynamo.New(e.DynamoDB(cfg), table)
	job := &meetupreminder.Job{
		Store:     store,
		Speakers:  store,
		Tokens:    &token.Issuer{Store: store, Now: time.Now},
		BaseURL:   baseURL,
		Zone:      zone,
		Organizer: from,
		Deliver:   &jobs.Deliverer{Ledger: store, Mail: mail.NewSender(e.SES(cfg), from), Log: log, Rate: perSecond},
	}
	lambda.Start(jobs.Handler(job.Run))
	return nil
}
