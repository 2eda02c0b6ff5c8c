package httpapi

import (
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/web"
)

// PageText is one page's words in each language the group speaks.
type PageText map[lang.Tag]Words

// Words is what one page says in one language; Button labels the button of
// an emailed link's page.
type Words struct {
	Title      string
	Paragraphs []string
	Button     string
}

// In returns the words in l and the language they are in: English, when the
// page is not written in l, so the page's direction matches its words.
func (p PageText) In(l lang.Tag) (Words, lang.Tag) { return TextIn(p, l) }

// TextIn returns a page's words in l, from its words in each language, and
// the language they are in: English, when the page is not written in l, so
// the page's direction matches its words.
func TextIn[W any](text map[lang.Tag]W, l lang.Tag) (W, lang.Tag) {
	if w, ok := text[l]; ok {
		return w, l
	}
	return text[lang.English], lang.English
}

// Message is the message page of these words in l.
func (p PageText) Message(l lang.Tag) web.Message {
	w, l := p.In(l)
	return web.Message{Lang: l, Title: w.Title, Paragraphs: w.Paragraphs}
}

// ThanksText is what /thanks says after each action (the "done" query value).
var ThanksText = map[string]PageText{
	"joined": {
		lang.English: {Title: "Almost there", Paragraphs: []string{"Check your inbox: we sent you an email with a link to confirm your membership."}},
		lang.Persian: {Title: "یک قدم مانده", Paragraphs: []string{"صندوق ایمیلتان را ببینید: پیوندی برای تأیید عضویت برایتان فرستادیم."}},
	},
	"member-confirmed": {
		lang.English: {Title: "Welcome to TehPUG", Paragraphs: []string{"Your membership is confirmed. See you at the next meetup!"}},
		lang.Persian: {Title: "به TehPUG خوش آمدید", Paragraphs: []string{"عضویت شما تأیید شد. در دورهمی بعدی می‌بینیمتان!"}},
	},
	"unsubscribed": {
		lang.English: {Title: "Unsubscribed", Paragraphs: []string{"You will no longer receive emails from TehPUG, except those you ask for."}},
		lang.Persian: {Title: "اشتراک لغو شد", Paragraphs: []string{"دیگر ایمیلی از TehPUG دریافت نمی‌کنید، جز آنچه خودتان درخواست کنید."}},
	},
	"member-page-links-stopped": {
		lang.English: {Title: "Your links are stopped", Paragraphs: []string{"No link to your TehPUG page works any more, this one included. To open your page again, ask for a new link by email (/me/link)."}},
		lang.Persian: {Title: "پیوندهایتان از کار افتاد", Paragraphs: []string{"دیگر هیچ پیوندی به صفحهٔ TehPUG شما، از جمله همین یکی، کار نمی‌کند. برای باز کردن دوبارهٔ صفحه، پیوند تازه‌ای با ایمیل بخواهید (‎/me/link‎)."}},
	},
	"erase-requested": {
		lang.English: {Title: "Check your inbox", Paragraphs: []string{"If we hold any data about this address, we have sent it a link to erase it."}},
		lang.Persian: {Title: "صندوق ایمیلتان را ببینید", Paragraphs: []string{"اگر اطلاعاتی از این نشانی نزد ما باشد، پیوند حذف آن را برایش فرستادیم."}},
	},
	"registration-received": {
		lang.English: {Title: "Check your inbox", Paragraphs: []string{"We have emailed you where you stand: a seat, or a place on the waitlist. If the email asks you to confirm your seat, press its button in time, or the seat goes to the next person in line."}},
		lang.Persian: {Title: "صندوق ایمیلتان را ببینید", Paragraphs: []string{"جایگاهتان را برایتان ایمیل کردیم: یک جا، یا جایی در فهرست انتظار. اگر ایمیل از شما خواست جایتان را تأیید کنید، دکمهٔ آن را به‌موقع بزنید؛ وگرنه جا به نفر بعدی فهرست می‌رسد."}},
	},
	"registration-confirmed": {
		lang.English: {Title: "Your seat is confirmed", Paragraphs: []string{"Thank you: the place we held for you is yours. We have emailed you the details and a link to cancel if your plans change."}},
		lang.Persian: {Title: "جای شما تأیید شد", Paragraphs: []string{"سپاس: جایی که برایتان نگه داشته بودیم از آنِ شماست. جزئیات و پیوند لغو را برایتان ایمیل کردیم."}},
	},
	"registration-cancelled": {
		lang.English: {Title: "Registration cancelled", Paragraphs: []string{"Your registration is cancelled. Thank you for letting someone else have the seat."}},
		lang.Persian: {Title: "ثبت‌نام لغو شد", Paragraphs: []string{"ثبت‌نام شما لغو شد. سپاس که جایتان را به دیگری دادید."}},
	},
	"login-requested": {
		lang.English: {Title: "Check your inbox", Paragraphs: []string{"If this address belongs to an organizer, we have emailed it a sign-in link. It works once, for 30 minutes. Asked a moment ago already? Use the newest link you have: a new one may take up to a quarter of an hour."}},
		lang.Persian: {Title: "صندوق ایمیلتان را ببینید", Paragraphs: []string{"اگر این نشانی متعلق به یکی از برگزارکنندگان باشد، پیوند ورود را برایش فرستادیم. این پیوند یک بار و تا ۳۰ دقیقه کار می‌کند. اگر همین چند لحظه پیش هم درخواست داده‌اید، تازه‌ترین پیوندی را که دارید به کار ببرید: پیوند تازه ممکن است تا یک ربع طول بکشد."}},
	},
	"talk-submitted": {
		lang.English: {Title: "One more step", Paragraphs: []string{"Check your inbox: we have emailed you a copy of your proposal with a link to confirm it. The organizers see it once you have confirmed."}},
		lang.Persian: {Title: "یک قدم مانده", Paragraphs: []string{"صندوق ایمیلتان را ببینید: رونوشت پیشنهادتان را با پیوندی برای تأیید آن برایتان فرستادیم. برگزارکنندگان پس از تأیید شما آن را می‌بینند."}},
	},
	"talk-verified": {
		lang.English: {Title: "Thank you for your talk", Paragraphs: []string{"Your proposal is confirmed. The organizers will write to you once they have decided."}},
		lang.Persian: {Title: "سپاس برای پیشنهاد ارائه", Paragraphs: []string{"پیشنهاد شما تأیید شد. برگزارکنندگان پس از تصمیم‌گیری برایتان می‌نویسند."}},
	},
	"talk-verified-topic-taken": {
		lang.English: {Title: "Thank you for your talk", Paragraphs: []string{"Your proposal is confirmed. The organizers will write to you once they have decided.", "Another speaker claimed the wishlist topic you chose just before you, so your talk does not claim it: it is a proposal of its own."}},
		lang.Persian: {Title: "سپاس برای پیشنهاد ارائه", Paragraphs: []string{"پیشنهاد شما تأیید شد. برگزارکنندگان پس از تصمیم‌گیری برایتان می‌نویسند.", "سخنران دیگری درست پیش از شما موضوعی را که از فهرست خواسته‌ها برگزیده بودید برداشت؛ پس ارائهٔ شما آن موضوع را برنمی‌دارد و پیشنهادی جداگانه است."}},
	},
	"talk-confirmed": {
		lang.English: {Title: "See you on stage", Paragraphs: []string{"Your talk is confirmed. Thank you for speaking at TehPUG!"}},
		lang.Persian: {Title: "روی صحنه می‌بینیمتان", Paragraphs: []string{"ارائهٔ شما قطعی شد. سپاس که در TehPUG سخنرانی می‌کنید!"}},
	},
	"talk-withdrawn": {
		lang.English: {Title: "Talk withdrawn", Paragraphs: []string{"Your talk is withdrawn. Thank you for letting us know in time."}},
		lang.Persian: {Title: "ارائه پس گرفته شد", Paragraphs: []string{"ارائهٔ شما پس گرفته شد. سپاس که به‌موقع خبرمان کردید."}},
	},
	"mentorship-applied": {
		lang.English: {Title: "Application received", Paragraphs: []string{"Thank you for applying to the mentorship program. The organizers will pair you and introduce you by email."}},
		lang.Persian: {Title: "درخواست شما رسید", Paragraphs: []string{"سپاس از درخواستتان برای برنامهٔ منتورشیپ. برگزارکنندگان شما را با هم‌گروهتان آشنا می‌کنند و با ایمیل خبرتان می‌کنند."}},
	},
	"checked-in": {
		lang.English: {Title: "Check-in recorded", Paragraphs: []string{"Thank you! Your check-in is recorded. The next one is due in two weeks."}},
		lang.Persian: {Title: "گزارش ثبت شد", Paragraphs: []string{"سپاس! گزارش شما ثبت شد. گزارش بعدی دو هفتهٔ دیگر است."}},
	},
	"capstone-proposed": {
		lang.English: {Title: "Your talk is proposed", Paragraphs: []string{"Thank you! The organizers have your lightning talk and will write to you when they choose a meetup for it. If you asked for your mentor as co-speaker, we have emailed them."}},
		lang.Persian: {Title: "ارائهٔ شما پیشنهاد شد", Paragraphs: []string{"سپاس! برگزارکنندگان ارائهٔ کوتاه شما را دارند و وقتی دورهمی‌ای برایش انتخاب کنند برایتان می‌نویسند. اگر خواستید منتورتان همراهتان باشد، برایش ایمیل فرستادیم."}},
	},
	"cospeaker-agreed": {
		lang.English: {Title: "You are co-speaker", Paragraphs: []string{"Thank you! The talk now names you as co-speaker with your mentee."}},
		lang.Persian: {Title: "ارائه‌دهندهٔ همراه شدید", Paragraphs: []string{"سپاس! از این پس نام شما در کنار منتی‌تان به عنوان ارائه‌دهندهٔ همراه می‌آید."}},
	},
	"fade-answered": {
		lang.English: {Title: "Thank you for your answer", Paragraphs: []string{"Your answer helps the organizers make the next pairs last."}},
		lang.Persian: {Title: "سپاس از پاسخ شما", Paragraphs: []string{"پاسخ شما به برگزارکنندگان کمک می‌کند همراهی‌های بعدی پایدارتر باشند."}},
	},
	"saved": {
		lang.English: {Title: "Saved", Paragraphs: []string{"Your change is saved."}},
		lang.Persian: {Title: "ذخیره شد", Paragraphs: []string{"تغییر شما ذخیره شد."}},
	},
	"erased": {
		lang.English: {Title: "Your data is erased", Paragraphs: []string{"Everything TehPUG held about you has been removed."}},
		lang.Persian: {Title: "اطلاعات شما پاک شد", Paragraphs: []string{"همهٔ اطلاعات شما نزد TehPUG حذف شد."}},
	},
}

// DefaultThanks is /thanks for an unknown action.
var DefaultThanks = PageText{
	lang.English: {Title: "Thank you", Paragraphs: []string{"We have received your request."}},
	lang.Persian: {Title: "سپاس", Paragraphs: []string{"درخواست شما دریافت شد."}},
}
