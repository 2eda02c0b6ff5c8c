package httpapi

// PageText is one page's words in each language the group speaks.
type PageText map[string]Words

type Words struct {
	Title      string
	Paragraphs []string
	Button     string
}

// In returns the words in lang, falling back to English.
func (p PageText) In(lang string) Words {
	if w, ok := p[lang]; ok {
		return w
	}
	return p["en"]
}

// ThanksText is what /thanks says after each action (the "done" query value).
var ThanksText = map[string]PageText{
	"joined": {
		"en": {Title: "Almost there", Paragraphs: []string{"Check your inbox: we sent you an email with a link to confirm your membership."}},
		"fa": {Title: "یک قدم مانده", Paragraphs: []string{"صندوق ایمیلتان را ببینید: پیوندی برای تأیید عضویت برایتان فرستادیم."}},
	},
	"member-confirmed": {
		"en": {Title: "Welcome to TehPUG", Paragraphs: []string{"Your membership is confirmed. See you at the next meetup!"}},
		"fa": {Title: "به TehPUG خوش آمدید", Paragraphs: []string{"عضویت شما تأیید شد. در دورهمی بعدی می‌بینیمتان!"}},
	},
	"unsubscribed": {
		"en": {Title: "Unsubscribed", Paragraphs: []string{"You will no longer receive emails from TehPUG, except those you ask for."}},
		"fa": {Title: "اشتراک لغو شد", Paragraphs: []string{"دیگر ایمیلی از TehPUG دریافت نمی‌کنید، جز آنچه خودتان درخواست کنید."}},
	},
	"erase-requested": {
		"en": {Title: "Check your inbox", Paragraphs: []string{"If we hold any data about this address, we have sent it a link to erase it."}},
		"fa": {Title: "صندوق ایمیلتان را ببینید", Paragraphs: []string{"اگر اطلاعاتی از این نشانی نزد ما باشد، پیوند حذف آن را برایش فرستادیم."}},
	},
	"registered": {
		"en": {Title: "You're registered", Paragraphs: []string{"Your seat is confirmed. We have emailed you the details and a link to cancel if your plans change."}},
		"fa": {Title: "ثبت‌نام شدید", Paragraphs: []string{"جای شما قطعی است. جزئیات و پیوند لغو را برایتان ایمیل کردیم."}},
	},
	"waitlisted": {
		"en": {Title: "You're on the waitlist", Paragraphs: []string{"The meetup is full, so you are on its waitlist. We will email you the moment a seat frees up."}},
		"fa": {Title: "در فهرست انتظار هستید", Paragraphs: []string{"ظرفیت پر است و شما در فهرست انتظارید. به محض آزاد شدن جا، ایمیلتان می‌زنیم."}},
	},
	"registration-cancelled": {
		"en": {Title: "Registration cancelled", Paragraphs: []string{"Your registration is cancelled. Thank you for letting someone else have the seat."}},
		"fa": {Title: "ثبت‌نام لغو شد", Paragraphs: []string{"ثبت‌نام شما لغو شد. سپاس که جایتان را به دیگری دادید."}},
	},
	"login-requested": {
		"en": {Title: "Check your inbox", Paragraphs: []string{"If this address belongs to an organizer, we have emailed it a sign-in link. It works once, for 15 minutes."}},
		"fa": {Title: "صندوق ایمیلتان را ببینید", Paragraphs: []string{"اگر این نشانی متعلق به یکی از برگزارکنندگان باشد، پیوند ورود را برایش فرستادیم. این پیوند یک بار و تا ۱۵ دقیقه کار می‌کند."}},
	},
	"talk-submitted": {
		"en": {Title: "Thank you for your talk", Paragraphs: []string{"We have emailed you a copy of your proposal and a link to withdraw it. The organizers will write to you once they have decided."}},
		"fa": {Title: "سپاس برای پیشنهاد ارائه", Paragraphs: []string{"رونوشت پیشنهادتان و پیوند پس گرفتن آن را برایتان ایمیل کردیم. برگزارکنندگان پس از تصمیم‌گیری برایتان می‌نویسند."}},
	},
	"talk-confirmed": {
		"en": {Title: "See you on stage", Paragraphs: []string{"Your talk is confirmed. Thank you for speaking at TehPUG!"}},
		"fa": {Title: "روی صحنه می‌بینیمتان", Paragraphs: []string{"ارائهٔ شما قطعی شد. سپاس که در TehPUG سخنرانی می‌کنید!"}},
	},
	"talk-withdrawn": {
		"en": {Title: "Talk withdrawn", Paragraphs: []string{"Your talk is withdrawn. Thank you for letting us know in time."}},
		"fa": {Title: "ارائه پس گرفته شد", Paragraphs: []string{"ارائهٔ شما پس گرفته شد. سپاس که به‌موقع خبرمان کردید."}},
	},
	"mentorship-applied": {
		"en": {Title: "Application received", Paragraphs: []string{"Thank you for applying to the mentorship program. The organizers will pair you and introduce you by email."}},
		"fa": {Title: "درخواست شما رسید", Paragraphs: []string{"سپاس از درخواستتان برای برنامهٔ منتورشیپ. برگزارکنندگان شما را با هم‌گروهتان آشنا می‌کنند و با ایمیل خبرتان می‌کنند."}},
	},
	"checked-in": {
		"en": {Title: "Check-in recorded", Paragraphs: []string{"Thank you! Your check-in is recorded. The next one is due in two weeks."}},
		"fa": {Title: "گزارش ثبت شد", Paragraphs: []string{"سپاس! گزارش شما ثبت شد. گزارش بعدی دو هفتهٔ دیگر است."}},
	},
	"saved": {
		"en": {Title: "Saved", Paragraphs: []string{"Your change is saved."}},
		"fa": {Title: "ذخیره شد", Paragraphs: []string{"تغییر شما ذخیره شد."}},
	},
	"erased": {
		"en": {Title: "Your data is erased", Paragraphs: []string{"Everything TehPUG held about you has been removed."}},
		"fa": {Title: "اطلاعات شما پاک شد", Paragraphs: []string{"همهٔ اطلاعات شما نزد TehPUG حذف شد."}},
	},
}

// DefaultThanks is /thanks for an unknown action.
var DefaultThanks = PageText{
	"en": {Title: "Thank you", Paragraphs: []string{"We have received your request."}},
	"fa": {Title: "سپاس", Paragraphs: []string{"درخواست شما دریافت شد."}},
}

// errorText is the title and text of an error page for a status.
func errorText(lang string, status int) (string, string) {
	fa := lang == "fa"
	switch {
	case status == 404 && fa:
		return "پیوند معتبر نیست", "این پیوند معتبر نیست یا منقضی شده است. لطفاً پیوند تازه‌ای درخواست کنید."
	case status == 404:
		return "Link not valid", "This link is not valid or has expired. Please ask for a new one."
	case status == 409 && fa:
		return "قبلاً انجام شده", "این پیوند قبلاً استفاده شده است."
	case status == 409:
		return "Already done", "This link has already been used."
	case status < 500 && fa:
		return "درخواست نامعتبر", "درخواست شما قابل انجام نیست."
	case status < 500:
		return "Request not valid", "Your request could not be carried out."
	case fa:
		return "خطا", "مشکلی پیش آمد. لطفاً کمی بعد دوباره امتحان کنید."
	}
	return "Something went wrong", "Something went wrong on our side. Please try again in a little while."
}
