// Command tehpug-local runs the whole TehPUG backend on this machine (`make
// run`): the HTTP API, the Lambda Invoke API, every function under the Lambda
// Runtime Interface Emulator, local DynamoDB and SES, and the example website
// built with Hugo against the API. Ctrl-C stops it all.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/tehpug/backend/infra/local"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tehpug-local:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		o         local.Options
		params    = paramFlag{}
		functions string
		verbose   bool
		jsonLogs  bool
	)
	flag.StringVar(&o.HTTPAddr, "http", "127.0.0.1:3000", "HTTP API address")
	flag.StringVar(&o.InvokeAddr, "invoke", "127.0.0.1:3001", "Lambda Invoke API address")
	flag.StringVar(&o.DynamoAddr, "dynamodb", "127.0.0.1:8000", "local DynamoDB (dynalite) address")
	flag.StringVar(&o.SESAddr, "ses", "127.0.0.1:8005", "local SES address")
	flag.StringVar(&o.DataDir, "data", "", "dynalite data folder (default <repo>/.local/dynamodb)")
	flag.StringVar(&o.TableName, "table", "tehpug", "DynamoDB table name")
	flag.IntVar(&o.PoolMax, "pool", 4, "most environments per function")
	flag.StringVar(&o.SiteSource, "site", "site/example", `Hugo site to build against the API and serve ("" for none)`)
	flag.StringVar(&o.SiteAddr, "site-addr", "127.0.0.1:1313", "website address")
	flag.StringVar(&functions, "functions", "", "comma-separated logical IDs to run (default all)")
	flag.Var(params, "param", "template parameter override Name=Value (repeatable)")
	flag.BoolVar(&verbose, "v", false, "debug logs (emulator and service output)")
	flag.BoolVar(&jsonLogs, "json", false, "log as JSON")
	flag.Parse()
	if functions != "" {
		o.Functions = strings.Split(functions, ",")
	}
	o.Params = params

	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	if jsonLogs {
		h = slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	}
	o.Log = slog.New(h)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	o.Log.Info("starting: building functions and starting local services")
	s, err := local.Start(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	printSummary(s)

	select {
	case <-ctx.Done():
		o.Log.Info("stopping")
	case err := <-s.Exited():
		s.Close()
		return err
	}
	return s.Close()
}

func printSummary(s *local.Stack) {
	p := s.Params()
	fmt.Printf(`
TehPUG backend running locally (Ctrl-C stops everything)

  HTTP API      %[1]s
  Invoke API    %[2]s
                aws lambda invoke --endpoint-url %[2]s --function-name <LogicalId> out.json
  DynamoDB      %[3]s   table %[4]q
                aws dynamodb scan --endpoint-url %[3]s --table-name %[4]s
  SES           %[5]s   (web page of every email sent; JSON at %[5]s/store)
  Organizers    %[6]s   (sign in: POST %[1]s/auth/login, the link arrives in SES)
  Data          %[7]s   (kept across runs; make clean-data wipes it)
  Functions     %[8]s
  Website       %[9]s   (the example site: join, register, submit a talk)

`, s.HTTPURL(), s.InvokeURL(), s.DynamoURL(), s.TableName(), s.SESURL(),
		p["OrganizerEmails"], s.DataDir(), strings.Join(s.Functions(), ", "), cmp.Or(s.SiteURL(), "none"))
}

// paramFlag collects -param Name=Value flags.
type paramFlag map[string]string

func (p paramFlag) String() string { return "" }

func (p paramFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("want Name=Value, got %q", v)
	}
	p[name] = value
	return nil
}
