package leagues

import (
	"slices"
)

// Points for a win and a draw; a loss scores none.
const (
	WinPoints  = 3
	DrawPoints = 1
)

// Row is one entry's line in the table.
type Row struct {
	Entry                            string // the entry's key
	Name                             string // Entry.Shown
	Played, Won, Drawn, Lost         int
	For, Against, Difference, Points int
}

// Standings is the table of a league from its played fixtures: for each
// entry, played, won, drawn, lost, the match scores for and against, their
// difference, and points (WinPoints a win, DrawPoints a draw). Entries are
// ranked by points; entries level on points are ranked by the points they
// took in the matches between themselves (head to head), then by
// difference, then by points for, then by entry order.
func Standings(entries []Entry, fixtures []Fixture) []Row {
	rows := make([]Row, len(entries))
	at := map[string]int{}
	for i, e := range entries {
		rows[i] = Row{Entry: e.Key, Name: e.Shown()}
		at[e.Key] = i
	}
	var played []Fixture
	for _, f := range fixtures {
		h, okh := at[f.Home]
		a, oka := at[f.Away]
		if f.Status != Played || !okh || !oka {
			continue
		}
		played = append(played, f)
		count(&rows[h], f.Scores[0], f.Scores[1], f.Winner, 0)
		count(&rows[a], f.Scores[1], f.Scores[0], f.Winner, 1)
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	// Head to head: for each group level on points, the points each took
	// in the matches among the group.
	h2h := make([]int, len(rows))
	groups := map[int][]int{}
	for i, r := range rows {
		groups[r.Points] = append(groups[r.Points], i)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		in := map[string]bool{}
		for _, i := range g {
			in[rows[i].Entry] = true
		}
		for _, f := range played {
			if !in[f.Home] || !in[f.Away] {
				continue
			}
			h2h[at[f.Home]] += pointsOf(f.Winner, 0)
			h2h[at[f.Away]] += pointsOf(f.Winner, 1)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := rows[i], rows[j]
		switch {
		case a.Points != b.Points:
			return b.Points - a.Points
		case h2h[i] != h2h[j]:
			return h2h[j] - h2h[i]
		case a.Difference != b.Difference:
			return b.Difference - a.Difference
		case a.For != b.For:
			return b.For - a.For
		}
		return i - j // entry order
	})
	out := make([]Row, len(rows))
	for k, i := range order {
		out[k] = rows[i]
	}
	return out
}

func count(r *Row, scored, conceded, winner, side int) {
	r.Played++
	r.For += scored
	r.Against += conceded
	r.Difference = r.For - r.Against
	switch winner {
	case -1:
		r.Drawn++
	case side:
		r.Won++
	default:
		r.Lost++
	}
	r.Points = r.Won*WinPoints + r.Drawn*DrawPoints
}

func pointsOf(winner, side int) int {
	switch winner {
	case -1:
		return DrawPoints
	case side:
		return WinPoints
	}
	return 0
}
