package consoleapi_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// newMeetup schedules a meetup on Sunday 20 December 2026, 18:00–21:00 in
// Tehran, through the meetups service.
func (c *console) newMeetup(title string, capacity int) meetups.Meetup {
	c.T.Helper()
	return c.CreateMeetup(wiringtest.Meetup{Title: title, StartsAt: "2026-12-20T18:00:00+03:30", EndsAt: "2026-12-20T21:00:00+03:30", Capacity: capacity})
}

// register registers name and address for meetup id as a confirmed
// member does: the address is proven, so the place is theirs at once.
func (c *console) register(id, name, address string) {
	c.T.Helper()
	c.ConfirmedMember(name, address)
	c.registerUnproven(id, name, address)
}

// registerUnproven registers an address nobody has proven: its place is
// only held until the emailed link confirms it.
func (c *console) registerUnproven(id, name, address string) {
	c.T.Helper()
	if err := c.Meetups().Register(context.Background(), id, meetups.RegisterInput{Name: name, Email: address}); err != nil {
		c.T.Fatal(err)
	}
}

// meetup reads meetup id as it is now.
func (c *console) meetup(id string) meetups.Meetup {
	c.T.Helper()
	return apitest.Read(c.T, c.Meetups().Get, id)
}

// meetupCount is how many meetups there are: upcoming, past and cancelled.
func (c *console) meetupCount() int {
	c.T.Helper()
	n := 0
	svc := c.Meetups()
	for _, list := range []func(context.Context, string, int) ([]meetups.Meetup, string, error){svc.Upcoming, svc.Past, svc.Cancelled} {
		ms, _, err := list(context.Background(), "", 100)
		if err != nil {
			c.T.Fatal(err)
		}
		n += len(ms)
	}
	return n
}

// validMeetup is a meetup form as an organizer fills it in: times as a
// datetime-local input sends them, in the group's zone.
func validMeetup() url.Values {
	return url.Values{
		"title": {"TehPUG December"}, "starts_at": {"2026-12-20T18:00"}, "ends_at": {"2026-12-20T21:00"},
		"venue": {"Tehran, the innovation factory"}, "capacity": {"40"}, "description": {"Talks and tea.\nBring a friend."},
	}
}

// with is form with name set to value.
func with(form url.Values, name, value string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	out.Set(name, value)
	return out
}

// fieldError is the error a form page shows next to the named field ("" for none).
func fieldError(body, name string) string {
	m := regexp.MustCompile(`<p class="field-error" id="f-` + regexp.QuoteMeta(name) + `-error">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// fieldValue is the value a form page shows in the named field.
func fieldValue(t *testing.T, body, name string) string {
	t.Helper()
	q := regexp.QuoteMeta(name)
	if m := regexp.MustCompile(`<input id="f-` + q + `" name="` + q + `" type="[^"]*" value="([^"]*)"`).FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	if m := regexp.MustCompile(`(?s)<textarea id="f-` + q + `" name="` + q + `"[^>]*>(.*?)</textarea>`).FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	t.Fatalf("no field %s in\n%s", name, body)
	return ""
}

// wantSeeOther fails the test unless resp sends the browser to a path
// beginning with prefix, and returns where.
func wantSeeOther(t *testing.T, resp events.APIGatewayV2HTTPResponse, prefix string) string {
	t.Helper()
	to := resp.Headers["Location"]
	if resp.StatusCode != 303 || !strings.HasPrefix(to, prefix) {
		t.Fatalf("%d to %q, want 303 to %s…; body %.600s", resp.StatusCode, to, prefix, resp.Body)
	}
	return to
}

// idFrom is the meetup id of a meetup page's path.
func idFrom(path string) string {
	rest := strings.TrimPrefix(path, "/console/meetups/")
	id, _, _ := strings.Cut(rest, "?")
	id, _, _ = strings.Cut(id, "/")
	return id
}
