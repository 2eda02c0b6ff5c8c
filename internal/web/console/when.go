package console

import (
	"time"

	"github.com/tehpug/backend/internal/lang"
)

// persianWeekdays are the days of the week in Persian, Sunday first as
// time.Weekday counts them.
var persianWeekdays = [...]string{"یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه"}

// When writes a moment as an organizer reads it in l, in the zone t is in
// (the group's): "Mon 14 Dec 2026, 18:00", or in Persian its weekday and
// the date and time in Persian digits.
func When(l lang.Tag, t time.Time) string {
	if known(l) != lang.Persian {
		return t.Format("Mon 2 Jan 2006, 15:04")
	}
	return persianWeekdays[t.Weekday()] + " " + digits(l, t.Format("2006/01/02")) + "، " + digits(l, t.Format("15:04"))
}

// Day writes a date alone, as When does.
func Day(l lang.Tag, t time.Time) string {
	if known(l) != lang.Persian {
		return t.Format("2 Jan 2006")
	}
	return digits(l, t.Format("2006/01/02"))
}

// digits writes s's digits in l's.
func digits(l lang.Tag, s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= '0' && r <= '9' {
			out[i] = []rune(l.Number(int(r - '0')))[0]
		}
	}
	return string(out)
}

// Number is n in l's digits.
func Number(l lang.Tag, n int) string { return known(l).Number(n) }
