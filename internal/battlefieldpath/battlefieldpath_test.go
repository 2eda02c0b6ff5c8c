package battlefieldpath

import "testing"

func TestPaths(t *testing.T) {
	for got, want := range map[string]string{
		Match("m1", "fa"):     "/battlefield/matches/m1?lang=fa",
		Match("a/b?c", ""):    "/battlefield/matches/a%2Fb%3Fc",
		MatchReplay("m1"):     "/battlefield/matches/m1/replay",
		League("l1", "en"):    "/leagues/l1?lang=en",
		League("l1", ""):      "/leagues/l1",
		League("l1", "e&x=1"): "/leagues/l1?lang=e%26x%3D1",
		LeagueEntries("l 1"):  "/leagues/l%201/entries",
	} {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}
