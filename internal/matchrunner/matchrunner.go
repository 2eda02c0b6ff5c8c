// Package matchrunner reaches the match runner, the Python function that
// plays robots' matches in its sandbox (battlefield/runner; template.yaml's
// MatchRunnerFunction): Lambda invokes it in AWS and on the local stack,
// and Process runs the same handler in a local python3, for tests and
// benchmarks without a stack. Both speak the runner's event contract
// (docs/BATTLEFIELD.md) and answer in package battlefield's types.
package matchrunner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tehpug/backend/internal/battlefield"
)

// invoker sends one event to the runner and returns its answer.
type invoker func(ctx context.Context, event []byte) ([]byte, error)

// Runner speaks the runner's contract over one way of invoking it.
type Runner struct{ invoke invoker }

type checkEvent struct {
	Action string `json:"action"`
	Game   string `json:"game"`
	Code   string `json:"code"`
}

type checkAnswer struct {
	OK      *bool  `json:"ok"`
	Class   string `json:"class"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

type playEvent struct {
	Action string                   `json:"action"`
	Game   string                   `json:"game"`
	Seed   int64                    `json:"seed"`
	Robots [2]battlefield.Contender `json:"robots"`
}

type playAnswer struct {
	Winner  *int                 `json:"winner"`
	Scores  *[2]int              `json:"scores"`
	Forfeit *battlefield.Forfeit `json:"forfeit"`
	Turns   int                  `json:"turns"`
	Replay  string               `json:"replay"`
}

// Check asks the runner whether code is a robot for game.
func (r Runner) Check(ctx context.Context, game, code string) (battlefield.Check, error) {
	out, err := r.call(ctx, checkEvent{Action: "check", Game: game, Code: code})
	if err != nil {
		return battlefield.Check{}, err
	}
	var a checkAnswer
	if err := json.Unmarshal(out, &a); err != nil || a.OK == nil {
		return battlefield.Check{}, fmt.Errorf("match runner: check answered %.200q", out)
	}
	return battlefield.Check{OK: *a.OK, Class: a.Class, Line: a.Line, Message: a.Message}, nil
}

// Play has the runner play one match.
func (r Runner) Play(ctx context.Context, game string, seed int64, sides [2]battlefield.Contender) (battlefield.Result, error) {
	out, err := r.call(ctx, playEvent{Action: "play", Game: game, Seed: seed, Robots: sides})
	if err != nil {
		return battlefield.Result{}, err
	}
	var a playAnswer
	if err := json.Unmarshal(out, &a); err != nil || a.Scores == nil || a.Replay == "" {
		return battlefield.Result{}, fmt.Errorf("match runner: play answered %.200q", out)
	}
	res := battlefield.Result{Winner: -1, Scores: *a.Scores, Forfeit: a.Forfeit, Turns: a.Turns, Replay: a.Replay}
	if a.Winner != nil {
		if *a.Winner != 0 && *a.Winner != 1 {
			return battlefield.Result{}, fmt.Errorf("match runner: winner %d", *a.Winner)
		}
		res.Winner = *a.Winner
	}
	if f := a.Forfeit; f != nil && f.Side != 0 && f.Side != 1 {
		return battlefield.Result{}, fmt.Errorf("match runner: forfeit by side %d", f.Side)
	}
	return res, nil
}

func (r Runner) call(ctx context.Context, event any) ([]byte, error) {
	in, err := json.Marshal(event)
	if err != nil {
		return nil, err
	}
	out, err := r.invoke(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("match runner: %w", err)
	}
	return out, nil
}

// functionError is the runner failing: its own exception, or Lambda's.
type functionError struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
}

func failed(kind string, payload []byte) error {
	var fe functionError
	if json.Unmarshal(payload, &fe) == nil && fe.Message != "" {
		return fmt.Errorf("%s: %s: %s", kind, fe.Type, fe.Message)
	}
	return errors.New(kind)
}

// Games asks the runner which games it plays and their house robots.
func (r Runner) Games(ctx context.Context) (map[string][]string, error) {
	out, err := r.call(ctx, map[string]string{"action": "games"})
	if err != nil {
		return nil, err
	}
	var a struct {
		Games []struct {
			Name  string   `json:"name"`
			House []string `json:"house"`
		} `json:"games"`
	}
	if err := json.Unmarshal(out, &a); err != nil {
		return nil, fmt.Errorf("match runner: games answered %.200q", out)
	}
	games := map[string][]string{}
	for _, g := range a.Games {
		games[g.Name] = g.House
	}
	return games, nil
}
