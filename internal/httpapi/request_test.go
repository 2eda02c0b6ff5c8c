package httpapi

import (
	"testing"
)

func TestHoneypot(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		want                    bool
	}{
		{"form empty", formType, "name=a&website=", false},
		{"form absent", formType, "name=a", false},
		{"form blank", formType, "website=+++", false},
		{"form filled", formType, "name=a&website=http%3A%2F%2Fspam.example", true},
		{"form filled second", formType, "website=&website=x", true},
		{"json absent", jsonType, `{"name":"a"}`, false},
		{"json empty", jsonType, `{"website":""}`, false},
		{"json null", jsonType, `{"website":null}`, false},
		{"json filled", jsonType, `{"name":"a","website":"spam.example"}`, true},
		{"json non-string", jsonType, `{"website":1}`, true},
		{"json malformed", jsonType, `{"website":"x"`, false},
		{"no body", formType, "", false},
		{"other type", "text/plain", "website=x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRequest(newEvent(t, "POST /members", tt.contentType, tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Honeypot(); got != tt.want {
				t.Errorf("Honeypot() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWantsHTML(t *testing.T) {
	tests := []struct {
		name, contentType, accept string
		want                      bool
	}{
		{"browser form", formType, browserHTML, true},
		{"chrome form", formType, "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", true},
		{"form any", formType, "*/*", false},
		{"form no accept", formType, "", false},
		{"form wants json", formType, "application/json", false},
		{"form json preferred", formType, "application/json, text/html;q=0.5", false},
		{"form html refused", formType, "text/html;q=0, */*", false},
		{"form text wildcard", formType, "text/*", false},
		{"form html and json equal", formType, "text/html, application/json", true},
		{"json body from browser", jsonType, browserHTML, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := newEvent(t, "POST /members", tt.contentType, "")
			if tt.accept != "" {
				ev.Headers["accept"] = tt.accept
			}
			r := &Request{Event: ev}
			if got := r.WantsHTML(); got != tt.want {
				t.Errorf("WantsHTML() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRequestAccessors(t *testing.T) {
	ev := newEvent(t, "GET /meetups/{meetupId}", "", "")
	ev.Headers = map[string]string{"Content-Type": "application/json", "authorization": "Bearer x"}
	ev.PathParameters = map[string]string{"meetupId": "m1"}
	ev.RawQueryString = "token=a%2Bb&cursor=c"
	r := &Request{Event: ev}

	tests := []struct {
		name, got, want string
	}{
		{"header exact", r.Header("authorization"), "Bearer x"},
		{"header canonical", r.Header("Authorization"), "Bearer x"},
		{"header stored canonical", r.Header("content-type"), "application/json"},
		{"header absent", r.Header("X-Nope"), ""},
		{"path param", r.PathParam("meetupId"), "m1"},
		{"path param absent", r.PathParam("talkId"), ""},
		{"query from raw", r.Query("token"), "a+b"},
		{"query absent", r.Query("status"), ""},
		{"request id", r.RequestID(), "req-" + t.Name()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}

	t.Run("query from parameters", func(t *testing.T) {
		ev.QueryStringParameters = map[string]string{"token": "from-map"}
		if got := (&Request{Event: ev}).Query("token"); got != "from-map" {
			t.Errorf("got %q", got)
		}
	})
}
