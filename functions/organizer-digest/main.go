// Command organizer-digest is the organizers' weekly digest
// (template.yaml's OrganizerDigestFunction).
package main

import (
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/auth"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/jobs/organizerdigest"
	"github.com/tehpug/backend/internal/lambdafn"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/mentorship"
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
	job := &organizerdigest.Job{
		Store:      store,
		Pairs:      organizerdigest.MentorshipPairs{Mentorships: &mentorship.Service{Store: store, Log: log, Now: time.Now}},
		BaseURL:    baseURL,
		Zone:       zone,
		Organizers: organizers.Emails(),
		Language:   lang,
		Deliver:    &jobs.Deliverer{Ledger: store, Mail: mail.NewSender(e.SES(cfg), from), Log: log, Rate: perSecond},
	}
	lambda.Start(jobs.Handler(job.Run))
	return nil
}
