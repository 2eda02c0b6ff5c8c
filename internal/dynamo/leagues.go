package dynamo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/meetups"
)

// The index partitions of leagues and their fixtures.
const (
	allLeagues       = "LEAGUES"               // GSI2: every league, by creation
	leaguesToDraw    = "LEAGUES#TODRAW"        // GSI1: leagues whose draw is not done, by registration close
	leaguesPlaying   = "LEAGUES#PLAYING"       // GSI1: leagues drawn and not finished, by id
	leaguesFinished  = "LEAGUES#FINISHED"      // GSI1: finished leagues, by when they finished
	dueFixtures      = "LEAGUEFIXTURES#DUE"    // GSI1: scheduled fixtures, by match time
	untoldFixtures   = "LEAGUEFIXTURES#UNTOLD" // GSI2: played fixtures whose entrants are not all told
	leagueEntrantTag = "ENTRANT#"
)

// leagueItem is a league and its entries: the entries live on the league
// item, so that entering (a place taken, the count below the maximum, the
// league still open) is one conditional write.
type leagueItem struct {
	key
	GSI1PK    string               `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK    string               `dynamodbav:"gsi1sk,omitempty"`
	GSI2PK    string               `dynamodbav:"gsi2pk"`
	GSI2SK    string               `dynamodbav:"gsi2sk"`
	ID        string               `dynamodbav:"id"`
	Title     string               `dynamodbav:"title"`
	Game      string               `dynamodbav:"game"`
	Opens     string               `dynamodbav:"reg_opens"`
	Closes    string               `dynamodbav:"reg_closes"`
	FirstDay  string               `dynamodbav:"first_day"`
	MatchDays []int                `dynamodbav:"match_days"`
	MatchTime string               `dynamodbav:"match_time"`
	Max       int                  `dynamodbav:"max_robots"`
	Status    string               `dynamodbav:"status"`
	CreatedAt string               `dynamodbav:"created_at"`
	Entries   map[string]entryItem `dynamodbav:"entries"`
	N         int                  `dynamodbav:"n"`
	Champion  string               `dynamodbav:"champion,omitempty"`
	Finished  string               `dynamodbav:"finished_at,omitempty"`
}

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

func leagueKey(id string) key { return key{PK: "LEAGUE#" + id, SK: "LEAGUE"} }

func fixtureKey(league string, f leagues.Fixture) key {
	return key{PK: "LEAGUE#" + league, SK: "FIXTURE#" + f.ID()}
}

func (it leagueItem) league() (leagues.League, error) {
	tr := readTimes("league " + it.ID)
	l := leagues.League{
		ID: it.ID, Title: it.Title, Game: it.Game, RegistrationOpens: tr.at("reg_opens", it.Opens),
		RegistrationCloses: tr.at("reg_closes", it.Closes), FirstMatchDay: it.FirstDay, MatchTime: it.MatchTime,
		MaxRobots: it.Max, Status: leagues.Status(it.Status), CreatedAt: tr.at("created_at", it.CreatedAt), Champion: it.Champion,
	}
	if it.Finished != "" {
		l.FinishedAt = tr.at("finished_at", it.Finished)
	}
	for _, d := range it.MatchDays {
		l.MatchDays = append(l.MatchDays, time.Weekday(d))
	}
	for k, e := range it.Entries {
		l.Entries = append(l.Entries, leagues.Entry{
			Key: k, Owner: e.Owner, Robot: e.Robot, Name: e.Name, Label: e.Label, Email: e.Email, OwnerName: e.OwnerName,
			Lang: e.Lang, EnteredAt: tr.at("entered_at", e.EnteredAt), Withdrawn: e.Withdrawn,
		})
	}
	// Entry order: who entered first, then the key.
	slices.SortFunc(l.Entries, func(a, b leagues.Entry) int {
		if c := a.EnteredAt.Compare(b.EnteredAt); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return l, tr.done()
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

// CreateLeague stores a new league, open, with no entries: listed, and in
// the leagues to draw once its registration closes.
func (t *Table) CreateLeague(ctx context.Context, l leagues.League) error {
	it := leagueItem{
		key: leagueKey(l.ID), GSI1PK: leaguesToDraw, GSI1SK: timeKey(l.RegistrationCloses) + "#" + l.ID,
		GSI2PK: allLeagues, GSI2SK: timeKey(l.CreatedAt) + "#" + l.ID,
		ID: l.ID, Title: l.Title, Game: l.Game, Opens: encodeTime(l.RegistrationOpens), Closes: encodeTime(l.RegistrationCloses),
		FirstDay: l.FirstMatchDay, MatchTime: l.MatchTime, Max: l.MaxRobots, Status: string(l.Status),
		CreatedAt: encodeTime(l.CreatedAt), Entries: map[string]entryItem{},
	}
	for _, d := range l.MatchDays {
		it.MatchDays = append(it.MatchDays, int(d))
	}
	return t.create(ctx, "create league", it, nil, leagues.ErrExists)
}

// GetLeague reads a league and its entries.
func (t *Table) GetLeague(ctx context.Context, id string) (leagues.League, error) {
	return getItem(ctx, t, "get league", leagueKey(id), leagues.ErrNotFound, leagueItem.league)
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
	items, err := queryAll[fixtureItem](ctx, t, query{partition: leagueKey(id).PK, sort: beginsWith("FIXTURE#"), consistent: true})
	if err != nil {
		return nil, wrap("league fixtures", err)
	}
	fs, err := convert(items, fixtureItem.fixture)
	return fs, wrap("league fixtures", err)
}

// ListLeagues lists one page of the leagues, the newest first, from the
// cursor a previous page gave out: one query of GSI2.
func (t *Table) ListLeagues(ctx context.Context, cursor string, limit int) ([]leagues.League, string, error) {
	items, next, err := queryPage[leagueItem](ctx, t, query{index: indexGSI2, partition: allLeagues, backward: true}, cursor, limit)
	if err != nil {
		return nil, "", wrap("list leagues", err)
	}
	ls, err := convert(items, leagueItem.league)
	return ls, next, wrap("list leagues", err)
}

// OpenLeagues lists the leagues of game whose registration closes after
// now: one query of the leagues not yet drawn (GSI1), never of the past.
func (t *Table) OpenLeagues(ctx context.Context, game string, now time.Time) ([]leagues.League, error) {
	filter := expression.Name("status").Equal(expression.Value(string(leagues.Open))).
		And(expression.Name("game").Equal(expression.Value(game)))
	items, err := queryAll[leagueItem](ctx, t, query{index: indexGSI1, partition: leaguesToDraw, sort: after(timeKey(now) + "$"), filter: &filter})
	if err != nil {
		return nil, wrap("open leagues", err)
	}
	ls, err := convert(items, leagueItem.league)
	return ls, wrap("open leagues", err)
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

// LeaguesToDraw lists the leagues whose registration closed by now and
// whose draw is not done: one query of GSI1, which holds a league only
// until its draw is done.
func (t *Table) LeaguesToDraw(ctx context.Context, now time.Time) ([]leagues.League, error) {
	items, err := queryAll[leagueItem](ctx, t, query{index: indexGSI1, partition: leaguesToDraw, sort: before(timeKey(now) + "$")})
	if err != nil {
		return nil, wrap("leagues to draw", err)
	}
	ls, err := convert(items, leagueItem.league)
	return ls, wrap("leagues to draw", err)
}

// CloseLeague changes an open league to drawn, in one conditional write,
// and returns it with the entries it has at that moment.
func (t *Table) CloseLeague(ctx context.Context, id string) (leagues.League, error) {
	cond := expression.Name("status").Equal(expression.Value(string(leagues.Open)))
	upd := expression.Set(expression.Name("status"), expression.Value(string(leagues.Drawn)))
	return updateItem(ctx, t, "close league", leagueKey(id), upd, &cond, leagues.ErrConflict, leagueItem.league)
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

// DrawDone moves the league from the leagues to draw to the leagues
// playing.
func (t *Table) DrawDone(ctx context.Context, id string) error {
	upd := expression.Set(expression.Name("gsi1pk"), expression.Value(leaguesPlaying)).
		Set(expression.Name("gsi1sk"), expression.Value(id))
	cond := expression.AttributeExists(expression.Name("pk")).
		And(expression.Name("status").NotEqual(expression.Value(string(leagues.Finished))))
	err := t.update(ctx, leagueKey(id), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil // finished meanwhile
	}
	return wrap("draw done", err)
}

// FinishLeague marks a league finished at at, with its champion ("" when
// none), and moves it to the finished leagues, by when it finished: out of
// the leagues to draw or playing. A league finished already is left as it
// is, so two runs finishing it at once record the first's time.
func (t *Table) FinishLeague(ctx context.Context, id, champion string, at time.Time) error {
	upd := expression.Set(expression.Name("status"), expression.Value(string(leagues.Finished))).
		Set(expression.Name("finished_at"), expression.Value(timeKey(at))).
		Set(expression.Name("gsi1pk"), expression.Value(leaguesFinished)).
		Set(expression.Name("gsi1sk"), expression.Value(timeKey(at)+"#"+id))
	if champion != "" {
		upd = upd.Set(expression.Name("champion"), expression.Value(champion))
	}
	cond := expression.AttributeExists(expression.Name("pk")).
		And(expression.Name("status").NotEqual(expression.Value(string(leagues.Finished))))
	err := t.update(ctx, leagueKey(id), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil // finished already
	}
	return wrap("finish league", err)
}

// RunningLeagues lists the leagues not finished: those whose draw is not
// done and those playing, two queries of GSI1 that hold only them.
func (t *Table) RunningLeagues(ctx context.Context) ([]leagues.League, error) {
	var out []leagues.League
	seen := map[string]bool{}
	for _, pk := range []string{leaguesToDraw, leaguesPlaying} {
		items, err := queryAll[leagueItem](ctx, t, query{index: indexGSI1, partition: pk})
		if err != nil {
			return nil, wrap("running leagues", err)
		}
		ls, err := convert(items, leagueItem.league)
		if err != nil {
			return nil, wrap("running leagues", err)
		}
		for _, l := range ls {
			if !seen[l.ID] && l.Status != leagues.Finished {
				seen[l.ID] = true
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// LeaguesFinished lists the leagues that finished at or after from and
// before to, the first to finish first: one query of GSI1's finished
// leagues, of that window only.
func (t *Table) LeaguesFinished(ctx context.Context, from, to time.Time) ([]leagues.League, error) {
	items, err := queryAll[leagueItem](ctx, t, query{index: indexGSI1, partition: leaguesFinished, sort: between(timeKey(from), timeKey(to))})
	if err != nil {
		return nil, wrap("leagues finished", err)
	}
	ls, err := convert(items, leagueItem.league)
	if err != nil {
		return nil, wrap("leagues finished", err)
	}
	return slices.DeleteFunc(ls, func(l leagues.League) bool { return l.FinishedAt.Before(from) || !l.FinishedAt.Before(to) }), nil
}

// DueFixtures lists the scheduled fixtures due by now: one query of GSI1,
// which holds a fixture only while it is scheduled.
func (t *Table) DueFixtures(ctx context.Context, now time.Time) ([]leagues.Fixture, error) {
	items, err := queryAll[fixtureItem](ctx, t, query{index: indexGSI1, partition: dueFixtures, sort: before(timeKey(now) + "$")})
	if err != nil {
		return nil, wrap("due fixtures", err)
	}
	fs, err := convert(items, fixtureItem.fixture)
	return fs, wrap("due fixtures", err)
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
	items, err := queryAll[fixtureItem](ctx, t, query{index: indexGSI2, partition: untoldFixtures})
	if err != nil {
		return nil, wrap("untold fixtures", err)
	}
	fs, err := convert(items, fixtureItem.fixture)
	return fs, wrap("untold fixtures", err)
}

// MarkTold takes a fixture out of the untold ones.
func (t *Table) MarkTold(ctx context.Context, f leagues.Fixture) error {
	upd := expression.Set(expression.Name("told"), expression.Value(true)).
		Remove(expression.Name("gsi2pk")).Remove(expression.Name("gsi2sk"))
	return wrap("mark told", t.update(ctx, fixtureKey(f.League, f), upd, exists(), nil))
}

// OwnerEntries lists the leagues owner entered: one query of the ByOwner
// index, for the keys of their entrant records.
func (t *Table) OwnerEntries(ctx context.Context, owner string) ([]string, error) {
	keys, err := queryAll[key](ctx, t, query{index: indexByOwner, partition: owner, sort: beginsWith("LEAGUE#")})
	if err != nil {
		return nil, wrap("owner entries", err)
	}
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k.SK, leagueEntrantTag) {
			out = append(out, strings.TrimPrefix(k.PK, "LEAGUE#"))
		}
	}
	return out, nil
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

// ChampionsFinished lists the champions of the leagues that finished at or
// after from and before to, the first to finish first: one query of the
// finished leagues in that window. A league with no champion (fewer than
// two robots) is left out; a withdrawn champion is named as one.
func (t *Table) ChampionsFinished(ctx context.Context, from, to time.Time) ([]meetups.Champion, error) {
	ls, err := t.LeaguesFinished(ctx, from, to)
	if err != nil {
		return nil, err
	}
	var out []meetups.Champion
	for _, l := range ls {
		e, ok := l.Entry(l.Champion)
		if !ok {
			continue
		}
		out = append(out, meetups.Champion{League: l.ID, LeagueTitle: l.Title, Robot: e.Shown(), FinishedAt: l.FinishedAt})
	}
	return out, nil
}
