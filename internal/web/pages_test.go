package web

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"github.com/tehpug/backend/internal/lang"
)

func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// component builds one page from a fresh value of its data, whose string
// slots the tests fill.
type component struct {
	name  string
	fresh func() any
	page  func(any) templ.Component
}

func components() []component {
	return []component{
		{"link", func() any {
			return &Link{Lang: lang.English, Title: "t", Paragraphs: []string{"p1", "p2"}, Action: "/a",
				Hidden: []Hidden{{Name: "token", Value: "v"}, {Name: "n", Value: "w"}}, Button: "b"}
		}, func(v any) templ.Component { return LinkPage(*v.(*Link)) }},
		{"message", func() any {
			return &Message{Lang: lang.English, Title: "t", Paragraphs: []string{"p"}, Errors: []FieldError{{Field: "f", Message: "m"}}}
		}, func(v any) templ.Component { return MessagePage(*v.(*Message)) }},
		{"check-in", func() any {
			return &CheckIn{
				Lang: lang.English, Intro: "before {partner} after", Partner: "p", Action: "/checkins", Token: "tok",
				Words: CheckInWords{Title: "1", Fix: "2", OneTap: "3", More: "4", Progress: "5", Summary: "6",
					NextStep: "7", Blocked: "8", No: "9", Yes: "10", Send: "11"},
				Answers: []Choice{{Value: "met", Label: "l1"}, {Value: "not_yet", Label: "l2"}},
				Errors:  []FieldError{{Field: "f", Message: "m"}},
				Typed:   CheckInValues{Progress: 2, Summary: "s", NextStep: "n", Blocked: true},
			}
		}, func(v any) templ.Component { return CheckInPage(*v.(*CheckIn)) }},
		{"league", func() any {
			return &LeagueView{
				Lang: lang.English, Title: "t", Game: GameInfo{Name: "duel", Title: "g", Blurb: "b"}, Status: "drawn",
				Registration: "r", MatchDays: "d", MaxRobots: "8", Champion: "c", Entrants: []string{"e1", "e2"},
				Table: []LeagueTableRow{{Place: "1", Robot: "r", Played: "2", Won: "1", Drawn: "0", Lost: "1", For: "3", Against: "2", Difference: "1", Points: "3"}},
				Fixtures: []LeagueFixtureRow{{Round: "1", When: "w", Home: "h", Away: "a", Result: "1 : 0", Forfeit: "f", Replay: "/battlefield/matches/x"},
					{Round: "2", When: "w2", Home: "a", Away: "h", Failed: true}},
			}
		}, func(v any) templ.Component { return LeaguePage(*v.(*LeagueView)) }},
	}
}

// stringSlots calls set for every string reachable in v (struct fields,
// slice and array elements), numbered in a fixed order.
func stringSlots(v reflect.Value, set func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		stringSlots(v.Elem(), set)
	case reflect.String:
		set(v)
	case reflect.Struct:
		for i := range v.NumField() {
			stringSlots(v.Field(i), set)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			stringSlots(v.Index(i), set)
		}
	}
}

// fill returns a fresh value of c with its n-th string slot set to s, and
// whether it has an n-th slot.
func (c component) fill(n int, s string) (any, bool) {
	v, i, found := c.fresh(), 0, false
	stringSlots(reflect.ValueOf(v), func(f reflect.Value) {
		if i == n {
			f.SetString(s)
			found = true
		}
		i++
	})
	return v, found
}

// Text a person typed, in any slot of any page, never becomes markup: it
// shows exactly as typed, escaped where it sits, and the page around it is
// the same as with harmless text there. A URL slot neutralises it.
func TestUserTextIsEscapedInEverySlot(t *testing.T) {
	const evil = `<script>alert('x')</script>" onfocus="javascript:alert(1)`
	const escaped = `&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34; onfocus=&#34;javascript:alert(1)`
	const marker = "harmless"
	for _, c := range components() {
		for n := 0; ; n++ {
			plain, ok := c.fill(n, marker)
			if !ok {
				break
			}
			hostile, _ := c.fill(n, evil)
			want := strings.ReplaceAll(render(t, c.page(plain)), marker, escaped)
			got := render(t, c.page(hostile))
			if got != want {
				t.Errorf("%s, slot %d: the page changed shape around hostile text:\n%s", c.name, n, got)
			}
			if strings.Contains(got, "<script") || strings.Contains(got, `" onfocus`) || strings.Contains(got, "'x'") {
				t.Errorf("%s, slot %d: hostile text got through:\n%s", c.name, n, got)
			}
		}
	}
}

func TestURLSlotsAreSanitised(t *testing.T) {
	for _, bad := range []string{"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"} {
		pages := map[string]templ.Component{
			"link":     LinkPage(Link{Action: bad, Button: "b"}),
			"check-in": CheckInPage(CheckIn{Action: bad}),
			"form":     PostForm(bad, nil),
		}
		for name, p := range pages {
			body := render(t, p)
			if strings.Contains(strings.ToLower(body), strings.ToLower(bad[:5])) || !strings.Contains(body, `action="`+string(templ.FailedSanitizationURL)+`"`) {
				t.Errorf("%s with action %q:\n%s", name, bad, body)
			}
		}
	}
	for _, good := range []string{"/members/confirm", "https://tehpug.ir/x?a=b:c"} {
		if body := render(t, PostForm(good, nil)); !strings.Contains(body, `action="`+good+`"`) {
			t.Errorf("a safe action was changed: %s", body)
		}
	}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		lang lang.Tag
		want string
	}{
		{lang.Persian, `<html lang="fa" dir="rtl">`},
		{lang.English, `<html lang="en" dir="ltr">`},
		{"de", `<html lang="en" dir="ltr">`},
		{"", `<html lang="en" dir="ltr">`},
		{`fa" onload="x`, `<html lang="en" dir="ltr">`},
	}
	for _, tt := range tests {
		pages := map[string]templ.Component{
			"link":     LinkPage(Link{Lang: tt.lang}),
			"message":  MessagePage(Message{Lang: tt.lang}),
			"check-in": CheckInPage(CheckIn{Lang: tt.lang}),
		}
		for name, p := range pages {
			if body := render(t, p); !strings.HasPrefix(body, "<!doctype html>"+tt.want) {
				t.Errorf("%s in %q begins %.80s", name, tt.lang, body)
			}
		}
	}
}

func TestLayout(t *testing.T) {
	body := render(t, MessagePage(Message{Lang: lang.Persian, Title: "سپاس", Paragraphs: []string{"درخواست شما دریافت شد."}}))
	for _, want := range []string{
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<meta name="robots" content="noindex, nofollow">`,
		"<title>سپاس · TehPUG</title>",
		"<main><h1>سپاس</h1><p>درخواست شما دریافت شد.</p></main>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<form") || strings.Contains(body, "<ul") {
		t.Errorf("a message without errors shows a form or a list:\n%s", body)
	}
}
