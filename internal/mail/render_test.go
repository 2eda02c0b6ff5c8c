package mail

import (
	"errors"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// sampleData is data every template accepts (each uses some of its keys):
// set, and "" or 0 for every other key.
func sampleData(set map[string]any) map[string]any {
	d := map[string]any{}
	for _, k := range templateKeys() {
		d[k] = ""
	}
	d["Position"] = 0
	maps.Copy(d, set)
	return d
}

// templateKeys lists every data field any embedded template reads, so the
// tests can hand each template all it needs without knowing it.
var templateKeys = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	files, _ := fs.Glob(templateFS, "templates/*/*.tmpl")
	field := regexp.MustCompile(`\{\{-?\s*(?:if\s+)?\.([A-Z][A-Za-z0-9]*)`)
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range field.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	return keys
})

// templateNames lists the emails written in lang, from the embedded files.
func templateNames(tb testing.TB, lang string) []string {
	tb.Helper()
	files, err := fs.Glob(templateFS, "templates/"+lang+"/*.tmpl")
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, f := range files {
		base := strings.TrimSuffix(f[strings.LastIndexByte(f, '/')+1:], ".tmpl")
		if !strings.HasPrefix(base, "_") {
			names = append(names, base)
		}
	}
	return names
}

func TestEveryTemplateInEveryLanguage(t *testing.T) {
	want := []string{"member-confirm", "member-erase", "member-welcome"}
	for _, lang := range slices.Sorted(maps.Keys(directions)) {
		t.Run(lang, func(t *testing.T) {
			got := templateNames(t, lang)
			for _, name := range want {
				if !slices.Contains(got, name) {
					t.Errorf("templates/%s/%s.tmpl is missing", lang, name)
				}
			}
			if en := templateNames(t, English); !slices.Equal(got, en) {
				t.Errorf("%s has %v, en has %v: every email needs every language", lang, got, en)
			}
		})
	}
}

func TestRender(t *testing.T) {
	const link = "https://api.tehpug.ir/members/confirm?token=abc"
	const unsub = "https://api.tehpug.ir/unsubscribe?token=xyz"
	tests := []struct {
		name, template, lang string
		data                 any
		wantSubject          string
		wantLang, wantDir    string
		wantInBoth           []string // in the text and in the HTML
		wantUnsubscribe      bool
	}{
		{
			name: "confirm en", template: "member-confirm", lang: "en",
			data:        sampleData(map[string]any{"Name": "Ali", "Link": link}),
			wantSubject: "Confirm you want to join TehPUG", wantLang: "en", wantDir: "ltr",
			wantInBoth: []string{"Ali", link},
		},
		{
			name: "confirm fa", template: "member-confirm", lang: "fa",
			data:        sampleData(map[string]any{"Name": "علی رضایی", "Link": link}),
			wantSubject: "عضویت در TehPUG را تأیید کنید", wantLang: "fa", wantDir: "rtl",
			wantInBoth: []string{"علی رضایی", link},
		},
		{
			name: "confirm with a map and no name", template: "member-confirm", lang: "en",
			data:        map[string]any{"Name": "", "Link": link},
			wantSubject: "Confirm you want to join TehPUG", wantLang: "en", wantDir: "ltr",
			wantInBoth: []string{"Hi,", link},
		},
		{
			name: "unknown language falls back to en", template: "member-confirm", lang: "de",
			data:        sampleData(map[string]any{"Name": "Ali", "Link": link}),
			wantSubject: "Confirm you want to join TehPUG", wantLang: "en", wantDir: "ltr",
		},
		{
			name: "empty language falls back to en", template: "member-erase", lang: "",
			data:        sampleData(map[string]any{"Name": "Ali", "Link": link}),
			wantSubject: "Confirm you want your TehPUG data erased", wantLang: "en", wantDir: "ltr",
			wantInBoth: []string{link, "registrations", "ignore this email"},
		},
		{
			name: "erase fa", template: "member-erase", lang: "fa",
			data:        sampleData(map[string]any{"Name": "سارا", "Link": link}),
			wantSubject: "پاک کردن اطلاعاتتان از TehPUG را تأیید کنید", wantLang: "fa", wantDir: "rtl",
			wantInBoth: []string{"سارا", link, "نادیده بگیرید"},
		},
		{
			name: "welcome en", template: "member-welcome", lang: "en",
			data:        sampleData(map[string]any{"Name": "Ali", "Unsubscribe": unsub}),
			wantSubject: "Welcome to TehPUG", wantLang: "en", wantDir: "ltr",
			wantInBoth: []string{"Monthly meetups", "talk", "Mentorship"}, wantUnsubscribe: true,
		},
		{
			name: "welcome fa with a map", template: "member-welcome", lang: "fa",
			data:        map[string]string{"Name": "علی", "Unsubscribe": unsub},
			wantSubject: "به TehPUG خوش آمدید", wantLang: "fa", wantDir: "rtl",
			wantInBoth: []string{"علی", "دورهمی ماهانه", "منتورشیپ"}, wantUnsubscribe: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subject, text, html, err := Render(tt.template, tt.lang, tt.data)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if subject != tt.wantSubject {
				t.Errorf("subject = %q, want %q", subject, tt.wantSubject)
			}
			wantRoot := `<html lang="` + tt.wantLang + `" dir="` + tt.wantDir + `">`
			if !strings.Contains(html, wantRoot) {
				t.Errorf("html has no %s:\n%s", wantRoot, html)
			}
			if !strings.HasPrefix(html, "<!DOCTYPE html>") || !strings.Contains(html, "<title>"+subject+"</title>") {
				t.Errorf("html is not a complete document titled with the subject:\n%s", html)
			}
			if strings.Contains(html, "<img") || strings.Contains(html, "<script") {
				t.Errorf("html has images or scripts:\n%s", html)
			}
			for _, s := range tt.wantInBoth {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q:\n%s", s, text)
				}
				if !strings.Contains(html, s) {
					t.Errorf("html lacks %q:\n%s", s, html)
				}
			}
			if tt.wantUnsubscribe {
				if !strings.Contains(text, unsub) {
					t.Errorf("text has no unsubscribe link:\n%s", text)
				}
				if !strings.Contains(html, `href="`+unsub+`"`) {
					t.Errorf("html has no unsubscribe link:\n%s", html)
				}
			} else if strings.Contains(text, "unsubscribe") || strings.Contains(html, "unsubscribe") {
				t.Errorf("transactional email mentions unsubscribing:\n%s\n%s", text, html)
			}
		})
	}
}

func TestRenderEscapesUserText(t *testing.T) {
	const evil = `<script>alert("x")</script>`
	for _, lang := range []string{"en", "fa"} {
		for _, name := range templateNames(t, lang) {
			t.Run(lang+"/"+name, func(t *testing.T) {
				// Every field carries hostile text, every link a javascript: URL.
				data := sampleData(nil)
				for k := range data {
					switch {
					case k == "Unsubscribe":
						data[k] = "https://api.tehpug.ir/unsubscribe?token=x"
					case strings.HasSuffix(k, "Link"):
						data[k] = `javascript:alert(1)`
					default:
						data[k] = evil
					}
				}
				subject, text, html, err := Render(name, lang, data)
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				if strings.Contains(html, "<script") {
					t.Errorf("html has an unescaped script:\n%s", html)
				}
				if strings.Contains(html, `href="javascript:`) {
					t.Errorf("html links to a javascript: URL:\n%s", html)
				}
				if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
					t.Errorf("html lacks the escaped text:\n%s", html)
				}
				if !strings.Contains(text, evil) {
					t.Errorf("text lacks the text as written:\n%s", text)
				}
				if strings.ContainsAny(subject, "\r\n") {
					t.Errorf("subject %q spans lines", subject)
				}
				if text == "" {
					t.Error("no text")
				}
			})
		}
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name, template string
		data           any
		wantIs         error // nil: any error
	}{
		{"unknown template", "no-such-email", sampleData(nil), nil},
		{"layout is not an email", "_layout", sampleData(nil), nil},
		{"missing map key", "member-confirm", map[string]string{"Name": "Ali"}, errMissingKey},
		{"missing key of a map[string]any", "registration-waitlisted", map[string]any{"Name": "Ali", "Title": "T"}, errMissingKey},
		{"struct data", "member-confirm", struct{ Name, Link string }{"Ali", "https://x"}, nil},
		{"nil data", "member-confirm", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := Render(tt.template, "en", tt.data)
			if err == nil {
				t.Fatal("Render succeeded")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want %v", err, tt.wantIs)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Welcome to TehPUG", "Welcome to TehPUG"},
		{"  Your talk\r\nBcc: x@y\n was accepted ", "Your talk Bcc: x@y was accepted"},
		{"سلام\u2028علی\t!", "سلام علی !"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := oneLine(tt.in); got != tt.want {
				t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRenderThenBuild(t *testing.T) {
	for _, tt := range []struct{ lang, name string }{{"fa", "علی"}, {"en", "Ali"}} {
		t.Run(tt.lang, func(t *testing.T) {
			unsub := "https://api.tehpug.ir/unsubscribe?token=xyz"
			subject, text, html, err := Render("member-welcome", tt.lang, sampleData(map[string]any{"Name": tt.name, "Unsubscribe": unsub}))
			if err != nil {
				t.Fatal(err)
			}
			raw, err := Build(testFrom, Message{To: "ali@example.org", ToName: tt.name, Subject: subject, Text: text,
				HTML: html, Unsubscribe: unsub, Kind: "member-welcome"}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			p := parseMessage(t, raw)
			if got, _ := p.header.Subject(); got != subject {
				t.Errorf("subject = %q, want %q", got, subject)
			}
			if p.text != text || p.html != html {
				t.Errorf("bodies changed on the way:\ntext %q\nhtml %q", p.text, p.html)
			}
			if tt.lang == "fa" && !strings.Contains(p.html, `dir="rtl"`) {
				t.Error("Persian email is not right-to-left")
			}
		})
	}
}
