package web

import "github.com/tehpug/backend/internal/lang"

// StatusWords is the title and the one paragraph of an error page for
// status in l, for when nothing more precise can be said: a link that is not
// valid (404) or already used (409), any other refused request (4xx), or a
// failure on our side (5xx).
func StatusWords(l lang.Tag, status int) (title, text string) {
	fa := known(l) == lang.Persian
	switch {
	case status == 404 && fa:
		return "پیوند معتبر نیست", "این پیوند معتبر نیست یا منقضی شده است."
	case status == 404:
		return "Link not valid", "This link is not valid or has expired."
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

// Advice is what a person can do after a form post failed with status, in
// l: try again later after a failure on our side (5xx), correct the form
// when it was malformed (400) or fields are named; "" otherwise.
func Advice(l lang.Tag, status int, fieldErrors bool) string {
	fa := known(l) == lang.Persian
	switch {
	case status >= 500 && fa:
		return "مشکلی از سوی ما پیش آمد. لطفاً کمی بعد دوباره امتحان کنید."
	case status >= 500:
		return "Something went wrong on our side. Please try again later."
	case (fieldErrors || status == 400) && fa:
		return "لطفاً برگردید، فرم را اصلاح کنید و دوباره بفرستید."
	case fieldErrors || status == 400:
		return "Please go back, correct the form and send it again."
	}
	return ""
}

// FormTrouble is why the server refused a member's form, in l, for when
// its own message cannot be shown (it is in English) or there is none:
// fields to correct (400, 422), what the form is for is gone (404) or
// closed (409), too many posts (429), or a failure on our side (5xx).
func FormTrouble(l lang.Tag, status int) string {
	fa := known(l) == lang.Persian
	switch {
	case (status == 400 || status == 422) && fa:
		return "چند مورد از فرم نیاز به اصلاح دارد."
	case status == 400 || status == 422:
		return "Some of the form needs correcting."
	case status == 404 && fa:
		return "آنچه این فرم برای آن است دیگر وجود ندارد."
	case status == 404:
		return "What this form is for no longer exists."
	case status == 409 && fa:
		return "این کار اکنون شدنی نیست؛ شاید دورهمی لغو شده یا آغاز شده باشد."
	case status == 409:
		return "This cannot be done now: the meetup may be cancelled or under way."
	case status == 429 && fa:
		return "اکنون درخواست‌ها زیاد است. لطفاً کمی صبر کنید و فرم را دوباره بفرستید."
	case status == 429:
		return "Too many requests right now. Please wait a moment and send the form again."
	}
	if status >= 500 {
		return Advice(l, status, false)
	}
	_, text := StatusWords(l, status)
	return text
}

// MemberLinkAgain is the next step on the page of a member's emailed link
// that cannot be used: ask, by address, for a link to their own page,
// where what the link did can be done again.
func MemberLinkAgain(l lang.Tag) *Next {
	if known(l) == lang.Persian {
		return &Next{Text: "پیوند تازه‌ای بخواهید: پیوند صفحهٔ خودتان را برایتان ایمیل می‌کنیم، که ثبت‌نام‌ها، ارائه‌ها و منتورشیپ شما در آن است.", Label: "پیوند را برایم بفرست", Href: MemberLinkPath + "?lang=fa"}
	}
	return &Next{Text: "Ask for a new link: we email you a link to your own page, where your registrations, talks and mentorship are.", Label: "Email me a link", Href: MemberLinkPath + "?lang=en"}
}

// MemberLinkPath is the page where a member asks for a link to their own
// page by address.
const MemberLinkPath = "/me/link"

// leaveEmpty labels the honeypot field, which people never see: for a
// screen reader that reads it anyway, in the page's language.
func leaveEmpty(l lang.Tag) string {
	if known(l) == lang.Persian {
		return "این را خالی بگذارید"
	}
	return "Leave this empty"
}
