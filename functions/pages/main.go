// Command pages is the Lambda function behind the thank-you page and every
// route no other function serves (template.yaml's PagesFunction).
package main

import (
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/httpapi/pageapi"
	"github.com/tehpug/backend/internal/lambdafn"
)

func main() { lambdafn.Main(run) }

func run(log *slog.Logger) error {
	rt := httpapi.NewRouter(log)
	pageapi.Pages{}.Register(rt)
	lambda.Start(rt.Serve)
	return nil
}
