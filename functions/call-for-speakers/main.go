// Command call-for-speakers is the scheduled empty-slot alarm and speaker
// confirmation ladder (template.yaml's CallForSpeakersFunction).
package main

import (
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/token"
)

func main() { lambdafn.Main(run) }

func run(log *slog.Logger) error {
	e := config.FromOS()
	table, baseURL, from, site := e.Required("TABLE_NAME"), e.Required("PUBLIC_BASE_URL"), e.Required("SENDER_EMAIL"), e.Required("SITE_ORIGIN")
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
	job := &callforspeakers.Job{
		Store:             store,
		Tokens:            &token.Issuer{Store: store, Now: time.Now},
		BaseURL:           baseURL,
		SiteOrigin:        site,
		Zone:              zone,
		Organizers:        organizers.Emails(),
		OrganizerLanguage: lang,
		Deliver:           &jobs.Deliverer{Ledger: store, Mail: mail.NewSender(e.SES(cfg), from), Log: log, Rate: perSecond},
	}
	lambda.Start(jobs.Handler(job.Run))
	return nil
}
