package dynamo_test

import (
	"context"
	"maps"
	"testing"

	"github.com/tehpug/backend/internal/person"
)

func TestOrganizerLanguageIsRemembered(t *testing.T) {
	tb, ctx := newTable(t), context.Background()
	a, b, c := person.Key("a@example.org"), person.Key("b@example.org"), person.Key("c@example.org")
	if l, err := tb.OrganizerLanguage(ctx, a); err != nil || l != "" {
		t.Fatalf("before choosing: %q, %v; want none", l, err)
	}
	for owner, l := range map[string]string{a: "fa", b: "en"} {
		if err := tb.SetOrganizerLanguage(ctx, owner, l, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := tb.SetOrganizerLanguage(ctx, b, "fa", t0); err != nil { // a second choice replaces the first
		t.Fatal(err)
	}
	if l, err := tb.OrganizerLanguage(ctx, b); err != nil || l != "fa" {
		t.Fatalf("after choosing twice: %q, %v; want fa", l, err)
	}
	got, err := tb.OrganizerLanguages(ctx, []string{a, b, c, a})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{a: "fa", b: "fa"}; !maps.Equal(got, want) {
		t.Fatalf("OrganizerLanguages = %v, want %v (one who never chose is absent; a key asked twice is read once)", got, want)
	}
}
