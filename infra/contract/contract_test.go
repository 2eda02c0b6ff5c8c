// Package contract checks that template.yaml and the code agree: every route
// has a handler and every handler a route, every environment variable read is
// set and every one set is read, every function's policy allows exactly the
// AWS actions its binary can call, every function has a build target, and
// the Python match runner has no permissions at all.
package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/config"
	"github.com/tehpug/backend/internal/samtemplate"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/functions"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

func load(t *testing.T) *samtemplate.Template {
	t.Helper()
	tpl, err := samtemplate.Load(filepath.Join(testenv.Root(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// buildTargets reads the Makefile's FUNCTIONS list (the Go functions):
// logical ID → folder under functions/.
func buildTargets(t *testing.T) map[string]string { return makeList(t, "FUNCTIONS") }

// pythonTargets reads the Makefile's PYTHON_FUNCTIONS list: logical ID →
// the folder holding the function's packages.
func pythonTargets(t *testing.T) map[string]string { return makeList(t, "PYTHON_FUNCTIONS") }

func makeList(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.Root(), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + name + `\s*=\s*(.+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("Makefile has no %s list", name)
	}
	out := map[string]string{}
	for _, f := range strings.Fields(string(m[1])) {
		id, dir, ok := strings.Cut(f, ":")
		if !ok {
			t.Fatalf("%s entry %q is not LogicalId:folder", name, f)
		}
		out[id] = dir
	}
	return out
}

// goFunctions are the template's functions built from a Go main (a
// provided runtime's bootstrap); the others run on a Python runtime.
func goFunctions(t *testing.T, tpl *samtemplate.Template) []samtemplate.Function {
	t.Helper()
	var out []samtemplate.Function
	for _, f := range tpl.Functions {
		switch {
		case f.Python():
		case strings.HasPrefix(f.Runtime, "provided."):
			out = append(out, f)
		default:
			t.Errorf("%s: runtime %q is neither a Go bootstrap (provided.*) nor Python", f.LogicalID, f.Runtime)
		}
	}
	return out
}

// handlerFile is the module file a Python function's handler names
// ("runner.handler.handle" is runner/handler.py), and the function's name.
func handlerFile(f samtemplate.Function) (file, fn string) {
	i := strings.LastIndex(f.Handler, ".")
	if i < 0 {
		return f.Handler, ""
	}
	return strings.ReplaceAll(f.Handler[:i], ".", "/") + ".py", f.Handler[i+1:]
}

func TestEveryFunctionHasABuildTarget(t *testing.T) {
	tpl, targets, pyTargets := load(t), buildTargets(t), pythonTargets(t)
	for _, f := range tpl.Functions {
		if f.Python() {
			dir, ok := pyTargets[f.LogicalID]
			if !ok {
				t.Errorf("%s has no build-%s target (add it to PYTHON_FUNCTIONS in the Makefile)", f.LogicalID, f.LogicalID)
				continue
			}
			file, fn := handlerFile(f)
			src, err := os.ReadFile(filepath.Join(testenv.Root(), dir, file))
			if err != nil {
				t.Errorf("%s's handler %s is not in %s: %v", f.LogicalID, f.Handler, dir, err)
			} else if !regexp.MustCompile(`(?m)^def ` + regexp.QuoteMeta(fn) + `\(event, context`).Match(src) {
				t.Errorf("%s/%s defines no %s(event, context...)", dir, file, fn)
			}
			continue
		}
		dir, ok := targets[f.LogicalID]
		if !ok {
			t.Errorf("%s has no build-%s target (add it to FUNCTIONS in the Makefile)", f.LogicalID, f.LogicalID)
			continue
		}
		if _, err := os.Stat(filepath.Join(testenv.Root(), "functions", dir, "main.go")); err != nil {
			t.Errorf("%s builds functions/%s, which has no main.go", f.LogicalID, dir)
		}
	}
	for id := range targets {
		if f, ok := tpl.Function(id); !ok || f.Python() {
			t.Errorf("the Makefile builds %s as a Go function, which template.yaml does not define", id)
		}
	}
	for id := range pyTargets {
		if f, ok := tpl.Function(id); !ok || !f.Python() {
			t.Errorf("the Makefile builds %s as a Python function, which template.yaml does not define", id)
		}
	}
}

// TestPythonFunctionsHaveNoPermissions: the match runner runs members'
// robots, hostile code that could reach whatever its role allows; so its
// role allows nothing (not even logs), it takes no policy of SAM's, and no
// event reaches it: only the backend's functions invoke it.
func TestPythonFunctionsHaveNoPermissions(t *testing.T) {
	tpl := load(t)
	checked := 0
	for _, f := range tpl.Functions {
		if !f.Python() {
			continue
		}
		checked++
		if len(f.Policies) > 0 {
			t.Errorf("%s has Policies", f.LogicalID)
		}
		if f.Events > 0 {
			t.Errorf("%s has %d events", f.LogicalID, f.Events)
		}
		if len(f.Env) > 0 {
			t.Errorf("%s has environment variables: it reads none", f.LogicalID)
		}
		if f.Role == "" {
			t.Errorf("%s has no Role of its own: SAM would make one with the logs policy", f.LogicalID)
			continue
		}
		role, ok := tpl.Roles[f.Role]
		if !ok {
			t.Errorf("%s's role %s is not an AWS::IAM::Role of the template", f.LogicalID, f.Role)
			continue
		}
		for k := range role {
			if k != "AssumeRolePolicyDocument" && k != "Description" {
				t.Errorf("%s: role %s has %s; it may only say who assumes it", f.LogicalID, f.Role, k)
			}
		}
		doc, _ := role["AssumeRolePolicyDocument"].(map[string]any)
		stmts, _ := doc["Statement"].([]any)
		if len(stmts) != 1 {
			t.Fatalf("%s: role %s trust policy %v", f.LogicalID, f.Role, doc)
		}
		st, _ := stmts[0].(map[string]any)
		principal, _ := st["Principal"].(map[string]any)
		if st["Effect"] != "Allow" || st["Action"] != "sts:AssumeRole" || len(principal) != 1 || principal["Service"] != "lambda.amazonaws.com" {
			t.Errorf("%s: role %s trusts %v", f.LogicalID, f.Role, st)
		}
	}
	if checked == 0 {
		t.Fatal("no Python function in template.yaml")
	}
	for id, role := range tpl.Roles {
		users := 0
		for _, f := range tpl.Functions {
			if f.Role == id {
				users++
			}
		}
		if users == 0 {
			t.Errorf("role %s is no function's (%v)", id, role)
		}
	}
}

// functionEnv is what template.yaml gives fn, resolved with test values,
// with the variables Lambda itself sets; nothing is contacted at build.
func functionEnv(t *testing.T, tpl *samtemplate.Template, fn samtemplate.Function) map[string]string {
	t.Helper()
	refs, err := tpl.Refs(wiringtest.Params(), "table", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	env, err := fn.Environment(refs)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(env, map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret"})
	return env
}

// build builds fn with env the way its main does, through the composition root.
func build(t *testing.T, id string, env map[string]string) (*wiring.App, wiring.Handler) {
	t.Helper()
	f, ok := functions.All()[id]
	if !ok {
		t.Fatalf("wiring has no %s", id)
	}
	a := wiring.New(config.FromMap(env), wiring.WithLogger(slog.New(slog.DiscardHandler)))
	return a, f(a)
}

// builders are the functions built outside package wiring, by the package
// that builds each: what only they may link stays out of the others.
var builders = map[string]string{
	"PasskeysFunction": "passkeyswiring",
}

// TestEachMainStartsItsFunction: functions/<name>/main.go is one line,
// wiring.Start(wiring.<LogicalID>) (for the few in builders,
// wiring.Start(<builder>.<LogicalID>)), so from a logical ID in
// template.yaml the code is one hop away; and wiring builds exactly the
// template's functions.
func TestEachMainStartsItsFunction(t *testing.T) {
	tpl, targets := load(t), buildTargets(t)
	for _, f := range goFunctions(t, tpl) {
		t.Run(f.LogicalID, func(t *testing.T) {
			file := filepath.Join(testenv.Root(), "functions", targets[f.LogicalID], "main.go")
			parsed, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			var body []ast.Stmt
			for _, d := range parsed.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" {
					body = fd.Body.List
				}
			}
			builder := "wiring"
			if b, ok := builders[f.LogicalID]; ok {
				builder = b
			}
			want := "wiring.Start(" + builder + "." + f.LogicalID + ")"
			if len(body) != 1 || types.ExprString(body[0].(*ast.ExprStmt).X) != want {
				t.Errorf("%s: main must be exactly %s", file, want)
			}
		})
	}
	for id := range functions.All() {
		if f, ok := tpl.Function(id); !ok || f.Python() {
			t.Errorf("wiring builds %s, which template.yaml does not define as a Go function", id)
		}
	}
}

// TestOnlyThePasskeysLinkWebAuthn: the WebAuthn library costs megabytes
// and start-up work in any binary that links it, so only PasskeysFunction's
// does. The AWS SDK's generated Lambda client costs as much, and no
// function links it: the functions that invoke the match runner make the
// one signed call themselves (internal/matchrunner).
func TestOnlyThePasskeysLinkWebAuthn(t *testing.T) {
	tpl, targets := load(t), buildTargets(t)
	for _, f := range goFunctions(t, tpl) {
		cmd := exec.Command("go", "list", "-deps", "./functions/"+targets[f.LogicalID])
		cmd.Dir = testenv.Root()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", f.LogicalID, err, out)
		}
		links := strings.Contains(string(out), "github.com/go-webauthn/")
		if links != (f.LogicalID == "PasskeysFunction") {
			t.Errorf("%s links go-webauthn: %v", f.LogicalID, links)
		}
		if strings.Contains(string(out), "github.com/aws/aws-sdk-go-v2/service/lambda\n") {
			t.Errorf("%s links the AWS SDK's Lambda client", f.LogicalID)
		}
	}
}

// TestRoutesAndHandlersMatch: each HTTP function serves exactly the routes
// template.yaml sends it.
func TestRoutesAndHandlersMatch(t *testing.T) {
	tpl := load(t)
	for _, f := range goFunctions(t, tpl) {
		t.Run(f.LogicalID, func(t *testing.T) {
			a, h := build(t, f.LogicalID, functionEnv(t, tpl, f))
			if err := a.Err(); err != nil {
				t.Fatal(err)
			}
			var routes []string
			for _, r := range f.Routes {
				if r.RouteKey() != "$default" { // answered 404 by the router itself
					routes = append(routes, r.RouteKey())
				}
			}
			var handled []string
			if h.Router != nil {
				handled = h.Router.Routes()
			}
			if (h.Router == nil) == (h.Run == nil) {
				t.Fatalf("%s must be either routes or a scheduled run", f.LogicalID)
			}
			if h.Run != nil && len(f.Routes) > 0 {
				t.Errorf("%s is a scheduled run but template.yaml routes requests to it", f.LogicalID)
			}
			diff(t, "route", handled, routes)
		})
	}
}

// TestEnvironmentMatches: each function reads every variable template.yaml
// sets for it and no other, and refuses to start without any one it needs.
func TestEnvironmentMatches(t *testing.T) {
	tpl := load(t)
	for _, f := range goFunctions(t, tpl) {
		t.Run(f.LogicalID, func(t *testing.T) {
			env := functionEnv(t, tpl, f)
			a, _ := build(t, f.LogicalID, env)
			if err := a.Err(); err != nil {
				t.Fatalf("with the template's environment: %v", err)
			}
			var set []string
			for k := range f.Env {
				set = append(set, k)
			}
			diff(t, "environment variable", a.Env().Read(), set)
			for _, name := range set {
				if name == "THANK_YOU_URL" { // empty means the backend's own /thanks page
					continue
				}
				without := maps.Clone(env)
				delete(without, name)
				if a, _ := build(t, f.LogicalID, without); a.Err() == nil || !strings.Contains(a.Err().Error(), name) {
					t.Errorf("starts without %s (%v)", name, a.Err())
				}
			}
		})
	}
}

func diff(t *testing.T, what string, code, tpl []string) {
	t.Helper()
	sort.Strings(code)
	sort.Strings(tpl)
	code, tpl = slices.Compact(code), slices.Compact(tpl)
	for _, c := range code {
		if !slices.Contains(tpl, c) {
			t.Errorf("%s: %s is in the code but not in template.yaml", what, c)
		}
	}
	for _, c := range tpl {
		if !slices.Contains(code, c) {
			t.Errorf("%s: %s is in template.yaml but not in the code", what, c)
		}
	}
}

// TestPoliciesAllowExactlyWhatIsCalled builds each function and reads from its
// symbol table which SDK operations the linker kept (only reachable code is
// kept), and whether it kept the match runner's own call to Lambda's Invoke
// API, then compares them with the function's policy.
func TestPoliciesAllowExactlyWhatIsCalled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every function")
	}
	tpl, targets := load(t), buildTargets(t)
	dir := t.TempDir()
	op := regexp.MustCompile(`service/(dynamodb|ses|lambda)\.\(\*Client\)\.([A-Z][A-Za-z]+)`)
	// The match runner is invoked without the SDK's Lambda client, by this
	// method (one signed POST to the Invoke API).
	invoke := regexp.MustCompile(`(?m) github\.com/tehpug/backend/internal/matchrunner\.\(\*lambdaAPI\)\.Invoke$`)
	for _, f := range goFunctions(t, tpl) {
		t.Run(f.LogicalID, func(t *testing.T) {
			bin := filepath.Join(dir, f.LogicalID)
			build := exec.Command("go", "build", "-trimpath", "-tags", "lambda.norpc", "-o", bin, "./functions/"+targets[f.LogicalID])
			build.Dir, build.Env = testenv.Root(), append(os.Environ(), "CGO_ENABLED=0")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			out, err := exec.Command("go", "tool", "nm", bin).Output()
			if err != nil {
				t.Fatalf("nm: %v", err)
			}
			var called []string
			for _, m := range op.FindAllStringSubmatch(string(out), -1) {
				// The SDK keeps DescribeEndpoints for endpoint discovery, which
				// the project never turns on.
				if m[2] != "DescribeEndpoints" {
					action := m[2]
					if m[1] == "lambda" && action == "Invoke" {
						action = "InvokeFunction" // the IAM action of the Invoke API
					}
					called = append(called, m[1]+":"+action)
				}
			}
			if invoke.Match(out) {
				called = append(called, "lambda:InvokeFunction")
			}
			diff(t, "IAM action", called, policyActions(t, f.Policies))
		})
	}
}

// policyActions lists the actions the function's inline statements allow.
// Only inline statements are used: SAM's policy templates allow more than a
// function needs.
func policyActions(t *testing.T, policies []any) []string {
	t.Helper()
	var actions []string
	for _, p := range policies {
		m, ok := p.(map[string]any)
		if !ok {
			t.Errorf("policy %v is not an inline statement (policy templates allow too much)", p)
			continue
		}
		stmts, _ := m["Statement"].([]any)
		for _, s := range stmts {
			st, _ := s.(map[string]any)
			if st["Effect"] != "Allow" {
				continue
			}
			switch a := st["Action"].(type) {
			case string:
				actions = append(actions, a)
			case []any:
				for _, x := range a {
					actions = append(actions, x.(string))
				}
			}
		}
	}
	return actions
}
