package samtemplate

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Cors is the HTTP API's CorsConfiguration with its origins still
// unresolved, so that `!Ref SiteOrigin` can be resolved like any other value.
// (Template.Cors keeps the raw decoded map, where the !Ref tag is lost.)
type Cors struct {
	AllowOrigins     []Value
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	AllowCredentials bool
	MaxAge           int // seconds; 0 when not set
}

// ParseCors reads the CorsConfiguration of the template's first
// AWS::Serverless::HttpApi. It returns nil when there is none; a bare
// `CorsConfiguration: true` allows every origin, method and header, as SAM does.
func ParseCors(b []byte) (*Cors, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("parse template: empty document")
	}
	resources := mapGet(root.Content[0], "Resources")
	for i := 0; resources != nil && i+1 < len(resources.Content); i += 2 {
		res := resources.Content[i+1]
		if scalar(mapGet(res, "Type")) != "AWS::Serverless::HttpApi" {
			continue
		}
		c := mapGet(mapGet(res, "Properties"), "CorsConfiguration")
		if c == nil {
			return nil, nil
		}
		if c.Kind == yaml.ScalarNode {
			if c.Value != "true" {
				return nil, nil
			}
			all := []string{"*"}
			return &Cors{AllowOrigins: []Value{{Literal: "*"}}, AllowMethods: all, AllowHeaders: all}, nil
		}
		return parseCors(resources.Content[i].Value, c)
	}
	return nil, nil
}

func parseCors(api string, c *yaml.Node) (*Cors, error) {
	cors := &Cors{}
	if origins := mapGet(c, "AllowOrigins"); origins != nil {
		for _, n := range origins.Content {
			v, err := value(n)
			if err != nil {
				return nil, fmt.Errorf("%s CorsConfiguration AllowOrigins: %w", api, err)
			}
			cors.AllowOrigins = append(cors.AllowOrigins, v)
		}
	}
	for name, dst := range map[string]*[]string{
		"AllowMethods":  &cors.AllowMethods,
		"AllowHeaders":  &cors.AllowHeaders,
		"ExposeHeaders": &cors.ExposeHeaders,
	} {
		if n := mapGet(c, name); n != nil {
			if err := n.Decode(dst); err != nil {
				return nil, fmt.Errorf("%s CorsConfiguration %s: %w", api, name, err)
			}
		}
	}
	if n := mapGet(c, "AllowCredentials"); n != nil {
		cors.AllowCredentials = strings.EqualFold(n.Value, "true")
	}
	if n := mapGet(c, "MaxAge"); n != nil {
		age, err := strconv.Atoi(n.Value)
		if err != nil {
			return nil, fmt.Errorf("%s CorsConfiguration MaxAge: %w", api, err)
		}
		cors.MaxAge = age
	}
	return cors, nil
}

// Origins resolves the allowed origins against refs.
func (c *Cors) Origins(refs map[string]string) ([]string, error) {
	out := make([]string, 0, len(c.AllowOrigins))
	for _, v := range c.AllowOrigins {
		s, err := v.Resolve(refs)
		if err != nil {
			return nil, fmt.Errorf("CorsConfiguration AllowOrigins: %w", err)
		}
		out = append(out, s)
	}
	return out, nil
}
