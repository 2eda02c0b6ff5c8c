package mentorshipapi

import (
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/web"
)

// oneTap is the order of the check-in page's one-tap answers.
var oneTap = []mentorship.Answer{mentorship.Met, mentorship.NotYet, mentorship.NeedHelp}

// pageWords is the check-in page in one language.
type pageWords struct {
	web.CheckInWords
	intro       map[mentorship.Role]string // "{partner}" marks the partner's name
	introNoName string
	fields      map[string]string // each form field as an error names it
	answers     map[mentorship.Answer]string
}

// checkInText is what the check-in page says.
var checkInText = map[lang.Tag]pageWords{
	lang.English: {
		CheckInWords: web.CheckInWords{
			Title:    "How is your mentorship going?",
			Fix:      "Please correct the form:",
			OneTap:   "In one tap",
			More:     "Or tell us more",
			Progress: "Progress since the last check-in (1 = none, 5 = a lot)",
			Summary:  "What happened?",
			NextStep: "What is the next step?",
			Blocked:  "Are you blocked?",
			No:       "No",
			Yes:      "Yes, we need help",
			Send:     "Send my check-in",
		},
		intro: map[mentorship.Role]string{
			mentorship.Mentor: "Your check-in on mentoring {partner}. It takes a few seconds, and it is how organizers notice a pair that needs help.",
			mentorship.Mentee: "Your check-in on being mentored by {partner}. It takes a few seconds, and it is how organizers notice a pair that needs help.",
		},
		introNoName: "It takes a few seconds, and it is how organizers notice a pair that needs help.",
		fields: map[string]string{
			"answer": "Answer", "progress": "Progress", "summary": "What happened", "next_step": "Next step", "blocked": "Blocked",
		},
		answers: map[mentorship.Answer]string{
			mentorship.Met: "We met", mentorship.NotYet: "Not yet", mentorship.NeedHelp: "We need help",
		},
	},
	lang.Persian: {
		CheckInWords: web.CheckInWords{
			Title:    "منتورشیپ شما چطور پیش می‌رود؟",
			Fix:      "لطفاً فرم را اصلاح کنید:",
			OneTap:   "با یک ضربه",
			More:     "یا بیشتر بگویید",
			Progress: "پیشرفت از گزارش قبلی (۱ = هیچ، ۵ = بسیار)",
			Summary:  "چه گذشت؟",
			NextStep: "گام بعدی چیست؟",
			Blocked:  "گیر کرده‌اید؟",
			No:       "نه",
			Yes:      "بله، به کمک نیاز داریم",
			Send:     "فرستادن گزارش",
		},
		intro: map[mentorship.Role]string{
			mentorship.Mentor: "گزارش شما از منتوری {partner}. چند ثانیه بیشتر طول نمی‌کشد و همین است که به برگزارکنندگان نشان می‌دهد کدام همراهی به کمک نیاز دارد.",
			mentorship.Mentee: "گزارش شما از همراهی با منتورتان، {partner}. چند ثانیه بیشتر طول نمی‌کشد و همین است که به برگزارکنندگان نشان می‌دهد کدام همراهی به کمک نیاز دارد.",
		},
		introNoName: "چند ثانیه بیشتر طول نمی‌کشد و همین است که به برگزارکنندگان نشان می‌دهد کدام همراهی به کمک نیاز دارد.",
		fields: map[string]string{
			"answer": "پاسخ", "progress": "پیشرفت", "summary": "چه گذشت", "next_step": "گام بعدی", "blocked": "گیر کرده‌اید",
		},
		answers: map[mentorship.Answer]string{
			mentorship.Met: "دیدار داشتیم", mentorship.NotYet: "هنوز نه", mentorship.NeedHelp: "به کمک نیاز داریم",
		},
	},
}
