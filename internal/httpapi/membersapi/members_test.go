package membersapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// harness is the members API wired to a fresh table and the SES emulator.
type harness struct {
	*apitest.Client
	now time.Time
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	sys := wiringtest.New(t, wiring.WithClock(func() time.Time { return h.now }))
	h.Client = apitest.New(t, sys, wiring.MembersFunction)
	return h
}

// join posts a join of a new address, whose start is who, with the given
// fields besides it, and returns the address.
func (h *harness) join(who string, fields map[string]any) string {
	h.T.Helper()
	email := apitest.UniqueEmail(who)
	fields["email"] = email
	apitest.WantStatus(h.T, h.PostJSON("/members", fields), 202)
	return email
}

// joinConfirmed is join followed by the press of the emailed confirm button.
func (h *harness) joinConfirmed(who string, fields map[string]any) string {
	h.T.Helper()
	email := h.join(who, fields)
	raw := apitest.LinkIn(h.T, testenv.EmailsTo(h.T, email)[0], "/members/confirm")
	apitest.WantStatus(h.T, h.PostJSON("/members/confirm", map[string]string{"token": raw}), 200)
	return email
}

func TestJoinConfirmPersian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := apitest.UniqueEmail("sara")
	name := "سارا محمدی"
	first := h.PostJSON("/members", map[string]any{"name": name, "email": email, "language": "fa", "interests": []string{"داده", "web"}, "wants_to_speak": true, "mentorship": "mentee"})
	apitest.WantStatus(t, first, 202)

	mails := testenv.EmailsTo(t, email)
	if len(mails) != 1 {
		t.Fatalf("%d emails after joining, want 1", len(mails))
	}
	if !strings.Contains(mails[0].Text, name) || !strings.Contains(mails[0].HTML, name) {
		t.Errorf("the Persian name is not intact in the email: %q", mails[0].Text)
	}
	raw := apitest.LinkIn(t, mails[0], "/members/confirm")

	// Joining again answers exactly as the first time and changes nothing;
	// someone still pending is sent the confirmation again (the first may
	// be lost), to the same inbox, in their own name and language.
	again := h.PostJSON("/members", map[string]any{"name": "Someone Else", "email": strings.ToUpper(email), "language": "en"})
	apitest.WantStatus(t, again, 202)
	if again.Body != first.Body {
		t.Errorf("second join answered %s, first %s", again.Body, first.Body)
	}
	mails = testenv.EmailsTo(t, email)
	if len(mails) != 2 || mails[1].Subject != mails[0].Subject || !strings.Contains(mails[1].Text, name) {
		t.Fatalf("after joining twice: %d emails, want the confirmation again", len(mails))
	}
	if apitest.LinkIn(t, mails[1], "/members/confirm") == raw {
		t.Error("the confirmation sent again carries the same token")
	}

	// The link opens a page whose button posts the token; the GET changes nothing.
	page := h.Do("GET", "/members/confirm?token="+raw, "", "")
	apitest.WantStatus(t, page, 200)
	apitest.WantContains(t, page.Body, "confirm page", `action="/members/confirm"`, `name="token"`, raw, `dir="rtl"`)
	store := dynamo.New(h.DB, h.Table)
	if m, err := store.GetMember(context.Background(), person.Key(email)); err != nil || m.Status != members.Pending {
		t.Fatalf("after GET the member is %+v, %v; want still pending", m, err)
	}

	// The button is an HTML form post: 303 to the thank-you page.
	done := h.Do("POST", "/members/confirm", "application/x-www-form-urlencoded", "token="+raw, "Accept", "text/html")
	apitest.WantStatus(t, done, 303)
	if loc := done.Headers["Location"]; !strings.HasPrefix(loc, "/thanks?") || !strings.Contains(loc, "lang=fa") {
		t.Errorf("Location %q", loc)
	}
	m, err := store.GetMember(context.Background(), person.Key(email))
	if err != nil || m.Status != members.Confirmed || m.Name != name || strings.Join(m.Interests, ",") != "داده,web" {
		t.Fatalf("member after confirming: %+v, %v", m, err)
	}
	mails = testenv.EmailsTo(t, email)
	if len(mails) != 3 {
		t.Fatalf("%d emails after confirming, want 3 (two confirmations, the welcome)", len(mails))
	}
	apitest.LinkIn(t, mails[2], "/unsubscribe")

	// The same link again (a double click, a second tab): the member is
	// confirmed, so that is the answer, and nothing is sent.
	apitest.WantStatus(t, h.PostJSON("/members/confirm", map[string]string{"token": raw}), 200)
	again = h.Do("POST", "/members/confirm", "application/x-www-form-urlencoded", "token="+raw, "Accept", "text/html")
	apitest.WantStatus(t, again, 303)
	// A member joining again: the same answer, and no email at all.
	apitest.WantStatus(t, h.PostJSON("/members", map[string]any{"name": name, "email": email, "language": "fa"}), 202)
	if n := len(testenv.EmailsTo(t, email)); n != 3 {
		t.Errorf("%d emails after a second confirm and a join, want 3", n)
	}
}

func TestJoinFormPostRedirects(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := apitest.UniqueEmail("form")
	body := url.Values{"name": {"Ali"}, "email": {email}, "language": {"en"}, "interests": {"django, data"}, "wants_to_speak": {"on"}, "website": {""}}
	resp := h.Do("POST", "/members", "application/x-www-form-urlencoded", body.Encode(), "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; loc != apitest.BaseURL+"/thanks?done=joined&lang=en" {
		t.Errorf("Location %q", loc)
	}
	m, err := dynamo.New(h.DB, h.Table).GetMember(context.Background(), person.Key(email))
	if err != nil || !m.WantsToSpeak || strings.Join(m.Interests, "|") != "django|data" {
		t.Fatalf("member %+v, %v", m, err)
	}
}

func TestHoneypotDropsSilently(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.WantNoTrace(t, h.join("bot", map[string]any{"name": "Bot", "website": "http://spam.example"}))
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
			resp := h.Do(tt.method, tt.path, tt.contentType, tt.body)
			apitest.WantStatus(t, resp, tt.status)
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
		if n := h.OwnerItems(e); n != 0 {
			t.Errorf("%d items stored for %s after bad requests", n, e)
		}
	}
}

func TestExpiredConfirmLink(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := h.join("late", map[string]any{"name": "Late"})
	raw := apitest.LinkIn(t, testenv.EmailsTo(t, email)[0], "/members/confirm")
	h.now = h.now.Add(8 * 24 * time.Hour)
	apitest.WantStatus(t, h.PostJSON("/members/confirm", map[string]string{"token": raw}), 404)

	// Past its window the pending join no longer holds the address: joining again sends a new link.
	apitest.WantStatus(t, h.PostJSON("/members", map[string]any{"name": "Late", "email": email}), 202)
	if n := len(testenv.EmailsTo(t, email)); n != 2 {
		t.Fatalf("%d emails, want a second confirmation", n)
	}
}

func TestUnsubscribeOneClick(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := h.joinConfirmed("quiet", map[string]any{"name": "Quiet"})
	raw := apitest.LinkIn(t, testenv.EmailsTo(t, email)[1], "/unsubscribe")

	apitest.WantStatus(t, h.Do("GET", "/unsubscribe?token="+raw, "", ""), 200)
	// RFC 8058: the mail client posts the fixed body to the link; posting twice is fine.
	// RFC 8058 prefers multipart/form-data for that body.
	apitest.WantStatus(t, h.Do("POST", "/unsubscribe?token="+raw, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"), 200)
	multipart := "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n"
	apitest.WantStatus(t, h.Do("POST", "/unsubscribe?token="+raw, "multipart/form-data; boundary=b", multipart), 200)
	m, err := dynamo.New(h.DB, h.Table).GetMember(context.Background(), person.Key(email))
	if err != nil || !m.Unsubscribed {
		t.Fatalf("member %+v, %v: want unsubscribed", m, err)
	}
}

func TestEraseRemovesEverything(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := h.joinConfirmed("gone", map[string]any{"name": "رفتنی", "language": "fa"})

	// A stranger's request answers the same and sends nothing.
	stranger := apitest.UniqueEmail("stranger")
	a := h.PostJSON("/members/erase-request", map[string]string{"email": stranger})
	b := h.PostJSON("/members/erase-request", map[string]string{"email": email})
	apitest.WantStatus(t, a, 202)
	apitest.WantStatus(t, b, 202)
	if a.Body != b.Body {
		t.Errorf("erase-request answers differ: %s vs %s", a.Body, b.Body)
	}
	if n := len(testenv.EmailsTo(t, stranger)); n != 0 {
		t.Errorf("stranger got %d emails", n)
	}
	mails := testenv.EmailsTo(t, email)
	raw := apitest.LinkIn(t, mails[len(mails)-1], "/members/erase")
	if h.OwnerItems(email) == 0 {
		t.Fatal("nothing stored before erasing")
	}
	apitest.WantStatus(t, h.Do("GET", "/members/erase?token="+raw, "", ""), 200)
	apitest.WantStatus(t, h.PostJSON("/members/erase", map[string]string{"token": raw}), 200)
	if n := h.OwnerItems(email); n != 0 {
		t.Errorf("%d items left after erasing", n)
	}
	if _, err := dynamo.New(h.DB, h.Table).GetMember(context.Background(), person.Key(email)); err != members.ErrNotFound {
		t.Errorf("member still readable: %v", err)
	}
	// Pressing the button again (a double click, a second tab) is told it
	// is done; what is left of the link names nobody.
	apitest.WantStatus(t, h.PostJSON("/members/erase", map[string]string{"token": raw}), 200)
	tok, err := dynamo.New(h.DB, h.Table).GetToken(context.Background(), token.Hash(raw))
	if err != nil || tok.Subject != "" || tok.Owner != "" || tok.UsedAt.IsZero() {
		t.Errorf("the used erase link: %+v, %v; want used, naming nobody", tok, err)
	}
}

func TestEraseRequestsAreCapped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	email := h.join("flood", map[string]any{"name": "Flood"})
	for range 6 {
		apitest.WantStatus(t, h.PostJSON("/members/erase-request", map[string]string{"email": email}), 202)
	}
	if n := len(testenv.EmailsTo(t, email)); n != 1+3 {
		t.Errorf("%d emails, want the confirmation and 3 erase links", n)
	}
}
