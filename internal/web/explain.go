package web

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/tehpug/backend/internal/lang"
)

// explanation rewrites one of the domain's field messages (which are
// written for the JSON API, in English) for a page in each language.
type explanation struct {
	pattern *regexp.Regexp
	en, fa  string // with %[1]s, %[2]s for the pattern's groups
}

var explanations = []explanation{
	{regexp.MustCompile(`^is required$`), "is required.", "لازم است."},
	{regexp.MustCompile(`^is not valid UTF-8 text$`), "is not valid text.", "متن معتبری نیست."},
	{regexp.MustCompile(`^must be at most (\d+) characters$`), "must be at most %[1]s characters.", "حداکثر %[1]s نویسه می‌تواند باشد."},
	{regexp.MustCompile(`^must be a single line without control characters$`), "must be a single line.", "باید یک سطر باشد."},
	{regexp.MustCompile(`^must not contain control characters$`), "must not contain control characters.", "نباید نویسهٔ کنترلی داشته باشد."},
	{regexp.MustCompile(`^must be between (\d+) and (\d+)$`), "must be a whole number from %[1]s to %[2]s.", "باید عددی درست از %[1]s تا %[2]s باشد."},
	{regexp.MustCompile(`^must be a whole number`), "must be a whole number.", "باید عددی درست باشد."},
	{regexp.MustCompile(`^must be a date and time`), "must be a date and time.", "باید تاریخ و ساعت باشد."},
	{regexp.MustCompile(`^must be a valid email address$`), "must be a valid email address.", "باید نشانی ایمیل معتبری باشد."},
	{regexp.MustCompile(`^must be in the future$`), "must be in the future.", "باید در آینده باشد."},
	{regexp.MustCompile(`^must be after starts_at$`), "must be after the start.", "باید پس از آغاز باشد."},
	{regexp.MustCompile(`^must be within 24 hours of starts_at$`), "must be within 24 hours of the start.", "باید تا ۲۴ ساعت پس از آغاز باشد."},
	{regexp.MustCompile(`^is below the (\d+) seats already taken$`), "is below the %[1]s seats already taken.", "از %[1]s جای گرفته‌شده کمتر است."},
	// The members' forms (internal/memberforms).
	{regexp.MustCompile(`^must be one of: `), "must be one of the choices offered.", "باید یکی از گزینه‌ها باشد."},
	{regexp.MustCompile(`^must be true or false$`), "must be yes or no.", "باید بله یا نه باشد."},
	{regexp.MustCompile(`^name at least one topic$`), "needs at least one topic.", "دست‌کم یک موضوع لازم است."},
	{regexp.MustCompile(`^is required: how many mentees`), "is required of a mentor: how many mentees you can take.", "برای منتور لازم است: چند منتی می‌پذیرید."},
	{regexp.MustCompile(`^must have at most (\d+) items$`), "can have at most %[1]s items.", "حداکثر %[1]s مورد می‌تواند داشته باشد."},
	{regexp.MustCompile(`^at most (\d+) interests$`), "can have at most %[1]s interests.", "حداکثر %[1]s علاقه می‌تواند داشته باشد."},
	{regexp.MustCompile(`^items must be at most (\d+) characters each$`), "can have items of at most %[1]s characters each.", "هر مورد حداکثر %[1]s نویسه می‌تواند باشد."},
	{regexp.MustCompile(`^items must be single lines`), "must have each item on a single line.", "هر مورد باید یک سطر باشد."},
	{regexp.MustCompile(`^is not a meetup$`), "is not one of our meetups.", "از دورهمی‌های ما نیست."},
	{regexp.MustCompile(`^is a cancelled meetup$`), "is a cancelled meetup.", "دورهمی لغوشده‌ای است."},
	{regexp.MustCompile(`^is a meetup that has already started$`), "is a meetup that has already started.", "دورهمی‌ای است که آغاز شده است."},
}

// Explain is a field message of the domain's, as a page in l (a member's
// form or the console's) shows it next to the field: in the page's language, with its digits. A message
// with no translation is shown as it is, in English rather than not at all.
func Explain(l lang.Tag, message string) string {
	l = known(l)
	for _, e := range explanations {
		m := e.pattern.FindStringSubmatch(message)
		if m == nil {
			continue
		}
		format := e.en
		if l == lang.Persian {
			format = e.fa
		}
		args := make([]any, len(m)-1)
		for i, g := range m[1:] {
			if n, err := strconv.Atoi(g); err == nil {
				g = l.Number(n)
			}
			args[i] = g
		}
		return fmt.Sprintf(format, args...)
	}
	return message
}
