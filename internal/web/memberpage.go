package web

import (
	"time"

	"github.com/tehpug/backend/internal/lang"
)

// MemberPage is a member's own page (My TehPUG), opened from the link every
// email to them carries. Each of its forms posts the link's token back:
// no GET changes anything.
type MemberPage struct {
	Lang  lang.Tag
	Token string
	Name  string
	// Notice says what the last action did; empty on opening.
	Notice string
	Errors []FieldError
	Places []MemberPlace
	Talks  []MemberTalk
	Pairs  []MemberPair
	// The preferences as stored.
	Language                      string
	Interests                     string
	WantsToSpeak, CallForSpeakers bool
	// Topics is the wishlist's section, with the member's votes.
	Topics *Topics
}

// MemberPlace is an upcoming meetup where the member holds a place.
type MemberPlace struct {
	MeetupID, Title, When, Standing string
}

// MemberPair is one of the member's mentorships under way: what it is
// ("You mentor Sara") and when they last checked in.
type MemberPair struct {
	PairID, What, Last string
}

// MemberTalk is one of the member's talks and what they can do with it.
type MemberTalk struct {
	ID, Title, Status       string
	CanWithdraw, CanConfirm bool
}

// AskLink is the page where a member asks for a link to their page.
type AskLink struct {
	Lang lang.Tag
	// Sent is set once asked: the page then says to check the inbox.
	Sent   bool
	Errors []FieldError
	Email  string
	// Problem and ProblemText say why a link to the page opened nothing.
	Problem, ProblemText string
}

// MemberWords are the member page's words in one language.
type MemberWords struct {
	Title, Hello, Intro, Places, NoPlaces, Cancel, Talks, NoTalks, Withdraw, Confirm string
	Mentorship, NoMentorship, Mentoring, MentoredBy, LastCheckIn, Never, CheckIn     string
	Preferences, Language, Interests, InterestsHint, WantsToSpeak                    string
	Emails, CallForSpeakers, Transactional, Save                                     string
	Links, LinksText, Retire, Erase, EraseText, EraseButton                          string
	Fix                                                                              string
	Seat, Held, Waitlist                                                             string // Waitlist takes the position
	AskTitle, AskIntro, AskEmail, AskButton, AskSent                                 string
	ErasePrompt, EraseConfirm                                                        string
	Battlefield, BattlefieldText, BattlefieldButton                                  string
}

// MemberText is the member page's words in each language.
var MemberText = map[lang.Tag]MemberWords{
	lang.English: {
		Title: "My TehPUG", Hello: "Hi", Intro: "This is your own page: only your links open it. Do not forward them.",
		Places: "Your registrations", NoPlaces: "You have no upcoming registrations.", Cancel: "Cancel my place",
		Talks: "Your talks", NoTalks: "You have proposed no talk.", Withdraw: "Withdraw", Confirm: "Confirm I will speak",
		Mentorship: "Your mentorship", NoMentorship: "You have no mentorship under way.",
		Mentoring: "You mentor %s", MentoredBy: "%s mentors you", LastCheckIn: "Your last check-in: %s", Never: "none yet", CheckIn: "Check in",
		Preferences: "Your preferences", Language: "Language", Interests: "Interests", InterestsHint: "Separated by commas",
		WantsToSpeak: "I would like to give a talk", Emails: "Emails you get",
		CallForSpeakers: "Calls for speakers (when a meetup has no talk yet)",
		Transactional:   "Emails about what you asked for (a registration, a talk, your mentorship) always come.",
		Save:            "Save my preferences",
		Links:           "Your links", LinksText: "Forwarded an email by mistake? Stop every link to this page, this one too; then ask for a new one by email.",
		Retire: "Stop all my links", Erase: "Erase my data", EraseText: "Remove everything TehPUG stores about you. You will be asked to confirm.",
		EraseButton: "Erase my data…", Fix: "Please correct the following:",
		Seat: "You have a seat", Held: "Held for you: confirm it from your email", Waitlist: "Number %d on the waitlist",
		AskTitle: "Get a link to your TehPUG page", AskIntro: "Enter the address you joined with. If it is a member's, we email it a link to its page.",
		AskEmail: "Email address", AskButton: "Email me my link",
		AskSent:      "If this address is a member's, we have emailed it a link to its page. Check your inbox.",
		ErasePrompt:  "Erase everything TehPUG stores about you: your membership, registrations, talk proposals, mentorship and robots. Talks you gave stay listed by title only. This cannot be undone.",
		EraseConfirm: "Erase my data now",
		Battlefield:  "Battlefield", BattlefieldText: "Write a robot in Python, send it, and play practice matches against the house robots; its page comes by email.",
		BattlefieldButton: "Send a robot",
	},
	lang.Persian: {
		Title: "TehPUG من", Hello: "سلام", Intro: "این صفحهٔ شخصی شماست: فقط پیوندهای خودتان آن را باز می‌کنند. آن‌ها را برای کسی نفرستید.",
		Places: "ثبت‌نام‌های شما", NoPlaces: "ثبت‌نامی در دورهمی‌های پیش رو ندارید.", Cancel: "لغو جای من",
		Talks: "ارائه‌های شما", NoTalks: "ارائه‌ای پیشنهاد نداده‌اید.", Withdraw: "انصراف", Confirm: "تأیید می‌کنم ارائه می‌دهم",
		Mentorship: "منتورشیپ شما", NoMentorship: "منتورشیپی در جریان ندارید.",
		Mentoring: "شما منتور %s هستید", MentoredBy: "%s منتور شماست", LastCheckIn: "آخرین گزارش پیگیری شما: %s", Never: "هنوز هیچ", CheckIn: "گزارش پیگیری",
		Preferences: "ترجیحات شما", Language: "زبان", Interests: "علاقه‌مندی‌ها", InterestsHint: "با ویرگول جدا کنید",
		WantsToSpeak: "دوست دارم ارائه بدهم", Emails: "ایمیل‌هایی که دریافت می‌کنید",
		CallForSpeakers: "فراخوان ارائه (وقتی دورهمی هنوز ارائه‌ای ندارد)",
		Transactional:   "ایمیل‌های مربوط به آنچه خودتان خواسته‌اید (ثبت‌نام، ارائه، منتورشیپ) همیشه می‌آیند.",
		Save:            "ذخیرهٔ ترجیحات",
		Links:           "پیوندهای شما", LinksText: "ایمیلی را اشتباهی برای کسی فرستادید؟ همهٔ پیوندهای این صفحه، از جمله همین یکی، را از کار بیندازید؛ سپس پیوند تازه‌ای با ایمیل بخواهید.",
		Retire: "از کار انداختن همهٔ پیوندهایم", Erase: "پاک کردن اطلاعاتم", EraseText: "هر چه TehPUG از شما نگه می‌دارد پاک می‌شود. پیش از آن از شما تأیید خواسته می‌شود.",
		EraseButton: "پاک کردن اطلاعاتم…", Fix: "لطفاً این موارد را اصلاح کنید:",
		Seat: "جای شما محفوظ است", Held: "برایتان نگه داشته شده: از ایمیلتان تأییدش کنید", Waitlist: "نفر %d فهرست انتظار",
		AskTitle: "پیوند صفحهٔ TehPUG خود را بگیرید", AskIntro: "نشانی‌ای را که با آن عضو شده‌اید وارد کنید. اگر نشانی یک عضو باشد، پیوند صفحه‌اش را برایش ایمیل می‌کنیم.",
		AskEmail: "نشانی ایمیل", AskButton: "پیوندم را ایمیل کن",
		AskSent:      "اگر این نشانی یک عضو باشد، پیوند صفحه‌اش را برایش فرستادیم. صندوق ایمیلتان را ببینید.",
		ErasePrompt:  "هر چه TehPUG از شما نگه می‌دارد پاک می‌شود: عضویت، ثبت‌نام‌ها، ارائه‌های پیشنهادی، منتورشیپ و ربات‌ها. از ارائه‌هایی که داده‌اید فقط عنوانشان می‌ماند. این کار برگشت‌پذیر نیست.",
		EraseConfirm: "همین حالا اطلاعاتم را پاک کن",
		Battlefield:  "میدان نبرد", BattlefieldText: "رباتی به زبان پایتون بنویسید، بفرستید و با ربات‌های خانه مسابقهٔ تمرینی بدهید؛ صفحهٔ ربات با ایمیل می‌رسد.",
		BattlefieldButton: "فرستادن ربات",
	},
}

// Words are the member page's words in p's language.
func (p MemberPage) Words() MemberWords { return MemberText[known(p.Lang)] }

// Words are the ask-for-link page's words in p's language.
func (p AskLink) Words() MemberWords { return MemberText[known(p.Lang)] }

// Date writes a day as a member reads it in l: "Thursday 17 December 2026",
// or in Persian its weekday and the date in Persian digits.
func Date(l lang.Tag, t time.Time) string {
	if known(l) != lang.Persian {
		return t.Format("Monday 2 January 2006")
	}
	return persianWeekdays[t.Weekday()] + " " + digits(l, t.Format("2006/01/02"))
}
