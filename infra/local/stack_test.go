package local

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/testenv"
)

// TestClose starts a stack with a subset of the functions (so no $default
// route), uses it, closes it, and checks that every process it started is
// gone and its temporary data folder removed.
func TestClose(t *testing.T) {
	s := echoStack(t)

	resp, body := do(t, newRequest(t, "GET", s.HTTPURL()+"/nowhere", nil))
	if resp.StatusCode != http.StatusNotFound || string(body) != `{"message":"Not Found"}` {
		t.Errorf("unknown route: %d %s, want API Gateway's 404", resp.StatusCode, body)
	}
	resp, body = do(t, newRequest(t, "POST", s.InvokeURL()+"/2015-03-31/functions/OtherFunction/invocations", strings.NewReader("{}")))
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a function left out: %d %s, want 404", resp.StatusCode, body)
	}
	resp, body = do(t, newRequest(t, "POST", s.HTTPURL()+"/echo", strings.NewReader("{}")))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if got := s.Functions(); len(got) != 1 || got[0] != "EchoFunction" {
		t.Errorf("functions %v", got)
	}

	pids := s.pids()
	// dynalite, the SES emulator, and one environment: emulator and runtime.
	if len(pids) < 4 {
		t.Fatalf("processes %v: want at least dynalite, SES, an emulator and its runtime", pids)
	}
	for _, pid := range pids {
		if !processAlive(pid) {
			t.Errorf("process %d is not running before Close", pid)
		}
	}
	dataDir := s.DataDir()
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Close took %s for processes %v", time.Since(start).Round(time.Millisecond), pids)
	// A killed process may take a moment to be gone from the kernel's
	// tables (it is being torn down on a busy machine): give it a few seconds.
	for _, pid := range pids {
		deadline := time.Now().Add(5 * time.Second)
		for processAlive(pid) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if processAlive(pid) {
			t.Errorf("process %d still running 5 s after Close", pid)
		}
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary data folder %s not removed: %v", dataDir, err)
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(s.HTTPURL(), "http://"), time.Second); err == nil {
		t.Error("the HTTP API still accepts connections after Close")
	}
}

// TestBusyPort checks that a taken port is named in the error.
func TestBusyPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	o := testOptions(t)
	o.DynamoAddr = l.Addr().String()
	_, port, _ := net.SplitHostPort(o.DynamoAddr)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Start(ctx, o)
	if err == nil {
		s.Close()
		t.Fatal("Start succeeded on a busy port")
	}
	if !strings.Contains(err.Error(), "port "+port) || !strings.Contains(err.Error(), "DynamoDB") {
		t.Errorf("error %q does not name DynamoDB's port %s", err, port)
	}
}

// TestMissingParameter checks that a parameter without a value is reported
// before anything starts.
func TestMissingParameter(t *testing.T) {
	o := testOptions(t)
	o.Template = "testdata/template.yaml"
	// Every parameter without a default has a local default, so make one
	// disappear by overriding the defaults with a template that needs more.
	tpl := strings.Replace(mustRead(t, o.Template), "Parameters:\n", "Parameters:\n  SlackWebhook:\n    Type: String\n", 1)
	o.Template = writeTemp(t, "template.yaml", tpl)
	_, err := Start(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "SlackWebhook") {
		t.Errorf("error %v, want one naming SlackWebhook", err)
	}
}

// processAlive reports whether pid is a running process (a zombie waiting
// for a parent outside the stack to reap it is not running).
func processAlive(pid int) bool {
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
			return s[i+2] != 'Z'
		}
		return true
	} else if _, statErr := os.Stat("/proc/self"); statErr == nil {
		return false // Linux, and no such process
	}
	return syscall.Kill(pid, 0) == nil
}

func mustRead(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func writeTemp(tb testing.TB, name, content string) string {
	tb.Helper()
	path := tb.TempDir() + "/" + name
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestDataSurvivesRestart checks that what one run stores, the next finds.
func TestDataSurvivesRestart(t *testing.T) {
	o := testOptions(t)
	o.Ephemeral, o.DataDir = false, t.TempDir()
	key := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "MEMBER#1"}, "sk": &types.AttributeValueMemberS{Value: "PROFILE"}}
	ctx := context.Background()

	s := startStack(t, o)
	db := dynamoClient(s.DynamoURL())
	item := maps.Clone(key)
	item["name"] = &types.AttributeValueMemberS{Value: "سارا"}
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(o.TableName), Item: item}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = startStack(t, o)
	out, err := dynamoClient(s.DynamoURL()).GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(o.TableName), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := out.Item["name"].(*types.AttributeValueMemberS); name == nil || name.Value != "سارا" {
		t.Errorf("after a restart the item is %v", out.Item)
	}
}

func dynamoClient(endpoint string) *dynamodb.Client {
	return dynamodb.NewFromConfig(testenv.AWSConfig(), func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

const (
	helperDirEnv  = "TEHPUG_LOCAL_TEST_DIR"
	helperDataEnv = "TEHPUG_LOCAL_TEST_DATA"
)

// TestParentDeath kills a process running a stack with SIGKILL, so nothing
// can clean up, and checks that every process the stack started still ends
// (the kernel kills the children; runtimes exit when their emulator goes).
func TestParentDeath(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("only Linux kills children when their parent dies")
	}
	testOptions(t) // fails early, with the fix, when the Node tools are missing
	helper := exec.Command(os.Args[0], "-test.run=^TestHelperStack$", "-test.v")
	helper.Env = append(os.Environ(), helperDirEnv+"="+shared.dir, helperDataEnv+"="+t.TempDir())
	stdout, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	helper.Stderr = os.Stderr
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { helper.Process.Kill(); helper.Wait() })

	var pids []int
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "PIDS "); ok {
			if err := json.Unmarshal([]byte(rest), &pids); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if len(pids) < 4 {
		t.Fatalf("the helper reported processes %v: want dynalite, SES, an emulator and its runtime", pids)
	}
	go io.Copy(io.Discard, stdout)
	if err := helper.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	helper.Wait()

	deadline := time.Now().Add(10 * time.Second)
	for _, pid := range pids {
		for processAlive(pid) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if processAlive(pid) {
			t.Errorf("process %d outlived the stack's process", pid)
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// TestHelperStack is TestParentDeath's helper process: it starts a stack,
// runs one invocation, prints the stack's processes and waits to be killed.
func TestHelperStack(t *testing.T) {
	if os.Getenv(helperDataEnv) == "" {
		t.Skip("helper process for TestParentDeath")
	}
	o := testOptions(t)
	o.Ephemeral, o.DataDir = false, os.Getenv(helperDataEnv)
	o.Log = slog.New(slog.DiscardHandler)
	s, err := Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Post(s.HTTPURL()+"/echo", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	b, _ := json.Marshal(s.pids())
	fmt.Printf("PIDS %s\n", b)
	select {}
}

// TestPublicURL: on a loopback address the stack presents itself as
// localhost, which browsers let use WebAuthn; on any other, as it listens.
func TestPublicURL(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:3000": "http://localhost:3000",
		"[::1]:3300":     "http://localhost:3300",
		"10.0.0.5:3000":  "http://10.0.0.5:3000",
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := publicURL(a); got != want {
			t.Errorf("publicURL(%s) = %s, want %s", addr, got, want)
		}
	}
}
