package membersapi_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
)

// A join form refused to a browser comes back as the form again: in the
// language the page posted, each problem explained next to its field, and
// every field holding what was typed, posting to the same route.
func TestRefusedJoinFormComesBackFilledIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, tt := range []struct {
		name    string
		form    url.Values
		headers []string
		want    []string
	}{
		{"persian page", url.Values{"lang": {"fa"}, "name": {"<b>سارا</b>"}, "email": {"not-an-email"}, "language": {"fa"},
			"interests": {"django، data"}, "wants_to_speak": {"yes"}, "mentorship": {"mentee"}, "website": {""}}, nil,
			[]string{`<html lang="fa" dir="rtl">`, "باید نشانی ایمیل معتبری باشد.", `value="not-an-email"`, `value="&lt;b&gt;سارا&lt;/b&gt;"`,
				`value="django، data"`, `value="mentee" checked`, `name="wants_to_speak" value="yes" checked`, `action="/members"`,
				`name="lang" value="fa"`, `name="website" value=""`, `aria-invalid="true"`, `href="#f-email"`}},
		{"no language posted: the browser's", url.Values{"name": {""}, "email": {"a@example.org"}}, []string{"Accept-Language", "fa-IR,fa;q=0.9"},
			[]string{`dir="rtl"`, "لازم است.", `value="a@example.org"`}},
		{"english page", url.Values{"lang": {"en"}, "name": {"Ali"}, "email": {"a@example.org"}, "mentorship": {"guru"}}, nil,
			[]string{`lang="en" dir="ltr"`, "must be one of the choices offered.", `value="Ali"`, "Some of the form needs correcting."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do("POST", "/members", "application/x-www-form-urlencoded", tt.form.Encode(),
				append([]string{"Accept", "text/html,application/xhtml+xml"}, tt.headers...)...)
			apitest.WantStatus(t, resp, 422)
			if ct := resp.Headers["Content-Type"]; !strings.HasPrefix(ct, "text/html") {
				t.Fatalf("Content-Type %q, want a page", ct)
			}
			for _, w := range tt.want {
				if !strings.Contains(resp.Body, w) {
					t.Errorf("the page lacks %s:\n%s", w, resp.Body)
				}
			}
			if strings.Contains(resp.Body, "<b>") {
				t.Error("typed markup is not escaped")
			}
		})
	}
	// A script gets problem+json with each message in its language too.
	resp := h.Do("POST", "/members", "application/json", `{"name":"","email":"a@example.org"}`, "Accept-Language", "fa")
	apitest.WantStatus(t, resp, 422)
	if !strings.Contains(resp.Body, `"errors":{"name":"is required"}`) || !strings.Contains(resp.Body, `"messages":{"name":"لازم است."}`) {
		t.Errorf("problem %s", resp.Body)
	}
}

// A form posted from a Persian page lands on the thank-you page in Persian,
// whatever language it chose for the emails.
func TestFormLandsInThePagesLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	body := url.Values{"lang": {"fa"}, "name": {"Ali"}, "email": {apitest.UniqueEmail("page-lang")}, "language": {"en"}}
	resp := h.Do("POST", "/members", "application/x-www-form-urlencoded", body.Encode(), "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)
	if loc := resp.Headers["Location"]; loc != apitest.BaseURL+"/thanks?done=joined&lang=fa" {
		t.Errorf("Location %q", loc)
	}
}
