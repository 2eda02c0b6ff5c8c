package battlefieldapi

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/battlefield"
)

// replayTurns is the part of a replay the story reads: each game's turns,
// as docs/BATTLEFIELD.md describes them.
type replayTurns struct {
	Turns []struct {
		// duel
		Round    int    `json:"round"`
		Question string `json:"question"`
		Answer   *int   `json:"answer"`
		Answers  []*int `json:"answers"`
		Scores   []int  `json:"scores"`
		// grid
		Turn  int      `json:"turn"`
		Moves []string `json:"moves"`
		Late  []bool   `json:"late"`
		Pos   [][2]int `json:"pos"`
		Alive []bool   `json:"alive"`
	} `json:"turns"`
}

// story tells a match turn by turn (the list numbers them), a line of
// numbers and moves each,
// for a reader without the animation; nothing if its replay cannot be
// read.
func story(m battlefield.Match) []string {
	var r replayTurns
	if err := json.Unmarshal([]byte(m.Replay), &r); err != nil {
		return nil
	}
	a, b := m.Sides[0].Label, m.Sides[1].Label
	var out []string
	for _, t := range r.Turns {
		switch m.Game {
		case "duel":
			if t.Answer == nil || len(t.Answers) != 2 || len(t.Scores) != 2 {
				return out
			}
			out = append(out, fmt.Sprintf("%s = %d · %s: %s · %s: %s · %d : %d", t.Question, *t.Answer,
				a, answer(t.Answers[0], *t.Answer), b, answer(t.Answers[1], *t.Answer), t.Scores[0], t.Scores[1]))
		case "grid":
			if len(t.Moves) != 2 || len(t.Pos) != 2 || len(t.Alive) != 2 {
				return out
			}
			var line strings.Builder
			fmt.Fprintf(&line, "%s: %s (%d,%d) · %s: %s (%d,%d)", a, t.Moves[0], t.Pos[0][0], t.Pos[0][1], b, t.Moves[1], t.Pos[1][0], t.Pos[1][1])
			for side, alive := range t.Alive {
				if !alive {
					fmt.Fprintf(&line, " · %s ✗", m.Sides[side].Label)
				}
			}
			out = append(out, line.String())
		}
	}
	return out
}

// answer is a duel answer as the story shows it: the number, and whether
// it was right; a dash when the robot was late.
func answer(given *int, right int) string {
	if given == nil {
		return "—"
	}
	if *given == right {
		return fmt.Sprintf("%d ✓", *given)
	}
	return fmt.Sprintf("%d ✗", *given)
}
