package agenda

import (
	"context"
	"fmt"
	"time"

	"github.com/tehpug/backend/internal/mentorship"
)

// Mentorships lists the mentorships that have not ended.
type Mentorships interface {
	Mentorships(ctx context.Context, state, cursor string, limit int) ([]mentorship.Mentorship, string, error)
	FadeCounts(ctx context.Context) (mentorship.FadeCounts, error)
}

// FadeCounts implements Pairs: one read of the counter item.
func (m MentorshipPairs) FadeCounts(ctx context.Context) (mentorship.FadeCounts, error) {
	return m.Mentorships.FadeCounts(ctx)
}

// MentorshipPairs reports the open mentorship pairs with their state by the
// mentorship rules at the agenda's now.
type MentorshipPairs struct{ Mentorships Mentorships }

// OpenPairs implements Pairs.
func (m MentorshipPairs) OpenPairs(ctx context.Context, now time.Time) ([]Pair, error) {
	var out []Pair
	cursor := ""
	for {
		page, next, err := m.Mentorships.Mentorships(ctx, "", cursor, 100)
		if err != nil {
			return nil, fmt.Errorf("mentorships: %w", err)
		}
		for _, ms := range page {
			h := mentorship.Assess(ms.Pair, now)
			out = append(out, Pair{ID: ms.ID, Mentor: ms.MentorApplication.Name, Mentee: ms.MenteeApplication.Name, State: h.State, LastCheckIn: h.LastCheckIn})
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

// Pair is a mentorship pair that has not ended, with its state at the
// agenda's now.
type Pair struct {
	ID             string
	Mentor, Mentee string // names; "" once erased
	State          mentorship.State
	LastCheckIn    time.Time // zero if nobody ever checked in; in the group's zone once in an Agenda
}

// PairTally counts the pairs that have not ended, by state.
type PairTally struct {
	All, Active, Overdue, AtRisk, Stalled int
}
