package console

// MemberWords is what the members page says, in one language.
type MemberWords struct {
	Counts, Confirmed, Unsubscribed, Pending, PendingHint, Joins, Month, Joined string
	Find, FindHint, Email, Search, Nobody, Found                                string
	Membership, Status, Language, JoinedAt, NotMember                           string
	Registrations, Meetup, Place, Came, Talks, Talk, TalkStatus                 string
	Applications, Role, AppStatus, None                                         string
	Erase, EraseTitle, EraseWhat, EraseNothing, EraseConfirm, Keep, Erased      string
	// Statuses names members', registrations', talks' and applications'
	// statuses and roles.
	Statuses map[string]string
}

var englishMembers = MemberWords{
	Counts: "Members now", Confirmed: "Confirmed", Unsubscribed: "of whom unsubscribed from news", Pending: "Not confirmed yet",
	PendingHint: "Joined in the last few days and may still confirm.",
	Joins:       "Joined, month by month", Month: "Month", Joined: "Confirmed members who joined",
	Find: "Find a person", FindHint: "Their exact email address: to answer a question about what the group holds, or to erase them on their request.",
	Email: "Email address", Search: "Find", Nobody: "Nothing is stored about this address.", Found: "What is stored about this address",
	Membership: "Membership", Status: "Status", Language: "Language", JoinedAt: "Joined", NotMember: "Not a member.",
	Registrations: "Registrations", Meetup: "Meetup", Place: "Place", Came: "Came",
	Talks: "Talks", Talk: "Talk", TalkStatus: "State",
	Applications: "Mentorship applications", Role: "As", AppStatus: "State", None: "None.",
	Erase: "Erase this person…", EraseTitle: "Erase this person?",
	EraseWhat:    "This erases everything stored about this address, at once and for good: their membership, their %[1]s registrations (their seats go to the next in line), their %[2]s talks (a talk on a programme keeps its title, without a speaker) and their mentorship (the other side is freed). Do it only when they asked.",
	EraseNothing: "Nothing is stored about this address.", EraseConfirm: "Erase everything", Keep: "Keep it",
	Erased:   "Erased: nothing about that address is stored any more.",
	Statuses: map[string]string{"confirmed": "confirmed", "pending": "not confirmed", "waitlisted": "waiting", "cancelled": "cancelled", "submitted": "undecided", "accepted": "accepted", "rejected": "rejected", "withdrawn": "withdrawn", "open": "open", "paired": "paired", "closed": "closed", "mentor": "mentor", "mentee": "mentee", "en": "English", "fa": "Persian"},
}

var persianMembers = MemberWords{
	Counts: "اعضا اکنون", Confirmed: "تأییدشده", Unsubscribed: "که از میان آنها خبرنامه را لغو کرده‌اند", Pending: "هنوز تأییدنشده",
	PendingHint: "در چند روز گذشته پیوسته‌اند و هنوز می‌توانند تأیید کنند.",
	Joins:       "پیوستن، ماه به ماه", Month: "ماه", Joined: "اعضای تأییدشده‌ای که پیوستند",
	Find: "یافتن یک نفر", FindHint: "نشانی ایمیل دقیق او: برای پاسخ به پرسشی دربارهٔ آنچه گروه از او نگه می‌دارد، یا پاک‌کردنش به درخواست خودش.",
	Email: "نشانی ایمیل", Search: "یافتن", Nobody: "چیزی از این نشانی نگه داشته نشده است.", Found: "آنچه از این نشانی نگه داشته شده",
	Membership: "عضویت", Status: "وضعیت", Language: "زبان", JoinedAt: "پیوستن", NotMember: "عضو نیست.",
	Registrations: "ثبت‌نام‌ها", Meetup: "دورهمی", Place: "جا", Came: "آمد",
	Talks: "ارائه‌ها", Talk: "ارائه", TalkStatus: "وضعیت",
	Applications: "درخواست‌های منتورشیپ", Role: "به‌عنوان", AppStatus: "وضعیت", None: "هیچ.",
	Erase: "پاک‌کردن این شخص…", EraseTitle: "این شخص پاک شود؟",
	EraseWhat:    "این کار همه‌چیزِ نگه‌داشته از این نشانی را یک‌باره و برای همیشه پاک می‌کند: عضویت، %[1]s ثبت‌نام (جایش به نفر بعدی فهرست انتظار می‌رسد)، %[2]s ارائه (ارائهٔ روی برنامه عنوانش را بی‌نام ارائه‌دهنده نگه می‌دارد) و منتورشیپ (طرف دیگر آزاد می‌شود). فقط وقتی خودش خواسته این کار را بکنید.",
	EraseNothing: "چیزی از این نشانی نگه داشته نشده است.", EraseConfirm: "پاک‌کردن همه‌چیز", Keep: "نگه‌داشتن",
	Erased:   "پاک شد: دیگر چیزی از آن نشانی نگه داشته نمی‌شود.",
	Statuses: map[string]string{"confirmed": "تأییدشده", "pending": "تأییدنشده", "waitlisted": "در انتظار", "cancelled": "لغوشده", "submitted": "بی‌تصمیم", "accepted": "پذیرفته", "rejected": "ردشده", "withdrawn": "پس‌گرفته", "open": "باز", "paired": "جفت‌شده", "closed": "بسته", "mentor": "منتور", "mentee": "منتی", "en": "انگلیسی", "fa": "فارسی"},
}

// MbW is the members page's words in the frame's language.
func (f Frame) MbW() *MemberWords { return inLang(f.Lang, &englishMembers, &persianMembers) }
