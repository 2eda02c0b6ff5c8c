package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/tehpug/backend/internal/api"
	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/mail"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
)

const baseURL = "https://api.tehpug.test"

// harness is the members API wired to a fresh table and the SES emulator.
type harness struct {
	t     *testing.T
	rt    *httpapi.Router
	db    *dynamodb.Client
	table string
	now   time.Time
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	db, table := testenv.NewTable(t)
	sesClient, _ := testenv.SES(t)
	h := &harness{t: t, db: db, table: table, now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	now := func() time.Time { return h.now }
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	store := dynamo.New(db, table)
	svc := &members.Service{
		Store: store, Tokens: &token.Issuer{Store: store, Now: now}, Mail: mail.NewSender(sesClient, "TehPUG <noreply@tehpug.test>"),
		Log: log, Now: now, BaseURL: baseURL, DailyEmailLimit: 3,
	}
	h.rt = httpapi.NewRouter(log)
	(&api.Members{Config: api.Config{BaseURL: baseURL, Log: log}, Service: svc}).Register(h.rt)
	return h
}

// routeKeys maps a method and path to the template's route key.
func routeKey(method, path string) string { return method + " " + path }

func (h *harness) do(method, target, contentType, body string, headers ...string) events.APIGatewayV2HTTPResponse {
	h.t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		h.t.Fatal(err)
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
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: routeKey(method, u.Path), RawPath: u.Path, RawQueryString: u.RawQuery,
		Headers: hdr, QueryStringParameters: q, Body: body,
		RequestContext: events.APIGatewayV2HTTPRequestContext{RequestID: "test", HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path}},
	}
	resp, err := h.rt.Serve(context.Background(), ev)
	if err != nil {
		h.t.Fatalf("Serve returned an error: %v", err)
	}
	return resp
}

func (h *harness) postJSON(path string, v any) events.APIGatewayV2HTTPResponse {
	h.t.Helper()
	b, _ := json.Marshal(v)
	return h.do("POST", path, "application/json", string(b))
}

// memberItems counts the items stored for an address.
func (h *harness) ownerItems(email string) int {
	h.t.Helper()
	expr, _ := expression.NewBuilder().WithKeyCondition(expression.Key("owner").Equal(expression.Value(person.Key(email)))).Build()
	out, err := h.db.Query(context.Background(), &dynamodb.QueryInput{
		TableName: &h.table, IndexName: aws.String("ByOwner"), KeyConditionExpression: expr.KeyCondition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return len(out.Items)
}

func uniqueEmail(prefix string) string {
	return prefix + "-" + testenv.RandomHex(5) + "@example.org"
}

var tokenLink = regexp.MustCompile(`https://api\.tehpug\.test(/[a-z/-]+)\?token=([A-Za-z0-9_-]+)`)

// linkIn finds the emailed link to route in an email's text.
func linkIn(t *testing.T, e testenv.Email, route string) string {
	t.Helper()
	for _, m := range tokenLink.FindAllStringSubmatch(e.Text, -1) {
		if m[1] == route {
			return m[2]
		}
	}
	t.Fatalf("no %s link in email %q", route, e.Text)
	return ""
}

func wantStatus(t *testing.T, resp events.APIGatewayV2HTTPResponse, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, status, resp.Body)
	}
}

func TestJoinConfirmPersian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := uniqueEmail("sara")
	name := "سارا محمدی"
	first := h.postJSON("/members", map[string]any{"name": name, "email": email, "language": "fa", "interests": []string{"داده", "web"}, "wants_to_speak": true, "mentorship": "mentee"})
	wantStatus(t, first, 202)

	mails := testenv.EmailsTo(t, email)
	if len(mails) != 1 {
		t.Fatalf("%d emails after joining, want 1", len(mails))
	}
	if !strings.Contains(mails[0].Text, name) || !strings.Contains(mails[0].HTML, name) {
		t.Errorf("the Persian name is not intact in the email: %q", mails[0].Text)
	}
	raw := linkIn(t, mails[0], "/members/confirm")

	// Joining again answers exactly as the first time and sends nothing.
	again := h.postJSON("/members", map[string]any{"name": "Someone Else", "email": strings.ToUpper(email), "language": "en"})
	wantStatus(t, again, 202)
	if again.Body != first.Body {
		t.Errorf("second join answered %s, first %s", again.Body, first.Body)
	}
	if n := len(testenv.EmailsTo(t, email)); n != 1 {
		t.Errorf("%d emails after joining twice, want 1", n)
	}

	// The link opens a page whose button posts the token; the GET changes nothing.
	page := h.do("GET", "/members/confirm?token="+raw, "", "")
	wantStatus(t, page, 200)
	for _, want := range []string{`action="/members/confirm"`, `name="token"`, raw, `dir="rtl"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("confirm page lacks %q", want)
		}
	}
	store := dynamo.New(h.db, h.table)
	if m, err := store.GetMember(context.Background(), person.Key(email)); err != nil || m.Status != members.Pending {
		t.Fatalf("after GET the member is %+v, %v; want still pending", m, err)
	}

	// The button is an HTML form post: 303 to the thank-you page.
	done := h.do("POST", "/members/confirm", "application/x-www-form-urlencoded", "token="+raw, "Accept", "text/html")
	wantStatus(t, done, 303)
	if loc := done.Headers["Location"]; !strings.HasPrefix(loc, "/thanks?") || !strings.Contains(loc, "lang=fa") {
		t.Errorf("Location %q", loc)
	}
	m, err := store.GetMember(context.Background(), person.Key(email))
	if err != nil || m.Status != members.Confirmed || m.Name != name || strings.Join(m.Interests, ",") != "داده,web" {
		t.Fatalf("member after confirming: %+v, %v", m, err)
	}
	mails = testenv.EmailsTo(t, email)
	if len(mails) != 2 {
		t.Fatalf("%d emails after confirming, want 2 (confirmation, welcome)", len(mails))
	}
	linkIn(t, mails[1], "/unsubscribe")

	// The same link again: already used, nothing sent.
	wantStatus(t, h.postJSON("/members/confirm", map[string]string{"token": raw}), 409)
	if n := len(testenv.EmailsTo(t, email)); n != 2 {
		t.Errorf("%d emails after a second confirm, want 2", n)
	}
}

func TestJoinFormPostRedirects(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := uniqueEmail("form")
	body := url.Values{"name": {"Ali"}, "email": {email}, "language": {"en"}, "interests": {"django, data"}, "wants_to_speak": {"on"}, "website": {""}}
	resp := h.do("POST", "/members", "application/x-www-form-urlencoded", body.Encode(), "Accept", "text/html")
	wantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; loc != baseURL+"/thanks?done=joined&lang=en" {
		t.Errorf("Location %q", loc)
	}
	m, err := dynamo.New(h.db, h.table).GetMember(context.Background(), person.Key(email))
	if err != nil || !m.WantsToSpeak || strings.Join(m.Interests, "|") != "django|data" {
		t.Fatalf("member %+v, %v", m, err)
	}
}

func TestHoneypotDropsSilently(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := uniqueEmail("bot")
	wantStatus(t, h.postJSON("/members", map[string]any{"name": "Bot", "email": email, "website": "http://spam.example"}), 202)
	if n := h.ownerItems(email); n != 0 {
		t.Errorf("%d items stored for a honeypot post", n)
	}
	if n := len(testenv.EmailsTo(t, email)); n != 0 {
		t.Errorf("%d emails sent for a honeypot post", n)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	big := `{"name":"` + strings.Repeat("a", 70*1024) + `","email":"big@example.org"}`
	forged := base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		status      int
		field       string
	}{
		{"malformed JSON", "POST", "/members", "application/json", `{"name": "x",`, 400, ""},
		{"missing name", "POST", "/members", "application/json", `{"email":"a@example.org"}`, 422, "name"},
		{"invalid email", "POST", "/members", "application/json", `{"name":"A","email":"not-an-email"}`, 422, "email"},
		{"CR/LF in email", "POST", "/members", "application/json", `{"name":"A","email":"a@example.org\r\nBcc: victim@example.org"}`, 422, "email"},
		{"CR/LF in form email", "POST", "/members", "application/x-www-form-urlencoded", "name=A&email=a%40example.org%0D%0ABcc%3A+v%40example.org", 422, "email"},
		{"unknown language", "POST", "/members", "application/json", `{"name":"A","email":"a@example.org","language":"de"}`, 422, "language"},
		{"unknown mentorship", "POST", "/members", "application/json", `{"name":"A","email":"a@example.org","mentorship":"guru"}`, 422, "mentorship"},
		{"name too long", "POST", "/members", "application/json", `{"name":"` + strings.Repeat("ب", 101) + `","email":"a@example.org"}`, 422, "name"},
		{"body over 64 KiB", "POST", "/members", "application/json", big, 413, ""},
		{"wrong content type", "POST", "/members", "text/plain", `name=A`, 415, ""},
		{"no content type", "POST", "/members", "", `{}`, 415, ""},
		{"forged token", "POST", "/members/confirm", "application/json", `{"token":"` + forged + `"}`, 404, ""},
		{"garbage token", "POST", "/members/erase", "application/json", `{"token":"../../etc"}`, 404, ""},
		{"missing token", "POST", "/members/confirm", "application/json", `{}`, 422, "token"},
		{"forged unsubscribe", "POST", "/unsubscribe?token=" + forged, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click", 404, ""},
		{"forged link page", "GET", "/members/confirm?token=" + forged, "", "", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.do(tt.method, tt.path, tt.contentType, tt.body)
			wantStatus(t, resp, tt.status)
			if tt.method == "GET" {
				if !strings.HasPrefix(resp.Headers["Content-Type"], "text/html") {
					t.Errorf("link page error is %q, want an HTML page", resp.Headers["Content-Type"])
				}
				return
			}
			if ct := resp.Headers["Content-Type"]; ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			var p struct {
				Status int               `json:"status"`
				Errors map[string]string `json:"errors"`
			}
			if err := json.Unmarshal([]byte(resp.Body), &p); err != nil || p.Status != tt.status {
				t.Fatalf("problem body %s: %v", resp.Body, err)
			}
			if tt.field != "" && p.Errors[tt.field] == "" {
				t.Errorf("errors %v do not name %q", p.Errors, tt.field)
			}
		})
	}
	// Nothing was written by any of them.
	for _, e := range []string{"a@example.org", "big@example.org"} {
		if n := h.ownerItems(e); n != 0 {
			t.Errorf("%d items stored for %s after bad requests", n, e)
		}
	}
}

func TestExpiredConfirmLink(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := uniqueEmail("late")
	wantStatus(t, h.postJSON("/members", map[string]any{"name": "Late", "email": email}), 202)
	raw := linkIn(t, testenv.EmailsTo(t, email)[0], "/members/confirm")
	h.now = h.now.Add(8 * 24 * time.Hour)
	wantStatus(t, h.postJSON("/members/confirm", map[string]string{"token": raw}), 404)

	// Past its window the pending join no longer holds the address: joining again sends a new link.
	wantStatus(t, h.postJSON("/members", map[string]any{"name": "Late", "email": email}), 202)
	if n := len(testenv.EmailsTo(t, email)); n != 2 {
		t.Fatalf("%d emails, want a second confirmation", n)
	}
}

func TestUnsubscribeOneClick(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := uniqueEmail("quiet")
	wantStatus(t, h.postJSON("/members", map[string]any{"name": "Quiet", "email": email}), 202)
	wantStatus(t, h.postJSON("/members/confirm", map[string]string{"token": linkIn(t, testenv.EmailsTo(t, email)[0], "/members/confirm")}), 200)
	raw := linkIn(t, testenv.EmailsTo(t, email)[1], "/unsubscribe")

	wantStatus(t, h.do("GET", "/unsubscribe?token="+raw, "", ""), 200)
	// RFC 8058: the mail client posts the fixed body to the link; posting twice is fine.
	// RFC 8058 prefers multipart/form-data for that body.
	wantStatus(t, h.do("POST", "/unsubscribe?token="+raw, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"), 200)
	multipart := "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n"
	wantStatus(t, h.do("POST", "/unsubscribe?token="+raw, "multipart/form-data; boundary=b", multipart), 200)
	m, err := dynamo.New(h.db, h.table).GetMember(context.Background(), person.Key(email))
	if err != nil || !m.Unsubscribed {
		t.Fatalf("member %+v, %v: want unsubscribed", m, err)
	}
}

func TestEraseRemovesEverything(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := uniqueEmail("gone")
	wantStatus(t, h.postJSON("/members", map[string]any{"name": "رفتنی", "email": email, "language": "fa"}), 202)
	wantStatus(t, h.postJSON("/members/confirm", map[string]string{"token": linkIn(t, testenv.EmailsTo(t, email)[0], "/members/confirm")}), 200)

	// A stranger's request answers the same and sends nothing.
	stranger := uniqueEmail("stranger")
	a := h.postJSON("/members/erase-request", map[string]string{"email": stranger})
	b := h.postJSON("/members/erase-request", map[string]string{"email": email})
	wantStatus(t, a, 202)
	wantStatus(t, b, 202)
	if a.Body != b.Body {
		t.Errorf("erase-request answers differ: %s vs %s", a.Body, b.Body)
	}
	if n := len(testenv.EmailsTo(t, stranger)); n != 0 {
		t.Errorf("stranger got %d emails", n)
	}
	mails := testenv.EmailsTo(t, email)
	raw := linkIn(t, mails[len(mails)-1], "/members/erase")
	if h.ownerItems(email) == 0 {
		t.Fatal("nothing stored before erasing")
	}
	wantStatus(t, h.do("GET", "/members/erase?token="+raw, "", ""), 200)
	wantStatus(t, h.postJSON("/members/erase", map[string]string{"token": raw}), 200)
	if n := h.ownerItems(email); n != 0 {
		t.Errorf("%d items left after erasing", n)
	}
	if _, err := dynamo.New(h.db, h.table).GetMember(context.Background(), person.Key(email)); err != members.ErrNotFound {
		t.Errorf("member still readable: %v", err)
	}
	// The link is gone with the data.
	wantStatus(t, h.postJSON("/members/erase", map[string]string{"token": raw}), 404)
}

func TestEraseRequestsAreCapped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := uniqueEmail("flood")
	wantStatus(t, h.postJSON("/members", map[string]any{"name": "Flood", "email": email}), 202)
	for range 6 {
		wantStatus(t, h.postJSON("/members/erase-request", map[string]string{"email": email}), 202)
	}
	if n := len(testenv.EmailsTo(t, email)); n != 1+3 {
		t.Errorf("%d emails, want the confirmation and 3 erase links", n)
	}
}
