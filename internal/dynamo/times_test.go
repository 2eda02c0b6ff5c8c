package dynamo_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/dynamo"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/token"
)

// storedTime is the one layout of every stored time: UTC, microseconds,
// fixed width.
var storedTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)

// fillTable stores one of every record that carries a time, each with its
// times set, through the adapter.
func fillTable(t *testing.T, tb *dynamo.Table) {
	t.Helper()
	ctx := context.Background()
	at := t0.Add(1500 * time.Millisecond)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	m := meetups.Meetup{ID: "meet", Title: "Meetup", StartsAt: t0.Add(24 * time.Hour), EndsAt: t0.Add(27 * time.Hour),
		Venue: "Tehran", Capacity: 10, Status: meetups.Scheduled, CreatedAt: at, UpdatedAt: at}
	must(tb.CreateMeetup(ctx, m))
	must(tb.PutRegistration(ctx, meetups.Registration{MeetupID: m.ID, Key: person.Key("guest@example.org"), Name: "Guest",
		Email: "guest@example.org", Language: "en", Status: meetups.RegConfirmed, CreatedAt: at}))
	stranger := person.Key("stranger@example.org")
	must(tb.PutRegistration(ctx, meetups.Registration{MeetupID: m.ID, Key: stranger, Name: "Stranger",
		Email: "stranger@example.org", Language: "en", Status: meetups.RegPending, CreatedAt: at, HoldUntil: at.Add(meetups.HoldFor)}))
	_, err := tb.TakeSeat(ctx, m, stranger, at.Add(meetups.HoldFor))
	must(err)
	must(tb.BeginErase(ctx, person.Key("leaving@example.org"), at.Add(time.Minute)))

	email := "member@example.org"
	mem := members.Member{Key: person.Key(email), Name: "Member", Email: email, Language: "en", Mentorship: "none", CreatedAt: at}
	must(tb.CreateMember(ctx, mem, time.Hour))
	must(tb.MarkConfirmSent(ctx, mem.Key, at))
	_, _, err = tb.ConfirmMember(ctx, mem.Key, at)
	must(err)
	_, err = tb.SetUnsubscribed(ctx, mem.Key, at)
	must(err)
	pending := members.Member{Key: person.Key("pending@example.org"), Name: "Pending", Email: "pending@example.org", Language: "en", Mentorship: "none", CreatedAt: at}
	must(tb.CreateMember(ctx, pending, time.Hour))

	must(tb.PutToken(ctx, token.Token{Hash: "hash", Purpose: "member-confirm", Subject: mem.Key, Owner: mem.Key, ExpiresAt: at.Add(time.Hour)}))
	must(tb.MarkTokenUsed(ctx, "hash", at))

	putTalk(t, tb, 1, "speaker@example.org", talks.Submitted, "")

	mentor := putApplication(t, tb, mentorship.Mentor, 2)
	mentee := putApplication(t, tb, mentorship.Mentee, 0)
	p := pairUp(t, tb, mentor, mentee)
	_, err = tb.ClaimIntro(ctx, p.ID, mentorship.Mentor, at)
	must(err)
	checkIn(t, tb, p, mentorship.Mentee, mentee.Owner, at)
	_, err = tb.EndPair(ctx, p.ID, mentorship.Completed, "done", at)
	must(err)

	_, err = tb.ClaimSend(ctx, "job", "round", "someone@example.org", "P#someone", at, at.Add(time.Minute))
	must(err)
	must(tb.MarkSent(ctx, "job", "round", "someone@example.org", at))
	must(tb.MarkRoundDone(ctx, "job", "round", at))
	_, err = tb.ClaimSend(ctx, "job", "round2", "someone@example.org", "P#someone", at, at.Add(time.Minute))
	must(err)
}

// scanAll reads the whole test table (the adapter itself never scans).
func scanAll(t *testing.T, db *dynamodb.Client, table string) []map[string]types.AttributeValue {
	t.Helper()
	var items []map[string]types.AttributeValue
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(table)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, page.Items...)
	}
	return items
}

// Every time attribute is a String in the one layout, and so is the time at
// the head of every sort key that lists by time; ttl alone is a Number.
func TestTimesAreStoredInOneLayout(t *testing.T) {
	t.Parallel()
	db, name := testenv.NewTable(t)
	fillTable(t, dynamo.New(db, name))

	seen := map[string]bool{}
	for _, item := range scanAll(t, db, name) {
		where := item["pk"].(*types.AttributeValueMemberS).Value
		for attr, v := range item {
			switch {
			case attr == "ttl":
				if _, ok := v.(*types.AttributeValueMemberN); !ok {
					t.Errorf("%s: ttl is %T, want a Number of epoch seconds", where, v)
				}
			case strings.HasSuffix(attr, "_at") || strings.HasSuffix(attr, "_until"):
				seen[attr] = true
				s, ok := v.(*types.AttributeValueMemberS)
				if !ok || !storedTime.MatchString(s.Value) {
					t.Errorf("%s: %s = %#v, not a stored time", where, attr, v)
				}
			case attr == "holds":
				seen[attr] = true
				for _, e := range v.(*types.AttributeValueMemberL).Value {
					if head, _, _ := strings.Cut(e.(*types.AttributeValueMemberS).Value, "#"); !storedTime.MatchString(head) {
						t.Errorf("%s: a hold %q does not begin with a stored time", where, head)
					}
				}
			case attr == "gsi1sk" && !strings.HasPrefix(where, "TALK#"), attr == "gsi2sk" && strings.HasPrefix(where, "MAPP#"):
				s := v.(*types.AttributeValueMemberS).Value
				if head, _, _ := strings.Cut(s, "#"); !storedTime.MatchString(head) {
					t.Errorf("%s: %s = %q does not begin with a stored time", where, attr, s)
				}
			}
		}
	}
	for _, attr := range []string{"created_at", "updated_at", "starts_at", "ends_at", "confirmed_at", "confirm_sent_at",
		"unsubscribed_at", "pending_until", "expires_at", "used_at", "started_at", "ended_at", "mentor_intro_at",
		"mentee_last_at", "lease_until", "sent_at", "hold_until", "erase_until", "holds"} {
		if !seen[attr] {
			t.Errorf("no item carries %s", attr)
		}
	}
}

// A stored time that is not in the layout is an error naming the record and
// the attribute, never a zero time.
func TestMalformedStoredTimeIsAnError(t *testing.T) {
	t.Parallel()
	db, name := testenv.NewTable(t)
	tb := dynamo.New(db, name)
	fillTable(t, tb)
	ctx := context.Background()

	mentorApp, menteeApp := "", ""
	var pairID string
	for _, item := range scanAll(t, db, name) {
		pk := item["pk"].(*types.AttributeValueMemberS).Value
		switch {
		case strings.HasPrefix(pk, "MAPP#") && item["role"].(*types.AttributeValueMemberS).Value == "mentor":
			mentorApp = strings.TrimPrefix(pk, "MAPP#")
		case strings.HasPrefix(pk, "MAPP#"):
			menteeApp = strings.TrimPrefix(pk, "MAPP#")
		case strings.HasPrefix(pk, "PAIR#") && item["sk"].(*types.AttributeValueMemberS).Value == "META":
			pairID = strings.TrimPrefix(pk, "PAIR#")
		}
	}
	owner := person.Key("member@example.org")
	tests := []struct {
		pk, sk, attr string
		read         func() error
	}{
		{"MEETUP#meet", "META", "starts_at", func() error { _, err := tb.GetMeetup(ctx, "meet"); return err }},
		{"MEETUP#meet", "META", "updated_at", func() error { _, _, err := tb.ListUpcoming(ctx, t0, "", 10); return err }},
		{"MEETUP#meet", "REG#" + person.Key("guest@example.org"), "created_at", func() error {
			_, err := tb.GetRegistration(ctx, "meet", person.Key("guest@example.org"))
			return err
		}},
		{"MEMBER#" + owner, "PROFILE", "confirmed_at", func() error { _, err := tb.GetMember(ctx, owner); return err }},
		{"TOKEN#hash", "TOKEN", "expires_at", func() error { _, err := tb.GetToken(ctx, "hash"); return err }},
		{"TALK#talk01", "TALK", "created_at", func() error { _, err := tb.GetTalk(ctx, "talk01"); return err }},
		{"MAPP#" + mentorApp, "APP", "updated_at", func() error { _, err := tb.GetApplication(ctx, mentorApp); return err }},
		{"MAPP#" + menteeApp, "APP", "created_at", func() error {
			_, err := tb.GetApplications(ctx, []string{menteeApp})
			return err
		}},
		{"PAIR#" + pairID, "META", "mentee_last_at", func() error { _, err := tb.GetPair(ctx, pairID); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.pk+" "+tt.attr, func(t *testing.T) {
			set := func(v types.AttributeValue) types.AttributeValue {
				t.Helper()
				out, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName: aws.String(name),
					Key: map[string]types.AttributeValue{
						"pk": &types.AttributeValueMemberS{Value: tt.pk}, "sk": &types.AttributeValueMemberS{Value: tt.sk},
					},
					UpdateExpression:          aws.String("SET #a = :v"),
					ConditionExpression:       aws.String("attribute_exists(pk)"),
					ExpressionAttributeNames:  map[string]string{"#a": tt.attr},
					ExpressionAttributeValues: map[string]types.AttributeValue{":v": v},
					ReturnValues:              types.ReturnValueUpdatedOld,
				})
				if err != nil {
					t.Fatal(err)
				}
				return out.Attributes[tt.attr]
			}
			// Each case breaks one attribute and mends it after.
			was := set(&types.AttributeValueMemberS{Value: "last tuesday"})
			defer set(was)
			err := tt.read()
			if err == nil || !strings.Contains(err.Error(), tt.attr) {
				t.Errorf("reading a malformed %s: %v", tt.attr, err)
			}
		})
	}
}

// Sort keys keep fractions of a second: a meetup that ended half a second
// ago is not upcoming, and a member who confirmed just before since is not
// listed as confirmed since.
func TestTimeBoundsKeepFractions(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	putMeetup(t, tb, "meet", t0.Add(-time.Hour), t0.Add(100*time.Millisecond), meetups.Scheduled)
	if page, _, err := tb.ListUpcoming(ctx, t0.Add(600*time.Millisecond), "", 10); err != nil || len(page) != 0 {
		t.Errorf("upcoming after the end: %v, %v", page, err)
	}
	if page, _, err := tb.ListUpcoming(ctx, t0.Add(50*time.Millisecond), "", 10); err != nil || len(page) != 1 {
		t.Errorf("upcoming before the end: %v, %v", page, err)
	}

	mem := members.Member{Key: person.Key("member@example.org"), Name: "Member", Email: "member@example.org", Language: "en", Mentorship: "none", CreatedAt: t0}
	if err := tb.CreateMember(ctx, mem, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tb.ConfirmMember(ctx, mem.Key, t0.Add(100*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if ms, err := tb.MembersConfirmedSince(ctx, t0.Add(600*time.Millisecond)); err != nil || len(ms) != 0 {
		t.Errorf("confirmed since after confirming: %v, %v", ms, err)
	}
	if ms, err := tb.MembersConfirmedSince(ctx, t0.Add(50*time.Millisecond)); err != nil || len(ms) != 1 {
		t.Errorf("confirmed since before confirming: %v, %v", ms, err)
	}
}

// Conditions compare stored times as strings: a pending member holds the
// address until pending_until, and not a moment past it; a send's claim is
// held until lease_until.
func TestTimeConditions(t *testing.T) {
	t.Parallel()
	tb := newTable(t)
	ctx := context.Background()
	m := members.Member{Key: person.Key("member@example.org"), Name: "Member", Email: "member@example.org", Language: "en", Mentorship: "none", CreatedAt: t0}
	if err := tb.CreateMember(ctx, m, time.Hour); err != nil {
		t.Fatal(err)
	}
	m.CreatedAt = t0.Add(time.Hour)
	if err := tb.CreateMember(ctx, m, time.Hour); !errors.Is(err, members.ErrExists) {
		t.Errorf("join at pending_until: %v, want ErrExists", err)
	}
	m.CreatedAt = t0.Add(time.Hour + time.Millisecond)
	if err := tb.CreateMember(ctx, m, time.Hour); err != nil {
		t.Errorf("join just past pending_until: %v", err)
	}

	claim := func(at time.Time) jobs.Claim {
		t.Helper()
		c, err := tb.ClaimSend(ctx, "job", "round", "someone@example.org", "P#someone", at, at.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := claim(t0); c != jobs.Claimed {
		t.Fatalf("first claim: %v", c)
	}
	if c := claim(t0.Add(time.Minute)); c != jobs.Held {
		t.Errorf("claim at lease_until: %v, want held", c)
	}
	if c := claim(t0.Add(time.Minute + time.Millisecond)); c != jobs.Claimed {
		t.Errorf("claim just past lease_until: %v, want claimed", c)
	}
}
