package api

// pageText is one page's words in each language the group speaks.
type pageText map[string]words

type words struct {
	Title      string
	Paragraphs []string
	Button     string
}

// in returns the words in lang, falling back to English.
func (p pageText) in(lang string) words {
	if w, ok := p[lang]; ok {
		return w
	}
	return p["en"]
}

var (
	confirmPage = pageText{
		"en": {Title: "Confirm your membership", Paragraphs: []string{"Press the button to confirm that you want to join the Tehran Python User Group."}, Button: "Confirm my membership"},
		"fa": {Title: "تأیید عضویت", Paragraphs: []string{"برای تأیید عضویت در گروه کاربران پایتون تهران، دکمه را بزنید."}, Button: "عضویتم را تأیید کن"},
	}
	unsubscribePage = pageText{
		"en": {Title: "Unsubscribe", Paragraphs: []string{"Press the button to stop all emails from TehPUG except those you ask for (such as a registration you make)."}, Button: "Unsubscribe"},
		"fa": {Title: "لغو اشتراک", Paragraphs: []string{"با زدن دکمه، دیگر ایمیلی از TehPUG دریافت نمی‌کنید، جز ایمیل‌هایی که خودتان درخواست کنید (مثل ثبت‌نام در یک دورهمی)."}, Button: "لغو اشتراک"},
	}
	erasePage = pageText{
		"en": {Title: "Erase your data", Paragraphs: []string{"Press the button to erase everything TehPUG holds about you: your membership, registrations, mentorship applications and check-ins. Accepted public talks keep only their title.", "This cannot be undone."}, Button: "Erase my data"},
		"fa": {Title: "حذف اطلاعات", Paragraphs: []string{"با زدن دکمه، همهٔ اطلاعات شما نزد TehPUG پاک می‌شود: عضویت، ثبت‌نام‌ها، درخواست‌های منتورشیپ و گزارش‌ها. از ارائه‌های پذیرفته‌شدهٔ عمومی فقط عنوان می‌ماند.", "این کار برگشت‌پذیر نیست."}, Button: "اطلاعاتم را پاک کن"},
	}
)

// thanksText is what /thanks says after each action (the "done" query value).
var thanksText = map[string]pageText{
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
	"erased": {
		"en": {Title: "Your data is erased", Paragraphs: []string{"Everything TehPUG held about you has been removed."}},
		"fa": {Title: "اطلاعات شما پاک شد", Paragraphs: []string{"همهٔ اطلاعات شما نزد TehPUG حذف شد."}},
	},
}

var defaultThanks = pageText{
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

var cancelRegistrationPage = pageText{
	"en": {Title: "Cancel your registration", Paragraphs: []string{"Press the button to give up your place at this meetup. If you hold a seat, the first person on the waitlist gets it."}, Button: "Cancel my registration"},
	"fa": {Title: "لغو ثبت‌نام", Paragraphs: []string{"با زدن دکمه، جایتان در این دورهمی را واگذار می‌کنید. اگر جا داشته باشید، به نفر اول فهرست انتظار می‌رسد."}, Button: "لغو ثبت‌نام"},
}
