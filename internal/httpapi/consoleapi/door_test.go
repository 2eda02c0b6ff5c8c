package consoleapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/person"
)

// doorButtons are the addresses a door page has a button for, and what
// each button does ("true": mark present, "false": undo).
func doorButtons(body string) map[string]string {
	out := map[string]string{}
	re := regexp.MustCompile(`(?s)name="email" value="([^"]*)".*?name="attended" value="(true|false)"`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// present is how many registrants of meetup id are marked present.
func (c *console) present(id string) map[string]bool {
	c.T.Helper()
	_, regs, err := c.Meetups().Attendees(context.Background(), id)
	if err != nil {
		c.T.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range regs {
		if r.Attended != nil && *r.Attended {
			out[r.Email] = true
		}
	}
	return out
}

// The door lists everyone holding a seat (not those waiting, nor a seat
// only held for an address nobody has proven); its search
// (a GET form) finds them by any part of the name or address in any case;
// one press marks a person present, another undoes it; the count follows;
// and the page goes back to the same search at the person's row, with no
// address in the URL.
func TestTheDoor(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Door", 4)
	ali, sara, other, held, waiting := apitest.UniqueEmail("ali"), apitest.UniqueEmail("sara"), apitest.UniqueEmail("sara-too"), apitest.UniqueEmail("held"), apitest.UniqueEmail("waits")
	c.register(m.ID, "Ali Rezaei", ali)
	c.register(m.ID, "Sara", sara)
	c.register(m.ID, "sara", other)
	c.registerUnproven(m.ID, "Held Person", held)
	c.register(m.ID, "Waiting Person", waiting)
	b := c.SignedIn()
	if page := b.Get("/console/meetups/" + m.ID).Body; !strings.Contains(page, "held until 14:00: the address is not confirmed yet") {
		t.Errorf("the meetup's page does not show the held seat as held:\n%s", page)
	}

	door := b.Get("/console/meetups/" + m.ID + "/door")
	apitest.WantStatus(t, door, http.StatusOK)
	if !strings.Contains(door.Body, "0 present of 3") || !strings.Contains(door.Body, `<form method="get" action="/console/meetups/`+m.ID+`/door" role="search">`) {
		t.Errorf("the door page lacks its count or its search form:\n%s", door.Body)
	}
	buttons := doorButtons(door.Body)
	if len(buttons) != 3 || buttons[waiting] != "" || buttons[held] != "" {
		t.Errorf("buttons for %v, want the three holding a seat of their own", buttons)
	}
	// Two people named Sara are told apart by their addresses; Ali needs none.
	if !strings.Contains(door.Body, "<bdi>"+sara+"</bdi>") || !strings.Contains(door.Body, "<bdi>"+other+"</bdi>") || strings.Contains(door.Body, "<bdi>"+ali+"</bdi>") {
		t.Error("addresses are shown other than to tell two people of one name apart")
	}

	for q, want := range map[string][]string{"ALI": {ali}, "sArA": {sara, other}, strings.Split(other, "@")[0]: {other}, "nobody": nil} {
		page := b.Get("/console/meetups/" + m.ID + "/door?q=" + url.QueryEscape(q))
		got := doorButtons(page.Body)
		if len(got) != len(want) {
			t.Errorf("search %q shows %v, want %v", q, got, want)
		}
		for _, a := range want {
			if got[a] == "" {
				t.Errorf("search %q misses %s", q, a)
			}
		}
		if !strings.Contains(page.Body, `value="`+q+`"`) {
			t.Errorf("search %q is not kept in the box", q)
		}
		if want == nil && !strings.Contains(page.Body, "Nobody holding a seat matches your search.") {
			t.Errorf("search %q does not say nobody matches", q)
		}
	}

	b.Get("/console/meetups/" + m.ID + "/door?q=ali")
	resp := b.Post("/console/meetups/"+m.ID+"/door", url.Values{"email": {ali}, "attended": {"true"}, "q": {"ali"}, "at": {"1"}})
	to := wantSeeOther(t, resp, "/console/meetups/"+m.ID+"/door?q=ali#seat-")
	if strings.Contains(to, "@") || strings.Contains(to, person.Key(ali)[2:10]) {
		t.Errorf("the redirect names the person: %s", to)
	}
	after := b.Get(to)
	if !strings.Contains(after.Body, "1 present of 3") || doorButtons(after.Body)[ali] != "false" {
		t.Errorf("after marking Ali present the page shows:\n%s", after.Body)
	}
	if !c.present(m.ID)[ali] {
		t.Error("the mark was not stored")
	}
	wantSeeOther(t, b.Post("/console/meetups/"+m.ID+"/door", url.Values{"email": {ali}, "attended": {"false"}, "q": {"ali"}, "at": {"1"}}), "/console/meetups/"+m.ID+"/door")
	if c.present(m.ID)[ali] || !strings.Contains(b.Get("/console/meetups/"+m.ID+"/door").Body, "0 present of 3") {
		t.Error("undo did not take the mark back")
	}

	// Someone not registered cannot be marked; nothing changes.
	bad := b.Post("/console/meetups/"+m.ID+"/door", url.Values{"email": {apitest.UniqueEmail("stranger")}, "attended": {"true"}})
	apitest.WantStatus(t, bad, http.StatusUnprocessableEntity)
}

// Two organizers at the door marking different people at the same moment
// both keep every mark.
func TestTwoOrganizersMarkingAtOnceLoseNothing(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	m := c.newMeetup("Busy door", 12)
	var addrs []string
	for i := range 12 {
		a := apitest.UniqueEmail(fmt.Sprintf("guest%d", i))
		addrs = append(addrs, a)
		c.register(m.ID, fmt.Sprintf("Guest %d", i), a)
	}
	first, second := c.SignedIn(), c.Browser().SignIn(c.Other)
	first.Get("/console/meetups/" + m.ID + "/door")
	second.Get("/console/meetups/" + m.ID + "/door")
	statuses := make([]int, len(addrs))
	apitest.AtOnce(len(addrs), func(i int) {
		b := first
		if i%2 == 1 {
			b = second
		}
		statuses[i] = b.Post("/console/meetups/"+m.ID+"/door", url.Values{"email": {addrs[i]}, "attended": {"true"}}).StatusCode
	})
	if n := apitest.Winners(t, statuses, http.StatusSeeOther, 0); n != len(addrs) {
		t.Errorf("%d of %d marks answered 303", n, len(addrs))
	}
	present := c.present(m.ID)
	for _, a := range addrs {
		if !present[a] {
			t.Errorf("%s's mark was lost", a)
		}
	}
	if !strings.Contains(first.Get("/console/meetups/"+m.ID+"/door").Body, "12 present of 12") {
		t.Error("the count does not show every mark")
	}
}
