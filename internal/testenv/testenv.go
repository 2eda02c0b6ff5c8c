// Package testenv gives integration tests the real local services they run
// against: dynalite for DynamoDB and aws-ses-v2-local for SES, started once per
// test binary on free loopback ports, with a fresh table per test built from
// template.yaml's definition so tests run in parallel without sharing data.
package testenv

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"github.com/tehpug/backend/internal/samtemplate"
	"github.com/tehpug/backend/internal/sesstore"
)

// Root returns the repository root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

type service struct {
	once sync.Once
	url  string
	err  error
}

// started starts tool on the first call and returns its URL; a tool that
// could not start fails every test that needs it.
func (s *service) started(tb testing.TB, tool string) string {
	tb.Helper()
	s.once.Do(func() { s.url, s.err = start(tool) })
	if s.err != nil {
		tb.Fatalf("start %s: %v", tool, s.err)
	}
	return s.url
}

var (
	dynalite, sesLocal service
	tplOnce            sync.Once
	tpl                *samtemplate.Template
	tplErr             error
)

// AWSConfig is the SDK configuration the tests use: any static credentials
// work with the local services.
func AWSConfig() aws.Config {
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
	}
}

// DynamoURL starts dynalite if needed and returns its URL.
func DynamoURL(tb testing.TB) string {
	tb.Helper()
	return dynalite.started(tb, "dynalite")
}

// SESURL starts the SES emulator if needed and returns its URL; its sent mail
// is listed at URL + "/store".
func SESURL(tb testing.TB) string {
	tb.Helper()
	return sesLocal.started(tb, "aws-ses-v2-local")
}

// Dynamo returns a client for the local DynamoDB.
func Dynamo(tb testing.TB) *dynamodb.Client {
	tb.Helper()
	u := DynamoURL(tb)
	return dynamodb.NewFromConfig(AWSConfig(), func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(u) })
}

// SES returns a client for the local SES and the emulator's base URL.
func SES(tb testing.TB) (*ses.Client, string) {
	tb.Helper()
	u := SESURL(tb)
	return ses.NewFromConfig(AWSConfig(), func(o *ses.Options) { o.BaseEndpoint = aws.String(u) }), u
}

// Template returns the repository's parsed template.yaml.
func Template(tb testing.TB) *samtemplate.Template {
	tb.Helper()
	tplOnce.Do(func() { tpl, tplErr = samtemplate.Load(filepath.Join(Root(), "template.yaml")) })
	if tplErr != nil {
		tb.Fatal(tplErr)
	}
	return tpl
}

// NewTable creates a fresh table with the template's keys and indexes, waits
// until it is ACTIVE, and deletes it when the test ends.
func NewTable(tb testing.TB) (*dynamodb.Client, string) {
	tb.Helper()
	db := Dynamo(tb)
	name := "test-" + RandomHex(6)
	in, err := Template(tb).CreateTableInput(name)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.CreateTable(ctx, in); err != nil {
		tb.Fatalf("create table: %v", err)
	}
	w := dynamodb.NewTableExistsWaiter(db, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 200*time.Millisecond
	})
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: &name}, 30*time.Second); err != nil {
		tb.Fatalf("wait for table: %v", err)
	}
	tb.Cleanup(func() { _, _ = db.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &name}) })
	return db, name
}

// Email is one message as the SES emulator stores it.
type Email = sesstore.Email

// Attachment is a stored email's attachment.
type Attachment = sesstore.Attachment

// EmailsTo lists the emails the SES emulator holds for one recipient address,
// oldest first. Tests use a unique address each so they run in parallel.
func EmailsTo(tb testing.TB, address string) []Email {
	tb.Helper()
	out, err := sesstore.ReadTo(context.Background(), SESURL(tb), address)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// CountEmails is how many of the emails the SES emulator holds for address
// have a subject that contains subject.
func CountEmails(tb testing.TB, address, subject string) int {
	tb.Helper()
	n := 0
	for _, e := range EmailsTo(tb, address) {
		if strings.Contains(e.Subject, subject) {
			n++
		}
	}
	return n
}

// RandomHex returns n random bytes as hex, for unique names and addresses.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Addresses gives a test a random tag of its own, for ids and titles, and
// addresses made with it: addr(who) is who's, shared by no other test (the
// local SES keeps every test's emails together).
func Addresses() (tag string, addr func(who string) string) {
	tag = RandomHex(4)
	return tag, func(who string) string { return who + "-" + tag + "@example.org" }
}

// start launches one of the Node tools from infra/node_modules on a free
// loopback port and waits until it says it listens. The process is killed
// when the test binary exits (Pdeathsig), so no test leaves it behind.
//
// The port is free when picked but not reserved: another test binary may
// take it first, and then a readiness probe would find that binary's server,
// which dies with it. So readiness is the tool's own "listening" line, and a
// tool that exits before printing it (the port was taken) is started again
// on another port.
func start(tool string) (string, error) {
	bin, err := nodeTool(tool)
	if err != nil {
		return "", err
	}
	var errs []error
	for range 5 {
		port, err := freePort()
		if err != nil {
			return "", err
		}
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		if err := startOn(bin, tool, port); err != nil {
			errs = append(errs, err)
			continue
		}
		return "http://" + addr, nil
	}
	return "", fmt.Errorf("start %s: %w", tool, errors.Join(errs...))
}

// readyLines are what each tool prints once its server listens.
var readyLines = map[string]string{
	"dynalite":         "Dynalite listening at",
	"aws-ses-v2-local": "server running at",
}

// startOn starts tool on port and waits for its readiness line.
func startOn(bin, tool string, port int) error {
	cmd := exec.Command(bin, "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if os.Getenv("TESTENV_VERBOSE") != "" {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", tool, err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		said := false
		for sc.Scan() {
			if os.Getenv("TESTENV_VERBOSE") != "" {
				fmt.Fprintln(os.Stderr, sc.Text())
			}
			if !said && strings.Contains(sc.Text(), readyLines[tool]) {
				said = true
				ready <- true
			}
		}
		if !said {
			ready <- false // exited (or closed its output) without listening
		}
		_ = cmd.Wait()
	}()
	select {
	case ok := <-ready:
		if ok {
			return nil
		}
		return fmt.Errorf("%s exited before listening on port %d", tool, port)
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		return fmt.Errorf("%s did not listen on port %d within 30s", tool, port)
	}
}

// nodeTool returns the path of an installed Node tool, installing the pinned
// tools from infra/package-lock.json first if they are missing.
func nodeTool(tool string) (string, error) {
	infra := filepath.Join(Root(), "infra")
	bin := filepath.Join(infra, "node_modules", ".bin", tool)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	// Several test binaries may get here at once: serialise the install.
	lock, err := os.OpenFile(filepath.Join(infra, ".install.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	cmd := exec.Command("npm", "ci", "--prefix", infra, "--no-audit", "--no-fund")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci in infra/ (is Node/npm installed?): %v\n%s", err, out)
	}
	return bin, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
