package local

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEndToEnd runs the real functions of template.yaml on the local stack,
// as a member and an organizer use them: through the HTTP API, reading the
// emails the SES emulator holds.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every function")
	}
	o := Options{
		Root: repoRoot(t), Ephemeral: true, BuildDir: filepath.Join(shared.dir, "e2e"),
		HTTPAddr: "127.0.0.1:0", InvokeAddr: "127.0.0.1:0", DynamoAddr: "127.0.0.1:0", SESAddr: "127.0.0.1:0",
		TableName: "e2e", Log: testLogger(t),
		Params: map[string]string{"OrganizerEmails": "boss@example.org"},
	}
	s := startStack(t, o)
	c := &e2eClient{t: t, s: s, http: &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}

	t.Run("member joins, confirms through the emailed page, and is erased", func(t *testing.T) {
		c.t = t
		email := fmt.Sprintf("sara-%d@example.org", time.Now().UnixNano())
		name := "سارا محمدی"
		first := c.post("/members", "application/json", fmt.Sprintf(`{"name":%q,"email":%q,"language":"fa","interests":["داده"]}`, name, email))
		c.want(first, 202)
		mails := c.emails(email)
		if len(mails) != 1 || !strings.Contains(mails[0].Text, name) || !strings.Contains(mails[0].HTML, name) {
			t.Fatalf("confirmation email with the name intact: %+v", mails)
		}
		link := c.link(mails[0].Text, "/members/confirm")

		again := c.post("/members", "application/json", fmt.Sprintf(`{"name":"Other","email":%q}`, strings.ToUpper(email)))
		c.want(again, 202)
		if again.body != first.body {
			t.Errorf("second join answered %s, first %s", again.body, first.body)
		}
		if n := len(c.emails(email)); n != 2 {
			t.Errorf("%d emails after joining twice while pending; want the confirmation again", n)
		}

		// The emailed link opens a page; its button posts the form.
		page := c.get(link)
		c.want(page, 200)
		action, fields := formOf(t, page.body)
		done := c.postForm(action, fields, "text/html")
		c.want(done, 303)
		thanks := c.get(done.header.Get("Location"))
		c.want(thanks, 200)
		if n := len(c.emails(email)); n != 3 {
			t.Fatalf("%d emails after confirming, want the welcome too", n)
		}

		c.want(c.post("/members/erase-request", "application/x-www-form-urlencoded", "email="+url.QueryEscape(email)), 303)
		mails = c.emails(email)
		erase := c.link(mails[len(mails)-1].Text, "/members/erase")
		action, fields = formOf(t, c.get(erase).body)
		c.want(c.postForm(action, fields, "application/json"), 303)
		// Nothing left: joining again is a first join, with a new confirmation.
		c.want(c.post("/members", "application/json", fmt.Sprintf(`{"name":"Sara","email":%q}`, email)), 202)
		if n := len(c.emails(email)); n != 5 {
			t.Errorf("%d emails; want a fresh confirmation after the erase", n)
		}
	})

	t.Run("bad input is answered with problem+json and a 4xx", func(t *testing.T) {
		c.t = t
		forged := strings.Repeat("A", 43)
		tests := []struct {
			name, method, path, contentType, body string
			status                                int
			field                                 string
		}{
			{"malformed JSON", "POST", "/members", "application/json", `{"name":`, 400, ""},
			{"missing field", "POST", "/members", "application/json", `{"email":"x@example.org"}`, 422, "name"},
			{"CR/LF in the address", "POST", "/members", "application/json", `{"name":"X","email":"x@example.org\r\nBcc: y@example.org"}`, 422, "email"},
			{"over 64 KiB", "POST", "/members", "application/json", `{"name":"` + strings.Repeat("x", 66000) + `"}`, 413, ""},
			{"wrong content type", "POST", "/members", "text/plain", "hello", 415, ""},
			{"unknown route", "GET", "/nope", "", "", 404, ""},
			{"forged token", "POST", "/members/confirm", "application/json", `{"token":"` + forged + `"}`, 404, ""},
			{"organizer route without a session", "POST", "/meetups", "application/json", `{}`, 401, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c.t = t
				r := c.do(tt.method, tt.path, tt.contentType, tt.body, "")
				c.want(r, tt.status)
				if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q", ct)
				}
				if tt.field != "" && !strings.Contains(r.body, `"`+tt.field+`"`) {
					t.Errorf("problem %s does not name %s", r.body, tt.field)
				}
			})
		}
	})

	t.Run("organizer signs in, creates a meetup, members register", func(t *testing.T) {
		c.t = t
		c.want(c.post("/auth/login", "application/json", `{"email":"boss@example.org"}`), 202)
		mails := c.emails("boss@example.org")
		if len(mails) == 0 {
			t.Fatal("no sign-in email")
		}
		raw := tokenOf(t, c.link(mails[len(mails)-1].Text, "/auth/session"))
		sess := c.post("/auth/session", "application/json", `{"token":"`+raw+`"}`)
		c.want(sess, 200)
		var session struct {
			SessionToken string `json:"session_token"`
		}
		_ = json.Unmarshal([]byte(sess.body), &session)

		// A meetup 30 hours from now (to the hour), so the reminder run
		// below is for a time within the hour past, as a scheduled one is.
		starts := time.Now().Add(30 * time.Hour).UTC().Truncate(time.Hour)
		created := c.do("POST", "/meetups", "application/json", fmt.Sprintf(`{"title":"دورهمی آذر","starts_at":%q,"ends_at":%q,"venue":"Tehran","capacity":1}`,
			starts.Format(time.RFC3339), starts.Add(2*time.Hour).Format(time.RFC3339)), "Bearer "+session.SessionToken)
		c.want(created, 201)
		var m struct{ ID string }
		_ = json.Unmarshal([]byte(created.body), &m)

		r1 := c.post("/meetups/"+m.ID+"/registrations", "application/json", `{"name":"Ali","email":"ali-e2e@example.org"}`)
		r2 := c.post("/meetups/"+m.ID+"/registrations", "application/json", `{"name":"Reza","email":"reza-e2e@example.org"}`)
		c.want(r1, 202)
		c.want(r2, 202)
		if r1.body != r2.body || strings.Contains(r1.body, "confirmed") || strings.Contains(r1.body, "waitlist") {
			t.Errorf("registrations answered %s / %s; want one answer that tells nothing", r1.body, r2.body)
		}
		// Neither address is a member's: each place is held until the
		// emailed link confirms it. Ali confirms the seat.
		held := c.emails("ali-e2e@example.org")
		if len(held) == 0 {
			t.Fatal("no email to confirm the seat")
		}
		hold := tokenOf(t, c.link(held[len(held)-1].Text, "/registrations/confirm"))
		c.want(c.post("/registrations/confirm", "application/json", `{"token":"`+hold+`"}`), 200)
		detail := c.get(s.HTTPURL() + "/meetups/" + m.ID)
		c.want(detail, 200)
		if !strings.Contains(detail.body, `"seats_left":0`) || !strings.Contains(detail.body, "دورهمی آذر") {
			t.Errorf("detail %s", detail.body)
		}
		csv := c.do("GET", "/meetups/"+m.ID+"/registrations", "", "", "Bearer "+session.SessionToken, "text/csv")
		c.want(csv, 200)
		if !strings.Contains(csv.body, "ali-e2e@example.org,confirmed") {
			t.Errorf("CSV %s", csv.body)
		}

		// The scheduled reminder, run through the Invoke API for the time
		// EventBridge Scheduler would give it, twice: one reminder.
		runAt := starts.Add(-30 * time.Hour).Format(time.RFC3339)
		for range 2 {
			inv := c.do("POST", s.InvokeURL()+"/2015-03-31/functions/MeetupReminderFunction/invocations", "application/json", `{"time":"`+runAt+`"}`, "")
			c.want(inv, 200)
			if inv.header.Get("X-Amz-Function-Error") != "" {
				t.Fatalf("reminder failed: %s", inv.body)
			}
		}
		n := 0
		for _, e := range c.emails("ali-e2e@example.org") {
			if strings.HasPrefix(e.Subject, "Reminder:") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d reminders to the registrant, want 1", n)
		}

		// The other scheduled jobs run through the Invoke API too; the
		// meetup has no talk, so the digest leads with it.
		for _, fn := range []string{"CallForSpeakersFunction", "CheckinReminderFunction", "OrganizerDigestFunction"} {
			inv := c.do("POST", s.InvokeURL()+"/2015-03-31/functions/"+fn+"/invocations", "application/json", `{"time":"`+runAt+`"}`, "")
			c.want(inv, 200)
			if inv.header.Get("X-Amz-Function-Error") != "" {
				t.Fatalf("%s failed: %s", fn, inv.body)
			}
		}
		digests := 0
		for _, e := range c.emails("boss@example.org") {
			if strings.Contains(e.Subject, "weekly digest") && strings.Contains(e.Text, "No talk for \"دورهمی آذر\"") {
				digests++
			}
		}
		if digests != 1 {
			t.Errorf("%d digests leading with the meetup that has no talk, want 1", digests)
		}
	})
}

type e2eClient struct {
	t    *testing.T
	s    *Stack
	http *http.Client
}

type e2eResponse struct {
	status int
	header http.Header
	body   string
}

func (c *e2eClient) do(method, path, contentType, body, auth string, accept ...string) e2eResponse {
	c.t.Helper()
	target := path
	if strings.HasPrefix(path, "/") {
		target = c.s.HTTPURL() + path
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if len(accept) > 0 {
		req.Header.Set("Accept", accept[0])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return e2eResponse{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func (c *e2eClient) get(target string) e2eResponse { return c.do("GET", target, "", "", "") }

func (c *e2eClient) post(path, contentType, body string) e2eResponse {
	return c.do("POST", path, contentType, body, "")
}

func (c *e2eClient) postForm(action string, fields url.Values, accept string) e2eResponse {
	return c.do("POST", action, "application/x-www-form-urlencoded", fields.Encode(), "", accept)
}

func (c *e2eClient) want(r e2eResponse, status int) {
	c.t.Helper()
	if r.status != status {
		c.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
}

// emails are the messages the SES emulator holds for the address to, as
// the whole recipient or in angle brackets after a name.
func (c *e2eClient) emails(to string) []Email {
	c.t.Helper()
	all, err := c.s.Emails(c.t.Context())
	if err != nil {
		c.t.Fatal(err)
	}
	var out []Email
	for _, e := range all {
		for _, d := range e.To {
			if strings.EqualFold(d, to) || strings.HasSuffix(strings.ToLower(d), "<"+strings.ToLower(to)+">") {
				out = append(out, e)
			}
		}
	}
	return out
}

// link finds the emailed link to route in a text body.
func (c *e2eClient) link(text, route string) string {
	c.t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(c.s.HTTPURL()+route) + `\?token=[A-Za-z0-9_-]+`)
	l := re.FindString(text)
	if l == "" {
		c.t.Fatalf("no %s link in %q", route, text)
	}
	return l
}

func tokenOf(t *testing.T, link string) string {
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}

var (
	formAction = regexp.MustCompile(`<form[^>]*action="([^"]+)"`)
	hiddenRe   = regexp.MustCompile(`<input[^>]*type="hidden"[^>]*>`)
	attrRe     = regexp.MustCompile(`(name|value)="([^"]*)"`)
)

// formOf reads a page's one form: its action and hidden fields.
func formOf(t *testing.T, page string) (string, url.Values) {
	t.Helper()
	m := formAction.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form in page %s", page)
	}
	fields := url.Values{}
	for _, in := range hiddenRe.FindAllString(page, -1) {
		var name, value string
		for _, a := range attrRe.FindAllStringSubmatch(in, -1) {
			if a[1] == "name" {
				name = a[2]
			} else {
				value = a[2]
			}
		}
		fields.Set(name, value)
	}
	return m[1], fields
}
