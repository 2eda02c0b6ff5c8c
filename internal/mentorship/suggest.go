package mentorship

import (
	"cmp"
	"slices"
	"strings"
)

// Suggestion is a mentor suggested for a mentee, with what the ranking
// found they share.
type Suggestion struct {
	Mentor Application
	// Shared are the mentee's topics the mentor also named, as the mentee
	// wrote them.
	Shared []string
	// SameLanguage reports whether both chose the same language.
	SameLanguage bool
	// Free is how many more mentees the mentor can take.
	Free int
}

// Suggest ranks mentors for a mentee and returns the best n (all when n <=
// 0). A mentor is a candidate while it has a free place and is not the
// mentee themself (the same person applying in both roles). Candidates are
// ranked by, in order:
//
//  1. shared topics: more of the mentee's topics the mentor also named
//     first (compared trimmed and in any case);
//  2. a shared language: a mentor who chose the mentee's language before
//     one who did not;
//  3. remaining capacity: more free places first, so the load spreads and
//     a mentor's last place stays for whom only they suit;
//  4. the earliest application first, then the application ID, so the
//     order never changes between two looks at the same applications.
//
// A mentor sharing no topic is still suggested, after those who share one:
// organizers decide; the ranking only puts the likeliest first.
// docs/MENTORSHIP.md says the same.
func Suggest(mentee Application, mentors []Application, n int) []Suggestion {
	want := map[string]bool{}
	for _, t := range mentee.Topics {
		want[foldTopic(t)] = true
	}
	var out []Suggestion
	for _, m := range mentors {
		if m.Role != Mentor || m.FreePlaces() == 0 || m.Owner == mentee.Owner {
			continue
		}
		s := Suggestion{Mentor: m, SameLanguage: m.Language == mentee.Language, Free: m.FreePlaces()}
		has := map[string]bool{}
		for _, t := range m.Topics {
			has[foldTopic(t)] = true
		}
		for _, t := range mentee.Topics {
			if has[foldTopic(t)] && !slices.ContainsFunc(s.Shared, func(x string) bool { return foldTopic(x) == foldTopic(t) }) {
				s.Shared = append(s.Shared, t)
			}
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		return cmp.Or(
			cmp.Compare(len(b.Shared), len(a.Shared)),
			cmp.Compare(boolRank(b.SameLanguage), boolRank(a.SameLanguage)),
			cmp.Compare(b.Free, a.Free),
			a.Mentor.CreatedAt.Compare(b.Mentor.CreatedAt),
			strings.Compare(a.Mentor.ID, b.Mentor.ID),
		)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// foldTopic is a topic as the ranking compares it.
func foldTopic(t string) string { return strings.ToLower(strings.TrimSpace(t)) }

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
