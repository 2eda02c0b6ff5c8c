// Command hello is the baseline of the cold-start benchmark: the smallest
// aws-lambda-go function, built exactly as the real ones are, so that
// infra/bench can compare each function's start-up with Go's and the
// runtime library's own.
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, json.RawMessage) (string, error) {
		return "hello", nil
	})
}
