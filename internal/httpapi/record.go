package httpapi

import (
	"context"
	"maps"

	"github.com/tehpug/backend/internal/record"
)

// Recorder keeps the record of what organizers change (record.Service).
type Recorder interface {
	Keep(ctx context.Context, via record.Via, organizer, action string, object map[string]string)
}

type objectKey struct{}

// WithObject is ctx carrying what the change r makes is made on, and that
// object: r's path parameters, to which the handler can add what it made
// (Made). For a way in that keeps changes in the record.
func WithObject(ctx context.Context, r *Request) (context.Context, map[string]string) {
	object := maps.Clone(r.Event.PathParameters)
	if object == nil {
		object = map[string]string{}
	}
	return context.WithValue(ctx, objectKey{}, object), object
}

// Made tells the record that the change under way made the thing named
// by id, such as the meetup a create made ("meetupId"), which its route
// cannot name. Outside a recorded change it does nothing.
func Made(ctx context.Context, name, id string) {
	if object, ok := ctx.Value(objectKey{}).(map[string]string); ok {
		object[name] = id
	}
}

// KeepRecord keeps in the record that organizer made the change action
// on object via one way in, unless resp says it failed or changed nothing
// (a status of 400 or more).
func (c Config) KeepRecord(ctx context.Context, via record.Via, organizer, action string, object map[string]string, resp Response) {
	if resp.StatusCode >= 400 || resp.StatusCode == 0 {
		return
	}
	if len(object) == 0 {
		object = nil
	}
	c.Record.Keep(ctx, via, organizer, action, object)
}
