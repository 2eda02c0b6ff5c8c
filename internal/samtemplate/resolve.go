package samtemplate

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Value is an environment or property value: a literal, a !Ref or a !Sub.
type Value struct {
	Literal string
	Ref     string // set for !Ref
	Sub     string // set for !Sub
}

// value reads a scalar that may carry a !Ref or !Sub tag.
func value(n *yaml.Node) (Value, error) {
	if n == nil {
		return Value{}, nil
	}
	if n.Kind != yaml.ScalarNode {
		// Long forms: {Ref: X} or {"Fn::Sub": "..."}.
		if r := mapGet(n, "Ref"); r != nil {
			return Value{Ref: r.Value}, nil
		}
		if s := mapGet(n, "Fn::Sub"); s != nil && s.Kind == yaml.ScalarNode {
			return Value{Sub: s.Value}, nil
		}
		return Value{}, fmt.Errorf("unsupported value at line %d", n.Line)
	}
	switch n.Tag {
	case "!Ref":
		return Value{Ref: n.Value}, nil
	case "!Sub":
		return Value{Sub: n.Value}, nil
	case "", "!!str", "!!int", "!!bool", "!!float", "!!null":
		return Value{Literal: n.Value}, nil
	}
	return Value{}, fmt.Errorf("unsupported tag %s at line %d", n.Tag, n.Line)
}

var subRef = regexp.MustCompile(`\$\{([A-Za-z0-9:.]+)\}`)

// Resolve turns v into a string. refs maps names (parameters, the table's
// logical ID, pseudo parameters such as AWS::Region) to their values.
func (v Value) Resolve(refs map[string]string) (string, error) {
	switch {
	case v.Ref != "":
		s, ok := refs[v.Ref]
		if !ok {
			return "", fmt.Errorf("unresolved !Ref %s", v.Ref)
		}
		return s, nil
	case v.Sub != "":
		var missing []string
		out := subRef.ReplaceAllStringFunc(v.Sub, func(m string) string {
			name := m[2 : len(m)-1]
			s, ok := refs[name]
			if !ok {
				missing = append(missing, name)
			}
			return s
		})
		if len(missing) > 0 {
			return "", fmt.Errorf("unresolved ${%s} in !Sub", strings.Join(missing, "}, ${"))
		}
		return out, nil
	}
	return v.Literal, nil
}

// Refs returns the reference values for a local deployment: each parameter's
// override or default, the table's logical ID mapped to tableName, and the
// pseudo parameters. A parameter with neither an override nor a default is an
// error, as it would be for sam deploy.
func (t *Template) Refs(overrides map[string]string, tableName, region string) (map[string]string, error) {
	refs := map[string]string{
		t.TableLogicalID: tableName,
		"AWS::Region":    region,
		"AWS::AccountId": "000000000000",
		"AWS::Partition": "aws",
		"AWS::URLSuffix": "amazonaws.com",
		"AWS::StackName": "tehpug-local",
	}
	// A function's Ref is its name; here, its logical ID, which is the
	// name the local stack's Invoke API knows it by.
	for _, f := range t.Functions {
		refs[f.LogicalID] = f.LogicalID
	}
	var missing []string
	for name, p := range t.Parameters {
		if v, ok := overrides[name]; ok {
			refs[name] = v
		} else if p.HasDef {
			refs[name] = p.Default
		} else {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("parameters without a value: %s", strings.Join(missing, ", "))
	}
	return refs, nil
}

// Environment resolves f's environment variables against refs.
func (f Function) Environment(refs map[string]string) (map[string]string, error) {
	env := make(map[string]string, len(f.Env))
	for k, v := range f.Env {
		s, err := v.Resolve(refs)
		if err != nil {
			return nil, fmt.Errorf("function %s: env %s: %w", f.LogicalID, k, err)
		}
		env[k] = s
	}
	return env, nil
}

// Environment resolves the variables of every function together: each
// names the same parameter wherever it appears, so a process that builds
// several functions' services (a test, a benchmark) can take them all.
func (t *Template) Environment(refs map[string]string) (map[string]string, error) {
	env := map[string]string{}
	for _, f := range t.Functions {
		vars, err := f.Environment(refs)
		if err != nil {
			return nil, err
		}
		for k, v := range vars {
			if prev, ok := env[k]; ok && prev != v {
				return nil, fmt.Errorf("env %s is %q in one function and %q in another", k, prev, v)
			}
			env[k] = v
		}
	}
	return env, nil
}
