package authapi

import (
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
)

// signInPage is what an organizer's emailed sign-in link opens.
var signInPage = httpapi.PageText{
	lang.English: {Title: "Sign in to TehPUG", Paragraphs: []string{"Press the button to sign in as an organizer of the Tehran Python User Group.", "This link works once, and only for 30 minutes after it was sent."}, Button: "Sign in"},
	lang.Persian: {Title: "ورود به TehPUG", Paragraphs: []string{"برای ورود به‌عنوان برگزارکنندهٔ گروه کاربران پایتون تهران، دکمه را بزنید.", "این پیوند فقط یک بار و تنها تا ۳۰ دقیقه پس از ارسال کار می‌کند."}, Button: "ورود"},
}

// signInErrorPage explains a sign-in link that cannot be used: forged,
// expired, used already, or its organizer is no longer on the list.
var signInErrorPage = httpapi.PageText{
	lang.English: {Title: "Sign-in link not valid", Paragraphs: []string{"This sign-in link is not valid, has expired or was already used. Please ask for a new one."}},
	lang.Persian: {Title: "پیوند ورود معتبر نیست", Paragraphs: []string{"این پیوند ورود معتبر نیست، منقضی شده یا قبلاً استفاده شده است. لطفاً پیوند تازه‌ای درخواست کنید."}},
}
