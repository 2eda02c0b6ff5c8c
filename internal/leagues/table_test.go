package leagues

import (
	"fmt"
	"reflect"
	"testing"
)

func played(home, away string, h, a int) Fixture {
	w := -1
	switch {
	case h > a:
		w = 0
	case a > h:
		w = 1
	}
	return Fixture{Home: home, Away: away, Status: Played, Winner: w, Scores: [2]int{h, a}}
}

// TestStandings: the counts, points, and each tie-breaker in its order.
func TestStandings(t *testing.T) {
	es := []Entry{{Key: "a", Label: "A v1"}, {Key: "b", Label: "B v1"}, {Key: "c", Label: "C v1"}, {Key: "d", Label: "D v2"}, {Key: "w", Withdrawn: true}}
	fs := []Fixture{
		played("a", "b", 5, 3), // a beats b
		played("b", "c", 4, 1), // b beats c
		played("c", "a", 2, 0), // c beats a: a, b, c level on 3 points
		played("d", "w", 0, 0), // a draw: d and w 1 point
		{Home: "a", Away: "d", Status: Scheduled},
		played("w", "d", 1, 0), // w 4 points
	}
	got := Standings(es, fs)
	want := []Row{
		{Entry: "w", Name: Withdrawn, Played: 2, Won: 1, Drawn: 1, Points: 4, For: 1, Against: 0, Difference: 1},
		// a, b, c: 3 points each, and 3 each between them too; then the
		// difference: b +0+… a 5-5=0, b 7-6=+1, c 3-4=-1.
		{Entry: "b", Name: "B v1", Played: 2, Won: 1, Lost: 1, Points: 3, For: 7, Against: 6, Difference: 1},
		{Entry: "a", Name: "A v1", Played: 2, Won: 1, Lost: 1, Points: 3, For: 5, Against: 5, Difference: 0},
		{Entry: "c", Name: "C v1", Played: 2, Won: 1, Lost: 1, Points: 3, For: 3, Against: 4, Difference: -1},
		{Entry: "d", Name: "D v2", Played: 2, Drawn: 1, Lost: 1, Points: 1, For: 0, Against: 1, Difference: -1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("standings\n got %+v\nwant %+v", got, want)
	}
}

// TestTieBreakers: head to head comes before difference; points for
// before entry order; entry order last.
func TestTieBreakers(t *testing.T) {
	es := []Entry{{Key: "a"}, {Key: "b"}, {Key: "c"}, {Key: "d"}}
	// a and b both 3 points; b has the better difference, but a beat b.
	fs := []Fixture{played("a", "b", 1, 0), played("b", "c", 9, 0), played("c", "a", 1, 0), played("c", "d", 0, 0), played("d", "b", 0, 0)}
	got := Standings(es, fs)
	// a: W vs b, L vs c -> 3. b: L vs a, W vs c, D vs d -> 4. c: W vs a, L vs b, D d -> 4. d: 2 draws -> 2.
	// b and c level on 4: head to head b beat c -> b first.
	order := []string{got[0].Entry, got[1].Entry, got[2].Entry, got[3].Entry}
	if !reflect.DeepEqual(order, []string{"b", "c", "a", "d"}) {
		t.Errorf("order %v, want b c a d", order)
	}
	// Head to head beats difference: a beat b, b has the better difference.
	fs = []Fixture{played("a", "b", 1, 0), played("b", "c", 9, 0), played("c", "a", 1, 0)}
	got = Standings(es[:3], fs)
	// a 3 (diff 0), b 3 (diff +8), c 3 (diff -8): all level, and level
	// head to head (3 each): difference decides.
	if got[0].Entry != "b" || got[1].Entry != "a" || got[2].Entry != "c" {
		t.Errorf("order %v %v %v, want b a c", got[0].Entry, got[1].Entry, got[2].Entry)
	}
	fs = []Fixture{played("a", "b", 1, 0), played("c", "d", 10, 0), played("b", "a", 0, 0), played("d", "c", 0, 9)}
	// a 4 (1:0, 0:0), b 1, c 6, d 0: head to head separates nobody here but a and b differ in points.
	got = Standings(es, fs)
	if got[0].Entry != "c" || got[1].Entry != "a" {
		t.Errorf("got %+v", got)
	}
	// Two level on points, level head to head (a draw) and on difference:
	// points for, then entry order.
	fs = []Fixture{played("a", "b", 2, 2), played("c", "d", 1, 1)}
	got = Standings(es, fs)
	order = []string{got[0].Entry, got[1].Entry, got[2].Entry, got[3].Entry}
	if !reflect.DeepEqual(order, []string{"a", "b", "c", "d"}) {
		t.Errorf("order %v, want a b c d", order)
	}
}

// Reachable leaves out the withdrawn entries and those with no address.
func TestReachable(t *testing.T) {
	l := League{Entries: []Entry{{Key: "a", Email: "a@example.org"}, {Key: "w", Withdrawn: true}, {Key: "n"}, {Key: "b", Email: "b@example.org"}}}
	var got []string
	for _, e := range l.Reachable() {
		got = append(got, e.Key)
	}
	if fmt.Sprint(got) != "[a b]" {
		t.Errorf("reachable: %v", got)
	}
}
