package matchrunner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// Lambda invokes the runner function by name (MATCH_RUNNER_FUNCTION),
// synchronously. endpoint is the local stack's Invoke API, or empty on AWS.
func Lambda(cfg aws.Config, endpoint, function string) Runner {
	c := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
	return Runner{invoke: func(ctx context.Context, event []byte) ([]byte, error) {
		out, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(function), Payload: event})
		if err != nil {
			return nil, err
		}
		if out.FunctionError != nil {
			return nil, failed("function error "+*out.FunctionError, out.Payload)
		}
		return out.Payload, nil
	}}
}
