package config

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ses"
)

// AWS is the SDK configuration from the variables Lambda sets for every
// function (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN). Nothing else is searched (profiles, files, metadata
// endpoints): a cold start does no more than it must. These are Lambda's,
// not template.yaml's, so Read does not list them.
func (e *Env) AWS() (aws.Config, error) {
	region := e.get("AWS_REGION")
	if region == "" {
		return aws.Config{}, errors.New("configuration: AWS_REGION is not set")
	}
	id, secret := e.get("AWS_ACCESS_KEY_ID"), e.get("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		return aws.Config{}, errors.New("configuration: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set")
	}
	return aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(id, secret, e.get("AWS_SESSION_TOKEN")),
	}, nil
}

// DynamoDB returns a DynamoDB client for cfg, with opts applied last. AWS_ENDPOINT_URL_DYNAMODB
// points it at a local stand-in (the local stack and the tests set it;
// Lambda does not).
func (e *Env) DynamoDB(cfg aws.Config, opts ...func(*dynamodb.Options)) *dynamodb.Client {
	endpoint := e.get("AWS_ENDPOINT_URL_DYNAMODB")
	return dynamodb.NewFromConfig(cfg, append([]func(*dynamodb.Options){func(o *dynamodb.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	}}, opts...)...)
}

// SES returns an SES client for cfg, with opts applied last, honouring AWS_ENDPOINT_URL_SES as
// DynamoDB does its own.
func (e *Env) SES(cfg aws.Config, opts ...func(*ses.Options)) *ses.Client {
	endpoint := e.get("AWS_ENDPOINT_URL_SES")
	return ses.NewFromConfig(cfg, append([]func(*ses.Options){func(o *ses.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	}}, opts...)...)
}

// Endpoint is the local stand-in for an AWS service, by the name the SDK
// gives its variable (AWS_ENDPOINT_URL_LAMBDA for "LAMBDA"); empty on
// Lambda, where the SDK finds the real one.
func (e *Env) Endpoint(service string) string { return e.get("AWS_ENDPOINT_URL_" + service) }
