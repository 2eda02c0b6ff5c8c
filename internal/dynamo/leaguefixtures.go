package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/leagues"
)

// fixtureItem is one fixture of a league, in the league's partition.
type fixtureItem struct {
	key
	GSI1PK      string `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK      string `dynamodbav:"gsi1sk,omitempty"`
	GSI2PK      string `dynamodbav:"gsi2pk,omitempty"`
	GSI2SK      string `dynamodbav:"gsi2sk,omitempty"`
	League      string `dynamodbav:"league"`
	Round       int    `dynamodbav:"round"`
	Index       int    `dynamodbav:"index"`
	At          string `dynamodbav:"at"`
	Home        string `dynamodbav:"home"`
	Away        string `dynamodbav:"away"`
	Status      string `dynamodbav:"status"`
	Attempts    int    `dynamodbav:"attempts"`
	LastFailure string `dynamodbav:"last_failure,omitempty"`
	FailedAt    string `dynamodbav:"failed_at,omitempty"`
	Match       string `dynamodbav:"match,omitempty"`
	Winner      int    `dynamodbav:"winner"`
	Scores      []int  `dynamodbav:"scores"`
	Forfeit     string `dynamodbav:"forfeit,omitempty"`
	Told        bool   `dynamodbav:"told,omitempty"`
}

func fixtureKey(league string, f leagues.Fixture) key {
	return key{PK: "LEAGUE#" + league, SK: "FIXTURE#" + f.ID()}
}

func (it fixtureItem) fixture() (leagues.Fixture, error) {
	tr := readTimes("fixture " + it.SK)
	f := leagues.Fixture{
		League: it.League, Round: it.Round, Index: it.Index, At: tr.at("at", it.At), Home: it.Home, Away: it.Away,
		Status: leagues.FixtureStatus(it.Status), Attempts: it.Attempts, LastFailure: it.LastFailure, Match: it.Match,
		Winner: it.Winner, Forfeit: it.Forfeit, Told: it.Told,
	}
	if it.FailedAt != "" {
		f.FailedAt = tr.at("failed_at", it.FailedAt)
	}
	if len(it.Scores) == 2 {
		f.Scores = [2]int{it.Scores[0], it.Scores[1]}
	}
	return f, tr.done()
}

// LeagueWithFixtures reads a league and every fixture of it: the league
// item, then one query of the fixtures in its partition.
func (t *Table) LeagueWithFixtures(ctx context.Context, id string) (leagues.League, []leagues.Fixture, error) {
	l, err := t.GetLeague(ctx, id)
	if err != nil {
		return l, nil, err
	}
	fs, err := t.LeagueFixtures(ctx, id)
	return l, fs, err
}

// LeagueFixtures reads every fixture of a league: one query of its
// partition.
func (t *Table) LeagueFixtures(ctx context.Context, id string) ([]leagues.Fixture, error) {
	return listAll(ctx, t, "league fixtures", query{partition: leagueKey(id).PK, sort: beginsWith("FIXTURE#"), consistent: true}, fixtureItem.fixture)
}

// PutFixture writes a drawn fixture unless it is there: scheduled, in the
// due fixtures by its time.
func (t *Table) PutFixture(ctx context.Context, f leagues.Fixture) error {
	k := fixtureKey(f.League, f)
	it := fixtureItem{
		key: k, GSI1PK: dueFixtures, GSI1SK: timeKey(f.At) + "#" + f.League + "#" + f.ID(),
		League: f.League, Round: f.Round, Index: f.Index, At: encodeTime(f.At), Home: f.Home, Away: f.Away,
		Status: string(leagues.Scheduled), Scores: []int{0, 0},
	}
	return t.create(ctx, "put fixture", it, nil, leagues.ErrExists)
}

// DueFixtures lists the scheduled fixtures due by now: one query of GSI1,
// which holds a fixture only while it is scheduled.
func (t *Table) DueFixtures(ctx context.Context, now time.Time) ([]leagues.Fixture, error) {
	return listAll(ctx, t, "due fixtures", query{index: indexGSI1, partition: dueFixtures, sort: before(timeKey(now) + "$")}, fixtureItem.fixture)
}

// RecordResult changes a scheduled fixture to played with its result, in
// one conditional write: out of the due fixtures, into the untold ones.
func (t *Table) RecordResult(ctx context.Context, f leagues.Fixture) error {
	upd := expression.Set(expression.Name("status"), expression.Value(string(leagues.Played))).
		Set(expression.Name("winner"), expression.Value(f.Winner)).
		Set(expression.Name("scores"), expression.Value([]int{f.Scores[0], f.Scores[1]})).
		Set(expression.Name("gsi2pk"), expression.Value(untoldFixtures)).
		Set(expression.Name("gsi2sk"), expression.Value(f.League+"#"+f.ID())).
		Remove(expression.Name("gsi1pk")).Remove(expression.Name("gsi1sk"))
	if f.Match != "" {
		upd = upd.Set(expression.Name("match"), expression.Value(f.Match))
	}
	if f.Forfeit != "" {
		upd = upd.Set(expression.Name("forfeit"), expression.Value(f.Forfeit))
	}
	cond := expression.Name("status").Equal(expression.Value(string(leagues.Scheduled)))
	err := t.update(ctx, fixtureKey(f.League, f), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return leagues.ErrConflict
	}
	return wrap("record result", err)
}

// RecordFailure counts one more runner failure on a scheduled fixture.
func (t *Table) RecordFailure(ctx context.Context, f leagues.Fixture, reason string, at time.Time) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	upd := expression.Add(expression.Name("attempts"), expression.Value(1)).
		Set(expression.Name("last_failure"), expression.Value(reason)).
		Set(expression.Name("failed_at"), expression.Value(timeKey(at)))
	cond := expression.Name("status").Equal(expression.Value(string(leagues.Scheduled)))
	err := t.update(ctx, fixtureKey(f.League, f), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil // played meanwhile
	}
	return wrap("record failure", err)
}

// UntoldFixtures lists the played fixtures whose entrants are not all
// told: one query of GSI2.
func (t *Table) UntoldFixtures(ctx context.Context) ([]leagues.Fixture, error) {
	return listAll(ctx, t, "untold fixtures", query{index: indexGSI2, partition: untoldFixtures}, fixtureItem.fixture)
}

// MarkTold takes a fixture out of the untold ones.
func (t *Table) MarkTold(ctx context.Context, f leagues.Fixture) error {
	upd := expression.Set(expression.Name("told"), expression.Value(true)).
		Remove(expression.Name("gsi2pk")).Remove(expression.Name("gsi2sk"))
	return wrap("mark told", t.update(ctx, fixtureKey(f.League, f), upd, exists(), nil))
}
