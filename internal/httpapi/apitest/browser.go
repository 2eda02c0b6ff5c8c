package apitest

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/testenv"
)

// Browser is an organizer's browser on the console, as its requests reach
// the console's function: it keeps the session cookie, and posts forms the
// way a console page does (same-origin, with the page's form token).
type Browser struct {
	c *Client
	// Cookie is the session cookie's name=value, "" before signing in.
	Cookie string
	// FormToken is the form token of the last page that had one.
	FormToken string
	// Lang is the browser's Accept-Language.
	Lang string
}

// Browser is a browser with no session yet.
func (c *Client) Browser() *Browser { return &Browser{c: c, Lang: "en"} }

// SignIn signs the browser in as organizer the way a person does: the
// sign-in page's form, the emailed link's page, its button, and the
// console page it lands on. It needs the console's and the sign-in
// functions.
func (b *Browser) SignIn(organizer string) *Browser {
	t := b.c.T
	t.Helper()
	before := len(testenv.EmailsTo(t, organizer))
	resp := b.Post("/console/sign-in", url.Values{"email": {organizer}, "lang": {b.Lang}})
	WantStatus(t, resp, http.StatusOK)
	mails := testenv.EmailsTo(t, organizer)
	if len(mails) != before+1 {
		t.Fatalf("signing in sent %d emails to the organizer, want one", len(mails)-before)
	}
	raw := LinkIn(t, mails[len(mails)-1], "/auth/session")
	resp = b.Post("/auth/session", url.Values{"token": {raw}})
	WantStatus(t, resp, http.StatusSeeOther)
	b.keep(resp)
	if b.Cookie == "" {
		t.Fatal("signing in set no session cookie")
	}
	WantStatus(t, b.Get(resp.Headers["Location"]), http.StatusOK)
	return b
}

// Get opens a page, on whichever route of the client's functions serves
// its path.
func (b *Browser) Get(target string) events.APIGatewayV2HTTPResponse {
	b.c.T.Helper()
	resp := b.c.Serve("GET", b.c.routeOf("GET", target), target, "", "", b.headers()...)
	b.keep(resp)
	return resp
}

// Post sends form as a console page sends it: same-origin, with the
// form token of the last page when the form has none.
func (b *Browser) Post(target string, form url.Values) events.APIGatewayV2HTTPResponse {
	b.c.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["form_token"]; !ok && b.FormToken != "" {
		form.Set("form_token", b.FormToken)
	}
	return b.PostFrom(target, form, "same-origin", BaseURL)
}

// PostFrom sends form as a page of another origin would: fetchSite is the
// Sec-Fetch-Site the browser sends ("" for none), origin its Origin.
func (b *Browser) PostFrom(target string, form url.Values, fetchSite, origin string) events.APIGatewayV2HTTPResponse {
	b.c.T.Helper()
	h := b.headers()
	if fetchSite != "" {
		h = append(h, "Sec-Fetch-Site", fetchSite)
	}
	if origin != "" {
		h = append(h, "Origin", origin)
	}
	resp := b.c.Serve("POST", b.c.routeOf("POST", target), target, "application/x-www-form-urlencoded", form.Encode(), h...)
	b.keep(resp)
	return resp
}

// PostJSON sends body as JSON, as the console's script does from a page:
// same-origin, with the form token of the last page when body has none.
func (b *Browser) PostJSON(target string, body map[string]any) events.APIGatewayV2HTTPResponse {
	b.c.T.Helper()
	if _, ok := body["form_token"]; !ok && b.FormToken != "" {
		body["form_token"] = b.FormToken
	}
	return b.PostJSONFrom(target, body, "same-origin", BaseURL)
}

// PostJSONFrom sends body as JSON as a script of another origin would
// (see PostFrom).
func (b *Browser) PostJSONFrom(target string, body map[string]any, fetchSite, origin string) events.APIGatewayV2HTTPResponse {
	b.c.T.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		b.c.T.Fatal(err)
	}
	h := append(b.headers(), "Accept", "application/json")
	if fetchSite != "" {
		h = append(h, "Sec-Fetch-Site", fetchSite)
	}
	if origin != "" {
		h = append(h, "Origin", origin)
	}
	resp := b.c.Serve("POST", b.c.routeOf("POST", target), target, "application/json", string(raw), h...)
	b.keep(resp)
	return resp
}

func (b *Browser) headers() []string {
	h := []string{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language", b.Lang, "Host", strings.TrimPrefix(BaseURL, "https://")}
	if b.Cookie != "" {
		h = append(h, "Cookie", b.Cookie)
	}
	return h
}

var formToken = regexp.MustCompile(`name="form_token" value="([^"]*)"`)

// keep remembers what a response set: the session cookie, and the page's form token.
func (b *Browser) keep(resp events.APIGatewayV2HTTPResponse) {
	for _, sc := range resp.Cookies {
		c, err := http.ParseSetCookie(sc)
		if err != nil || !strings.HasSuffix(c.Name, "tehpug-session") {
			continue
		}
		if c.MaxAge < 0 || c.Value == "" {
			b.Cookie = ""
		} else {
			b.Cookie = c.Name + "=" + c.Value
		}
	}
	if m := formToken.FindStringSubmatch(resp.Body); m != nil {
		b.FormToken = html.UnescapeString(m[1])
	}
}

// SessionToken is the session token the browser's cookie holds.
func (b *Browser) SessionToken() string {
	_, v, _ := strings.Cut(b.Cookie, "=")
	return v
}

// routeOf is the route of the client's functions that serves method and
// target's path: the route itself, or one whose {parameters} match.
func (c *Client) routeOf(method, target string) string {
	path, _, _ := strings.Cut(target, "?")
	if _, ok := c.routes[method+" "+path]; ok {
		return path
	}
	segs := strings.Split(path, "/")
	for key := range c.routes {
		m, route, ok := strings.Cut(key, " ")
		if !ok || m != method {
			continue
		}
		rs := strings.Split(route, "/")
		if len(rs) != len(segs) {
			continue
		}
		match := true
		for i := range rs {
			if !strings.HasPrefix(rs[i], "{") && rs[i] != segs[i] {
				match = false
				break
			}
		}
		if match {
			return route
		}
	}
	return path
}
