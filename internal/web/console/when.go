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

// Clock is t's time of day, as When writes it: "18:05".
func Clock(l lang.Tag, t time.Time) string { return digits(known(l), t.Format("15:04")) }

// Span is a meetup's time, as When writes its start: "Sun 20 Dec 2026,
// 18:00–21:00", with the end's day too when it ends on another day.
func Span(l lang.Tag, start, end time.Time) string {
	to := Clock(l, end)
	if y, m, d := end.Date(); y != start.Year() || m != start.Month() || d != start.Day() {
		to = When(l, end)
	}
	if known(l) == lang.Persian {
		return When(l, start) + " تا " + to
	}
	return When(l, start) + "–" + to
}

// Duration is how long d is, roughly, as "in this state for" says it:
// hours under two days, else days.
func Duration(l lang.Tag, d time.Duration) string {
	l = known(l)
	fa := l == lang.Persian
	switch hours := int(d.Hours()); {
	case hours < 1:
		if fa {
			return "کمتر از یک ساعت"
		}
		return "less than an hour"
	case hours < 48:
		if fa {
			return l.Number(hours) + " ساعت"
		}
		if hours == 1 {
			return "1 hour"
		}
		return l.Number(hours) + " hours"
	default:
		if fa {
			return l.Number(hours/24) + " روز"
		}
		return l.Number(hours/24) + " days"
	}
}

// MonthName writes the month t is in, as Day writes dates: "Dec 2026", or
// in Persian "۲۰۲۶/۱۲".
func MonthName(l lang.Tag, t time.Time) string {
	if known(l) != lang.Persian {
		return t.Format("Jan 2006")
	}
	return digits(l, t.Format("2006/01"))
}
