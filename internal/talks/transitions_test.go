package talks

import (
	"testing"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

// TestMove checks the whole state machine: the eight moves of the call for proposals and
// the two back to the backlog when a meetup is cancelled, each by its one
// actor, and a conflict for every other pair and actor.
func TestMove(t *testing.T) {
	allowed := map[transition]Actor{
		{Pending, Submitted}:   Speaker,
		{Pending, Withdrawn}:   Speaker,
		{Submitted, Accepted}:  Organizer,
		{Submitted, Rejected}:  Organizer,
		{Submitted, Withdrawn}: Speaker,
		{Accepted, Confirmed}:  Speaker,
		{Accepted, Withdrawn}:  Speaker,
		{Confirmed, Withdrawn}: Speaker,
		{Accepted, Submitted}:  Organizer,
		{Confirmed, Submitted}: Organizer,
	}
	every := append([]Status{Pending}, listed...)
	for _, from := range every {
		for _, to := range every {
			for _, by := range []Actor{Organizer, Speaker} {
				t.Run(string(from)+"→"+string(to)+" by "+string(by), func(t *testing.T) {
					err := Move(from, to, by)
					if actor, ok := allowed[transition{from, to}]; ok && actor == by {
						if err != nil {
							t.Errorf("refused: %v", err)
						}
						return
					}
					if !apperr.Is(err, apperr.Conflict) {
						t.Errorf("answered %v, want a conflict", err)
					}
				})
			}
		}
	}
}

func TestMoveMessages(t *testing.T) {
	tests := []struct {
		from, to Status
		by       Actor
		want     string
	}{
		{Withdrawn, Withdrawn, Speaker, "This talk is already withdrawn."},
		{Rejected, Confirmed, Speaker, "A rejected talk cannot be confirmed."},
		{Withdrawn, Accepted, Organizer, "A withdrawn talk cannot be accepted."},
		{Accepted, Confirmed, Organizer, "Only the speaker can move this talk from accepted to confirmed."},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			e, ok := apperr.As(Move(tt.from, tt.to, tt.by))
			if !ok || e.Message != tt.want {
				t.Errorf("message %+v, want %q", e, tt.want)
			}
		})
	}
}

func TestListFilter(t *testing.T) {
	tests := []struct {
		name  string
		q     ListQuery
		want  Filter
		field string // the field a refusal names
	}{
		{"nothing lists the undecided", ListQuery{}, Filter{Status: Submitted}, ""},
		{"by status", ListQuery{Status: "accepted"}, Filter{Status: Accepted}, ""},
		{"by meetup, every status", ListQuery{MeetupID: "m1"}, Filter{MeetupID: "m1"}, ""},
		{"by meetup and status", ListQuery{MeetupID: "m1", Status: "confirmed"}, Filter{MeetupID: "m1", Status: Confirmed}, ""},
		{"backlog", ListQuery{Backlog: "true"}, Filter{Backlog: true}, ""},
		{"backlog of submitted", ListQuery{Backlog: "true", Status: "submitted"}, Filter{Backlog: true, Status: Submitted}, ""},
		{"backlog false", ListQuery{Backlog: "false"}, Filter{Status: Submitted}, ""},
		{"unknown status", ListQuery{Status: "maybe"}, Filter{}, "status"},
		{"backlog not a bool", ListQuery{Backlog: "sure"}, Filter{}, "backlog"},
		{"backlog with a meetup", ListQuery{Backlog: "true", MeetupID: "m1"}, Filter{}, "meetup_id"},
		{"backlog of accepted", ListQuery{Backlog: "1", Status: "accepted"}, Filter{}, "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.q.filter()
			if tt.field != "" {
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.Invalid || e.Fields[tt.field].Code == problem.None {
					t.Fatalf("answered %v, want a problem with %s", err, tt.field)
				}
				return
			}
			if err != nil || f != tt.want {
				t.Errorf("filter %+v, %v; want %+v", f, err, tt.want)
			}
		})
	}
}
