package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/tehpug/backend/internal/battlefield"
)

// robotItem is one version of a member's robot, its code with it.
type robotItem struct {
	key
	Owner       string `dynamodbav:"owner"`
	ID          string `dynamodbav:"id"`
	Email       string `dynamodbav:"email"`
	OwnerName   string `dynamodbav:"owner_name"`
	Lang        string `dynamodbav:"lang"`
	Game        string `dynamodbav:"game"`
	Name        string `dynamodbav:"name"`
	Version     int    `dynamodbav:"version"`
	Code        string `dynamodbav:"code"`
	Status      string `dynamodbav:"status"`
	CreatedAt   string `dynamodbav:"created_at"`
	ConfirmedAt string `dynamodbav:"confirmed_at,omitempty"`
	// TTL deletes a version its owner never confirmed.
	TTL int64 `dynamodbav:"ttl,omitempty"`
}

// pendingRobotLife is how long an unconfirmed robot version is kept: as
// long as its link works.
const pendingRobotLife = 90 * 24 * time.Hour

func robotKey(id string) key { return key{PK: "ROBOT#" + id, SK: "ROBOT"} }

// robotNameKey counts the versions of one owner's robot of one name.
func robotNameKey(owner, game, name string) key {
	return key{PK: "ROBOTNAME#" + owner + "#" + game + "#" + name, SK: "VERSIONS"}
}

func (it robotItem) robot() (battlefield.Robot, error) {
	tr := readTimes("robot " + it.ID)
	r := battlefield.Robot{
		ID: it.ID, Owner: it.Owner, Email: it.Email, OwnerName: it.OwnerName, Lang: it.Lang, Game: it.Game, Name: it.Name,
		Version: it.Version, Code: it.Code, Status: battlefield.Status(it.Status), CreatedAt: tr.at("created_at", it.CreatedAt),
	}
	if it.ConfirmedAt != "" {
		r.ConfirmedAt = tr.at("confirmed_at", it.ConfirmedAt)
	}
	return r, tr.done()
}

// NextRobotVersion adds one to the count of versions of owner's robot
// called name for game, in one write, and returns the new count.
func (t *Table) NextRobotVersion(ctx context.Context, owner, game, name string) (int, error) {
	var out struct {
		N int `dynamodbav:"n"`
	}
	upd := expression.Add(expression.Name("n"), expression.Value(1)).Set(expression.Name("owner"), expression.Value(owner))
	if err := t.update(ctx, robotNameKey(owner, game, name), upd, nil, &out); err != nil {
		return 0, wrap("next robot version", err)
	}
	return out.N, nil
}

// CreateRobot stores a new robot version.
func (t *Table) CreateRobot(ctx context.Context, r battlefield.Robot) error {
	it := robotItem{
		key: robotKey(r.ID), Owner: r.Owner, ID: r.ID, Email: r.Email, OwnerName: r.OwnerName, Lang: r.Lang, Game: r.Game,
		Name: r.Name, Version: r.Version, Code: r.Code, Status: string(r.Status), CreatedAt: encodeTime(r.CreatedAt),
	}
	if r.Status == battlefield.Pending {
		it.TTL = ttlOf(r.CreatedAt.Add(pendingRobotLife))
	}
	return t.create(ctx, "create robot", it, nil, battlefield.ErrExists)
}

// GetRobot reads a robot version.
func (t *Table) GetRobot(ctx context.Context, id string) (battlefield.Robot, error) {
	return getItem(ctx, t, "get robot", robotKey(id), battlefield.ErrNotFound, robotItem.robot)
}

// DeleteRobot removes a robot version that is still pending.
func (t *Table) DeleteRobot(ctx context.Context, id string) error {
	cond := expression.Name("status").Equal(expression.Value(string(battlefield.Pending)))
	err := t.remove(ctx, robotKey(id), &cond)
	if errors.Is(err, errConditionFailed) {
		return nil
	}
	return wrap("delete robot", err)
}

// ConfirmRobot confirms a pending robot version, and keeps it: one write,
// conditional on the version being there.
func (t *Table) ConfirmRobot(ctx context.Context, id string, at time.Time) (battlefield.Robot, error) {
	upd := expression.Set(expression.Name("status"), expression.Value(string(battlefield.Confirmed))).
		Set(expression.Name("confirmed_at"), expression.Value(encodeTime(at))).
		Remove(expression.Name("ttl"))
	cond := exists().And(expression.Name("status").Equal(expression.Value(string(battlefield.Pending))))
	r, err := updateItem(ctx, t, "confirm robot", robotKey(id), upd, &cond, errConditionFailed, robotItem.robot)
	if errors.Is(err, errConditionFailed) {
		// Confirmed meanwhile, or gone.
		return t.GetRobot(ctx, id)
	}
	return r, err
}

// matchItem is a played match, without its replay: what lists show. It is
// listed in GSI1 under each member's robot that played it.
type matchItem struct {
	key
	Owner    string               `dynamodbav:"owner,omitempty"`
	GSI1PK   string               `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK   string               `dynamodbav:"gsi1sk,omitempty"`
	ID       string               `dynamodbav:"id"`
	Kind     string               `dynamodbav:"kind"`
	Game     string               `dynamodbav:"game"`
	Seed     int64                `dynamodbav:"seed"`
	Sides    string               `dynamodbav:"sides"` // JSON of [2]Side
	Winner   int                  `dynamodbav:"winner"`
	Scores   []int                `dynamodbav:"scores"`
	Forfeit  *battlefield.Forfeit `dynamodbav:"forfeit,omitempty"`
	Turns    int                  `dynamodbav:"turns"`
	PlayedAt string               `dynamodbav:"played_at"`
}

// replayItem is a match's replay, apart from the match so that lists of
// matches never read replays.
type replayItem struct {
	key
	Owner  string `dynamodbav:"owner,omitempty"`
	Replay string `dynamodbav:"replay"`
}

func matchKey(id string) key  { return key{PK: "MATCH#" + id, SK: "MATCH"} }
func replayKey(id string) key { return key{PK: "MATCH#" + id, SK: "REPLAY"} }

func (it matchItem) match() (battlefield.Match, error) {
	tr := readTimes("match " + it.ID)
	m := battlefield.Match{ID: it.ID, Kind: it.Kind, Owner: it.Owner, Game: it.Game, Seed: it.Seed, PlayedAt: tr.at("played_at", it.PlayedAt)}
	m.Winner, m.Forfeit, m.Turns = it.Winner, it.Forfeit, it.Turns
	if len(it.Scores) == 2 {
		m.Scores = [2]int{it.Scores[0], it.Scores[1]}
	}
	if err := json.Unmarshal([]byte(it.Sides), &m.Sides); err != nil {
		return m, err
	}
	return m, tr.done()
}

// CreateMatch stores a played match: its replay first, then the match, so
// a listed match always has its replay.
func (t *Table) CreateMatch(ctx context.Context, m battlefield.Match) error {
	sides, err := json.Marshal(m.Sides)
	if err != nil {
		return err
	}
	if err := t.create(ctx, "create replay", replayItem{key: replayKey(m.ID), Owner: m.Owner, Replay: m.Replay}, nil, battlefield.ErrExists); err != nil {
		return err
	}
	it := matchItem{
		key: matchKey(m.ID), Owner: m.Owner, ID: m.ID, Kind: m.Kind, Game: m.Game, Seed: m.Seed, Sides: string(sides),
		Winner: m.Winner, Scores: m.Scores[:], Forfeit: m.Forfeit, Turns: m.Turns, PlayedAt: encodeTime(m.PlayedAt),
	}
	if r := m.Sides[0].Robot; r != "" {
		it.GSI1PK, it.GSI1SK = "ROBOTMATCHES#"+r, timeKey(m.PlayedAt)+"#"+m.ID
	}
	return t.create(ctx, "create match", it, nil, battlefield.ErrExists)
}

// GetMatch reads a match and its replay: both items of its partition, in
// one query.
func (t *Table) GetMatch(ctx context.Context, id string) (battlefield.Match, error) {
	in, err := t.queryInput(query{partition: matchKey(id).PK, consistent: true})
	if err != nil {
		return battlefield.Match{}, wrap("get match", err)
	}
	res, err := t.DB.Query(ctx, in)
	if err != nil {
		return battlefield.Match{}, wrap("get match", err)
	}
	var (
		m         battlefield.Match
		found     bool
		replay    string
		hasReplay bool
	)
	for _, av := range res.Items {
		var k key
		if err := attributevalue.UnmarshalMap(av, &k); err != nil {
			return battlefield.Match{}, wrap("get match", err)
		}
		switch k.SK {
		case "MATCH":
			var it matchItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return battlefield.Match{}, wrap("get match", err)
			}
			if m, err = it.match(); err != nil {
				return battlefield.Match{}, wrap("get match", err)
			}
			found = true
		case "REPLAY":
			var it replayItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return battlefield.Match{}, wrap("get match", err)
			}
			replay, hasReplay = it.Replay, true
		}
	}
	if !found || !hasReplay {
		return battlefield.Match{}, battlefield.ErrNotFound
	}
	m.Replay = replay
	return m, nil
}

// RobotMatches lists up to limit of robot's latest matches, newest first,
// without replays: one query of GSI1.
func (t *Table) RobotMatches(ctx context.Context, robot string, limit int) ([]battlefield.Match, error) {
	items, _, err := queryPage[matchItem](ctx, t, query{index: indexGSI1, partition: "ROBOTMATCHES#" + robot, backward: true}, "", limit)
	if err != nil {
		return nil, wrap("robot matches", err)
	}
	return convert(items, matchItem.match)
}
