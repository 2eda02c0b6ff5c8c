package mentorship

import (
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/apperr"
)

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }

// fieldsOf returns the invalid fields err names (nil when err is nil).
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		t.Fatalf("error %v is not an Invalid apperr", err)
	}
	out := map[string]string{}
	for f, p := range e.Fields {
		out[f] = p.String()
	}
	return out
}

func TestApplyInput(t *testing.T) {
	mentor := ApplyInput{Role: "mentor", Name: "Sara", Email: "sara@example.org", Topics: []string{"Django"}, Capacity: intp(2), Availability: "Tuesday evenings"}
	mentee := ApplyInput{Role: "mentee", Name: "علی", Email: "ali@example.org", Topics: []string{"pandas", " "}, Goals: "Ship my first package"}
	with := func(in ApplyInput, change func(*ApplyInput)) ApplyInput { change(&in); return in }
	tests := []struct {
		name  string
		in    ApplyInput
		field string // "" when valid
	}{
		{"mentor", mentor, ""},
		{"mentee", mentee, ""},
		{"unknown role", with(mentee, func(in *ApplyInput) { in.Role = "sensei" }), "role"},
		{"no role", with(mentee, func(in *ApplyInput) { in.Role = "" }), "role"},
		{"capacity 0", with(mentor, func(in *ApplyInput) { in.Capacity = intp(0) }), "capacity"},
		{"capacity 6", with(mentor, func(in *ApplyInput) { in.Capacity = intp(6) }), "capacity"},
		{"capacity 5", with(mentor, func(in *ApplyInput) { in.Capacity = intp(5) }), ""},
		{"mentor without capacity", with(mentor, func(in *ApplyInput) { in.Capacity = nil }), "capacity"},
		{"mentor without availability", with(mentor, func(in *ApplyInput) { in.Availability = " " }), ""},
		{"availability over 300 characters", with(mentor, func(in *ApplyInput) { in.Availability = strings.Repeat("x", 301) }), "availability"},
		{"mentee without goals", with(mentee, func(in *ApplyInput) { in.Goals = "" }), "goals"},
		{"no topics", with(mentee, func(in *ApplyInput) { in.Topics = []string{" "} }), "topics"},
		{"too many topics", with(mentee, func(in *ApplyInput) {
			in.Topics = []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}
		}), "topics"},
		{"bad email", with(mentee, func(in *ApplyInput) { in.Email = "ali at example" }), "email"},
		{"unknown language", with(mentee, func(in *ApplyInput) { in.Language = "de" }), "language"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.in.application("P#owner", time.Unix(0, 0))
			fields := fieldsOf(t, err)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", fields)
				}
				if a.ID != ApplicationID(a.Role, "P#owner") || a.Status != Open || a.Language != "en" {
					t.Errorf("application %+v", a)
				}
				return
			}
			if fields[tt.field] == "" {
				t.Errorf("errors %v do not name %s", fields, tt.field)
			}
		})
	}
	if ApplicationID(Mentor, "P#x") == ApplicationID(Mentee, "P#x") {
		t.Error("a person's two roles share an application ID")
	}
}

func TestCheckInInput(t *testing.T) {
	tests := []struct {
		name  string
		in    CheckInInput
		field string
		help  bool
	}{
		{name: "met", in: CheckInInput{Token: "t", Answer: "met"}},
		{name: "need help", in: CheckInInput{Token: "t", Answer: "need_help"}, help: true},
		{name: "full form", in: CheckInInput{Token: "t", Progress: intp(3), Summary: "Read the docs\r\ntogether", Blocked: boolp(false)}},
		{name: "blocked", in: CheckInInput{Token: "t", Progress: intp(1), Blocked: boolp(true)}, help: true},
		{name: "progress 0", in: CheckInInput{Token: "t", Progress: intp(0)}, field: "progress"},
		{name: "progress 6", in: CheckInInput{Token: "t", Progress: intp(6)}, field: "progress"},
		{name: "full form without progress", in: CheckInInput{Token: "t", Summary: "x"}, field: "progress"},
		{name: "unknown answer", in: CheckInInput{Token: "t", Answer: "maybe"}, field: "answer"},
		{name: "both", in: CheckInInput{Token: "t", Answer: "met", Progress: intp(3)}, field: "answer"},
		{name: "nothing", in: CheckInInput{Token: "t"}, field: "answer"},
		{name: "no token", in: CheckInInput{Answer: "met"}, field: "token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.in.checkIn(time.Unix(0, 0))
			fields := fieldsOf(t, err)
			if tt.field != "" {
				if fields[tt.field] == "" {
					t.Errorf("errors %v do not name %s", fields, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", fields)
			}
			if c.AsksForHelp() != tt.help {
				t.Errorf("asks for help = %v", c.AsksForHelp())
			}
			if c.Summary != "" && c.Summary != "Read the docs\ntogether" {
				t.Errorf("summary not normalized: %q", c.Summary)
			}
		})
	}
}
