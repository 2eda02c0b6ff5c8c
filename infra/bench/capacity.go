package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/smithy-go/middleware"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/samtemplate"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/functions"
)

// capacityBaseURL starts the emailed links of the capacity run.
const capacityBaseURL = "https://api.tehpug.bench"

// routeCost is what one request to a route cost in DynamoDB.
type routeCost struct {
	Route, Case string
	Status      int
	Requests    int            // DynamoDB operations
	Ops         map[string]int // by operation name
	RCU, WCU    float64
	// NoCapacity counts operations answered without ConsumedCapacity
	// (dynalite reports none for failed conditional writes).
	NoCapacity int
	Emails     int // SES SendRawEmail calls
}

// meter counts the DynamoDB operations and capacity, and the SES sends, of
// the request being measured.
type meter struct {
	mu  sync.Mutex
	on  bool
	cur routeCost
}

func (m *meter) start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.on, m.cur = true, routeCost{Ops: map[string]int{}}
}

func (m *meter) stop() routeCost {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.on = false
	return m.cur
}

// dynamoOptions asks for ReturnConsumedCapacity=TOTAL on every operation
// that takes it, and adds what each answer reports to the meter. Capacity
// reported with no read/write split (dynalite gives only CapacityUnits) is
// counted as read or write by the operation.
func (m *meter) dynamoOptions(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("BenchConsumedCapacity",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			// Every input with a ReturnConsumedCapacity field takes it; every
			// output reports it in ConsumedCapacity, one or a list.
			if f := field(in.Parameters, "ReturnConsumedCapacity"); f.IsValid() {
				f.Set(reflect.ValueOf(types.ReturnConsumedCapacityTotal))
			}
			op := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", in.Parameters), "*dynamodb."), "Input")
			read := readOps[op]
			out, md, err := next.HandleInitialize(ctx, in)

			var caps []types.ConsumedCapacity
			if f := field(out.Result, "ConsumedCapacity"); f.IsValid() {
				switch c := f.Interface().(type) {
				case *types.ConsumedCapacity:
					caps = one(c)
				case []types.ConsumedCapacity:
					caps = c
				}
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			if !m.on {
				return out, md, err
			}
			m.cur.Requests++
			m.cur.Ops[op]++
			if len(caps) == 0 {
				m.cur.NoCapacity++
			}
			for _, c := range caps {
				switch {
				case c.ReadCapacityUnits != nil || c.WriteCapacityUnits != nil:
					m.cur.RCU += aws.ToFloat64(c.ReadCapacityUnits)
					m.cur.WCU += aws.ToFloat64(c.WriteCapacityUnits)
				case read:
					m.cur.RCU += aws.ToFloat64(c.CapacityUnits)
				default:
					m.cur.WCU += aws.ToFloat64(c.CapacityUnits)
				}
			}
			return out, md, err
		}), middleware.After)
}

// readOps are the operations whose capacity, when reported with no
// read/write split, is read capacity.
var readOps = map[string]bool{"GetItem": true, "Query": true, "Scan": true, "BatchGetItem": true, "TransactGetItems": true}

// field is the field called name of the struct p points to; the zero Value
// when p is no pointer to a struct with such a field.
func field(p any, name string) reflect.Value {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}
	}
	return v.Elem().FieldByName(name)
}

func one(c *types.ConsumedCapacity) []types.ConsumedCapacity {
	if c == nil {
		return nil
	}
	return []types.ConsumedCapacity{*c}
}

// sesOptions counts the emails sent.
func (m *meter) sesOptions(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("BenchEmails",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleInitialize(ctx, in)
			m.mu.Lock()
			if m.on && err == nil {
				m.cur.Emails++
			}
			m.mu.Unlock()
			return out, md, err
		}), middleware.After)
}

// capacityRun drives the member-facing routes in-process, built as
// functions/*/main.go build them, against a fresh table on the stack's
// dynalite and the stack's SES emulator.
type capacityRun struct {
	stack  *local.Stack // whose SES emulator holds the emails
	meter  *meter
	routes map[string]*httpapi.Router // every HTTP function's routes
	rows   []routeCost
}

func measureCapacity(ctx context.Context, s *local.Stack, tpl *samtemplate.Template) ([]routeCost, error) {
	m := &meter{}
	run := randomHex(4)
	member, waiting, organizer := "cap-"+run+"-member@example.org", "cap-"+run+"-waiting@example.org", "cap-"+run+"-organizer@example.org"
	// Built as every function builds itself, through the composition root,
	// with the meter on the AWS clients.
	a, err := newApp(ctx, s, tpl, "bench-capacity-"+run, map[string]string{"PublicBaseUrl": capacityBaseURL, "OrganizerEmails": organizer},
		wiring.WithClientOptions(
			func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, m.dynamoOptions) },
			func(o *ses.Options) { o.APIOptions = append(o.APIOptions, m.sesOptions) }))
	if err != nil {
		return nil, err
	}
	routes := map[string]*httpapi.Router{}
	for _, f := range functions.All() {
		if h := f(a); h.Router != nil {
			for _, r := range h.Router.Routes() {
				routes[r] = h.Router
			}
		}
	}
	seats, mentoring := a.Meetups(), a.Mentorship()
	if err := a.Err(); err != nil {
		return nil, err
	}
	c := &capacityRun{stack: s, meter: m, routes: routes}

	// One upcoming meetup with one seat, made by an organizer (not measured).
	str := func(v string) *string { return &v }
	oneSeat := 1
	starts := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	meetup, err := seats.Create(ctx, meetups.MeetupInput{
		Title: str("Bench meetup"), StartsAt: str(starts.Format(time.RFC3339)), EndsAt: str(starts.Add(2 * time.Hour).Format(time.RFC3339)),
		Venue: str("Tehran"), Capacity: &oneSeat, Description: str("A meetup for the capacity benchmark."),
	})
	if err != nil {
		return nil, fmt.Errorf("create the meetup: %w", err)
	}
	reg := "/meetups/" + meetup.ID + "/registrations"
	// follow is a member following the newest link to route emailed to
	// address: the link's page, then the post of its token (the case what).
	follow := func(address, route, what string) {
		token := c.link(ctx, address, route)
		c.do(ctx, "GET "+route, "the emailed link's page", route+"?token="+token, "", 200)
		c.do(ctx, "POST "+route, what, route, `{"token":"`+token+`"}`, 200)
	}
	join := func(email string) string {
		return `{"name":"Bench Member","email":"` + email + `","language":"en","interests":["python","data"]}`
	}

	c.do(ctx, "POST /members", "new address", "/members", join(member), 202)
	c.do(ctx, "POST /members", "same address again", "/members", join(member), 202)
	follow(member, "/members/confirm", "first use of the link")
	follow(member, "/unsubscribe", "link in the welcome email")
	c.do(ctx, "GET /meetups", "one upcoming meetup", "/meetups", "", 200)
	c.do(ctx, "GET /meetups/{meetupId}", "", "/meetups/"+meetup.ID, "", 200)
	c.do(ctx, "POST /meetups/{meetupId}/registrations", "a member takes the seat", reg, join(member), 202)
	c.do(ctx, "POST /meetups/{meetupId}/registrations", "an address not proven: a held place in line", reg, join(waiting), 202)
	c.do(ctx, "POST /meetups/{meetupId}/registrations", "repeat of the first", reg, join(member), 202)
	follow(waiting, "/registrations/confirm", "confirms the held place in line")
	follow(member, "/registrations/cancel", "frees the seat, promotes the waiting one")
	c.do(ctx, "POST /talks", "a proposal for the meetup", "/talks", `{"name":"Bench Member","email":"`+member+`","title":"Typing in Python","abstract":"Why and how.","format":"short","level":"beginner","language":"en","meetup_id":"`+meetup.ID+`"}`, 201)
	follow(member, "/talks/verify", "the speaker confirms the proposal")
	follow(member, "/talks/withdraw", "withdraws the proposal")
	c.do(ctx, "POST /mentorship/applications", "as a mentee", "/mentorship/applications", `{"role":"mentee","name":"Bench Member","email":"`+member+`","topics":["web"],"goals":"a first Django app"}`, 201)
	// Paired by an organizer (not measured); the intro carries the check-in link.
	five := 5
	mentor, err := mentoring.Apply(ctx, mentorship.ApplyInput{Role: "mentor", Name: "Bench Mentor", Email: waiting, Topics: []string{"web"}, Capacity: &five, Availability: "evenings"})
	if err != nil {
		return nil, fmt.Errorf("mentor application: %w", err)
	}
	if _, _, err := mentoring.Pair(ctx, mentorship.PairInput{MentorApplicationID: mentor.ID, MenteeApplicationID: mentorship.ApplicationID(mentorship.Mentee, person.Key(member))}); err != nil {
		return nil, fmt.Errorf("pair: %w", err)
	}
	checkin := c.link(ctx, member, "/checkins/new")
	c.do(ctx, "GET /checkins/new", "the emailed link's page", "/checkins/new?token="+checkin, "", 200)
	c.do(ctx, "POST /checkins", "one tap: met", "/checkins", `{"token":"`+checkin+`","answer":"met"}`, 201)
	c.do(ctx, "POST /members/erase-request", "member with data", "/members/erase-request", `{"email":"`+member+`"}`, 202)
	follow(member, "/members/erase", "member, tokens, quotas, registration, talk, mentorship")
	c.do(ctx, "POST /auth/login", "organizer", "/auth/login", `{"email":"`+organizer+`"}`, 202)
	return c.rows, nil
}

// do runs one request through the router, measured, and notes a status
// other than want.
func (c *capacityRun) do(ctx context.Context, route, what, target, body string, want int) {
	method, tmpl, _ := strings.Cut(route, " ")
	u, _ := url.Parse(target)
	params := map[string]string{}
	rs, ps := strings.Split(tmpl, "/"), strings.Split(u.Path, "/")
	for i := range rs {
		if i < len(ps) && strings.HasPrefix(rs[i], "{") {
			params[strings.Trim(rs[i], "{}")] = ps[i]
		}
	}
	// JSON in and out, as the site's scripts post; the link pages are
	// opened by a browser.
	headers := map[string]string{"accept": "application/json"}
	if method == "GET" && u.RawQuery != "" {
		headers["accept"] = "text/html"
	}
	if body != "" {
		headers["content-type"] = "application/json"
	}
	query := map[string]string{}
	for k, v := range u.Query() {
		query[k] = strings.Join(v, ",")
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: route, RawPath: u.Path, RawQueryString: u.RawQuery, Headers: headers,
		QueryStringParameters: query, PathParameters: params, Body: body,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RequestID: "bench-" + randomHex(4), RouteKey: route,
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path, SourceIP: "127.0.0.1"},
		},
	}
	c.meter.start()
	resp, err := c.routes[route].Serve(ctx, ev)
	cost := c.meter.stop()
	cost.Route, cost.Case, cost.Status = route, what, resp.StatusCode
	if err != nil || resp.StatusCode != want {
		progress("WARNING: %s (%s) answered %d, want %d: %s %v", route, what, resp.StatusCode, want, resp.Body, err)
	}
	c.rows = append(c.rows, cost)
}

// link returns the token of the newest emailed link to route sent to address.
func (c *capacityRun) link(ctx context.Context, address, route string) string {
	re := regexp.MustCompile(regexp.QuoteMeta(capacityBaseURL+route) + `\?token=([A-Za-z0-9_-]+)`)
	mails, err := c.stack.EmailsTo(ctx, address)
	if err != nil {
		progress("WARNING: read the SES emulator: %v", err)
		return ""
	}
	for i := len(mails) - 1; i >= 0; i-- {
		if m := re.FindStringSubmatch(mails[i].Text); m != nil {
			return m[1]
		}
	}
	progress("WARNING: no %s link emailed to %s", route, address)
	return ""
}

func printCapacity(w io.Writer, rows []routeCost) {
	fmt.Fprintf(w, "\n## DynamoDB per member-facing route\n\n")
	fmt.Fprintf(w, "One request each, in this order, in-process through the handler packages against dynalite, every DynamoDB call made with "+
		"ReturnConsumedCapacity=TOTAL; RCU/WCU are the sums of the ConsumedCapacity returned. \"No capacity\" counts calls answered without one "+
		"(failed conditional writes: dynalite returns an error with no ConsumedCapacity). dynalite counts only the table, not index writes.\n\n")
	fmt.Fprintf(w, "| Route | Case | Status | Requests | Operations | RCU | WCU | No capacity | Emails |\n|---|---|--:|--:|---|--:|--:|--:|--:|\n")
	for _, r := range rows {
		var ops []string
		for _, op := range slices.Sorted(maps.Keys(r.Ops)) {
			ops = append(ops, fmt.Sprintf("%s×%d", op, r.Ops[op]))
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %s | %g | %g | %d | %d |\n", r.Route, r.Case, r.Status, r.Requests, strings.Join(ops, " "), r.RCU, r.WCU, r.NoCapacity, r.Emails)
	}
}
