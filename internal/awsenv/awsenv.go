// Package awsenv builds the AWS SDK configuration a function needs from its
// environment, doing as little as possible at start-up: Lambda hands every
// function its region and credentials as environment variables, so there is
// no need to search profiles, files or metadata endpoints on a cold start.
//
// AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SES point the clients at local
// stand-ins (the local stack and the tests set them; Lambda does not).
package awsenv

import (
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ses"
)

// Config returns the SDK configuration from AWS_REGION and the credentials
// Lambda provides (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
func Config() (aws.Config, error) {
	region := os.Getenv("AWS_REGION")
	if region == "" {
		return aws.Config{}, fmt.Errorf("AWS_REGION is not set")
	}
	id, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		return aws.Config{}, fmt.Errorf("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set")
	}
	return aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(id, secret, os.Getenv("AWS_SESSION_TOKEN")),
	}, nil
}

// DynamoDB returns a DynamoDB client for cfg, honouring AWS_ENDPOINT_URL_DYNAMODB.
func DynamoDB(cfg aws.Config) *dynamodb.Client {
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if u := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"); u != "" {
			o.BaseEndpoint = aws.String(u)
		}
	})
}

// SES returns an SES client for cfg, honouring AWS_ENDPOINT_URL_SES.
func SES(cfg aws.Config) *ses.Client {
	return ses.NewFromConfig(cfg, func(o *ses.Options) {
		if u := os.Getenv("AWS_ENDPOINT_URL_SES"); u != "" {
			o.BaseEndpoint = aws.String(u)
		}
	})
}
