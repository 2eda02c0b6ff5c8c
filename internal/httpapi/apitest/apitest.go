// Package apitest drives the API's handlers in tests the way API Gateway
// does: it builds payload-format-2.0 events for a route, runs them through a
// router, and reads back what was stored and what was emailed.
package apitest

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// BaseURL is the public base URL the tests configure; emailed links start with it.
const BaseURL = wiringtest.BaseURL

// Client runs requests through the routes of some functions, built as
// their mains build them (through the composition root), on a fresh table.
type Client struct {
	T testing.TB
	*wiringtest.System
	// Timeout, when set, is every request's deadline from its start, as
	// Lambda's timeout gives a handler one; none when zero.
	Timeout time.Duration
	routes  map[string]*httpapi.Router
	session string
}

// New builds fns on sys and serves their routes; it fails the test if
// anything they need is missing.
func New(t testing.TB, sys *wiringtest.System, fns ...wiring.Function) *Client {
	t.Helper()
	c := &Client{T: t, System: sys, routes: map[string]*httpapi.Router{}}
	for _, f := range fns {
		h := f(sys.App)
		if h.Router == nil {
			t.Fatal("apitest.New takes HTTP functions")
		}
		for _, r := range h.Router.Routes() {
			c.routes[r] = h.Router
		}
		c.routes[""] = h.Router // what no route matches: the router's 404
	}
	sys.Built()
	return c
}

// Organizer is the Authorization header of a signed-in organizer
// (wiringtest.Organizer), as name, value for Do's headers. The session lasts
// longer than any test moves its clock.
func (c *Client) Organizer() []string {
	c.T.Helper()
	if c.session == "" {
		raw, err := c.Tokens().Issue(context.Background(), token.Session, wiringtest.Organizer, person.Key(wiringtest.Organizer), "en", 10*365*24*time.Hour)
		if err != nil {
			c.T.Fatal(err)
		}
		c.session = raw
	}
	return []string{"Authorization", "Bearer " + c.session}
}

// Do runs a request to target (path and query) on a route whose path is the
// target's own path (no path parameters). headers are name, value pairs.
func (c *Client) Do(method, target, contentType, body string, headers ...string) events.APIGatewayV2HTTPResponse {
	c.T.Helper()
	path, _, _ := strings.Cut(target, "?")
	return c.Serve(method, path, target, contentType, body, headers...)
}

// Serve runs a request to target on the template route (e.g.
// "/meetups/{meetupId}"), filling the path parameters from the target, each
// segment percent-decoded on its own as API Gateway does (so an escaped "/"
// stays inside its parameter).
func (c *Client) Serve(method, route, target, contentType, body string, headers ...string) events.APIGatewayV2HTTPResponse {
	c.T.Helper()
	u, err := url.Parse(target)
	if err != nil {
		c.T.Fatal(err)
	}
	hdr := map[string]string{}
	if contentType != "" {
		hdr["content-type"] = contentType
	}
	for i := 0; i+1 < len(headers); i += 2 {
		hdr[strings.ToLower(headers[i])] = headers[i+1]
	}
	q := map[string]string{}
	for k, v := range u.Query() {
		q[k] = strings.Join(v, ",")
	}
	params := map[string]string{}
	rs, ps := strings.Split(route, "/"), strings.Split(u.EscapedPath(), "/")
	for i := range rs {
		if i < len(ps) && strings.HasPrefix(rs[i], "{") {
			v, err := url.PathUnescape(ps[i])
			if err != nil {
				c.T.Fatal(err)
			}
			params[strings.Trim(rs[i], "{}")] = v
		}
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: method + " " + route, RawPath: u.Path, RawQueryString: u.RawQuery,
		Headers: hdr, QueryStringParameters: q, PathParameters: params, Body: body,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RequestID: "test", RouteKey: method + " " + route,
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path},
		},
	}
	rt, ok := c.routes[method+" "+route]
	if !ok {
		rt = c.routes[""]
	}
	ctx := context.Background()
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	resp, err := rt.Serve(ctx, ev)
	if err != nil {
		c.T.Fatalf("Serve returned an error: %v", err)
	}
	return resp
}

// PostJSON posts v as JSON to path.
func (c *Client) PostJSON(path string, v any) events.APIGatewayV2HTTPResponse {
	c.T.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.T.Fatal(err)
	}
	return c.Do("POST", path, "application/json", string(b))
}

// OwnerKeys lists the partition keys of the items stored with an
// address's data (tokens, talks, counters, ...), as the ByOwner index has them.
func (c *Client) OwnerKeys(email string) []string {
	c.T.Helper()
	expr, _ := expression.NewBuilder().WithKeyCondition(expression.Key("owner").Equal(expression.Value(person.Key(email)))).Build()
	out, err := c.DB.Query(context.Background(), &dynamodb.QueryInput{
		TableName: &c.Table, IndexName: aws.String("ByOwner"), KeyConditionExpression: expr.KeyCondition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		c.T.Fatal(err)
	}
	keys := make([]string, 0, len(out.Items))
	for _, item := range out.Items {
		if pk, ok := item["pk"].(*types.AttributeValueMemberS); ok {
			keys = append(keys, pk.Value)
		}
	}
	return keys
}

// OwnerItems counts the items stored with an address's data.
func (c *Client) OwnerItems(email string) int {
	c.T.Helper()
	return len(c.OwnerKeys(email))
}

// WantNoTrace fails the test if anything is stored with address's data or
// any email went to it: what a honeypot post must leave.
func (c *Client) WantNoTrace(t testing.TB, address string) {
	t.Helper()
	if n := c.OwnerItems(address); n != 0 {
		t.Errorf("%d items stored for %s", n, address)
	}
	if n := len(testenv.EmailsTo(t, address)); n != 0 {
		t.Errorf("%d emails to %s", n, address)
	}
}

// UniqueEmail returns an address no other test uses.
func UniqueEmail(prefix string) string {
	return prefix + "-" + testenv.RandomHex(5) + "@example.org"
}

var tokenLink = regexp.MustCompile(regexp.QuoteMeta(BaseURL) + `(/[a-z/-]+)\?token=([A-Za-z0-9_-]+)`)

// LinkIn returns the token of the emailed link to route in an email's text.
func LinkIn(t testing.TB, e testenv.Email, route string) string {
	t.Helper()
	for _, m := range tokenLink.FindAllStringSubmatch(e.Text, -1) {
		if m[1] == route {
			return m[2]
		}
	}
	t.Fatalf("no %s link in email %q", route, e.Text)
	return ""
}

// WantStatus fails the test unless resp has status.
func WantStatus(t testing.TB, resp events.APIGatewayV2HTTPResponse, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, status, resp.Body)
	}
}

// Read is record id as get reads it now; the test ends if it cannot.
func Read[T any](t testing.TB, get func(context.Context, string) (T, error), id string) T {
	t.Helper()
	v, err := get(context.Background(), id)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return v
}

// WantContains fails the test unless s holds each of wants; what names s.
// When any is missing it logs s whole.
func WantContains(t testing.TB, s, what string, wants ...string) {
	t.Helper()
	missing := false
	for _, want := range wants {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in %s", want, what)
			missing = true
		}
	}
	if missing {
		t.Logf("%s:\n%s", what, s)
	}
}

// WantOneEach fails the test unless each address got exactly one email
// whose subject contains sub; what names those emails.
func WantOneEach(t testing.TB, sub, what string, addresses ...string) {
	t.Helper()
	for _, a := range addresses {
		if n := testenv.CountEmails(t, a, sub); n != 1 {
			t.Errorf("%s got %d %s emails, want 1", a, n, what)
		}
	}
}

// LiveTokens counts the tokens stored for address that a link could still
// use at now: neither used, revoked nor expired.
func (c *Client) LiveTokens(address string, now time.Time) int {
	c.T.Helper()
	live := 0
	for _, pk := range c.OwnerKeys(address) {
		hash, ok := strings.CutPrefix(pk, "TOKEN#")
		if !ok {
			continue
		}
		tok, err := c.Store().GetToken(context.Background(), hash)
		if err != nil {
			c.T.Fatal(err)
		}
		if !tok.Revoked && tok.UsedAt.IsZero() && now.Before(tok.ExpiresAt) {
			live++
		}
	}
	return live
}
