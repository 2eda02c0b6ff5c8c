package web

import (
	"time"

	"github.com/tehpug/backend/internal/lang"
)

// MeetupPage is a meetup's public page, in one language: when and where,
// the seats, the programme, the registration form, and the calendar links.
type MeetupPage struct {
	Lang        lang.Tag
	Title       string
	When        string // in the group's zone, as MeetupWhen writes it
	Venue       string
	Description string // plain text; its lines are kept
	Cancelled   bool
	// Open says whether people can still register (scheduled, not started).
	Open      bool
	SeatsLeft int
	Waitlist  int // how many wait
	Programme []ProgrammeItem
	// Form registers for this meetup; shown while Open.
	Form Form
	// Calendar is the meetup's .ics; Feed subscribes to every meetup
	// (webcal:). Both are built by the server, never from input.
	Calendar, Feed string
	// Other is the same page in the other language.
	Other Translation
	// Announcements are the news the meetup gives: the champions of the
	// leagues finished since the meetup before it.
	Announcements []Announcement
}

// Announcement is one piece of news on a meetup's page: its sentence, and
// the page it is about (built by the server, never from input).
type Announcement struct {
	Text, URL string
}

// Translation is a page in another language: the language, and the page's
// address in it (built by the server, never from input).
type Translation struct {
	Lang lang.Tag
	URL  string
}

// Name is the language's name, in that language.
func (t Translation) Name() string {
	if t.Lang == lang.Persian {
		return "فارسی"
	}
	return "English"
}

// ProgrammeItem is one accepted talk as the meetup's page lists it.
type ProgrammeItem struct {
	Title, Speaker string
	Minutes        int
}

// MeetupWords is everything a meetup's page says besides the meetup.
type MeetupWords struct {
	When, Where, Seats, Programme, NoProgramme, Register, Cancelled, Closed, AddToCalendar, Subscribe, Announcements string
	SeatsLeft, NoSeats, Minutes                                                                                      string // with %s for a number
}

var meetupWords = map[lang.Tag]MeetupWords{
	lang.English: {
		When: "When", Where: "Where", Seats: "Seats", Programme: "Programme", NoProgramme: "The programme is being put together.",
		Register: "Register", Cancelled: "This meetup is cancelled.", Closed: "Registration is closed: the meetup has started.",
		AddToCalendar: "Add to my calendar (.ics)", Subscribe: "Subscribe to every meetup in your calendar",
		SeatsLeft: "Seats left: %s", NoSeats: "Full: %s on the waitlist. Register to join it.", Minutes: "%s minutes",
		Announcements: "Announcements",
	},
	lang.Persian: {
		When: "زمان", Where: "مکان", Seats: "ظرفیت", Programme: "برنامه", NoProgramme: "برنامه در حال آماده شدن است.",
		Register: "ثبت‌نام", Cancelled: "این دورهمی لغو شده است.", Closed: "ثبت‌نام بسته است: دورهمی آغاز شده است.",
		AddToCalendar: "افزودن به تقویم من", Subscribe: "همهٔ دورهمی‌ها را در تقویمتان دنبال کنید",
		SeatsLeft: "جای خالی: %s", NoSeats: "ظرفیت پر است: %s نفر در فهرست انتظار. با ثبت‌نام به آن می‌پیوندید.", Minutes: "%s دقیقه",
		Announcements: "اعلان‌ها",
	},
}

func (p MeetupPage) words() MeetupWords { return meetupWords[known(p.Lang)] }

// number is n in the page's digits.
func (p MeetupPage) number(n int) string { return known(p.Lang).Number(n) }

// persianWeekdays are the days of the week in Persian, Sunday first as
// time.Weekday counts them.
var persianWeekdays = [...]string{"یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه"}

// MeetupWhen writes a meetup's time as a member reads it in l, in the zone
// start and end are in (the group's): "Thursday 17 December 2026, 18:00–21:00
// (Asia/Tehran)", or in Persian its weekday and the date and times in
// Persian digits.
func MeetupWhen(l lang.Tag, start, end time.Time) string {
	zone := start.Location().String()
	if known(l) != lang.Persian {
		return start.Format("Monday 2 January 2006, 15:04") + "–" + end.Format("15:04") + " (" + zone + ")"
	}
	return persianWeekdays[start.Weekday()] + " " + digits(l, start.Format("2006/01/02")+"، "+start.Format("15:04")+"–"+end.Format("15:04")) + " (" + zone + ")"
}

// digits writes s's digits in l's.
func digits(l lang.Tag, s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= '0' && r <= '9' {
			out[i] = []rune(known(l).Number(int(r - '0')))[0]
		}
	}
	return string(out)
}
