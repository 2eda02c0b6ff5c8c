package consolepath_test

import (
	"testing"

	"github.com/tehpug/backend/internal/consolepath"
)

func TestNextFollowsOnlyConsolePages(t *testing.T) {
	for in, want := range map[string]string{
		"/console/meetups/abc":            "/console/meetups/abc",
		"/console/talks?status=submitted": "/console/talks?status=submitted",
		"/console":                        "/console",
		"":                                "/console",
		"/console/sign-in":                "/console",
		"/console/sign-in/passkey":        "/console",
		"/consolex":                       "/console",
		"/console/../auth/logout":         "/console",
		"/console/%2e%2e/auth":            "/console",
		"//evil.example/console":          "/console",
		"https://evil.example/console":    "/console",
		"/\\evil.example":                 "/console",
		"/console/meetups\r\nLocation: x": "/console",
		"javascript:alert(1)":             "/console",
		"/meetups/abc":                    "/console",
	} {
		if got := consolepath.Next(in); got != want {
			t.Errorf("Next(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPathsEscapeIDs(t *testing.T) {
	if got := consolepath.Meetup("a/b?c"); got != "/console/meetups/a%2Fb%3Fc" {
		t.Errorf("Meetup = %q", got)
	}
	if got := consolepath.SignInTo("/console/meetups/x"); got != "/console/sign-in?next=%2Fconsole%2Fmeetups%2Fx" {
		t.Errorf("SignInTo = %q", got)
	}
	if got := consolepath.Mentorships("stalled"); got != "/console/mentorships?health=stalled" {
		t.Errorf("Mentorships = %q", got)
	}
}

func TestMentorshipPaths(t *testing.T) {
	for got, want := range map[string]string{
		consolepath.Mentorship("p1"):            "/console/mentorships/p1",
		consolepath.EndMentorship("p1"):         "/console/mentorships/p1/end",
		consolepath.Pairing():                   "/console/mentorships/applications",
		consolepath.PairMentee("a b"):           "/console/mentorships/applications/a%20b/pair",
		consolepath.Next(consolepath.Pairing()): "/console/mentorships/applications",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}

func TestLeaguePaths(t *testing.T) {
	for got, want := range map[string]string{
		consolepath.Leagues:                       "/console/leagues",
		consolepath.League("lg1"):                 "/console/leagues/lg1",
		consolepath.League("a/b"):                 "/console/leagues/a%2Fb",
		consolepath.Next(consolepath.League("x")): "/console/leagues/x",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}
