// Command checkin-reminder is the scheduled nudge for mentorship pairs that
// have gone quiet, and the organizers' alert when one stalls
// (template.yaml's CheckinReminderFunction).
package main

import (
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/checkinreminder"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/token"
)

func main() { lambdafn.Main(run) }

func run(log *slog.Logger) error {
	e := config.FromOS()
	table, baseURL, from := e.Required("TABLE_NAME"), e.Required("PUBLIC_BASE_URL"), e.Required("SENDER_EMAIL")
	zone, perSecond, lang := e.Location("TIME_ZONE"), e.PositiveFloat("SEND_RATE"), e.Required("ORGANIZER_LANGUAGE")
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
	sender := mail.NewSender(e.SES(cfg), from)
	job := &checkinreminder.Job{
		Pairs: &mentorship.Service{
			Store: store, Tokens: &token.Issuer{Store: store, Now: time.Now}, Mail: sender, Log: log, Now: time.Now, BaseURL: baseURL,
		},
		Meetups:           store,
		Zone:              zone,
		BaseURL:           baseURL,
		Organizers:        organizers.Emails(),
		OrganizerLanguage: lang,
		Deliver:           &jobs.Deliverer{Ledger: store, Mail: sender, Log: log, Rate: perSecond},
	}
	lambda.Start(jobs.Handler(job.Run))
	return nil
}
