package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/samtemplate"
	"github.com/tehpug/backend/internal/wiring"
)

// newApp builds the system through the composition root on a fresh table of
// the stack's dynalite, with the template's environment resolved with the
// stack's parameters and params, and the stack's SES emulator.
func newApp(ctx context.Context, s *local.Stack, tpl *samtemplate.Template, table string, params map[string]string, opts ...wiring.Option) (*wiring.App, error) {
	p := s.Params()
	maps.Copy(p, params)
	refs, err := tpl.Refs(p, table, "us-east-1")
	if err != nil {
		return nil, err
	}
	env, err := tpl.Environment(refs)
	if err != nil {
		return nil, err
	}
	maps.Copy(env, map[string]string{
		"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
		"AWS_ENDPOINT_URL_DYNAMODB": s.DynamoURL(), "AWS_ENDPOINT_URL_SES": s.SESURL(),
	})
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("bench", "bench", "")}
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(s.DynamoURL()) })
	if err := createTable(ctx, db, tpl, table); err != nil {
		return nil, err
	}
	return wiring.New(config.FromMap(env), append([]wiring.Option{wiring.WithLogger(slog.New(slog.DiscardHandler))}, opts...)...), nil
}

// createTable creates the template's table under name and waits until it is ACTIVE.
func createTable(ctx context.Context, db *dynamodb.Client, tpl *samtemplate.Template, name string) error {
	in, err := tpl.CreateTableInput(name)
	if err != nil {
		return err
	}
	if _, err := db.CreateTable(ctx, in); err != nil {
		return fmt.Errorf("create table %s: %w", name, err)
	}
	w := dynamodb.NewTableExistsWaiter(db, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 200*time.Millisecond
	})
	return w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: &name}, 30*time.Second)
}

// recipientsOf lists the recipient of every email the stack's SES emulator
// holds for addresses containing part, once per email, in lower case.
func recipientsOf(ctx context.Context, s *local.Stack, part string) ([]string, error) {
	mails, err := s.EmailsTo(ctx, part)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(mails))
	for i, m := range mails {
		out[i], _ = m.SentTo(part)
	}
	return out, nil
}
