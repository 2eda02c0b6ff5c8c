package console

import (
	"maps"
	"reflect"
	"slices"
	"testing"
)

// Every word of the meetup, door and list pages is there in both
// languages, and each name (status, format, state) is named in both.
func TestThePagesWordsAreWhole(t *testing.T) {
	for name, pair := range map[string][2]any{
		"meetups": {englishMeetups, persianMeetups},
		"door":    {englishDoor, persianDoor},
		"lists":   {englishLists, persianLists},
		"talks":   {englishTalks, persianTalks},
		"leagues": {englishLeagues, persianLeagues},
	} {
		en, fa := reflect.ValueOf(pair[0]), reflect.ValueOf(pair[1])
		for i := range en.NumField() {
			field := en.Type().Field(i).Name
			switch e, f := en.Field(i), fa.Field(i); e.Kind() {
			case reflect.String:
				if e.String() == "" || f.String() == "" {
					t.Errorf("%s.%s is missing in a language", name, field)
				}
			case reflect.Map:
				ek := slices.Sorted(maps.Keys(e.Interface().(map[string]string)))
				fk := slices.Sorted(maps.Keys(f.Interface().(map[string]string)))
				if !slices.Equal(ek, fk) || len(ek) == 0 {
					t.Errorf("%s.%s names %v in English and %v in Persian", name, field, ek, fk)
				}
			}
		}
	}
}
