package mentorapi

import "github.com/tehpug/backend/internal/mentorship"

// pageWords is the check-in page in one language.
type pageWords struct {
	title          string
	intro          map[mentorship.Role]string // "{partner}" is replaced by the partner's name
	introNoName    string
	fix            string
	fields         map[string]string
	oneTap         string
	answers        map[mentorship.Answer]string
	more           string
	progress       string
	progressLabels [5]string
	summary        string
	nextStep       string
	blocked        string
	no, yes        string
	send           string
}

// fieldName is how the page names a form field in an error message.
func (w pageWords) fieldName(f string) string {
	if n, ok := w.fields[f]; ok {
		return n
	}
	return f
}

type pageText map[string]pageWords

// in returns the words in lang, falling back to English.
func (p pageText) in(lang string) pageWords {
	if w, ok := p[lang]; ok {
		return w
	}
	return p["en"]
}

// checkInText is what the check-in page says.
var checkInText = pageText{
	"en": {
		title: "How is your mentorship going?",
		intro: map[mentorship.Role]string{
			mentorship.Mentor: "Your check-in on mentoring {partner}. It takes a few seconds, and it is how organizers notice a pair that needs help.",
			mentorship.Mentee: "Your check-in on being mentored by {partner}. It takes a few seconds, and it is how organizers notice a pair that needs help.",
		},
		introNoName: "It takes a few seconds, and it is how organizers notice a pair that needs help.",
		fix:         "Please correct the form:",
		fields: map[string]string{
			"answer": "Answer", "progress": "Progress", "summary": "What happened", "next_step": "Next step", "blocked": "Blocked",
		},
		oneTap: "In one tap",
		answers: map[mentorship.Answer]string{
			mentorship.Met: "We met", mentorship.NotYet: "Not yet", mentorship.NeedHelp: "We need help",
		},
		more:           "Or tell us more",
		progress:       "Progress since the last check-in (1 = none, 5 = a lot)",
		progressLabels: [5]string{"1", "2", "3", "4", "5"},
		summary:        "What happened?",
		nextStep:       "What is the next step?",
		blocked:        "Are you blocked?",
		no:             "No",
		yes:            "Yes, we need help",
		send:           "Send my check-in",
	},
	"fa": {
		title: "منتورشیپ شما چطور پیش می‌رود؟",
		intro: map[mentorship.Role]string{
			mentorship.Mentor: "گزارش شما از منتوری {partner}. چند ثانیه بیشتر طول نمی‌کشد و همین است که به برگزارکنندگان نشان می‌دهد کدام همراهی به کمک نیاز دارد.",
			mentorship.Mentee: "گزارش شما از همراهی با منتورتان، {partner}. چند ثانیه بیشتر طول نمی‌کشد و همین است که به برگزارکنندگان نشان می‌دهد کدام همراهی به کمک نیاز دارد.",
		},
		introNoName: "چند ثانیه بیشتر طول نمی‌کشد و همین است که به برگزارکنندگان نشان می‌دهد کدام همراهی به کمک نیاز دارد.",
		fix:         "لطفاً فرم را اصلاح کنید:",
		fields: map[string]string{
			"answer": "پاسخ", "progress": "پیشرفت", "summary": "چه گذشت", "next_step": "گام بعدی", "blocked": "گیر کرده‌اید",
		},
		oneTap: "با یک ضربه",
		answers: map[mentorship.Answer]string{
			mentorship.Met: "دیدار داشتیم", mentorship.NotYet: "هنوز نه", mentorship.NeedHelp: "به کمک نیاز داریم",
		},
		more:           "یا بیشتر بگویید",
		progress:       "پیشرفت از گزارش قبلی (۱ = هیچ، ۵ = بسیار)",
		progressLabels: [5]string{"۱", "۲", "۳", "۴", "۵"},
		summary:        "چه گذشت؟",
		nextStep:       "گام بعدی چیست؟",
		blocked:        "گیر کرده‌اید؟",
		no:             "نه",
		yes:            "بله، به کمک نیاز داریم",
		send:           "فرستادن گزارش",
	},
}
