package membersapi

import (
	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
)

// The pages the members' emailed links open.
var (
	confirmPage = httpapi.PageText{
		lang.English: {Title: "Confirm your membership", Paragraphs: []string{"Press the button to confirm that you want to join the Tehran Python User Group."}, Button: "Confirm my membership"},
		lang.Persian: {Title: "تأیید عضویت", Paragraphs: []string{"برای تأیید عضویت در گروه کاربران پایتون تهران، دکمه را بزنید."}, Button: "عضویتم را تأیید کن"},
	}
	unsubscribePage = httpapi.PageText{
		lang.English: {Title: "Unsubscribe", Paragraphs: []string{"Press the button to stop all emails from TehPUG except those you ask for (such as a registration you make)."}, Button: "Unsubscribe"},
		lang.Persian: {Title: "لغو اشتراک", Paragraphs: []string{"با زدن دکمه، دیگر ایمیلی از TehPUG دریافت نمی‌کنید، جز ایمیل‌هایی که خودتان درخواست کنید (مثل ثبت‌نام در یک دورهمی)."}, Button: "لغو اشتراک"},
	}
	erasePage = httpapi.PageText{
		lang.English: {Title: "Erase your data", Paragraphs: []string{"Press the button to erase everything TehPUG holds about you: your membership, registrations, mentorship applications and check-ins. Accepted public talks keep only their title.", "This cannot be undone."}, Button: "Erase my data"},
		lang.Persian: {Title: "حذف اطلاعات", Paragraphs: []string{"با زدن دکمه، همهٔ اطلاعات شما نزد TehPUG پاک می‌شود: عضویت، ثبت‌نام‌ها، درخواست‌های منتورشیپ و گزارش‌ها. از ارائه‌های پذیرفته‌شدهٔ عمومی فقط عنوان می‌ماند.", "این کار برگشت‌پذیر نیست."}, Button: "اطلاعاتم را پاک کن"},
	}
)
