package leagues

import (
	"testing"
	"time"
)

// TestRoundRobin: for 2 to 9 entries, the draw is a double round-robin:
// each pair meets exactly twice, once with each at home, the second half
// the first with sides swapped; nobody plays twice in a round; with an odd
// count one entry rests each round and each rests equally often.
func TestRoundRobin(t *testing.T) {
	for n := 2; n <= 9; n++ {
		rounds := RoundRobin(n)
		even := n + n%2
		if len(rounds) != 2*(even-1) {
			t.Fatalf("n=%d: %d rounds, want %d", n, len(rounds), 2*(even-1))
		}
		met := map[Pair]int{}
		rests := make([]int, n)
		for r, round := range rounds {
			if len(round) != n/2 {
				t.Errorf("n=%d round %d: %d matches, want %d", n, r+1, len(round), n/2)
			}
			seen := map[int]bool{}
			for _, p := range round {
				if p.Home == p.Away || p.Home < 0 || p.Away < 0 || p.Home >= n || p.Away >= n {
					t.Fatalf("n=%d round %d: pair %v", n, r+1, p)
				}
				if seen[p.Home] || seen[p.Away] {
					t.Errorf("n=%d round %d: an entry plays twice: %v", n, r+1, round)
				}
				seen[p.Home], seen[p.Away] = true, true
				met[p]++
			}
			for i := range n {
				if !seen[i] {
					rests[i]++
				}
			}
			// The second half mirrors the first.
			if half := len(rounds) / 2; r >= half {
				for i, p := range round {
					if q := rounds[r-half][i]; p.Home != q.Away || p.Away != q.Home {
						t.Errorf("n=%d round %d is not round %d with sides swapped", n, r+1, r-half+1)
					}
				}
			}
		}
		for a := range n {
			for b := range n {
				if a != b && met[Pair{a, b}] != 1 {
					t.Errorf("n=%d: %d at home to %d %d times, want once", n, a, b, met[Pair{a, b}])
				}
			}
			want := 0
			if n%2 == 1 {
				want = 2
			}
			if rests[a] != want {
				t.Errorf("n=%d: entry %d rests %d rounds, want %d", n, a, rests[a], want)
			}
		}
	}
	if RoundRobin(1) != nil || RoundRobin(0) != nil {
		t.Error("fewer than two entries drew matches")
	}
}

// TestMatchTimes: one match day per round, on the league's weekdays from
// its first match day, at its time in the group's zone.
func TestMatchTimes(t *testing.T) {
	zone, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	// 2027-01-04 is a Monday.
	l := League{FirstMatchDay: "2027-01-04", MatchDays: []time.Weekday{time.Saturday, time.Monday, time.Wednesday}, MatchTime: "18:30"}
	got := l.MatchTimes(zone, 5)
	want := []string{"2027-01-04", "2027-01-06", "2027-01-09", "2027-01-11", "2027-01-13"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, g := range got {
		if g.Format(time.DateOnly) != want[i] || g.Hour() != 18 || g.Minute() != 30 || g.Location() != zone {
			t.Errorf("match day %d is %v, want %s 18:30 in Tehran", i+1, g, want[i])
		}
	}
	// A first match day off the weekdays starts at the next one.
	l.FirstMatchDay = "2027-01-05"
	if got := l.MatchTimes(zone, 1); got[0].Format(time.DateOnly) != "2027-01-06" {
		t.Errorf("first match day %v, want 2027-01-06", got[0])
	}
}
