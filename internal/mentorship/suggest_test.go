package mentorship

import (
	"testing"
	"time"
)

func TestSuggestRanksByTopicsThenLanguageThenCapacity(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	mentor := func(id, lang string, capacity, taken int, topics ...string) Application {
		m := Application{ID: id, Role: Mentor, Owner: "P#" + id, Language: lang, Topics: topics, Capacity: capacity, CreatedAt: at}
		for range taken {
			m.Mentees = append(m.Mentees, "pair")
		}
		at = at.Add(time.Hour)
		return m
	}
	mentee := Application{ID: "me", Role: Mentee, Owner: "P#me", Language: "fa", Topics: []string{"Django", "pandas", " Testing"}}
	mentors := []Application{
		mentor("none", "fa", 5, 0, "Rust"),
		mentor("one-en", "en", 3, 0, "django"),
		mentor("one-fa", "fa", 1, 0, "DJANGO"),
		mentor("one-fa-roomy", "fa", 3, 1, "pandas"),
		mentor("two", "en", 1, 0, "testing", "Pandas"),
		mentor("full", "fa", 1, 1, "Django", "pandas", "testing"),
		{ID: "self", Role: Mentor, Owner: "P#me", Language: "fa", Topics: []string{"Django"}, Capacity: 2},
		mentor("one-fa-late", "fa", 1, 0, "Django"),
	}
	got := Suggest(mentee, mentors, 0)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.Mentor.ID)
	}
	want := []string{"two", "one-fa-roomy", "one-fa", "one-fa-late", "one-en", "none"}
	if len(ids) != len(want) {
		t.Fatalf("suggested %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("suggested %v, want %v", ids, want)
		}
	}
	if s := got[0]; len(s.Shared) != 2 || s.Shared[0] != "pandas" || s.Shared[1] != " Testing" || s.SameLanguage || s.Free != 1 {
		t.Errorf("the best suggestion says %+v", s)
	}
	if s := got[1]; !s.SameLanguage || s.Free != 2 {
		t.Errorf("the second suggestion says %+v", s)
	}
	if top := Suggest(mentee, mentors, 2); len(top) != 2 || top[1].Mentor.ID != "one-fa-roomy" {
		t.Errorf("the best two: %+v", top)
	}
}
