package console

import (
	"net/url"

	"github.com/tehpug/backend/internal/agenda"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/lang"
)

// FormTokenName is the form field every console post carries the session's
// form token in.
const FormTokenName = "form_token"

// Section is the part of the console a page belongs to, which the
// navigation marks as current.
type Section string

// The console's sections, in the order the navigation lists them.
const (
	Dashboard   Section = "dashboard"
	Meetups     Section = "meetups"
	Talks       Section = "talks"
	Topics      Section = "topics"
	Mentorships Section = "mentorships"
	Leagues     Section = "leagues"
	Members     Section = "members"
	Record      Section = "record"
	Passkeys    Section = "passkeys"
)

// Frame is what every console page says around its own content.
type Frame struct {
	Lang  lang.Tag
	Title string
	// Section marks the navigation's current item; "" on pages shown
	// without a session (sign-in), which show no navigation.
	Section Section
	// FormToken is the session's form token, posted back by every form.
	FormToken string
	// Here is the page's own path and query, where the language switch
	// comes back to: a console path the handler built, never a value
	// taken as it came.
	Here string
	// Script loads the console's script, for the pages that enhance
	// themselves with it (passkeys).
	Script bool
}

// W is the frame's words.
func (f Frame) W() *Words { return For(f.Lang) }

// signedIn reports whether the page is shown to a signed-in organizer.
func (f Frame) signedIn() bool { return f.Section != "" }

// navItem is one link of the navigation.
type navItem struct {
	section Section
	href    string
	label   string
}

func (f Frame) nav() []navItem {
	w := f.W()
	return []navItem{
		{Dashboard, consolepath.Root, w.Dashboard},
		{Meetups, consolepath.Meetups(), w.Meetups},
		{Talks, consolepath.Talks(""), w.Talks},
		{Topics, consolepath.Topics, w.Topics},
		{Mentorships, consolepath.Mentorships(""), w.Mentorships},
		{Leagues, consolepath.Leagues, w.Leagues},
		{Members, consolepath.Members, w.Members},
		{Record, consolepath.Record, w.Record},
		{Passkeys, consolepath.Passkeys, w.Passkeys},
	}
}

// other is the language the switch offers: the one the page is not in.
func (f Frame) other() lang.Tag {
	if known(f.Lang) == lang.Persian {
		return lang.English
	}
	return lang.Persian
}

// otherLanguageHere is this page in the other language, for a browser not
// signed in (a signed-in organizer's choice is posted and remembered).
func (f Frame) otherLanguageHere() string {
	u, err := url.Parse(f.Here)
	if err != nil || f.Here == "" {
		u = &url.URL{Path: consolepath.SignIn}
	}
	q := u.Query()
	q.Set("lang", string(f.other()))
	u.RawQuery = q.Encode()
	return u.String()
}

// known is l, or English when l is no language the group speaks.
func known(l lang.Tag) lang.Tag { return lang.Parse(string(l)) }

// weekItems are the week's items a table does not already show: everything
// at level Info but the coming meetups.
func weekItems(a agenda.Agenda) []agenda.Item {
	var out []agenda.Item
	for _, it := range a.Of(agenda.Info) {
		if it.Kind != agenda.ComingMeetup {
			out = append(out, it)
		}
	}
	return out
}
