package meetupsapi

import (
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/meetups"
)

// cancelRegistrationPage is what a registration's cancel link opens.
var cancelRegistrationPage = httpapi.PageText{
	lang.English: {Title: "Cancel your registration", Paragraphs: []string{"Press the button to give up your place at this meetup. If you hold a seat, the first person on the waitlist gets it."}, Button: "Cancel my registration"},
	lang.Persian: {Title: "لغو ثبت‌نام", Paragraphs: []string{"با زدن دکمه، جایتان در این دورهمی را واگذار می‌کنید. اگر جا داشته باشید، به نفر اول فهرست انتظار می‌رسد."}, Button: "لغو ثبت‌نام"},
}

// confirmRegistrationPage is what the link opens that confirms a seat or a
// place in line held for a registrant whose address was not yet proven.
var confirmRegistrationPage = httpapi.PageText{
	lang.English: {Title: "Confirm your seat", Paragraphs: []string{"Press the button to confirm the seat or the place on the waitlist we are holding for you at this meetup. Until you do, it is only held, and it goes to the next person in line when the hold ends."}, Button: "Confirm my seat"},
	lang.Persian: {Title: "تأیید جای شما", Paragraphs: []string{"با زدن دکمه، جا یا جایگاهی را که در فهرست انتظار این دورهمی برایتان نگه داشته‌ایم تأیید می‌کنید. تا تأیید نکنید فقط نگه داشته شده است و با پایان مهلت به نفر بعدی فهرست می‌رسد."}, Button: "تأیید جای من"},
}

// championText announces a league's champion at a meetup, in l.
func championText(l lang.Tag, c meetups.Champion) string {
	if l == lang.Persian {
		return "قهرمان لیگ میدان نبرد «\u2068" + c.LeagueTitle + "\u2069»: ربات \u2068" + c.Robot + "\u2069."
	}
	return "Champion of the Battlefield league “" + c.LeagueTitle + "”: " + c.Robot + "."
}
