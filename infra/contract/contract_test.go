// Package contract checks that template.yaml and the code agree: every route
// has a handler and every handler a route, every environment variable read is
// set and every one set is read, every function's policy allows exactly the
// AWS actions its binary can call, and every function has a build target.
package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/samtemplate"
)

const module = "github.com/tehpug/backend/"

func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func load(t *testing.T) *samtemplate.Template {
	t.Helper()
	tpl, err := samtemplate.Load(filepath.Join(root(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// buildTargets reads the Makefile's FUNCTIONS list: logical ID → folder.
func buildTargets(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^FUNCTIONS\s*=\s*(.+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("Makefile has no FUNCTIONS list")
	}
	out := map[string]string{}
	for _, f := range strings.Fields(string(m[1])) {
		id, dir, ok := strings.Cut(f, ":")
		if !ok {
			t.Fatalf("FUNCTIONS entry %q is not LogicalId:folder", f)
		}
		out[id] = dir
	}
	return out
}

func TestEveryFunctionHasABuildTarget(t *testing.T) {
	tpl, targets := load(t), buildTargets(t)
	for _, f := range tpl.Functions {
		dir, ok := targets[f.LogicalID]
		if !ok {
			t.Errorf("%s has no build-%s target (add it to FUNCTIONS in the Makefile)", f.LogicalID, f.LogicalID)
			continue
		}
		if _, err := os.Stat(filepath.Join(root(), "functions", dir, "main.go")); err != nil {
			t.Errorf("%s builds functions/%s, which has no main.go", f.LogicalID, dir)
		}
	}
	for id := range targets {
		if _, ok := tpl.Function(id); !ok {
			t.Errorf("the Makefile builds %s, which template.yaml does not define", id)
		}
	}
}

// parseDir parses the non-test Go files of a folder.
func parseDir(t *testing.T, dir string) []*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var files []*ast.File
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, m, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// stringCalls collects the string literal first arguments of calls to the
// named methods (x.Handle("…"), e.Required("…")...).
func stringCalls(files []*ast.File, methods ...string) []string {
	var out []string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !slices.Contains(methods, sel.Sel.Name) {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}

// handlerPackages lists the folders of the API packages a function's main imports.
func handlerPackages(files []*ast.File) []string {
	var dirs []string
	for _, f := range files {
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, module+"internal/httpapi/") && !strings.HasSuffix(p, "apitest") {
				dirs = append(dirs, filepath.Join(root(), strings.TrimPrefix(p, module)))
			}
		}
	}
	return dirs
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

func TestRoutesAndHandlersMatch(t *testing.T) {
	tpl, targets := load(t), buildTargets(t)
	for _, f := range tpl.Functions {
		t.Run(f.LogicalID, func(t *testing.T) {
			mainFiles := parseDir(t, filepath.Join(root(), "functions", targets[f.LogicalID]))
			var handled []string
			for _, dir := range handlerPackages(mainFiles) {
				// A handler package registers its routes in its Register method.
				handled = append(handled, stringCalls(parseDir(t, dir), "Handle")...)
			}
			var routes []string
			for _, r := range f.Routes {
				if r.RouteKey() != "$default" { // answered 404 by the router itself
					routes = append(routes, r.RouteKey())
				}
			}
			if len(handled) == 0 && len(routes) == 0 {
				return
			}
			diff(t, "route", handled, routes)
		})
	}
}

func TestEnvironmentMatches(t *testing.T) {
	tpl, targets := load(t), buildTargets(t)
	for _, f := range tpl.Functions {
		t.Run(f.LogicalID, func(t *testing.T) {
			read := stringCalls(parseDir(t, filepath.Join(root(), "functions", targets[f.LogicalID])),
				"Required", "Optional", "PositiveInt", "PositiveFloat", "Location")
			var set []string
			for k := range f.Env {
				set = append(set, k)
			}
			diff(t, "environment variable", read, set)
		})
	}
}

// TestPoliciesAllowExactlyWhatIsCalled builds each function and reads from its
// symbol table which SDK operations the linker kept (only reachable code is
// kept), then compares them with the function's policy.
func TestPoliciesAllowExactlyWhatIsCalled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every function")
	}
	tpl, targets := load(t), buildTargets(t)
	dir := t.TempDir()
	op := regexp.MustCompile(`service/(dynamodb|ses)\.\(\*Client\)\.([A-Z][A-Za-z]+)`)
	for _, f := range tpl.Functions {
		t.Run(f.LogicalID, func(t *testing.T) {
			bin := filepath.Join(dir, f.LogicalID)
			build := exec.Command("go", "build", "-trimpath", "-tags", "lambda.norpc", "-o", bin, "./functions/"+targets[f.LogicalID])
			build.Dir, build.Env = root(), append(os.Environ(), "CGO_ENABLED=0")
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
					called = append(called, m[1]+":"+m[2])
				}
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
