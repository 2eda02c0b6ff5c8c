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

func leagueKey(id string) key { return key{PK: "LEAGUE#" + id, SK: "LEAGUE"} }

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

// ListLeagues lists one page of the leagues, the newest first, from the
// cursor a previous page gave out: one query of GSI2.
func (t *Table) ListLeagues(ctx context.Context, cursor string, limit int) ([]leagues.League, string, error) {
	return listPage(ctx, t, "list leagues", query{index: indexGSI2, partition: allLeagues, backward: true}, cursor, limit, leagueItem.league)
}

// OpenLeagues lists the leagues of game whose registration closes after
// now: one query of the leagues not yet drawn (GSI1), never of the past.
func (t *Table) OpenLeagues(ctx context.Context, game string, now time.Time) ([]leagues.League, error) {
	filter := expression.Name("status").Equal(expression.Value(string(leagues.Open))).
		And(expression.Name("game").Equal(expression.Value(game)))
	return listAll(ctx, t, "open leagues", query{index: indexGSI1, partition: leaguesToDraw, sort: after(timeKey(now) + "$"), filter: &filter}, leagueItem.league)
}

// LeaguesToDraw lists the leagues whose registration closed by now and
// whose draw is not done: one query of GSI1, which holds a league only
// until its draw is done.
func (t *Table) LeaguesToDraw(ctx context.Context, now time.Time) ([]leagues.League, error) {
	return listAll(ctx, t, "leagues to draw", query{index: indexGSI1, partition: leaguesToDraw, sort: before(timeKey(now) + "$")}, leagueItem.league)
}

// CloseLeague changes an open league to drawn, in one conditional write,
// and returns it with the entries it has at that moment.
func (t *Table) CloseLeague(ctx context.Context, id string) (leagues.League, error) {
	cond := expression.Name("status").Equal(expression.Value(string(leagues.Open)))
	upd := expression.Set(expression.Name("status"), expression.Value(string(leagues.Drawn)))
	return updateItem(ctx, t, "close league", leagueKey(id), upd, &cond, leagues.ErrConflict, leagueItem.league)
}

// DrawDone moves the league from the leagues to draw to the leagues
// playing; one finished meanwhile is left as it is.
func (t *Table) DrawDone(ctx context.Context, id string) error {
	upd := expression.Set(expression.Name("gsi1pk"), expression.Value(leaguesPlaying)).
		Set(expression.Name("gsi1sk"), expression.Value(id))
	return wrap("draw done", t.updateUnfinished(ctx, id, upd))
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
	return wrap("finish league", t.updateUnfinished(ctx, id, upd))
}

// updateUnfinished applies upd to league id unless it is finished (or
// gone): a finished league is left as it is, and that is no error.
func (t *Table) updateUnfinished(ctx context.Context, id string, upd expression.UpdateBuilder) error {
	cond := expression.AttributeExists(expression.Name("pk")).
		And(expression.Name("status").NotEqual(expression.Value(string(leagues.Finished))))
	err := t.update(ctx, leagueKey(id), upd, &cond, nil)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return err
}

// RunningLeagues lists the leagues not finished: those whose draw is not
// done and those playing, two queries of GSI1 that hold only them.
func (t *Table) RunningLeagues(ctx context.Context) ([]leagues.League, error) {
	var out []leagues.League
	seen := map[string]bool{}
	for _, pk := range []string{leaguesToDraw, leaguesPlaying} {
		ls, err := listAll(ctx, t, "running leagues", query{index: indexGSI1, partition: pk}, leagueItem.league)
		if err != nil {
			return nil, err
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
	ls, err := listAll(ctx, t, "leagues finished", query{index: indexGSI1, partition: leaguesFinished, sort: between(timeKey(from), timeKey(to))}, leagueItem.league)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ls, func(l leagues.League) bool { return l.FinishedAt.Before(from) || !l.FinishedAt.Before(to) }), nil
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
