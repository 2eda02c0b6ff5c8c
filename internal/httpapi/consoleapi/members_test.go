package consoleapi_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/talks"
)

// count is the number the members page shows after the label dt.
func count(t *testing.T, body, dt string) string {
	t.Helper()
	m := regexp.MustCompile(`<dt>` + regexp.QuoteMeta(dt) + `</dt><dd(?: class="num")?>(?:<span class="num">)?([^ <]+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the members page has no %q", dt)
	}
	return m[1]
}

// The members page counts the confirmed members (and the unsubscribed
// among them) and those who may still confirm, and the joins month by
// month in the group's zone.
func TestTheMembersPageCountsTheMembers(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	ctx := context.Background()
	for i, name := range []string{"Ali", "Sara", "Reza"} {
		address := apitest.UniqueEmail(strings.ToLower(name))
		m := members.Member{Key: person.Key(address), Name: name, Email: address, Language: "en", Mentorship: "none", CreatedAt: c.Clock.Now()}
		if err := c.Store().CreateMember(ctx, m, 7*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Store().ConfirmMember(ctx, m.Key, c.Clock.Now().AddDate(0, -i, 0)); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := c.Store().SetUnsubscribed(ctx, person.Key(address), c.Clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := c.Members().Join(ctx, members.JoinInput{Name: "Pending", Email: apitest.UniqueEmail("pending"), Language: "en"}); err != nil {
		t.Fatal(err)
	}
	page := c.SignedIn().Get("/console/members")
	apitest.WantStatus(t, page, http.StatusOK)
	for dt, want := range map[string]string{"Confirmed": "3", "of whom unsubscribed from news": "1", "Not confirmed yet": "1"} {
		if got := count(t, page.Body, dt); got != want {
			t.Errorf("%s: %s, want %s", dt, got, want)
		}
	}
	apitest.WantContains(t, page.Body, "the joins month by month", "<td>Nov 2026</td><td class=\"num\">1</td>", "<td>Oct 2026</td><td class=\"num\">1</td>", "<td>Sep 2026</td><td class=\"num\">1</td>", "<td>Aug 2026</td><td class=\"num\">0</td>")
}

// An organizer finds a person by their exact address (a post: the address
// is in no URL) and sees their membership, registrations and talks, their
// text escaped; an address nothing is stored about says so, and one that
// is not an address is shown next to the field. Erasing asks first, saying
// what goes, then leaves no trace, frees the seat, and is on the record
// without the address.
func TestFindingAndErasingAPerson(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.SignedIn()
	m := c.newMeetup("December <b>night</b>", 1)
	address := apitest.UniqueEmail("asked")
	c.register(m.ID, "Asked <i>Person</i>", address)
	next := apitest.UniqueEmail("next")
	c.register(m.ID, "Next", next)
	if err := c.Store().CreateTalk(context.Background(), talks.Talk{ID: "talk-asked", Owner: person.Key(address), Name: "Asked", Email: address,
		Title: "<script>alert(1)</script>", Format: talks.Short, Level: talks.Beginner, Language: "en", Status: talks.Submitted,
		CreatedAt: c.Clock.Now(), UpdatedAt: c.Clock.Now()}); err != nil {
		t.Fatal(err)
	}

	found := b.Post("/console/members", url.Values{"email": {address}})
	apitest.WantStatus(t, found, http.StatusOK)
	apitest.WantContains(t, found.Body, "the person's page", "Asked &lt;i&gt;Person&lt;/i&gt;", "December &lt;b&gt;night&lt;/b&gt;", `href="/console/meetups/`+m.ID+`"`, "&lt;script&gt;alert(1)&lt;/script&gt;", "undecided")
	if strings.Contains(found.Body, "<script>alert") || strings.Contains(found.Body, "<i>Person") {
		t.Error("the person's page shows their text as markup")
	}
	none := b.Post("/console/members", url.Values{"email": {apitest.UniqueEmail("stranger")}})
	if apitest.WantStatus(t, none, http.StatusOK); !strings.Contains(none.Body, "Nothing is stored about this address.") {
		t.Error("an unknown address does not say nothing is stored")
	}
	bad := b.Post("/console/members", url.Values{"email": {"not an address"}})
	if apitest.WantStatus(t, bad, http.StatusUnprocessableEntity); !strings.Contains(bad.Body, `id="f-email-error"`) || !strings.Contains(bad.Body, `value="not an address"`) {
		t.Error("a bad address is not shown next to the field, as typed")
	}

	ask := b.Post("/console/members", url.Values{"email": {address}, "step": {"erase"}})
	apitest.WantStatus(t, ask, http.StatusOK)
	if !strings.Contains(ask.Body, "their 1 registrations") || !strings.Contains(ask.Body, "their 1 talks") {
		t.Errorf("the erase page does not say what goes:\n%.2000s", ask.Body)
	}
	if n := c.OwnerItems(address); n == 0 {
		t.Fatal("asking erased something")
	}
	wantSeeOther(t, b.Post("/console/members/erase", url.Values{"email": {address}}), "/console/members?notice=erased")
	if n := c.OwnerItems(address); n != 0 {
		t.Errorf("%d items still stored for the erased address", n)
	}
	if got := c.meetup(m.ID); len(got.Seats) != 1 || got.Seats[0] != person.Key(next) {
		t.Errorf("after the erase the seats are %v, want the next in line's", got.Seats)
	}
	record := b.Get("/console/record").Body
	if !strings.Contains(record, "erased a member") || strings.Contains(strings.ToLower(record), strings.ToLower(address)) {
		t.Error("the erase is not on the record, or the record names the address")
	}
}
