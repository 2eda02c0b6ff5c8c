package httpapi

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	tests := []struct {
		name    string
		page    Page
		has     []string
		hasNot  []string
		comment string
	}{
		{
			name: "english confirm page",
			page: Page{
				Lang:       "en",
				Title:      "Confirm your membership",
				Paragraphs: []string{"Press the button to confirm."},
				Form: &PageForm{
					Action: "/members/confirm",
					Button: "Confirm",
					Fields: map[string]string{"token": "tok_abc123"},
				},
			},
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
			page: Page{
				Lang:       "fa",
				Title:      "تأیید عضویت",
				Paragraphs: []string{"برای تأیید، دکمه را بزنید."},
				Form:       &PageForm{Action: "/members/confirm", Button: "تأیید", Fields: map[string]string{"token": "t"}},
			},
			has: []string{`<html lang="fa" dir="rtl">`, "<h1>تأیید عضویت</h1>", "<p>برای تأیید، دکمه را بزنید.</p>", `<button type="submit">تأیید</button>`},
		},
		{
			name: "user text is escaped",
			page: Page{
				Lang:       "en",
				Title:      `<script>alert(1)</script>`,
				Paragraphs: []string{`Hello <script>alert("x")</script> & <b>bye</b>`},
				Form: &PageForm{
					Action: "javascript:alert(1)",
					Button: "<i>Go</i>",
					Fields: map[string]string{"token": `"><script>alert(2)</script>`},
				},
			},
			has: []string{
				"<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>",
				"<p>Hello &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bye&lt;/b&gt;</p>",
				`value="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"`,
				`<button type="submit">&lt;i&gt;Go&lt;/i&gt;</button>`,
				`action="#ZgotmplZ"`,
			},
			hasNot: []string{"<script", "<b>", "javascript:"},
		},
		{
			name:   "unknown language and no form",
			page:   Page{Lang: "de", Title: "Thanks"},
			has:    []string{`<html lang="en" dir="ltr">`, "<h1>Thanks</h1>"},
			hasNot: []string{"<form", "<ul>"},
		},
		{
			name: "several hidden fields sorted",
			page: Page{Form: &PageForm{Action: "/checkins", Button: "Met", Fields: map[string]string{"token": "t", "answer": "met"}}},
			has:  []string{`<input type="hidden" name="answer" value="met">` + "\n" + `<input type="hidden" name="token" value="t">`, "<h1>TehPUG</h1>"},
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

func TestSafeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/members/confirm", "/members/confirm"},
		{"/members/confirm?next=a:b", "/members/confirm?next=a:b"},
		{"https://tehpug.ir/x", "https://tehpug.ir/x"},
		{"HTTP://tehpug.ir", "HTTP://tehpug.ir"},
		{"mailto:a@tehpug.ir", "mailto:a@tehpug.ir"},
		{"javascript:alert(1)", "#ZgotmplZ"},
		{"JavaScript:alert(1)", "#ZgotmplZ"},
		{"data:text/html,x", "#ZgotmplZ"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := safeURL(tt.in); got != tt.want {
				t.Errorf("safeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
