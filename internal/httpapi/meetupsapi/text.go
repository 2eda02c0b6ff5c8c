package meetupsapi

import (
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
)

// cancelRegistrationPage is what a registration's cancel link opens.
var cancelRegistrationPage = httpapi.PageText{
	lang.English: {Title: "Cancel your registration", Paragraphs: []string{"Press the button to give up your place at this meetup. If you hold a seat, the first person on the waitlist gets it."}, Button: "Cancel my registration"},
	lang.Persian: {Title: "لغو ثبت‌نام", Paragraphs: []string{"با زدن دکمه، جایتان در این دورهمی را واگذار می‌کنید. اگر جا داشته باشید، به نفر اول فهرست انتظار می‌رسد."}, Button: "لغو ثبت‌نام"},
}
