package talksapi

import (
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
)

// verifyPage is what the confirm link of a new proposal opens.
var verifyPage = httpapi.PageText{
	lang.English: {Title: "Confirm your talk proposal", Paragraphs: []string{"Press the button to confirm that you proposed this talk. The organizers will then read it and write to you once they have decided."}, Button: "I proposed this talk"},
	lang.Persian: {Title: "تأیید پیشنهاد ارائه", Paragraphs: []string{"با زدن دکمه تأیید می‌کنید که این ارائه را شما پیشنهاد داده‌اید. آن‌گاه برگزارکنندگان آن را می‌خوانند و پس از تصمیم‌گیری برایتان می‌نویسند."}, Button: "این ارائه را من پیشنهاد داده‌ام"},
}

// withdrawPage is what a talk's withdraw link opens.
var withdrawPage = httpapi.PageText{
	lang.English: {Title: "Withdraw your talk", Paragraphs: []string{"Press the button to withdraw your talk. If it was accepted for a meetup, it leaves the programme at once and the organizers look for another speaker."}, Button: "Withdraw my talk"},
	lang.Persian: {Title: "پس گرفتن ارائه", Paragraphs: []string{"با زدن دکمه، ارائه‌تان را پس می‌گیرید. اگر برای دورهمی‌ای پذیرفته شده باشد، بی‌درنگ از برنامه برداشته می‌شود و برگزارکنندگان دنبال سخنران دیگری می‌گردند."}, Button: "پس گرفتن ارائه"},
}

// confirmPage is what an accepted talk's confirm link opens.
var confirmPage = httpapi.PageText{
	lang.English: {Title: "Confirm your talk", Paragraphs: []string{"Press the button to confirm that you will give your talk at the meetup it was accepted for."}, Button: "I will give my talk"},
	lang.Persian: {Title: "تأیید ارائه", Paragraphs: []string{"با زدن دکمه تأیید می‌کنید که ارائه‌تان را در دورهمی‌ای که برایش پذیرفته شده می‌دهید."}, Button: "ارائه را می‌دهم"},
}
