package leagues

import (
	"slices"
	"strconv"
	"time"
)

// Pair is one match of a round: entries by their place in entry order,
// the first at home.
type Pair struct{ Home, Away int }

// RoundRobin draws a double round-robin of n entries with the circle
// method: entry 0 stays put while the others turn around it, one step a
// round. The first n-1 rounds (n rounds when n is odd) have each pair meet
// once; the second half repeats them with home and away swapped, so each
// pair meets twice, once on each side. With an odd n a phantom entry makes
// the count even, and whoever meets it has a bye that round. Every entry
// plays at most once a round.
func RoundRobin(n int) [][]Pair {
	if n < 2 {
		return nil
	}
	m := n
	if m%2 == 1 {
		m++ // the phantom: its opponent rests
	}
	ring := make([]int, m)
	for i := range ring {
		ring[i] = i
	}
	var first [][]Pair
	for r := range m - 1 {
		var round []Pair
		for i := range m / 2 {
			a, b := ring[i], ring[m-1-i]
			if a >= n || b >= n {
				continue // a bye
			}
			// Alternate sides so nobody is at home every round: the
			// fixed entry swaps each round, the others by their place.
			if (i == 0 && r%2 == 1) || (i > 0 && i%2 == 1) {
				a, b = b, a
			}
			round = append(round, Pair{Home: a, Away: b})
		}
		first = append(first, round)
		// Turn everyone but ring[0] one place.
		last := ring[m-1]
		copy(ring[2:], ring[1:m-1])
		ring[1] = last
	}
	out := slices.Clone(first)
	for _, round := range first {
		back := make([]Pair, len(round))
		for i, p := range round {
			back[i] = Pair{Home: p.Away, Away: p.Home}
		}
		out = append(out, back)
	}
	return out
}

// MatchTimes returns the times of the first count match days of l: from
// FirstMatchDay on, each day whose weekday is one of MatchDays, at
// MatchTime in zone. One round is played on each.
func (l League) MatchTimes(zone *time.Location, count int) []time.Time {
	day, err := time.ParseInLocation(time.DateOnly, l.FirstMatchDay, zone)
	if err != nil || len(l.MatchDays) == 0 {
		return nil
	}
	hh, mm, ok := clock(l.MatchTime)
	if !ok {
		return nil
	}
	var out []time.Time
	for d := day; len(out) < count; d = d.AddDate(0, 0, 1) {
		if slices.Contains(l.MatchDays, d.Weekday()) {
			out = append(out, time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, zone))
		}
	}
	return out
}

// FirstMatch is when l's first match is played.
func (l League) FirstMatch(zone *time.Location) time.Time {
	t := l.MatchTimes(zone, 1)
	if len(t) == 0 {
		return time.Time{}
	}
	return t[0]
}

// Draw builds the fixtures of l from its entries (in entry order): the
// double round-robin, round k on the k-th match day.
func (l League) Draw(zone *time.Location) []Fixture {
	rounds := RoundRobin(len(l.Entries))
	times := l.MatchTimes(zone, len(rounds))
	var out []Fixture
	for r, round := range rounds {
		for i, p := range round {
			out = append(out, Fixture{
				League: l.ID, Round: r + 1, Index: i + 1, At: times[r], Status: Scheduled,
				Home: l.Entries[p.Home].Key, Away: l.Entries[p.Away].Key,
			})
		}
	}
	return out
}

// clock reads "15:04".
func clock(s string) (int, int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

func itoa(n int) string { return strconv.Itoa(n) }
