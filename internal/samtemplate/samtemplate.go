// Package samtemplate reads template.yaml, the single source of truth for the
// system's functions, routes, schedules, environment and table, so that the
// local stack and the tests build from it instead of repeating it.
//
// It understands the subset of CloudFormation the project's template uses:
// Parameters with defaults, Globals.Function, AWS::Serverless::Function with
// HttpApi and ScheduleV2 events, its runtime and handler and a role given
// by !GetAtt, AWS::IAM::Role, AWS::DynamoDB::Table, and the intrinsic
// functions !Ref and !Sub (with ${Name} references) in environment values.
package samtemplate

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Template is the parsed template.
type Template struct {
	Parameters map[string]Parameter
	Functions  []Function // sorted by LogicalID
	Table      Table
	// TableLogicalID is the logical ID of the DynamoDB table resource.
	TableLogicalID string
	// Cors is the HTTP API's CorsConfiguration, unresolved.
	Cors map[string]any
	// Roles holds each AWS::IAM::Role's Properties, as decoded YAML, by
	// logical ID.
	Roles map[string]map[string]any
}

// Parameter is one template parameter.
type Parameter struct {
	Type    string
	Default string
	HasDef  bool
}

// Function is one AWS::Serverless::Function, with Globals applied.
type Function struct {
	LogicalID  string
	Timeout    int // seconds
	MemorySize int // MB
	// Runtime is Lambda's runtime ("provided.al2023" for a Go bootstrap,
	// "python3.13"...), and Handler what it starts ("bootstrap", or a
	// Python module's function such as "runner.handler.handle").
	Runtime string
	Handler string
	// Role is the logical ID of the AWS::IAM::Role given by
	// `Role: !GetAtt <id>.Arn`; empty when SAM makes the role.
	Role string
	// Events counts the function's events of every type.
	Events int
	// Env holds the environment variables, values still unresolved (see Resolve).
	Env       map[string]Value
	Routes    []Route
	Schedules []Schedule
	// Policies is the raw Policies property, for contract checks.
	Policies []any
}

// Route is one HttpApi event: Method is upper case ("ANY" allowed), Path is
// the template path ("/meetups/{meetupId}" or "$default").
type Route struct {
	Event  string
	Method string
	Path   string
}

// RouteKey is the API Gateway route key of r ("POST /members", "$default").
func (r Route) RouteKey() string {
	if r.Path == "$default" {
		return "$default"
	}
	return r.Method + " " + r.Path
}

// Schedule is one ScheduleV2 event.
type Schedule struct {
	Event      string
	Expression Value
	TimeZone   Value
}

// Table is the table resource's Properties, as decoded YAML.
type Table struct {
	Properties map[string]any
}

// Load reads and parses the template at path.
func Load(path string) (*Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	return Parse(b)
}

// Parse parses template bytes.
func Parse(b []byte) (*Template, error) {
	doc, err := document(b)
	if err != nil {
		return nil, err
	}
	t := &Template{Parameters: map[string]Parameter{}, Roles: map[string]map[string]any{}}

	if params := mapGet(doc, "Parameters"); params != nil {
		for i := 0; i+1 < len(params.Content); i += 2 {
			name, def := params.Content[i].Value, params.Content[i+1]
			p := Parameter{Type: scalar(mapGet(def, "Type"))}
			if d := mapGet(def, "Default"); d != nil {
				p.Default, p.HasDef = d.Value, true
			}
			t.Parameters[name] = p
		}
	}

	globals := mapGet(mapGet(doc, "Globals"), "Function")
	resources := mapGet(doc, "Resources")
	if resources == nil {
		return nil, fmt.Errorf("parse template: no Resources")
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		id, res := resources.Content[i].Value, resources.Content[i+1]
		props := mapGet(res, "Properties")
		switch scalar(mapGet(res, "Type")) {
		case "AWS::DynamoDB::Table":
			var m map[string]any
			if err := props.Decode(&m); err != nil {
				return nil, fmt.Errorf("table %s: %w", id, err)
			}
			t.Table, t.TableLogicalID = Table{Properties: m}, id
		case "AWS::IAM::Role":
			var m map[string]any
			if err := props.Decode(&m); err != nil {
				return nil, fmt.Errorf("role %s: %w", id, err)
			}
			t.Roles[id] = m
		case "AWS::Serverless::HttpApi":
			if c := mapGet(props, "CorsConfiguration"); c != nil {
				_ = c.Decode(&t.Cors)
			}
		case "AWS::Serverless::Function":
			f, err := parseFunction(id, props, globals)
			if err != nil {
				return nil, err
			}
			t.Functions = append(t.Functions, f)
		}
	}
	sort.Slice(t.Functions, func(i, j int) bool { return t.Functions[i].LogicalID < t.Functions[j].LogicalID })
	if t.TableLogicalID == "" {
		return nil, fmt.Errorf("parse template: no AWS::DynamoDB::Table resource")
	}
	return t, nil
}

func parseFunction(id string, props, globals *yaml.Node) (Function, error) {
	f := Function{LogicalID: id, Env: map[string]Value{}, Timeout: 3, MemorySize: 128}
	for _, src := range []*yaml.Node{globals, props} {
		if src == nil {
			continue
		}
		if n := mapGet(src, "Timeout"); n != nil {
			f.Timeout, _ = strconv.Atoi(n.Value)
		}
		if n := mapGet(src, "MemorySize"); n != nil {
			f.MemorySize, _ = strconv.Atoi(n.Value)
		}
		if n := mapGet(src, "Runtime"); n != nil {
			f.Runtime = n.Value
		}
		if n := mapGet(src, "Handler"); n != nil {
			f.Handler = n.Value
		}
		vars := mapGet(mapGet(src, "Environment"), "Variables")
		for i := 0; vars != nil && i+1 < len(vars.Content); i += 2 {
			v, err := value(vars.Content[i+1])
			if err != nil {
				return f, fmt.Errorf("function %s: env %s: %w", id, vars.Content[i].Value, err)
			}
			f.Env[vars.Content[i].Value] = v
		}
	}
	if p := mapGet(props, "Policies"); p != nil {
		_ = p.Decode(&f.Policies)
	}
	if r := mapGet(props, "Role"); r != nil {
		role, err := getAttArn(r)
		if err != nil {
			return f, fmt.Errorf("function %s: Role: %w", id, err)
		}
		f.Role = role
	}
	events := mapGet(props, "Events")
	if events != nil {
		f.Events = len(events.Content) / 2
	}
	for i := 0; events != nil && i+1 < len(events.Content); i += 2 {
		name, ev := events.Content[i].Value, events.Content[i+1]
		ep := mapGet(ev, "Properties")
		switch scalar(mapGet(ev, "Type")) {
		case "HttpApi":
			r := Route{Event: name, Method: strings.ToUpper(scalar(mapGet(ep, "Method"))), Path: scalar(mapGet(ep, "Path"))}
			if r.Method == "" {
				r.Method = "ANY"
			}
			if r.Path == "" {
				r.Path = "$default"
			}
			f.Routes = append(f.Routes, r)
		case "ScheduleV2":
			expr, err := value(mapGet(ep, "ScheduleExpression"))
			if err != nil {
				return f, fmt.Errorf("function %s: schedule %s: %w", id, name, err)
			}
			tz, err := value(mapGet(ep, "ScheduleExpressionTimezone"))
			if err != nil {
				return f, fmt.Errorf("function %s: schedule %s: %w", id, name, err)
			}
			f.Schedules = append(f.Schedules, Schedule{Event: name, Expression: expr, TimeZone: tz})
		}
	}
	return f, nil
}

// getAttArn reads `!GetAtt Name.Arn` (or its long forms) and returns Name.
func getAttArn(n *yaml.Node) (string, error) {
	var target string
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!GetAtt":
		target = n.Value
	case n.Kind == yaml.SequenceNode && n.Tag == "!GetAtt" && len(n.Content) == 2:
		target = n.Content[0].Value + "." + n.Content[1].Value
	case mapGet(n, "Fn::GetAtt") != nil:
		g := mapGet(n, "Fn::GetAtt")
		if g.Kind == yaml.SequenceNode && len(g.Content) == 2 {
			target = g.Content[0].Value + "." + g.Content[1].Value
		} else {
			target = g.Value
		}
	}
	name, ok := strings.CutSuffix(target, ".Arn")
	if !ok || name == "" {
		return "", fmt.Errorf("want !GetAtt <Role>.Arn at line %d", n.Line)
	}
	return name, nil
}

// Python reports whether the function runs on a Python runtime (its code a
// module and a function, not a bootstrap binary).
func (f Function) Python() bool { return strings.HasPrefix(f.Runtime, "python") }

// Function returns the function with the given logical ID.
func (t *Template) Function(id string) (Function, bool) {
	for _, f := range t.Functions {
		if f.LogicalID == id {
			return f, true
		}
	}
	return Function{}, false
}

// document is the YAML document of template bytes b.
func document(b []byte) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("parse template: empty document")
	}
	return root.Content[0], nil
}

func mapGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}
