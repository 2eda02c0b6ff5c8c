package authapi

import (
	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/web"
)

// signInPage is what an organizer's emailed sign-in link opens.
var signInPage = httpapi.PageText{
	lang.English: {Title: "Sign in to TehPUG", Paragraphs: []string{"Press the button to sign in as an organizer of the Tehran Python User Group.", "This link works once, and only for 30 minutes after it was sent."}, Button: "Sign in"},
	lang.Persian: {Title: "ورود به TehPUG", Paragraphs: []string{"برای ورود به‌عنوان برگزارکنندهٔ گروه کاربران پایتون تهران، دکمه را بزنید.", "این پیوند فقط یک بار و تنها تا ۳۰ دقیقه پس از ارسال کار می‌کند."}, Button: "ورود"},
}

// signInErrorPage explains a sign-in link that cannot be used: forged,
// expired, used already, or its organizer is no longer on the list.
var signInErrorPage = httpapi.PageText{
	lang.English: {Title: "Sign-in link not valid", Paragraphs: []string{"This sign-in link is not valid, has expired or was already used."}},
	lang.Persian: {Title: "پیوند ورود معتبر نیست", Paragraphs: []string{"این پیوند ورود معتبر نیست، منقضی شده یا قبلاً استفاده شده است."}},
}

// signInAgain is the next step on a sign-in link's error page: the
// console's sign-in page, which emails a new link.
func signInAgain(l lang.Tag) *web.Next {
	to := consolepath.SignIn + "?lang=" + string(l)
	if l == lang.Persian {
		return &web.Next{Text: "پیوند ورود تازه‌ای بخواهید: نشانی خود را در صفحهٔ ورود بنویسید.", Label: "ورود برگزارکنندگان", Href: to}
	}
	return &web.Next{Text: "Ask for a new sign-in link: enter your address on the sign-in page.", Label: "Organizer sign-in", Href: to}
}
