package wiringtest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/topics"
	"github.com/tehpug/backend/internal/wiring"
)

// CountRequests is an option whose DynamoDB client counts every request
// it makes into n: what the cost tests compare.
func CountRequests(n *atomic.Int64) wiring.Option {
	count := func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Initialize.Add(middleware.InitializeMiddlewareFunc("count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				n.Add(1)
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
		})
	}
	return wiring.WithClientOptions(count, nil)
}

// History writes a hundred times the past, a year and more before at:
// ended meetups with their registrations, decided talks, ended
// mentorships, and claimed, hidden and merged wishlist topics. A page or a job whose cost does not grow with the table
// makes as many requests with it as without; tag keeps two histories in
// one table apart.
func History(t testing.TB, store *dynamo.Table, at time.Time, tag string) {
	t.Helper()
	ctx := context.Background()
	for i := range 100 {
		start := at.AddDate(-1, 0, -i)
		id := fmt.Sprintf("old-%s-%d", tag, i)
		seats := make([]string, 0, 5)
		for j := range 5 {
			key := fmt.Sprintf("P#old-%s-%d-%d", tag, i, j)
			seats = append(seats, key)
			if err := store.PutRegistration(ctx, meetups.Registration{MeetupID: id, Key: key, Name: "Old", Email: "old@example.org", Language: "en", Status: meetups.RegConfirmed, CreatedAt: start}); err != nil {
				t.Fatal(err)
			}
		}
		if err := store.CreateMeetup(ctx, meetups.Meetup{ID: id, Title: "Old", StartsAt: start, EndsAt: start.Add(3 * time.Hour), Venue: "Tehran", Capacity: 5, Status: meetups.Scheduled, Seats: seats, Version: 1, CreatedAt: start, UpdatedAt: start}); err != nil {
			t.Fatal(err)
		}
		for _, st := range []talks.Status{talks.Rejected, talks.Withdrawn} {
			if err := store.CreateTalk(ctx, talks.Talk{ID: fmt.Sprintf("%s-%s", id, st), Owner: "P#old", Name: "Old", Email: "old@example.org", Title: "Old", Format: talks.Short, Level: talks.Beginner, Language: "en", MeetupID: id, Status: st, CreatedAt: start}); err != nil {
				t.Fatal(err)
			}
		}
		for _, st := range []topics.Status{topics.Claimed, topics.Hidden, topics.Merged} {
			if err := store.CreateTopic(ctx, topics.Topic{ID: fmt.Sprintf("oldtopic-%s-%d-%s", tag, i, st), Title: "Old", Language: "en", Owner: "P#old",
				Voters: []string{"P#old"}, Votes: 1, Status: st, CreatedAt: start, UpdatedAt: start}); err != nil {
				t.Fatal(err)
			}
		}
		pair := fmt.Sprintf("oldpair-%s-%d", tag, i)
		if err := store.CreatePair(ctx, mentorship.Pair{ID: pair, MentorApp: "a", MenteeApp: "b", MenteeOwner: "P#old", CreatedAt: start}); err != nil {
			t.Fatal(err)
		}
		if _, err := store.ActivatePair(ctx, pair, start); err != nil {
			t.Fatal(err)
		}
		if _, err := store.EndPair(ctx, pair, mentorship.Completed, "done", start.AddDate(0, 3, 0)); err != nil {
			t.Fatal(err)
		}
	}
}
