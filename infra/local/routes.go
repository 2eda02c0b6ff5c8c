package local

import (
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/samtemplate"
)

// route is one HttpApi route of the template and the function behind it.
type route struct {
	key      string // the route key: "GET /meetups/{meetupId}" or "$default"
	method   string // upper case; "ANY" matches every method
	segments []segment
	function string
}

// segment is one part of a route's path.
type segment struct {
	literal string
	param   string // set for {name} and {name+}
	greedy  bool   // {name+}: the rest of the path, one segment or more
}

// router picks the route for a request the way API Gateway does: the most
// specific path wins (literal over {param} over {proxy+}), then a specific
// method over ANY, and $default catches the rest.
type router struct {
	routes []*route
	dflt   *route
}

// newRouter builds the router from the functions' HttpApi events.
func newRouter(fns []samtemplate.Function) (*router, error) {
	rt := &router{}
	seen := map[string]string{}
	for _, fn := range fns {
		for _, r := range fn.Routes {
			key := r.RouteKey()
			if other, dup := seen[key]; dup {
				return nil, fmt.Errorf("route %q is declared by both %s and %s", key, other, fn.LogicalID)
			}
			seen[key] = fn.LogicalID
			rr := &route{key: key, method: r.Method, function: fn.LogicalID}
			if key == "$default" {
				rt.dflt = rr
				continue
			}
			segs, err := parsePath(r.Path)
			if err != nil {
				return nil, fmt.Errorf("%s route %q: %w", fn.LogicalID, key, err)
			}
			rr.segments = segs
			rt.routes = append(rt.routes, rr)
		}
	}
	return rt, nil
}

func parsePath(path string) ([]segment, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("path must start with /")
	}
	parts := strings.Split(path[1:], "/")
	segs := make([]segment, len(parts))
	for i, p := range parts {
		if !strings.HasPrefix(p, "{") || !strings.HasSuffix(p, "}") {
			segs[i] = segment{literal: p}
			continue
		}
		name := p[1 : len(p)-1]
		if greedy := strings.HasSuffix(name, "+"); greedy {
			if i != len(parts)-1 {
				return nil, fmt.Errorf("greedy {%s} must be the last segment", name)
			}
			segs[i] = segment{param: strings.TrimSuffix(name, "+"), greedy: true}
			continue
		}
		segs[i] = segment{param: name}
	}
	return segs, nil
}

// match finds the route for method and (decoded) path, with its path
// parameters. It returns nil when no route matches and there is no $default.
func (rt *router) match(method, path string) (*route, map[string]string) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var best *route
	var bestParams map[string]string
	for _, r := range rt.routes {
		if r.method != "ANY" && r.method != method {
			continue
		}
		params, ok := r.matchPath(parts)
		if !ok {
			continue
		}
		if best == nil || r.moreSpecific(best) {
			best, bestParams = r, params
		}
	}
	if best != nil {
		return best, bestParams
	}
	return rt.dflt, nil
}

func (r *route) matchPath(parts []string) (map[string]string, bool) {
	var params map[string]string
	set := func(k, v string) {
		if params == nil {
			params = map[string]string{}
		}
		params[k] = v
	}
	for i, s := range r.segments {
		switch {
		case s.greedy:
			if i >= len(parts) {
				return nil, false
			}
			rest := strings.Join(parts[i:], "/")
			if rest == "" {
				return nil, false
			}
			set(s.param, rest)
			return params, true
		case i >= len(parts):
			return nil, false
		case s.param != "":
			if parts[i] == "" {
				return nil, false
			}
			set(s.param, parts[i])
		case s.literal != parts[i]:
			return nil, false
		}
	}
	return params, len(parts) == len(r.segments)
}

// moreSpecific reports whether r beats other for a path both match.
func (r *route) moreSpecific(other *route) bool {
	rank := func(s segment) int {
		switch {
		case s.greedy:
			return 0
		case s.param != "":
			return 1
		}
		return 2
	}
	for i := 0; i < len(r.segments) && i < len(other.segments); i++ {
		if a, b := rank(r.segments[i]), rank(other.segments[i]); a != b {
			return a > b
		}
	}
	if len(r.segments) != len(other.segments) {
		return len(r.segments) > len(other.segments)
	}
	return r.method != "ANY" && other.method == "ANY"
}
