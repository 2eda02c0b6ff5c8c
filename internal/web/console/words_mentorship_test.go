package console

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Every word of the mentorship pages is there in both languages, each
// name (state, answer, outcome, side, language) is named in both, and a
// format takes the same arguments in both.
func TestTheMentorshipWordsAreWhole(t *testing.T) {
	en, fa := reflect.ValueOf(englishMentorship), reflect.ValueOf(persianMentorship)
	for i := range en.NumField() {
		field := en.Type().Field(i).Name
		switch e, f := en.Field(i), fa.Field(i); e.Kind() {
		case reflect.String:
			if e.String() == "" || f.String() == "" {
				t.Errorf("%s is missing in a language", field)
			}
			if strings.Count(e.String(), "%") != strings.Count(f.String(), "%") {
				t.Errorf("%s takes %q in English and %q in Persian", field, e.String(), f.String())
			}
		case reflect.Map:
			ek := slices.Sorted(maps.Keys(e.Interface().(map[string]string)))
			fk := slices.Sorted(maps.Keys(f.Interface().(map[string]string)))
			if !slices.Equal(ek, fk) || len(ek) == 0 {
				t.Errorf("%s names %v in English and %v in Persian", field, ek, fk)
			}
		}
	}
}
