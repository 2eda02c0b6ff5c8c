package console

// TalkWords is what the talk board, a talk's page and a meetup's programme
// say, in one language. A format takes its numbers already written in the
// page's digits.
type TalkWords struct {
	// The board: its tabs (by status), its sections and its columns.
	Board, WhichTalks                                                                   string
	Tabs                                                                                map[string]string
	ForMeetup, BacklogHeading, NoneHere, Talk, Speaker, Format, Level, Language, Meetup string
	Waiting, InState, Confirmation, NextPage                                            string
	// Capstone marks a mentee's talk about what their mentorship led to;
	// CoSpeaker says its mentor agreed to be named.
	Capstone, CoSpeaker string
	// CapstoneText says on a talk's page what a capstone talk is.
	CapstoneText string
	// The confirmation ladder of an accepted talk. DaysAway is "N days".
	NotAsked, FirstAsk, SecondAsk, Silent, DaysAway, Started string
	// The filters.
	Filters, AnyFormat, AnyLevel, AnyLanguage, Show, ClearFilters string
	// Levels and Languages name each level and language; Formats are the
	// list words' (ListWords.Formats).
	Levels, Languages map[string]string

	// A talk's page.
	Abstract, Status, Preferred, NoMeetup, Message, OtherTalks, NoOtherTalks   string
	Accepted, Rejected                                                         string
	Decide, AcceptInto, NoMeetups, MinutesOf, Over, NoProgramme, PreviewAccept string
	RejectHeading, RejectText, PreviewReject, Closed                           string

	// The email preview.
	PreviewAcceptTitle, PreviewRejectTitle, To, Subject, PreviewNote string
	YourMessage, MessageHint, Update, ConfirmAccept, ConfirmReject   string
	BackToTalk                                                       string

	// The conflict: someone else decided the talk first.
	ConflictTitle, ConflictText, SeeTalk string

	// A meetup's programme: minutes taken of its length; what is free.
	ProgrammeMinutes, Free, EmptySlot, Overbooked string
}

var englishTalks = TalkWords{
	Board: "Talks", WhichTalks: "Which talks",
	Tabs:      map[string]string{"submitted": "Undecided", "accepted": "Awaiting the speaker", "confirmed": "Confirmed", "rejected": "Rejected", "withdrawn": "Withdrawn"},
	ForMeetup: "Proposed for a meetup", BacklogHeading: "The backlog: for no particular meetup", NoneHere: "No talks here.",
	Capstone: "Mentorship capstone", CoSpeaker: "with their mentor as co-speaker",
	CapstoneText: "A mentee's lightning talk about what their completed mentorship led to: a first candidate for an empty slot.",
	Talk:         "Talk", Speaker: "Speaker", Format: "Format", Level: "Level", Language: "Language", Meetup: "Meetup",
	Waiting: "Waiting for", InState: "In this state for", Confirmation: "Confirmation", NextPage: "Next page",
	NotAsked: "Not asked yet", FirstAsk: "Asked 14 days before, on %s", SecondAsk: "Asked again 7 days before, on %s",
	Silent: "Silent: the organizers are told", DaysAway: "Meetup in %s days", Started: "The meetup has begun",
	Filters: "Filters", AnyFormat: "Any format", AnyLevel: "Any level", AnyLanguage: "Any language", Show: "Show", ClearFilters: "Clear the filters",
	Levels:    map[string]string{"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"},
	Languages: map[string]string{"en": "English", "fa": "Persian"},

	Abstract: "Abstract", Status: "Status", Preferred: "Proposed for", NoMeetup: "No particular meetup (the backlog)",
	Message: "The organizers' message", OtherTalks: "The speaker's other talks", NoOtherTalks: "None.",
	Accepted: "The talk is accepted and its speaker emailed.", Rejected: "The talk is rejected and its speaker emailed.",
	Decide: "Decide", AcceptInto: "Accept into a meetup", NoMeetups: "No upcoming meetup to accept it into: create one first.",
	MinutesOf: "%[1]s of %[2]s minutes taken", Over: "With this talk: %[1]s of %[2]s minutes, over the meetup's length.",
	NoProgramme: "No talks yet.", PreviewAccept: "Preview the email for this meetup",
	RejectHeading: "Reject", RejectText: "The speaker is thanked and told it found no place this time, with your message if you write one.",
	PreviewReject: "Preview the rejection email", Closed: "This talk is %s: there is nothing to decide.",

	PreviewAcceptTitle: "Accept into %s: the email the speaker will get", PreviewRejectTitle: "Reject: the email the speaker will get",
	To: "To", Subject: "Subject", PreviewNote: "The buttons' links are made when the email is sent; here they lead nowhere.",
	YourMessage: "Your message to the speaker", MessageHint: "Optional. It goes into the email as you write it.",
	Update: "Update the preview", ConfirmAccept: "Accept and send this email", ConfirmReject: "Reject and send this email",
	BackToTalk: "Back to the talk",

	ConflictTitle: "Someone else decided this talk",
	ConflictText:  "Another organizer changed this talk a moment before you: your decision was not made, and the speaker was not emailed about it.",
	SeeTalk:       "See the talk as it is now",

	ProgrammeMinutes: "%[1]s of %[2]s minutes taken", Free: "%s minutes free.",
	EmptySlot:  "The programme is empty: no talk is accepted for this meetup yet.",
	Overbooked: "The talks take %s minutes more than the meetup lasts.",
}

var persianTalks = TalkWords{
	Board: "ارائه‌ها", WhichTalks: "کدام ارائه‌ها",
	Tabs:      map[string]string{"submitted": "بی‌تصمیم", "accepted": "در انتظار ارائه‌دهنده", "confirmed": "تأییدشده", "rejected": "ردشده", "withdrawn": "پس‌گرفته"},
	ForMeetup: "پیشنهادشده برای یک دورهمی", BacklogHeading: "فهرست انتظار: برای هیچ دورهمی خاصی", NoneHere: "ارائه‌ای اینجا نیست.",
	Capstone: "پایان منتورشیپ", CoSpeaker: "همراه با منتورش",
	CapstoneText: "ارائهٔ کوتاه یک منتی دربارهٔ حاصل منتورشیپی که به انجام رسید: نخستین گزینه برای یک جای خالی.",
	Talk:         "ارائه", Speaker: "ارائه‌دهنده", Format: "قالب", Level: "سطح", Language: "زبان", Meetup: "دورهمی",
	Waiting: "مدت انتظار", InState: "مدت در این وضعیت", Confirmation: "تأیید", NextPage: "صفحهٔ بعد",
	NotAsked: "هنوز پرسیده نشده", FirstAsk: "۱۴ روز پیش از دورهمی پرسیده شد، در %s", SecondAsk: "۷ روز پیش از دورهمی دوباره پرسیده شد، در %s",
	Silent: "بی‌پاسخ: به برگزارکنندگان گفته می‌شود", DaysAway: "%s روز تا دورهمی", Started: "دورهمی آغاز شده است",
	Filters: "پالایه‌ها", AnyFormat: "هر قالبی", AnyLevel: "هر سطحی", AnyLanguage: "هر زبانی", Show: "نمایش", ClearFilters: "برداشتن پالایه‌ها",
	Levels:    map[string]string{"beginner": "مقدماتی", "intermediate": "میانه", "advanced": "پیشرفته"},
	Languages: map[string]string{"en": "انگلیسی", "fa": "فارسی"},

	Abstract: "چکیده", Status: "وضعیت", Preferred: "پیشنهادشده برای", NoMeetup: "هیچ دورهمی خاصی (فهرست انتظار)",
	Message: "پیام برگزارکنندگان", OtherTalks: "ارائه‌های دیگر این ارائه‌دهنده", NoOtherTalks: "هیچ.",
	Accepted: "ارائه پذیرفته شد و به ارائه‌دهنده ایمیل زده شد.", Rejected: "ارائه رد شد و به ارائه‌دهنده ایمیل زده شد.",
	Decide: "تصمیم", AcceptInto: "پذیرفتن برای یک دورهمی", NoMeetups: "دورهمی پیش رویی برای پذیرفتن آن نیست: نخست یکی بسازید.",
	MinutesOf: "%[1]s از %[2]s دقیقه پر شده", Over: "با این ارائه: %[1]s از %[2]s دقیقه، بیش از زمان دورهمی.",
	NoProgramme: "هنوز ارائه‌ای نیست.", PreviewAccept: "پیش‌نمایش ایمیل برای این دورهمی",
	RejectHeading: "رد کردن", RejectText: "از ارائه‌دهنده سپاسگزاری می‌شود و به او گفته می‌شود این بار جایی برای ارائه نبود، همراه با پیام شما اگر بنویسید.",
	PreviewReject: "پیش‌نمایش ایمیل رد", Closed: "این ارائه %s است: تصمیمی برای گرفتن نیست.",

	PreviewAcceptTitle: "پذیرفتن برای %s: ایمیلی که ارائه‌دهنده می‌گیرد", PreviewRejectTitle: "رد کردن: ایمیلی که ارائه‌دهنده می‌گیرد",
	To: "به", Subject: "موضوع", PreviewNote: "پیوند دکمه‌ها هنگام فرستادن ایمیل ساخته می‌شوند؛ اینجا به جایی نمی‌روند.",
	YourMessage: "پیام شما به ارائه‌دهنده", MessageHint: "اختیاری. همان‌طور که می‌نویسید در ایمیل می‌آید.",
	Update: "به‌روزرسانی پیش‌نمایش", ConfirmAccept: "پذیرفتن و فرستادن این ایمیل", ConfirmReject: "رد کردن و فرستادن این ایمیل",
	BackToTalk: "بازگشت به ارائه",

	ConflictTitle: "کس دیگری دربارهٔ این ارائه تصمیم گرفت",
	ConflictText:  "برگزارکنندهٔ دیگری لحظه‌ای پیش از شما این ارائه را تغییر داد: تصمیم شما انجام نشد و در این باره ایمیلی به ارائه‌دهنده زده نشد.",
	SeeTalk:       "دیدن ارائه همان‌طور که اکنون هست",

	ProgrammeMinutes: "%[1]s از %[2]s دقیقه پر شده", Free: "%s دقیقه خالی.",
	EmptySlot:  "برنامه خالی است: هنوز هیچ ارائه‌ای برای این دورهمی پذیرفته نشده است.",
	Overbooked: "ارائه‌ها %s دقیقه بیش از زمان دورهمی‌اند.",
}

// TW is the talk pages' words in the frame's language.
func (f Frame) TW() *TalkWords { return inLang(f.Lang, &englishTalks, &persianTalks) }
