package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/token"
)

// organizerItem is what the console remembers about an organizer: the
// language they chose. Organizers themselves are the allow-list in the
// function's configuration, not items.
type organizerItem struct {
	key
	Owner     string `dynamodbav:"owner"`
	Lang      string `dynamodbav:"lang,omitempty"`
	UpdatedAt string `dynamodbav:"updated_at,omitempty"`
}

func organizerKey(owner string) key { return key{PK: "ORGANIZER#" + owner, SK: "PROFILE"} }

// OrganizerLanguage is the language the organizer chose, "" when they
// have not chosen one.
func (t *Table) OrganizerLanguage(ctx context.Context, owner string) (string, error) {
	var it organizerItem
	err := t.get(ctx, organizerKey(owner), &it)
	if errors.Is(err, errNotFound) {
		return "", nil
	}
	return it.Lang, wrap("organizer language", err)
}

// SetOrganizerLanguage remembers the language the organizer chose.
func (t *Table) SetOrganizerLanguage(ctx context.Context, owner, lang string, now time.Time) error {
	upd := expression.Set(expression.Name("owner"), expression.Value(owner)).
		Set(expression.Name("lang"), expression.Value(lang)).
		Set(expression.Name("updated_at"), expression.Value(timeKey(now)))
	return wrap("set organizer language", t.update(ctx, organizerKey(owner), upd, nil, nil))
}

// OrganizerLanguages is the chosen language of each of owners that chose
// one, read in batches of a hundred.
func (t *Table) OrganizerLanguages(ctx context.Context, owners []string) (map[string]string, error) {
	out := map[string]string{}
	its, err := getItems[organizerItem](ctx, t, uniqueKeys(owners, organizerKey))
	if err != nil {
		return nil, wrap("organizer languages", err)
	}
	for _, it := range its {
		if it.Lang != "" {
			out[it.Owner] = it.Lang
		}
	}
	return out, nil
}

// SetTokenLang changes the language of a token's pages: a session's, when
// its organizer chooses another language.
func (t *Table) SetTokenLang(ctx context.Context, hash, lang string) error {
	err := t.update(ctx, tokenKey(hash), expression.Set(expression.Name("lang"), expression.Value(lang)), exists(), nil)
	if errors.Is(err, errConditionFailed) {
		return token.ErrNotFound
	}
	return wrap("set token language", err)
}
