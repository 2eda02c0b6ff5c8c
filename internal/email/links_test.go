package email

import (
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/consolepath"
)

func TestNewLinks(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string // part of the error; "" for none
	}{
		{"https://api.tehpug.ir", ""},
		{"http://127.0.0.1:3000", ""},
		{"https://[::1]:8443", ""},
		{"HTTPS://api.tehpug.ir", ""},
		{"", "http:// or https://"},
		{"api.tehpug.ir", "http:// or https://"},
		{"ftp://api.tehpug.ir", "http:// or https://"},
		{"javascript:alert(1)", "http:// or https://"},
		{"https://", "no host"},
		{"https://:443", "no host"},
		{"https:api.tehpug.ir", "no host"},
		{"https://api.tehpug.ir/", "no path"},
		{"https://api.tehpug.ir/prod", "no path"},
		{"https://api.tehpug.ir?x=1", "no query"},
		{"https://api.tehpug.ir?", "no query"},
		{"https://api.tehpug.ir#top", "no fragment"},
		{"https://api.tehpug.ir#", "no fragment"},
		{"https://user:pw@api.tehpug.ir", "user name"},
		{" https://api.tehpug.ir", "spaces"},
		{"https://api.tehpug.ir\n", "spaces"},
		{"https://api.teh pug.ir", "spaces"},
		{"https://api.tehpug.ir:port", "port"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l, err := NewLinks(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("NewLinks: %v", err)
				}
				if got := l.Meetup("m"); !strings.HasPrefix(strings.ToLower(got), strings.ToLower(tt.in)+"/meetups/m") {
					t.Errorf("Meetup = %q", got)
				}
				return
			}
			if err == nil {
				t.Fatalf("NewLinks accepted %q", tt.in)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
		})
	}
}

func TestLinks(t *testing.T) {
	l, err := NewLinks("http://127.0.0.1:3000")
	if err != nil {
		t.Fatal(err)
	}
	const token = "a+b/c=d&e f" // as a token may be: every character escaped
	const q = "?token=a%2Bb%2Fc%3Dd%26e+f"
	tests := []struct{ got, want string }{
		{l.ConfirmMembership(token), "http://127.0.0.1:3000/members/confirm" + q},
		{l.Unsubscribe(token), "http://127.0.0.1:3000/unsubscribe" + q},
		{l.Erase(token), "http://127.0.0.1:3000/members/erase" + q},
		{l.CancelRegistration(token), "http://127.0.0.1:3000/registrations/cancel" + q},
		{l.WithdrawTalk(token), "http://127.0.0.1:3000/talks/withdraw" + q},
		{l.ConfirmTalk(token), "http://127.0.0.1:3000/talks/confirm" + q},
		{l.SignIn(token, ""), "http://127.0.0.1:3000/auth/session" + q},
		{l.SignIn(token, "/console/meetups/m 1"), "http://127.0.0.1:3000/auth/session" + q + "&next=%2Fconsole%2Fmeetups%2Fm+1"},
		{l.CheckIn(token), "http://127.0.0.1:3000/checkins/new" + q},
		{l.Meetup("2025-06/x y"), "http://127.0.0.1:3000/meetups/2025-06%2Fx%20y"},
		{l.Console(consolepath.Mentorships("stalled")), "http://127.0.0.1:3000/console/mentorships?health=stalled"},
		{l.Console(consolepath.Meetup("2025-06/x y")), "http://127.0.0.1:3000/console/meetups/2025-06%2Fx%20y"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got  %s\nwant %s", tt.got, tt.want)
		}
		if !linkable(tt.got) {
			t.Errorf("%s is not a link an email can carry", tt.got)
		}
	}
}
