package email

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/tehpug/backend/internal/battlefieldpath"
	"github.com/tehpug/backend/internal/consolepath"
)

// Links builds every link an email carries, so that routes and token
// escaping live in one place. The zero Links is unusable: build one with
// NewLinks.
type Links struct {
	base string // scheme://host[:port], no trailing slash
}

// NewLinks returns the links of the API at publicBaseURL, which must be an
// origin: http or https, a host, and nothing after it ("https://api.tehpug.ir",
// "http://127.0.0.1:3000"). The link pages post to routes at the root, so a
// path, even "/", would break them.
func NewLinks(publicBaseURL string) (Links, error) {
	invalid := func(why string) (Links, error) {
		return Links{}, fmt.Errorf("public base URL %q: %s; want an origin such as https://api.tehpug.ir", publicBaseURL, why)
	}
	if strings.ContainsFunc(publicBaseURL, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return invalid("has spaces or control characters")
	}
	u, err := url.Parse(publicBaseURL)
	switch {
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return invalid(err.Error())
	case u.Scheme != "http" && u.Scheme != "https":
		return invalid("must start with http:// or https://")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return invalid("has no host")
	case u.User != nil:
		return invalid("must not carry a user name or password")
	case u.Path != "" || u.RawPath != "":
		return invalid("must have no path, not even a trailing slash")
	case u.RawQuery != "" || u.ForceQuery:
		return invalid("must have no query")
	case u.Fragment != "" || strings.Contains(publicBaseURL, "#"):
		return invalid("must have no fragment")
	}
	return Links{base: u.Scheme + "://" + u.Host}, nil
}

// Valid reports whether l was built by NewLinks (the zero Links is not).
func (l Links) Valid() bool { return l.base != "" }

// ConfirmMembership opens the page whose button confirms a join (double opt-in).
func (l Links) ConfirmMembership(token string) string { return l.withToken("/members/confirm", token) }

// Unsubscribe stops a member's non-transactional emails, in one click (RFC 8058).
func (l Links) Unsubscribe(token string) string { return l.withToken("/unsubscribe", token) }

// Erase opens the page whose button erases a member's data.
func (l Links) Erase(token string) string { return l.withToken("/members/erase", token) }

// MemberPage opens a member's own page (My TehPUG).
func (l Links) MemberPage(token string) string { return l.withToken("/me", token) }

// AskMemberPage is the page where a member asks for a link to their page.
func (l Links) AskMemberPage() string { return l.base + "/me/link" }

// CancelRegistration frees a seat or a place in line at a meetup.
func (l Links) CancelRegistration(token string) string {
	return l.withToken("/registrations/cancel", token)
}

// VerifyTalk opens the page whose button confirms a new proposal: that the
// address it names is the speaker's.
func (l Links) VerifyTalk(token string) string { return l.withToken("/talks/verify", token) }

// ConfirmRegistration opens the page whose button confirms a seat or a
// place in line held for a registrant whose address is not yet proven.
func (l Links) ConfirmRegistration(token string) string {
	return l.withToken("/registrations/confirm", token)
}

// WithdrawTalk lets a speaker withdraw their talk.
func (l Links) WithdrawTalk(token string) string { return l.withToken("/talks/withdraw", token) }

// ConfirmTalk lets an accepted speaker confirm they will give their talk.
func (l Links) ConfirmTalk(token string) string { return l.withToken("/talks/confirm", token) }

// SignIn opens the page whose button signs an organizer in, and then
// leads to the console page next.
func (l Links) SignIn(token, next string) string {
	link := l.withToken("/auth/session", token)
	if next != "" && next != consolepath.Root {
		link += "&next=" + url.QueryEscape(next)
	}
	return link
}

// CheckIn opens one side of a mentorship pair's check-in page.
func (l Links) CheckIn(token string) string { return l.withToken("/checkins/new", token) }

// Capstone is the page of a completed mentorship's mentee where they
// propose their lightning talk.
func (l Links) Capstone(token string) string { return l.withToken("/mentorship/capstone", token) }

// CoSpeaker is the page where a mentor agrees to be named co-speaker of
// their mentee's capstone talk.
func (l Links) CoSpeaker(token string) string { return l.withToken("/mentorship/cospeaker", token) }

// Fade is one one-tap answer to why a mentorship faded: it opens the page
// whose button posts reason.
func (l Links) Fade(token, reason string) string {
	return l.withToken("/mentorship/fade", token) + "&reason=" + url.QueryEscape(reason)
}

// Meetup is a meetup's public page (also the URL in its calendar invite).
func (l Links) Meetup(id string) string { return l.base + "/meetups/" + url.PathEscape(id) }

// Console makes a console page's path (package consolepath) a link: every
// link of an organizer email leads to the page where its subject is acted
// on.
func (l Links) Console(path string) string { return l.base + path }

func (l Links) withToken(route, token string) string {
	return l.base + route + "?token=" + url.QueryEscape(token)
}

// linkable reports whether an emailed link is something a mail client can
// open: an absolute http(s) URL with a host, or a mailto: address. templ
// replaces an unsafe URL (javascript:...) with about:invalid#..., which is
// refused here too.
func linkable(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// Robot opens a member's robot's page: it confirms a new robot version and
// asks for practice matches.
func (l Links) Robot(token string) string { return l.withToken("/battlefield/robot", token) }

// Match opens a match's replay, in language lang.
func (l Links) Match(id, lang string) string {
	return l.base + battlefieldpath.Match(id, lang)
}

// League opens a league's page (its fixtures, results and table), in
// language lang.
func (l Links) League(id, lang string) string {
	return l.base + battlefieldpath.League(id, lang)
}

// MemberPages gives an email the link to its recipient's own page
// (Links.MemberPage): a fresh member-page token for the member a person key
// names, and the token's hash, so a link nobody received can be deleted
// again. Both are empty when the key is not a confirmed member's: such an
// email carries no page link.
type MemberPages interface {
	PageLink(ctx context.Context, personKey string) (link, hash string, err error)
}
