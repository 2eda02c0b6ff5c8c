package auth

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/validate"
)

// AllowList is the set of organizer addresses, in person.Normalize form:
// only these can sign in, and a session lasts only while its organizer is on
// the list.
type AllowList map[string]struct{}

// ParseAllowList reads the ORGANIZER_EMAILS parameter: addresses separated by
// commas, with white space around each ignored and case not significant. An
// entry that is not an email address, or a list with none, is an error, so a
// mistyped parameter stops the function at start-up rather than locking an
// organizer out. The error names an entry by position, never by address.
func ParseAllowList(s string) (AllowList, error) {
	list := AllowList{}
	for i, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if !validate.IsEmail(entry) {
			return nil, fmt.Errorf("organizer emails: entry %d is not an email address", i+1)
		}
		list[person.Normalize(entry)] = struct{}{}
	}
	if len(list) == 0 {
		return nil, errors.New("organizer emails: the list is empty")
	}
	return list, nil
}

// Contains reports whether email is an organizer's, in any case and with any
// surrounding white space.
func (a AllowList) Contains(email string) bool {
	_, ok := a[person.Normalize(email)]
	return ok
}

// Emails lists the organizers' addresses, sorted.
func (l AllowList) Emails() []string {
	out := make([]string, 0, len(l))
	for e := range l {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}

// Organizer is the address of the organizer whose person.Key is owner, if
// one on the list has it.
func (a AllowList) Organizer(owner string) (string, bool) {
	for e := range a {
		if person.Key(e) == owner {
			return e, true
		}
	}
	return "", false
}
