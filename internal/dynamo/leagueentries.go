package dynamo

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/leagues"
)

// entryItem is one entry, in its league's entries map under its key.
type entryItem struct {
	Owner     string `dynamodbav:"owner,omitempty"`
	Robot     string `dynamodbav:"robot"`
	Name      string `dynamodbav:"name,omitempty"`
	Label     string `dynamodbav:"label,omitempty"`
	Email     string `dynamodbav:"email,omitempty"`
	OwnerName string `dynamodbav:"owner_name,omitempty"`
	Lang      string `dynamodbav:"lang,omitempty"`
	EnteredAt string `dynamodbav:"entered_at"`
	Withdrawn bool   `dynamodbav:"withdrawn,omitempty"`
}

// entrantItem marks that an owner entered a league: found through the
// ByOwner index when the owner is erased, and erased with them.
type entrantItem struct {
	key
	Owner string `dynamodbav:"owner"`
}

// PutEntry writes an entry in one conditional UpdateItem of the league
// item. A new entry needs the league open, registration not closed at
// w.Now, no entry of the owner's yet, and fewer entries than the maximum;
// it adds one to the count in the same write. A swap needs the owner's
// entry to hold the version it replaces and the league open or drawn.
// Then the owner is recorded among the league's entrants (for erasing).
func (t *Table) PutEntry(ctx context.Context, league string, w leagues.EntryWrite) error {
	e := w.Entry
	it := entryItem{
		Owner: e.Owner, Robot: e.Robot, Name: e.Name, Label: e.Label, Email: e.Email, OwnerName: e.OwnerName, Lang: e.Lang,
		EnteredAt: encodeTime(e.EnteredAt),
	}
	slot := expression.Name("entries." + e.Key)
	upd := expression.Set(slot, expression.Value(it))
	var cond expression.ConditionBuilder
	if w.Replace == "" {
		upd = upd.Add(expression.Name("n"), expression.Value(1))
		cond = expression.Name("status").Equal(expression.Value(string(leagues.Open))).
			And(expression.Name("reg_closes").GreaterThan(expression.Value(timeKey(w.Now)))).
			And(expression.AttributeNotExists(slot)).
			And(expression.Name("n").LessThan(expression.Name("max_robots")))
	} else {
		cond = expression.Name("status").In(expression.Value(string(leagues.Open)), expression.Value(string(leagues.Drawn))).
			And(expression.Name("entries." + e.Key + ".robot").Equal(expression.Value(w.Replace)))
	}
	err := t.update(ctx, leagueKey(league), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return leagues.ErrConflict
	}
	if err != nil {
		return wrap("put entry", err)
	}
	mark := entrantItem{key: key{PK: leagueKey(league).PK, SK: leagueEntrantTag + e.Key}, Owner: e.Owner}
	return wrap("put entrant", t.put(ctx, mark, nil))
}

// OwnerEntries lists the leagues owner entered: one query of the ByOwner
// index, for the keys of their entrant records.
func (t *Table) OwnerEntries(ctx context.Context, owner string) ([]string, error) {
	ids, err := t.ownedUnder(ctx, owner, "LEAGUE#", leagueEntrantTag)
	return ids, wrap("owner entries", err)
}

// WithdrawEntry marks an entry withdrawn and keeps nothing of its owner:
// not their name, address, or the robot's name.
func (t *Table) WithdrawEntry(ctx context.Context, league, entry string) error {
	p := "entries." + entry
	upd := expression.Set(expression.Name(p+".withdrawn"), expression.Value(true))
	for _, f := range []string{"owner", "name", "label", "email", "owner_name", "lang"} {
		upd = upd.Remove(expression.Name(p + "." + f))
	}
	cond := expression.AttributeExists(expression.Name(p))
	err := t.update(ctx, leagueKey(league), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("withdraw entry", err)
}
