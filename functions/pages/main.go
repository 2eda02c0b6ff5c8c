// Command pages is the Lambda function behind the thank-you page and every
// route no other function serves (template.yaml's PagesFunction).
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/tehpug/backend/internal/api/pageapi"
	"github.com/tehpug/backend/internal/httpapi"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	rt := httpapi.NewRouter(log)
	pageapi.Pages{}.Register(rt)
	lambda.Start(rt.Serve)
}
