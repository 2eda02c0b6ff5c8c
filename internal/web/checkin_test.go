package web

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/lang"
)

func checkIn(typed CheckInValues, errs []FieldError) CheckIn {
	return CheckIn{
		Lang: lang.English, Intro: "Your check-in on mentoring {partner}.", Partner: "Sara", Action: "/checkins", Token: "tok",
		Words:   CheckInWords{Title: "How is it going?", Fix: "Please correct the form:", No: "No", Yes: "Yes", Send: "Send"},
		Answers: []Choice{{Value: "met", Label: "We met"}, {Value: "not_yet", Label: "Not yet"}, {Value: "need_help", Label: "We need help"}},
		Errors:  errs,
		Typed:   typed,
	}
}

func TestCheckInRefillsWhatWasTyped(t *testing.T) {
	typed := CheckInValues{Progress: 4, Summary: "Paired on <b>tests</b>\nall day", NextStep: `Open a "PR"`, Blocked: true}
	body := render(t, CheckInPage(checkIn(typed, []FieldError{{Field: "Progress", Message: "must be from 1 to 5"}})))
	for _, want := range []string{
		`<div class="errors" role="alert"><p><strong>Please correct the form:</strong></p><ul><li><strong>Progress</strong>: must be from 1 to 5</li></ul></div>`,
		`name="progress" value="4" required checked>`,
		">Paired on &lt;b&gt;tests&lt;/b&gt;\nall day</textarea>",
		">Open a &#34;PR&#34;</textarea>",
		`name="blocked" value="no">`,
		`name="blocked" value="yes" checked>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s:\n%s", want, body)
		}
	}
	if n := strings.Count(body, " checked"); n != 2 {
		t.Errorf("%d choices checked, want progress and blocked", n)
	}
}

func TestCheckInFirstShown(t *testing.T) {
	body := render(t, CheckInPage(checkIn(CheckInValues{}, nil)))
	for _, want := range []string{
		"<p>Your check-in on mentoring <bdi>Sara</bdi>.</p>",
		`<button type="submit" name="answer" value="met">We met</button><button type="submit" name="answer" value="not_yet">Not yet</button><button type="submit" name="answer" value="need_help">We need help</button>`,
		`name="blocked" value="no" checked>`,
		`<textarea id="summary" name="summary" rows="4" maxlength="2000"></textarea>`,
		`<textarea id="next_step" name="next_step" rows="3" maxlength="1000"></textarea>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "role=\"alert\"") || strings.Count(body, " checked") != 1 {
		t.Errorf("a fresh page shows errors or choices:\n%s", body)
	}
	// Both forms post the token to the same place; the fields come in the
	// order the check-in route reads them.
	if strings.Count(body, `<form method="post" action="/checkins"><input type="hidden" name="token" value="tok">`) != 2 {
		t.Errorf("want two forms posting the token:\n%s", body)
	}
	order := []string{`name="answer"`, `name="progress" value="1"`, `name="progress" value="5"`, `name="summary"`, `name="next_step"`, `name="blocked" value="no"`, `name="blocked" value="yes"`, `<button type="submit">Send</button>`}
	at := 0
	for _, s := range order {
		i := strings.Index(body[at:], s)
		if i < 0 {
			t.Fatalf("%s missing or out of order:\n%s", s, body)
		}
		at += i
	}
}

func TestCheckInInPersian(t *testing.T) {
	c := checkIn(CheckInValues{Progress: 5}, nil)
	c.Lang, c.Intro = lang.Persian, "گزارش شما از منتوری {partner}."
	body := render(t, CheckInPage(c))
	for _, want := range []string{`<html lang="fa" dir="rtl">`, "<bdi>Sara</bdi>", `value="5" required checked> ۵</label>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s:\n%s", want, body)
		}
	}
}

// Every choice of the check-in page is a touch target at least 44 px tall.
func TestCheckInTouchTargets(t *testing.T) {
	body := render(t, CheckInPage(checkIn(CheckInValues{}, nil)))
	for _, rule := range []string{".choices label{display:inline-flex;align-items:center;gap:.5rem;min-height:44px;min-width:44px", "button{font:inherit;min-height:44px"} {
		if !strings.Contains(body, rule) {
			t.Errorf("style lacks %s", rule)
		}
	}
	if strings.Count(body, `<label><input type="radio"`) != 7 {
		t.Errorf("every radio button is not inside its label:\n%s", body)
	}
}

func TestErrors(t *testing.T) {
	got := Errors(map[string]string{"summary": "too long", "blocked": "yes or no", "extra": "unknown"}, map[string]string{"summary": "What happened", "blocked": "Blocked"})
	want := []FieldError{{"Blocked", "yes or no"}, {"extra", "unknown"}, {"What happened", "too long"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Errors = %v, want %v", got, want)
	}
	if Errors(nil, nil) != nil {
		t.Error("no fields, yet errors")
	}
}

func TestStatusWords(t *testing.T) {
	tests := []struct {
		lang   lang.Tag
		status int
		title  string
	}{
		{lang.English, 404, "Link not valid"},
		{lang.Persian, 404, "پیوند معتبر نیست"},
		{lang.English, 409, "Already done"},
		{lang.Persian, 409, "قبلاً انجام شده"},
		{lang.English, 422, "Request not valid"},
		{"de", 400, "Request not valid"},
		{lang.Persian, 401, "درخواست نامعتبر"},
		{lang.English, 500, "Something went wrong"},
		{lang.Persian, 503, "خطا"},
	}
	for _, tt := range tests {
		if title, text := StatusWords(tt.lang, tt.status); title != tt.title || text == "" {
			t.Errorf("StatusWords(%s, %d) = %q, %q; want title %q", tt.lang, tt.status, title, text, tt.title)
		}
	}
}

func TestAdvice(t *testing.T) {
	tests := []struct {
		lang   lang.Tag
		status int
		fields bool
		want   string
	}{
		{lang.English, 500, false, "Something went wrong on our side. Please try again later."},
		{lang.English, 422, true, "Please go back, correct the form and send it again."},
		{lang.English, 400, false, "Please go back, correct the form and send it again."},
		{lang.English, 404, false, ""},
		{lang.English, 409, false, ""},
		{lang.Persian, 422, true, "لطفاً برگردید، فرم را اصلاح کنید و دوباره بفرستید."},
	}
	for _, tt := range tests {
		if got := Advice(tt.lang, tt.status, tt.fields); got != tt.want {
			t.Errorf("Advice(%s, %d, %v) = %q, want %q", tt.lang, tt.status, tt.fields, got, tt.want)
		}
	}
}
