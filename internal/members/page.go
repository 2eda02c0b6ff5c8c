package members

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
	"github.com/tehpug/backend/internal/validate"
)

// PageTTL is how long a member-page link lasts (docs/MEMBERPAGE.md).
const PageTTL = 180 * 24 * time.Hour

// errPageGone is the answer for a member-page link that opens nothing: the
// member it was for is gone, or a newer link retired it. It is the answer a
// forged link gets, so a link tells nothing of anyone.
var errPageGone = apperr.New(apperr.NotFound, "This link is not valid or has expired. Please ask for a new one.")

// issuedAt is when a member-page token was issued: every one lasts PageTTL.
func issuedAt(t token.Token) time.Time { return t.ExpiresAt.Add(-PageTTL) }

// PageLink issues m a link to their own page, for an email to them.
func (s *Service) PageLink(ctx context.Context, m Member) (string, error) {
	link, _, err := issuePageLink(ctx, s.tokens, s.links, m)
	return link, err
}

// issuePageLink issues m a fresh member-page token (one write) and returns
// the link that carries it and the token's hash.
func issuePageLink(ctx context.Context, tokens *token.Issuer, links email.Links, m Member) (link, hash string, err error) {
	raw, err := tokens.Issue(ctx, token.MemberPage, m.Key, m.Key, m.Language, PageTTL)
	if err != nil {
		return "", "", fmt.Errorf("member page link: %w", err)
	}
	return links.MemberPage(raw), token.Hash(raw), nil
}

// MemberReader reads a member by their person key (the DynamoDB adapter).
type MemberReader interface {
	GetMember(ctx context.Context, key string) (Member, error)
}

// PageLinks gives every email to a member the link to their own page: the
// one helper each service that emails people is built with (it is
// email.MemberPages). A link is a fresh member-page token per email, so
// each email's link rotates out the older ones only once it is opened.
type PageLinks struct {
	members MemberReader
	tokens  *token.Issuer
	links   email.Links
}

// NewPageLinks builds the helper, refusing to without its dependencies.
func NewPageLinks(members MemberReader, tokens *token.Issuer, links email.Links) (*PageLinks, error) {
	if members == nil || tokens == nil || !links.Valid() {
		return nil, errors.New("member page links: a member reader, a token issuer and valid links are required")
	}
	return &PageLinks{members: members, tokens: tokens, links: links}, nil
}

// PageLink reads the member the person key names (one read) and, if they
// confirmed their membership, issues their page's link (one write). For
// anyone else it returns "" and writes nothing: the address is not a
// member's, or not proven to be.
func (p *PageLinks) PageLink(ctx context.Context, key string) (link, hash string, err error) {
	if key == "" {
		return "", "", nil
	}
	m, err := p.members.GetMember(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("member page link: %w", err)
	}
	return p.Of(ctx, m)
}

// Of is PageLink for a member already read: only the write.
func (p *PageLinks) Of(ctx context.Context, m Member) (link, hash string, err error) {
	if m.Status != Confirmed {
		return "", "", nil
	}
	return issuePageLink(ctx, p.tokens, p.links, m)
}

// PageOwner checks a member-page link and returns the member it is for,
// without changing anything: the link must be of that purpose, unexpired,
// unrevoked, for a member who still exists, and issued no earlier than the
// newest link the member has opened their page with. Every action of the
// page checks its link this way.
func (s *Service) PageOwner(ctx context.Context, raw string) (Member, token.Token, error) {
	t, err := s.tokens.Check(ctx, raw, token.MemberPage)
	if apperr.Is(err, apperr.Conflict) {
		err = nil // a member-page link is never used up; a used one still opens
	}
	if err != nil {
		return Member{}, token.Token{}, err
	}
	m, err := s.store.GetMember(ctx, t.Subject)
	if errors.Is(err, ErrNotFound) {
		return Member{}, token.Token{}, errPageGone
	}
	if err != nil {
		return Member{}, token.Token{}, fmt.Errorf("member page: %w", err)
	}
	if t.Owner != m.Key || issuedAt(t).Before(m.PageSince) {
		return Member{}, token.Token{}, errPageGone
	}
	return m, t, nil
}

// OpenPage checks a member-page link as PageOwner does and rotates: opening
// the page from a link retires every link issued before it.
func (s *Service) OpenPage(ctx context.Context, raw string) (Member, error) {
	m, t, err := s.PageOwner(ctx, raw)
	if err != nil {
		return Member{}, err
	}
	if at := issuedAt(t); at.After(m.PageSince) {
		if err := s.store.AdvancePageSince(ctx, m.Key, at); err != nil {
			return Member{}, fmt.Errorf("member page: %w", err)
		}
		m.PageSince = at
	}
	return m, nil
}

// RetirePageLinks retires every member-page link of the member the link is
// for, this one included: a member who forwarded an email by mistake
// presses it, and asks for a new link by email.
func (s *Service) RetirePageLinks(ctx context.Context, raw string) (lang string, err error) {
	m, _, err := s.PageOwner(ctx, raw)
	if err != nil {
		return "", err
	}
	// A moment after now: every link issued so far is older.
	if err := s.store.AdvancePageSince(ctx, m.Key, s.now().Add(time.Millisecond)); err != nil {
		return "", fmt.Errorf("retire member page links: %w", err)
	}
	return m.Language, nil
}

// Preferences are what a member chooses on their page.
type Preferences struct {
	Language     string
	Interests    []string
	WantsToSpeak bool
	// CallForSpeakers is whether they get the call-for-speakers emails.
	CallForSpeakers bool
}

// PreferencesInput is the preferences form of the member page.
type PreferencesInput struct {
	Language        string   `json:"language"`
	Interests       []string `json:"interests"`
	WantsToSpeak    bool     `json:"wants_to_speak"`
	CallForSpeakers bool     `json:"call_for_speakers"`
}

func (in *PreferencesInput) normalize() error {
	v := validate.New()
	v.OneOf("language", in.Language, "en", "fa")
	var parts []string
	for _, s := range in.Interests {
		parts = append(parts, strings.Split(s, ",")...)
	}
	in.Interests = interests(v, parts)
	return v.Err()
}

// SetPreferences changes the preferences of the member the link is for.
func (s *Service) SetPreferences(ctx context.Context, raw string, in PreferencesInput) (Member, error) {
	m, _, err := s.PageOwner(ctx, raw)
	if err != nil {
		return Member{}, err
	}
	if err := in.normalize(); err != nil {
		return m, err
	}
	m, err = s.store.SetPreferences(ctx, m.Key, Preferences(in))
	return apperr.Found(m, err, ErrNotFound, errPageGone, "preferences")
}

// EraseFromPage erases everything stored about the member the link is for,
// as their erase link does; the page asks them to confirm first.
func (s *Service) EraseFromPage(ctx context.Context, raw string) (lang string, err error) {
	m, _, err := s.PageOwner(ctx, raw)
	if err != nil {
		return "", err
	}
	if err := s.erase(ctx, m.Key, ""); err != nil {
		return "", err
	}
	return m.Language, nil
}

// PageLinkRequestInput is the form that asks for a link to one's page.
type PageLinkRequestInput = AddressInput

// RequestPageLink emails a link to their page to the address if it is a
// confirmed member's, within the daily cap. The answer is the same either
// way.
func (s *Service) RequestPageLink(ctx context.Context, in PageLinkRequestInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	m, err := s.store.GetMember(ctx, person.Key(strings.TrimSpace(in.Email)))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("member page request: %w", err)
	}
	if m.Status != Confirmed {
		return nil
	}
	slot, err := s.capped.Reserve(ctx, "member-page", m.Email)
	if err != nil || slot == nil {
		return err
	}
	raw, err := slot.Issue(ctx, token.MemberPage, m.Key, m.Language, PageTTL)
	if err != nil {
		return fmt.Errorf("member page request: %w", err)
	}
	if err := slot.Send(ctx, recipient(m), email.MemberPageLink{Name: m.Name, PageLink: s.links.MemberPage(raw)}); err != nil {
		return fmt.Errorf("member page request: %w", err)
	}
	return nil
}
