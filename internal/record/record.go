// Package record keeps what organizers changed: who, what, on what and
// when, for every change made through the console or the organizer API.
//
// An entry is kept after the change succeeded, from what the request
// itself says: the route (what), its path parameters (on what: a meetup,
// a talk, a pair) and the signed-in organizer (who). Nothing a form
// carries is kept, so a member's address never enters the record; an
// entry about a member names them by their person key alone.
package record

import (
	"context"
	"log/slog"
	"time"
)

// Via is where a change was made.
type Via string

// The ways in.
const (
	Console Via = "console"
	API     Via = "api"
)

// Entry is one change an organizer made.
type Entry struct {
	At time.Time
	// Organizer is the address of the organizer who made it.
	Organizer string
	// Action is the route that made it, as template.yaml names it
	// ("POST /console/meetups/{meetupId}/cancel").
	Action string
	// Object is the route's path parameters: what it was made on.
	Object map[string]string
	Via    Via
}

// Store keeps entries.
type Store interface {
	// PutRecord keeps e.
	PutRecord(ctx context.Context, e Entry) error
	// ListRecord lists entries, the newest first, a page at a time.
	ListRecord(ctx context.Context, cursor string, limit int) ([]Entry, string, error)
}

// Service keeps and reads the record.
type Service struct {
	store Store
	now   func() time.Time
	log   *slog.Logger
}

// New is the record kept in store, on the clock now.
func New(store Store, now func() time.Time, log *slog.Logger) *Service {
	return &Service{store: store, now: now, log: log}
}

// Keep records that organizer made the change action on object via one
// way in. The change is already made: a record that cannot be written
// is logged as an error (which alarms), and the change stands.
func (s *Service) Keep(ctx context.Context, via Via, organizer, action string, object map[string]string) {
	e := Entry{At: s.now(), Organizer: organizer, Action: action, Object: object, Via: via}
	if err := s.store.PutRecord(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "organizer action not recorded", "action", action, "error", err)
	}
}

// PageSize is how many entries a page of the record shows.
const PageSize = 50

// Page is one page of the record, the newest first, and the cursor of the
// next ("" on the last).
func (s *Service) Page(ctx context.Context, cursor string) ([]Entry, string, error) {
	return s.store.ListRecord(ctx, cursor, PageSize)
}
