package httpapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/web"
)

func TestHTML(t *testing.T) {
	tests := []struct {
		name   string
		page   templ.Component
		has    []string
		hasNot []string
	}{
		{
			name: "english confirm page",
			page: web.LinkPage(web.Link{
				Lang:       lang.English,
				Title:      "Confirm your membership",
				Paragraphs: []string{"Press the button to confirm."},
				Action:     "/members/confirm",
				Hidden:     []web.Hidden{{Name: "token", Value: "tok_abc123"}},
				Button:     "Confirm",
			}),
			has: []string{
				`<html lang="en" dir="ltr">`,
				"<title>Confirm your membership · TehPUG</title>",
				"<h1>Confirm your membership</h1>",
				"<p>Press the button to confirm.</p>",
				`<form method="post" action="/members/confirm">`,
				`<input type="hidden" name="token" value="tok_abc123">`,
				`<button type="submit">Confirm</button>`,
			},
			hasNot: []string{"<script"},
		},
		{
			name: "persian is right to left",
			page: web.LinkPage(web.Link{
				Lang:       lang.Persian,
				Title:      "تأیید عضویت",
				Paragraphs: []string{"برای تأیید، دکمه را بزنید."},
				Action:     "/members/confirm",
				Hidden:     []web.Hidden{{Name: "token", Value: "t"}},
				Button:     "تأیید",
			}),
			has: []string{`<html lang="fa" dir="rtl">`, "<h1>تأیید عضویت</h1>", "<p>برای تأیید، دکمه را بزنید.</p>", `<button type="submit">تأیید</button>`},
		},
		{
			name: "user text is escaped",
			page: web.LinkPage(web.Link{
				Lang:       lang.English,
				Title:      `<script>alert(1)</script>`,
				Paragraphs: []string{`Hello <script>alert("x")</script> & <b>bye</b>`},
				Action:     "javascript:alert(1)",
				Hidden:     []web.Hidden{{Name: "token", Value: `"><script>alert(2)</script>`}},
				Button:     "<i>Go</i>",
			}),
			has: []string{
				"<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>",
				"<p>Hello &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bye&lt;/b&gt;</p>",
				`value="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"`,
				`<button type="submit">&lt;i&gt;Go&lt;/i&gt;</button>`,
				`action="` + string(templ.FailedSanitizationURL) + `"`,
			},
			hasNot: []string{"<script", "<b>", "javascript:"},
		},
		{
			name:   "unknown language and no form",
			page:   web.MessagePage(web.Message{Lang: "de", Title: "Thanks"}),
			has:    []string{`<html lang="en" dir="ltr">`, "<h1>Thanks</h1>"},
			hasNot: []string{"<form", "<ul>"},
		},
		{
			name: "hidden fields in the order given, and no title",
			page: web.LinkPage(web.Link{Action: "/checkins", Button: "Met", Hidden: []web.Hidden{{Name: "token", Value: "t"}, {Name: "answer", Value: "met"}}}),
			has:  []string{`<input type="hidden" name="token" value="t"><input type="hidden" name="answer" value="met">`, "<title>TehPUG</title>", "<h1>TehPUG</h1>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := HTML(200, tt.page)
			if resp.StatusCode != 200 {
				t.Errorf("status = %d", resp.StatusCode)
			}
			for _, s := range tt.has {
				if !strings.Contains(resp.Body, s) {
					t.Errorf("page lacks %q:\n%s", s, resp.Body)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(resp.Body, s) {
					t.Errorf("page holds %q:\n%s", s, resp.Body)
				}
			}
			wantHeaders(t, resp, map[string]string{
				"Content-Type":            "text/html; charset=utf-8",
				"Cache-Control":           "no-store",
				"Referrer-Policy":         "no-referrer",
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
			})
		})
	}
}

func TestHTMLStatus(t *testing.T) {
	resp := HTML(404, web.MessagePage(web.Message{Title: "Link not valid"}))
	if resp.StatusCode != 404 || !strings.Contains(resp.Body, "<h1>Link not valid</h1>") {
		t.Errorf("got %d %s", resp.StatusCode, resp.Body)
	}
}

// A page that fails to render is a programming error: the router answers
// it as a 500 that tells nothing of the failure, as problem+json to a
// program and as an error page to a browser.
func TestHTMLRenderFailure(t *testing.T) {
	rt := NewRouter(slog.New(slog.DiscardHandler))
	rt.Handle("POST /checkins", func(context.Context, *Request) (Response, error) {
		return HTML(200, templ.ComponentFunc(func(context.Context, io.Writer) error { return errors.New("boom") })), nil
	})
	for _, tt := range []struct{ name, contentType, body, accept, want string }{
		{"a program", jsonType, `{}`, "", "application/problem+json"},
		{"a browser", "application/x-www-form-urlencoded", "a=1", "text/html", "text/html; charset=utf-8"},
	} {
		ev := newEvent(t, "POST /checkins", tt.contentType, tt.body)
		if tt.accept != "" {
			ev.Headers["accept"] = tt.accept
		}
		resp, err := rt.Serve(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 500 || strings.Contains(resp.Body, "boom") || resp.Headers["Content-Type"] != tt.want {
			t.Errorf("%s: a page that fails to render answered %d %v %s", tt.name, resp.StatusCode, resp.Headers, resp.Body)
		}
	}
}

func TestLinkPage(t *testing.T) {
	text := PageText{
		lang.English: {Title: "Confirm", Paragraphs: []string{"Press it."}, Button: "Confirm"},
		lang.Persian: {Title: "تأیید", Paragraphs: []string{"بزنید."}, Button: "تأیید کن"},
	}
	tehran := time.FixedZone("Asia/Tehran", 3*3600+1800)
	start := time.Date(2026, 12, 20, 18, 0, 0, 0, tehran)
	tests := []struct {
		name, lang, browser string
		has                 []string
	}{
		{"english", "en", "fa", []string{`<html lang="en" dir="ltr">`, "<h1>Confirm</h1>", `<button type="submit">Confirm</button>`, "<bdi>&lt;b&gt;Typing&lt;/b&gt;</bdi>", "20 December 2026"}},
		{"persian", "fa", "en", []string{`<html lang="fa" dir="rtl">`, "<h1>تأیید</h1>", `<button type="submit">تأیید کن</button>`, "<bdi>&lt;b&gt;Typing&lt;/b&gt;</bdi>", "۱۸:۰۰"}},
		{"unknown language, a Persian browser", "", "fa-IR,fa;q=0.9", []string{`<html lang="fa" dir="rtl">`, "<h1>تأیید</h1>"}},
		{"unknown language, any other browser", "de", "de", []string{`<html lang="en" dir="ltr">`, "<h1>Confirm</h1>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := newEvent(t, "GET /members/confirm", "", "")
			ev.QueryStringParameters = map[string]string{"token": `t"><script>`}
			ev.Headers["accept-language"] = tt.browser
			at := token.Landing{Lang: tt.lang, Title: "<b>Typing</b>", Starts: start, Ends: start.Add(3 * time.Hour)}
			resp := LinkPage(&Request{Event: ev}, nil, at, nil, text, "/members/confirm")
			has := append(tt.has, `<form method="post" action="/members/confirm"><input type="hidden" name="token" value="t&#34;&gt;&lt;script&gt;">`)
			for _, s := range has {
				if !strings.Contains(resp.Body, s) {
					t.Errorf("page lacks %q:\n%s", s, resp.Body)
				}
			}
			if resp.StatusCode != 200 || resp.Headers["Content-Security-Policy"] != pageCSP || strings.Contains(resp.Body, "<script") {
				t.Errorf("answered %d %v:\n%s", resp.StatusCode, resp.Headers, resp.Body)
			}
		})
	}
}

func TestErrorPage(t *testing.T) {
	tests := []struct {
		name, lang string
		err        error
		status     int
		has        []string
	}{
		{"english shows the error's message", "en", apperr.New(apperr.NotFound, "This link has expired."), 404,
			[]string{`<html lang="en" dir="ltr">`, "<h1>Link not valid</h1>", "<p>This link has expired.</p>"}},
		{"persian shows its own words", "fa", apperr.New(apperr.Conflict, "Already used."), 409,
			[]string{`<html lang="fa" dir="rtl">`, "<h1>قبلاً انجام شده</h1>", "<p>این پیوند قبلاً استفاده شده است.</p>"}},
		{"internal errors are not shown", "en", errors.New("secret-table is down"), 500,
			[]string{"<h1>Something went wrong</h1>", "Please try again in a little while."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, _ := newLogger(t)
			resp := ErrorPage(&Request{Event: newEvent(t, "GET /members/confirm", "", "")}, log, tt.lang, tt.err)
			if resp.StatusCode != tt.status || resp.Headers["Content-Type"] != "text/html; charset=utf-8" {
				t.Errorf("answered %d %v", resp.StatusCode, resp.Headers)
			}
			for _, s := range tt.has {
				if !strings.Contains(resp.Body, s) {
					t.Errorf("page lacks %q:\n%s", s, resp.Body)
				}
			}
			if strings.Contains(resp.Body, "secret-table") || strings.Contains(resp.Body, "<form") {
				t.Errorf("page shows too much:\n%s", resp.Body)
			}
		})
	}
}
