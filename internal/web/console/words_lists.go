package console

// ListWords is what the talks and mentorships pages say, in one language.
type ListWords struct {
	// The talks.
	WhichTalks, Talk, Speaker, Format, Meetup, InState, Backlog, NoTalks string
	// Statuses and Formats name each talk status and format.
	Statuses, Formats map[string]string

	// The mentorships.
	WhichPairs, Current, Mentor, Mentee, Health, LastCheckIn, Paired, Never, NoPairs string
	// States names each state of health.
	States map[string]string

	NextPage, Erased string
}

var englishLists = ListWords{
	WhichTalks: "Which talks", Talk: "Talk", Speaker: "Speaker", Format: "Format", Meetup: "Meetup",
	InState: "In this state for", Backlog: "Backlog (no meetup)", NoTalks: "No talks here.",
	Statuses: map[string]string{"submitted": "Submitted", "accepted": "Accepted", "confirmed": "Confirmed", "rejected": "Rejected", "withdrawn": "Withdrawn"},
	Formats:  map[string]string{"lightning": "Lightning (5 min)", "short": "Short (20 min)", "long": "Long (40 min)"},

	WhichPairs: "Which mentorships", Current: "All current", Mentor: "Mentor", Mentee: "Mentee", Health: "Health",
	LastCheckIn: "Last check-in", Paired: "Paired", Never: "Never", NoPairs: "No mentorships here.",
	States: map[string]string{"active": "On track", "overdue": "Overdue", "at_risk": "At risk", "stalled": "Stalled", "ended": "Ended"},

	NextPage: "Next page", Erased: "(data erased)",
}

var persianLists = ListWords{
	WhichTalks: "کدام ارائه‌ها", Talk: "ارائه", Speaker: "ارائه‌دهنده", Format: "قالب", Meetup: "دورهمی",
	InState: "مدت در این وضعیت", Backlog: "در انتظار (بی‌دورهمی)", NoTalks: "ارائه‌ای اینجا نیست.",
	Statuses: map[string]string{"submitted": "فرستاده‌شده", "accepted": "پذیرفته", "confirmed": "تأییدشده", "rejected": "ردشده", "withdrawn": "پس‌گرفته"},
	Formats:  map[string]string{"lightning": "برق‌آسا (۵ دقیقه)", "short": "کوتاه (۲۰ دقیقه)", "long": "بلند (۴۰ دقیقه)"},

	WhichPairs: "کدام منتورشیپ‌ها", Current: "همهٔ جاری‌ها", Mentor: "منتور", Mentee: "منتی", Health: "وضعیت",
	LastCheckIn: "آخرین گزارش", Paired: "آغاز همراهی", Never: "هرگز", NoPairs: "منتورشیپی اینجا نیست.",
	States: map[string]string{"active": "روبه‌راه", "overdue": "دیرکرد", "at_risk": "در خطر", "stalled": "متوقف", "ended": "پایان‌یافته"},

	NextPage: "صفحهٔ بعد", Erased: "(داده‌ها پاک شده)",
}

// LW is the talks and mentorships pages' words in the frame's language.
func (f Frame) LW() *ListWords { return inLang(f.Lang, &englishLists, &persianLists) }

// named is what names says of key, or key itself when it has no name.
func named(names map[string]string, key string) string {
	if n, ok := names[key]; ok {
		return n
	}
	return key
}
