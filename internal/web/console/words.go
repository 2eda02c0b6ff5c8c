package console

import "github.com/tehpug/backend/internal/lang"

// Words is everything the console says that is not the organizers' own
// text, in one language. Each page's words are grouped under its own
// heading, so that a missing translation is a compile error, never an
// English word on a Persian page.
type Words struct {
	// The frame.
	Console, Navigation, Dashboard, Meetups, Talks, Topics, Mentorships, Leagues, Members, Record, Passkeys, SignOut string
	// ThisLanguage is the language's own name, on the switch to it.
	ThisLanguage string
	// Fix heads the list of what to correct in a form.
	Fix string

	// Sign-in.
	SignInTitle, SignInIntro, Email, EmailHint, SendLink string
	SentTitle, SentText, SentAgain                       string
	SignedOut, SessionEnded                              string

	// The dashboard.
	NeedsActionNow, NeedsAction, NothingNeedsAction, ComingMeetups, NoComingMeetup, ThisWeek string
	Meetup, WhenLabel, Seats, Waiting, Programme, NoTalkYet, NewMeetup                       string
	TalkAccepted, TalkConfirmed                                                              string

	// What went wrong, when a page cannot be shown or an action not done.
	NotFoundTitle, NotFoundText   string
	ConflictTitle, ConflictText   string
	ForbiddenTitle, ForbiddenText string
	InvalidTitle, InvalidText     string
	FailedTitle, FailedText       string
	BusyTitle, BusyText           string
	BackToDashboard               string
}

var english = Words{
	Console: "TehPUG console", Navigation: "Console", Dashboard: "Dashboard", Meetups: "Meetups",
	Talks: "Talks", Topics: "Topics", Mentorships: "Mentorship", Leagues: "Leagues", Members: "Members", Record: "Record", Passkeys: "Passkeys", SignOut: "Sign out",
	ThisLanguage: "English", Fix: "Please correct the following:",

	SignInTitle: "Organizer sign-in",
	SignInIntro: "Enter your organizer address and we will email you a sign-in link. It works once, for 15 minutes.",
	Email:       "Email address", EmailHint: "The address the group has for you as an organizer.", SendLink: "Email me a sign-in link",
	SentTitle: "Check your inbox",
	SentText:  "If this address belongs to an organizer, we have emailed it a sign-in link. Open it on this device and press its button.",
	SentAgain: "No email after a few minutes? Check your spam folder, or ask again.",
	SignedOut: "You are signed out.", SessionEnded: "Your session has ended. Please sign in again.",

	NeedsActionNow: "Needs action now", NeedsAction: "Needs action", NothingNeedsAction: "Nothing needs action. Well done!",
	ComingMeetups: "Coming meetups", NoComingMeetup: "No meetup is scheduled in the next 60 days.", ThisWeek: "This week",
	Meetup: "Meetup", WhenLabel: "When", Seats: "Seats taken", Waiting: "Waiting", Programme: "Programme",
	NoTalkYet: "No talk yet", NewMeetup: "New meetup", TalkAccepted: "not confirmed yet", TalkConfirmed: "confirmed",

	NotFoundTitle: "Not found", NotFoundText: "There is nothing here. It may have been removed.",
	ConflictTitle: "Changed meanwhile", ConflictText: "Someone changed this while you were looking at it. Open it again to see it as it is now.",
	ForbiddenTitle: "Not allowed", ForbiddenText: "This form was not sent from a page of the console, so nothing was changed. Open the page again and send it from there.",
	InvalidTitle: "Request not valid", InvalidText: "This request could not be carried out.",
	FailedTitle: "Something went wrong", FailedText: "Something went wrong on our side, and nothing was changed. Please try again in a little while.",
	BusyTitle: "Too many requests", BusyText: "The console is busy. Please wait a few seconds and try again.",
	BackToDashboard: "Back to the dashboard",
}

var persian = Words{
	Console: "پیشخوان TehPUG", Navigation: "پیشخوان", Dashboard: "پیشخوان", Meetups: "دورهمی‌ها",
	Talks: "ارائه‌ها", Topics: "موضوع‌ها", Mentorships: "منتورشیپ", Leagues: "لیگ‌ها", Members: "اعضا", Record: "کارنامه", Passkeys: "کلیدهای عبور", SignOut: "خروج",
	ThisLanguage: "فارسی", Fix: "لطفاً این موارد را اصلاح کنید:",

	SignInTitle: "ورود برگزارکنندگان",
	SignInIntro: "نشانی ایمیل برگزارکنندگی‌تان را وارد کنید تا پیوند ورود را برایتان بفرستیم. این پیوند یک بار و تا ۱۵ دقیقه کار می‌کند.",
	Email:       "نشانی ایمیل", EmailHint: "نشانی‌ای که گروه از شما به‌عنوان برگزارکننده دارد.", SendLink: "پیوند ورود را برایم بفرست",
	SentTitle: "صندوق ایمیلتان را ببینید",
	SentText:  "اگر این نشانی متعلق به یکی از برگزارکنندگان باشد، پیوند ورود را برایش فرستادیم. آن را روی همین دستگاه باز کنید و دکمه‌اش را بزنید.",
	SentAgain: "پس از چند دقیقه ایمیلی نرسید؟ پوشهٔ هرزنامه را ببینید یا دوباره درخواست کنید.",
	SignedOut: "از حساب خود خارج شدید.", SessionEnded: "نشست شما به پایان رسیده است. لطفاً دوباره وارد شوید.",

	NeedsActionNow: "همین حالا اقدام لازم است", NeedsAction: "نیازمند اقدام", NothingNeedsAction: "کاری معطل نمانده است. آفرین!",
	ComingMeetups: "دورهمی‌های پیش رو", NoComingMeetup: "در ۶۰ روز آینده هیچ دورهمی‌ای برنامه‌ریزی نشده است.", ThisWeek: "این هفته",
	Meetup: "دورهمی", WhenLabel: "زمان", Seats: "جای گرفته‌شده", Waiting: "در انتظار", Programme: "برنامه",
	NoTalkYet: "هنوز ارائه‌ای نیست", NewMeetup: "دورهمی تازه", TalkAccepted: "هنوز تأیید نشده", TalkConfirmed: "تأییدشده",

	NotFoundTitle: "پیدا نشد", NotFoundText: "اینجا چیزی نیست. شاید حذف شده باشد.",
	ConflictTitle: "در این میان تغییر کرد", ConflictText: "هم‌زمان کس دیگری این را تغییر داد. دوباره بازش کنید تا وضعیت کنونی را ببینید.",
	ForbiddenTitle: "مجاز نیست", ForbiddenText: "این فرم از صفحه‌های پیشخوان فرستاده نشده است، پس چیزی تغییر نکرد. صفحه را دوباره باز کنید و از همان‌جا بفرستید.",
	InvalidTitle: "درخواست نامعتبر", InvalidText: "این درخواست قابل انجام نیست.",
	FailedTitle: "خطا", FailedText: "مشکلی از سوی ما پیش آمد و چیزی تغییر نکرد. لطفاً کمی بعد دوباره امتحان کنید.",
	BusyTitle: "درخواست‌های بسیار", BusyText: "پیشخوان سرش شلوغ است. چند ثانیه صبر کنید و دوباره امتحان کنید.",
	BackToDashboard: "بازگشت به پیشخوان",
}

// For is the console's words in l (English for a language it does not speak).
func For(l lang.Tag) *Words { return inLang(l, &english, &persian) }

// inLang is, of one set of words in each language the console speaks, the
// set in l: the Persian one for Persian, else the English one.
func inLang[W any](l lang.Tag, english, persian *W) *W {
	if known(l) == lang.Persian {
		return persian
	}
	return english
}
