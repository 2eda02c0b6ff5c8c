package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/samtemplate"
)

// service is a local stand-in for an AWS service, run from the pinned Node
// tools in infra/node_modules.
type service struct {
	name string // "DynamoDB (dynalite)"
	addr string // host:port it listens on
	proc *child
}

// url is the service's endpoint.
func (s *service) url() string { return "http://" + s.addr }

// nodeTool is the path of an installed Node tool, or an error saying how to
// install them.
func nodeTool(root, name string) (string, error) {
	path := filepath.Join(root, "infra", "node_modules", ".bin", name)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("%s is not installed (%s missing): run `make node-tools`", name, path)
	}
	return path, nil
}

// startDynalite starts dynalite on addr, keeping its data in dataDir.
func startDynalite(ctx context.Context, root, addr, dataDir string, log *slog.Logger) (*service, error) {
	bin, err := nodeTool(root, "dynalite")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("dynalite data folder: %w", err)
	}
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "--host", host, "--port", port, "--path", dataDir)
	return startService(ctx, "DynamoDB (dynalite)", addr, cmd, "Dynalite listening at", "/", log)
}

// startSES starts aws-ses-v2-local on addr.
func startSES(ctx context.Context, root, addr string, log *slog.Logger) (*service, error) {
	bin, err := nodeTool(root, "aws-ses-v2-local")
	if err != nil {
		return nil, err
	}
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "--host", host, "--port", port)
	return startService(ctx, "SES (aws-ses-v2-local)", addr, cmd, "server running at", "/health-check", log)
}

// errExitedEarly marks a service that exited before saying it listens:
// most likely, its port was taken.
var errExitedEarly = errors.New("exited before listening")

// startService runs cmd and waits until it prints ready (it listens: the
// port is its own, not that of another process that took it first) and
// answers HTTP on addr.
func startService(ctx context.Context, name, addr string, cmd *exec.Cmd, ready, probe string, log *slog.Logger) (*service, error) {
	log = log.With("service", name)
	listening := make(chan struct{})
	var once sync.Once
	out := func(line string) {
		log.Debug(line)
		if strings.Contains(line, ready) {
			once.Do(func() { close(listening) })
		}
	}
	proc, err := startChild(name, cmd, out, func(line string) { log.Debug(line) })
	if err != nil {
		return nil, err
	}
	s := &service{name: name, addr: addr, proc: proc}
	select {
	case <-listening:
	case <-proc.done:
		return nil, fmt.Errorf("%s did not start (is port %s taken?): %s: %w", name, addr, proc.describe(), errExitedEarly)
	case <-time.After(30 * time.Second):
		proc.stop(0)
		return nil, fmt.Errorf("%s did not say it listens on %s within 30s: %s", name, addr, proc.describe())
	case <-ctx.Done():
		proc.stop(0)
		return nil, ctx.Err()
	}
	if err := waitHTTP(ctx, "http://"+addr+probe, proc, 30*time.Second); err != nil {
		proc.stop(0)
		return nil, fmt.Errorf("%s did not start: %w", name, err)
	}
	log.Debug("ready", "addr", addr, "pid", proc.pid())
	return s, nil
}

// waitHTTP polls url until it answers at all, the process exits, or the
// time is up.
func waitHTTP(ctx context.Context, url string, proc *child, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-proc.done:
			return errors.New(proc.describe())
		case <-ctx.Done():
			return fmt.Errorf("no answer from %s: %w; %s", url, ctx.Err(), proc.describe())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// ensureTable creates the template's table under name unless it exists, and
// waits until it is ACTIVE (dynalite creates tables asynchronously).
func ensureTable(ctx context.Context, endpoint, name string, tpl *samtemplate.Template, log *slog.Logger) error {
	db := dynamodb.New(dynamodb.Options{
		Region:       region,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
	in, err := tpl.CreateTableInput(name)
	if err != nil {
		return err
	}
	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var missing *types.ResourceNotFoundException
	switch {
	case errors.As(err, &missing):
		if _, err := db.CreateTable(ctx, in); err != nil {
			return fmt.Errorf("create table %s: %w", name, err)
		}
		log.Info("created table", "table", name)
	case err != nil:
		return fmt.Errorf("describe table %s: %w", name, err)
	default:
		warnIfStale(out.Table, in, log)
	}
	if attr := tpl.TTLAttribute(); attr != "" {
		log.Debug("dynalite has no time to live: expired items stay until deleted", "table", name, "attribute", attr)
	}
	for {
		out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			return fmt.Errorf("describe table %s: %w", name, err)
		}
		if tableActive(out.Table) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("table %s not active: %w", name, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func tableActive(t *types.TableDescription) bool {
	if t.TableStatus != types.TableStatusActive {
		return false
	}
	for _, g := range t.GlobalSecondaryIndexes {
		if g.IndexStatus != types.IndexStatusActive {
			return false
		}
	}
	return true
}

// warnIfStale says so when a table kept from an earlier run no longer has
// the indexes the template defines.
func warnIfStale(have *types.TableDescription, want *dynamodb.CreateTableInput, log *slog.Logger) {
	var haveIdx, wantIdx []string
	for _, g := range have.GlobalSecondaryIndexes {
		haveIdx = append(haveIdx, aws.ToString(g.IndexName))
	}
	for _, g := range want.GlobalSecondaryIndexes {
		wantIdx = append(wantIdx, aws.ToString(g.IndexName))
	}
	slices.Sort(haveIdx)
	slices.Sort(wantIdx)
	if !slices.Equal(haveIdx, wantIdx) {
		log.Warn("the local table's indexes differ from template.yaml; `make clean-data` recreates it",
			"table", aws.ToString(have.TableName), "have", strings.Join(haveIdx, ","), "want", strings.Join(wantIdx, ","))
	}
}

// claimAddr checks that addr is free. An address with port 0 gets a free
// port chosen now; the service is started on it right after.
func claimAddr(what, addr string) (string, error) {
	addrs, err := claimAddrs(what, addr)
	if err != nil {
		return "", err
	}
	return addrs[0], nil
}

// claimAddrs claims one address for each of addrs at once, holding every
// listener open until all are claimed, so that "127.0.0.1:0" twice gives two
// different ports (claimed one after the other, the kernel may hand out the
// port it just got back).
func claimAddrs(what string, addrs ...string) ([]string, error) {
	out := make([]string, 0, len(addrs))
	for _, addr := range addrs {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, busyError(what, addr, err)
		}
		defer l.Close()
		out = append(out, l.Addr().String())
	}
	return out, nil
}

// listen opens the stack's own listeners, naming the port when it is taken.
func listen(what, addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, busyError(what, addr, err)
	}
	return l, nil
}

func busyError(what, addr string, err error) error {
	_, port, _ := net.SplitHostPort(addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s: port %s is already in use (%s); is another `make run` or an old dynalite still running? (%w)", what, port, addr, err)
	}
	return fmt.Errorf("%s: cannot listen on %s (port %s): %w", what, addr, port, err)
}
