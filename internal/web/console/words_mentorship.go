package console

// MentorshipWords is what the mentorship pages say (the pairs by health,
// the open applications with their suggestions, a pair's page, ending a
// pair, and a pairing someone else got to first), in one language. A
// format takes its numbers already written in the page's digits.
type MentorshipWords struct {
	// The pairs by health.
	WhichPairs, AllCurrent, NeedsHelp, NoPairs, Pairing, NextPage string
	Mentor, Mentee, Health, MentorLast, MenteeLast, Paired, Ended string
	Never, Open, AskedForHelp, Erased                             string
	// PairPage heads the column of the links to each pair's page.
	PairPage string
	// OpenPair labels a row's link for screen readers: "Open the
	// mentorship of <mentor> and <mentee>".
	OpenPair string
	// States names each state of health.
	States map[string]string

	// The open applications.
	PairingTitle, PairingIntro, Mentors, NoMentors, MentorsCapped, Mentees, NoMentees string
	Name, Topics, Language, Free, Availability, Applied, Goals, Waited                string
	// FreeOf is "free of capacity".
	FreeOf string
	// Suggested heads a mentee's suggestions; NoSuggestion says no mentor
	// has a free place.
	Suggested, NoSuggestion, Shared, NoShared, SameLanguage, OtherLanguage string
	// PairButton labels a suggestion's button; PairLabel says it whole for
	// screen readers: "Pair <mentee> with <mentor>".
	PairButton, PairLabel, NextMentees string
	// Rank is a suggestion's place in the ranking: "1.".
	Rank string
	// Languages names each application language.
	Languages map[string]string

	// A pair's page.
	PairTitle, PairedOn, EndedOn, Outcome, Reason, LastCheckIn, Email, CheckIns string
	NoCheckIns, OlderCheckIns, Side, When, Answer, Progress, Summary, NextStep  string
	Blocked, Yes, EndPair, Back, BackToPairs, NoticePaired, NoticeEnded         string
	// ProgressOf is "progress of 5".
	ProgressOf string
	// Answers names each one-tap answer; Outcomes each way a pair ends;
	// Sides each side.
	Answers, Outcomes, Sides map[string]string

	// Ending a pair.
	EndTitle, EndText, ReasonHint, Keep, AlreadyEnded, Fix string
	// EndAs labels the buttons that end a pair: "End it as <outcome>".
	EndAs string

	// Why pairs fade: the summary on the pairs by health (FadeCounts is
	// "<n> answers"), and each side's answer on a pair's page.
	FadeTitle, FadeIntro, FadeNone, FadeCounts, FadeAnswer, FadeNotAnswered string
	// FadeReasons names each answer.
	FadeReasons map[string]string

	// A pairing someone else got to first.
	ConflictTitle, ConflictText, MenteeTaken, MentorFull, MenteeClosed, SeeNow, SeePair, Already string
}

var englishMentorship = MentorshipWords{
	FadeTitle:       "Why pairs fade",
	FadeIntro:       "What both sides of each dropped or stalled pair answered when asked why, over every pair asked.",
	FadeNone:        "Nobody has answered yet.",
	FadeCounts:      "%s answers",
	FadeAnswer:      "Why it faded",
	FadeNotAnswered: "Not answered",
	FadeReasons: map[string]string{"no_time": "No time", "no_answer": "The other side did not answer", "goals_unclear": "Goals unclear",
		"got_what_i_needed": "Got what they needed", "other": "Other"},

	WhichPairs: "Which mentorships", AllCurrent: "All current", NeedsHelp: "Needs help", NoPairs: "No mentorships here.",
	Pairing: "Open applications and pairing", NextPage: "Next page",
	Mentor: "Mentor", Mentee: "Mentee", Health: "Health", MentorLast: "Mentor's last check-in", MenteeLast: "Mentee's last check-in",
	Paired: "Paired", Ended: "Ended", Never: "Never", Open: "Open", AskedForHelp: "asked for help", Erased: "(data erased)",
	OpenPair: "Open the mentorship of %[1]s and %[2]s", PairPage: "Its page",
	States: map[string]string{"active": "On track", "overdue": "Overdue", "at_risk": "At risk", "stalled": "Stalled", "ended": "Ended"},

	PairingTitle: "Open applications",
	PairingIntro: "Each waiting mentee's suggested mentors come first by shared topics, then a shared language, then the most free places. Pairing emails each side an introduction with their check-in link.",
	Mentors:      "Mentors with a free place", NoMentors: "No mentor has a free place.",
	MentorsCapped: "Suggestions consider the %s mentors who applied first.",
	Mentees:       "Waiting mentees, the longest waiting first", NoMentees: "No mentee is waiting.",
	Name: "Name", Topics: "Topics", Language: "Language", Free: "Free places", Availability: "Availability", Applied: "Applied",
	Goals: "Goals", Waited: "Waiting for", FreeOf: "%[1]s of %[2]s",
	Suggested: "Suggested mentors", NoSuggestion: "No mentor has a free place to suggest.",
	Shared: "Shared topics: %s", NoShared: "No shared topic", SameLanguage: "Same language", OtherLanguage: "Another language",
	PairButton: "Pair", PairLabel: "Pair %[1]s with %[2]s", NextMentees: "More waiting mentees", Rank: "%s.",
	Languages: map[string]string{"en": "English", "fa": "Persian"},

	PairTitle: "%[1]s and %[2]s", PairedOn: "Paired on", EndedOn: "Ended on", Outcome: "Outcome", Reason: "Reason",
	LastCheckIn: "Last check-in", Email: "Email", CheckIns: "Check-ins, the latest first",
	NoCheckIns: "Nobody has checked in yet.", OlderCheckIns: "Older check-ins", Side: "Who", When: "When", Answer: "Answer",
	Progress: "Progress", Summary: "What happened", NextStep: "Next step", Blocked: "Blocked", Yes: "Yes",
	EndPair: "End this mentorship", Back: "Back to the mentorship", BackToPairs: "All mentorships",
	NoticePaired: "They are paired: each has been emailed an introduction with their check-in link.",
	NoticeEnded:  "The mentorship has ended. The mentor's place is free and both check-in links have stopped working.",
	ProgressOf:   "%[1]s of %[2]s",
	Answers:      map[string]string{"met": "We met", "not_yet": "Not yet", "need_help": "We need help", "": "Full form"},
	Outcomes:     map[string]string{"completed": "Completed", "dropped": "Dropped", "erased": "Erased"},
	Sides:        map[string]string{"mentor": "Mentor", "mentee": "Mentee"},

	EndTitle:   "End this mentorship?",
	EndText:    "Ending frees the mentor's place, closes the mentee's application (they can apply again) and stops both check-in links. Nobody is emailed now; at the next daily run of the check-in reminders, the mentee of a completed pair is invited to give a lightning talk about it, and both sides of a dropped pair are asked why it faded.",
	ReasonHint: "Required: why it ended. Only organizers see it.", EndAs: "End it as %s", Keep: "Keep it going", AlreadyEnded: "This mentorship has ended.",
	Fix: "Please correct the following:",

	ConflictTitle: "Someone else changed this first",
	ConflictText:  "Nothing was changed by this press: what it acted on changed a moment before, most likely by another organizer.",
	MenteeTaken:   "This mentee already has a mentor.", MentorFull: "This mentor has no free place any more.",
	MenteeClosed: "This mentee's application is closed; they can apply again.",
	SeeNow:       "See the open applications as they are now", SeePair: "See the mentee's mentorship",
	Already: "These two were already paired.",
}

var persianMentorship = MentorshipWords{
	FadeTitle:       "چرا همراهی‌ها کم‌رنگ می‌شوند",
	FadeIntro:       "آنچه دو طرف هر منتورشیپ رهاشده یا متوقف، در پاسخ به پرسش «چرا»، گفته‌اند؛ روی همهٔ منتورشیپ‌هایی که پرسیده شده‌اند.",
	FadeNone:        "هنوز کسی پاسخ نداده است.",
	FadeCounts:      "%s پاسخ",
	FadeAnswer:      "چرا کم‌رنگ شد",
	FadeNotAnswered: "پاسخ نداده",
	FadeReasons: map[string]string{"no_time": "وقت نداشت", "no_answer": "طرف مقابل پاسخ نداد", "goals_unclear": "هدف‌ها روشن نبود",
		"got_what_i_needed": "آنچه می‌خواست را گرفت", "other": "دلیل دیگر"},

	WhichPairs: "کدام منتورشیپ‌ها", AllCurrent: "همهٔ جاری‌ها", NeedsHelp: "نیازمند کمک", NoPairs: "منتورشیپی اینجا نیست.",
	Pairing: "درخواست‌های باز و جفت‌کردن", NextPage: "صفحهٔ بعد",
	Mentor: "منتور", Mentee: "منتی", Health: "وضعیت", MentorLast: "آخرین گزارش منتور", MenteeLast: "آخرین گزارش منتی",
	Paired: "آغاز همراهی", Ended: "پایان", Never: "هرگز", Open: "باز کردن", AskedForHelp: "کمک خواسته", Erased: "(داده‌ها پاک شده)",
	OpenPair: "باز کردن منتورشیپ %[1]s و %[2]s", PairPage: "صفحه‌اش",
	States: map[string]string{"active": "روبه‌راه", "overdue": "دیرکرد", "at_risk": "در خطر", "stalled": "متوقف", "ended": "پایان‌یافته"},

	PairingTitle: "درخواست‌های باز",
	PairingIntro: "منتورهای پیشنهادی هر منتیِ منتظر، نخست بر پایهٔ موضوع‌های مشترک، سپس زبان مشترک و سپس بیشترین جای خالی می‌آیند. با جفت‌کردن، به هر دو طرف ایمیل معرفی با پیوند گزارششان فرستاده می‌شود.",
	Mentors:      "منتورهایی که جای خالی دارند", NoMentors: "هیچ منتوری جای خالی ندارد.",
	MentorsCapped: "پیشنهادها از میان %s منتوری است که زودتر درخواست داده‌اند.",
	Mentees:       "منتی‌های منتظر، از منتظرترین", NoMentees: "هیچ منتی‌ای منتظر نیست.",
	Name: "نام", Topics: "موضوع‌ها", Language: "زبان", Free: "جای خالی", Availability: "زمان‌های آزاد", Applied: "تاریخ درخواست",
	Goals: "هدف‌ها", Waited: "مدت انتظار", FreeOf: "%[1]s از %[2]s",
	Suggested: "منتورهای پیشنهادی", NoSuggestion: "منتوری با جای خالی برای پیشنهاد نیست.",
	Shared: "موضوع‌های مشترک: %s", NoShared: "بی موضوع مشترک", SameLanguage: "هم‌زبان", OtherLanguage: "زبان دیگر",
	PairButton: "جفت کن", PairLabel: "%[1]s را با %[2]s جفت کن", NextMentees: "منتی‌های منتظر بیشتر", Rank: "%s.",
	Languages: map[string]string{"en": "انگلیسی", "fa": "فارسی"},

	PairTitle: "%[1]s و %[2]s", PairedOn: "آغاز همراهی", EndedOn: "تاریخ پایان", Outcome: "نتیجه", Reason: "دلیل",
	LastCheckIn: "آخرین گزارش", Email: "ایمیل", CheckIns: "گزارش‌ها، از تازه‌ترین",
	NoCheckIns: "هنوز کسی گزارشی نداده است.", OlderCheckIns: "گزارش‌های قدیمی‌تر", Side: "چه کسی", When: "زمان", Answer: "پاسخ",
	Progress: "پیشرفت", Summary: "چه گذشت", NextStep: "گام بعد", Blocked: "گیر کرده", Yes: "بله",
	EndPair: "پایان دادن به این منتورشیپ", Back: "بازگشت به منتورشیپ", BackToPairs: "همهٔ منتورشیپ‌ها",
	NoticePaired: "جفت شدند: به هر کدام ایمیل معرفی با پیوند گزارششان فرستاده شد.",
	NoticeEnded:  "منتورشیپ پایان یافت. جای منتور آزاد شد و پیوندهای گزارش هر دو طرف دیگر کار نمی‌کنند.",
	ProgressOf:   "%[1]s از %[2]s",
	Answers:      map[string]string{"met": "دیدار کردیم", "not_yet": "هنوز نه", "need_help": "کمک لازم داریم", "": "فرم کامل"},
	Outcomes:     map[string]string{"completed": "به انجام رسید", "dropped": "رها شد", "erased": "پاک شد"},
	Sides:        map[string]string{"mentor": "منتور", "mentee": "منتی"},

	EndTitle:   "این منتورشیپ پایان یابد؟",
	EndText:    "با پایان دادن، جای منتور آزاد می‌شود، درخواست منتی بسته می‌شود (می‌تواند دوباره درخواست دهد) و پیوندهای گزارش هر دو طرف از کار می‌افتند. اکنون به کسی ایمیل زده نمی‌شود؛ در اجرای روزانهٔ بعدی یادآور گزارش‌ها، از منتیِ منتورشیپی که به انجام رسیده دعوت می‌شود دربارهٔ آن ارائهٔ کوتاهی بدهد، و از دو طرف منتورشیپ رهاشده پرسیده می‌شود چرا کم‌رنگ شد.",
	ReasonHint: "الزامی: چرا پایان یافت. تنها برگزارکنندگان آن را می‌بینند.", EndAs: "پایان با نتیجهٔ «%s»", Keep: "ادامه یابد", AlreadyEnded: "این منتورشیپ پایان یافته است.",
	Fix: "لطفاً این موارد را درست کنید:",

	ConflictTitle: "کس دیگری زودتر این را تغییر داد",
	ConflictText:  "این فشار دکمه چیزی را تغییر نداد: آنچه بر آن اثر می‌گذاشت لحظه‌ای پیش‌تر تغییر کرده بود، به احتمال زیاد به دست برگزارکنندهٔ دیگری.",
	MenteeTaken:   "این منتی اکنون منتور دارد.", MentorFull: "این منتور دیگر جای خالی ندارد.",
	MenteeClosed: "درخواست این منتی بسته است؛ می‌تواند دوباره درخواست دهد.",
	SeeNow:       "دیدن درخواست‌های باز همان‌طور که اکنون هستند", SeePair: "دیدن منتورشیپ این منتی",
	Already: "این دو پیش‌تر جفت شده بودند.",
}

// MSW is the mentorship pages' words in the frame's language.
func (f Frame) MSW() *MentorshipWords { return inLang(f.Lang, &englishMentorship, &persianMentorship) }
