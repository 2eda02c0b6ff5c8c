package wiring_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/samtemplate"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/functions"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// badIDs are path parameters no record can have: each must be answered 404
// on every route that takes one, before a handler reads or writes anything.
var badIDs = map[string]string{
	"too long for a DynamoDB key": strings.Repeat("a", 2042),
	"longer than any id":          strings.Repeat("a", 65),
	"empty":                       "",
	"dot":                         "ab.cd",
	"space":                       "ab cd",
	"slash":                       "a/b",
	"dot dot":                     "..",
	"persian":                     "شناسه",
	"nul":                         "a\x00b",
	"line break":                  "a\r\nb",
	"delete":                      "a\x7f",
	"right-to-left override":      "a\u202eb",
	"percent junk":                "%zz",
	"percent-encoded nul":         "%00",
	"double-encoded slash":        "a%252Fb",
	"invalid UTF-8":               "a\xffb",
}

// routesWithParams lists every route of template.yaml that has a path
// parameter, by function: a route added later is covered without a change here.
func routesWithParams(t *testing.T) map[string][]samtemplate.Route {
	t.Helper()
	out := map[string][]samtemplate.Route{}
	for _, f := range testenv.Template(t).Functions {
		for _, r := range f.Routes {
			if strings.Contains(r.Path, "{") {
				out[f.LogicalID] = append(out[f.LogicalID], r)
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("template.yaml has no route with a path parameter")
	}
	return out
}

// fill puts id, escaped, in place of every path parameter of a template path.
func fill(path, id string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "{") {
			parts[i] = url.PathEscape(id)
		}
	}
	return strings.Join(parts, "/")
}

// TestBadPathParametersAreNotFound: a path parameter that is not an id
// (too long, another alphabet, control characters, escapes, empty) is a 404
// problem on every route that takes one, signed in or not, whatever the
// body: never a 500 from a key DynamoDB refuses, nor a validation answer.
func TestBadPathParametersAreNotFound(t *testing.T) {
	t.Parallel()
	sys := wiringtest.New(t)
	byFunction := routesWithParams(t)
	var fns []wiring.Function
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range byFunction {
			if !yield(id) {
				return
			}
		}
	}) {
		f, ok := functions.All()[id]
		if !ok {
			t.Fatalf("%s is in template.yaml but not in wiring.Functions", id)
		}
		fns = append(fns, f)
	}
	c := apitest.New(t, sys, fns...)
	org := c.Organizer()

	checked := 0
	for fn, routes := range byFunction {
		for _, r := range routes {
			for name, id := range badIDs {
				for _, signedIn := range []bool{true, false} {
					var headers []string
					if signedIn {
						headers = org
					}
					body, ctype := "", ""
					if r.Method != "GET" {
						body, ctype = `{"name":"Ali","email":"ali@example.org","outcome":"dropped","reason":"x","decision":"accept"}`, "application/json"
					}
					resp := c.Serve(r.Method, r.Path, fill(r.Path, id), ctype, body, headers...)
					if resp.StatusCode != 404 || !strings.HasPrefix(resp.Headers["Content-Type"], "application/problem+json") {
						t.Errorf("%s %s (%s) with %s (signed in %v): %d %s %.200s", fn, r.RouteKey(), r.Event, name, signedIn, resp.StatusCode, resp.Headers["Content-Type"], resp.Body)
					}
					checked++
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}
