package console

import (
	"fmt"

	"github.com/tehpug/backend/internal/lang"
)

// PasskeyWords is what the passkeys page and the sign-in page's passkey
// button say, in one language; what the console's script says is among
// them, handed to it in the page.
type PasskeyWords struct {
	// The page.
	Title, Intro, Yours, None string
	// Added and LastUsed take a date; DefaultName is a passkey's name when
	// the organizer gave none, and takes the date it was added.
	Added, LastUsed, NeverUsed, DefaultName string
	// Remove is a remove button; RemoveLabel its accessible name, with
	// the passkey's name; RemoveHint says what removing does.
	Remove, RemoveLabel, RemoveHint string
	AddedNotice, RemovedNotice      string

	// Adding one.
	AddTitle, AddIntro, Name, NameHint, Add string
	NeedsScript, Unsupported, Full          string
	Working, AddFailed, Cancelled, Twice    string

	// Signing in with one.
	SignInTitle, SignInIntro, SignInButton string
	SignInWorking, SignInFailed, Busy      string
	SignInCancelled                        string
}

var englishPasskeys = PasskeyWords{
	Title: "Passkeys",
	Intro: "A passkey signs you in on this site with your device's screen lock or a security key, with no email to wait for. " +
		"The emailed link keeps working: it is how you get back in if you lose a device.",
	Yours: "Your passkeys", None: "You have no passkeys yet.",
	Added: "Added %s", LastUsed: "last used %s", NeverUsed: "not used yet", DefaultName: "Passkey added %s",
	Remove: "Remove", RemoveLabel: "Remove the passkey %s",
	RemoveHint:    "A removed passkey can no longer sign you in here. You can still sign in with the emailed link.",
	AddedNotice:   "Your passkey is added. Next time, choose “Sign in with a passkey” on the sign-in page.",
	RemovedNotice: "The passkey is removed and can no longer sign you in. You may also delete it from your device or password manager.",

	AddTitle: "Add a passkey",
	AddIntro: "Your browser will ask where to keep it (this device, your phone, a password manager or a security key) and for your screen lock.",
	Name:     "Name (optional)", NameHint: "To tell your passkeys apart, e.g. “Work laptop”.", Add: "Add a passkey",
	NeedsScript: "Adding a passkey needs a browser with JavaScript turned on. Everything else in the console works without it.",
	Unsupported: "This browser cannot make passkeys. Try an up-to-date browser, or keep signing in with the emailed link.",
	Full:        "You have as many passkeys as you can. Remove one to add another.",
	Working:     "Follow your browser's prompts…",
	AddFailed:   "The passkey could not be added. Please try again.",
	Cancelled:   "Nothing was added: the browser's prompt was closed or timed out.",
	Twice:       "This passkey is added already.",

	SignInTitle: "Or sign in with a passkey", SignInIntro: "If you added a passkey, you can sign in with it straight away.",
	SignInButton: "Sign in with a passkey", SignInWorking: "Follow your browser's prompts…",
	SignInFailed:    "This passkey could not sign you in. Try again, or use the emailed link.",
	Busy:            "Too many passkey sign-ins from your network. Use the emailed link, or try again later.",
	SignInCancelled: "You are not signed in: the browser's prompt was closed or timed out.",
}

var persianPasskeys = PasskeyWords{
	Title: "کلیدهای عبور",
	Intro: "کلید عبور با قفل صفحهٔ دستگاهتان یا یک کلید امنیتی شما را به این سایت وارد می‌کند، بی آنکه منتظر ایمیل بمانید. " +
		"پیوند ایمیلی همچنان کار می‌کند: اگر دستگاهی را گم کنید، راه بازگشتتان همان است.",
	Yours: "کلیدهای عبور شما", None: "هنوز کلید عبوری ندارید.",
	Added: "افزوده در %s", LastUsed: "آخرین استفاده در %s", NeverUsed: "هنوز استفاده نشده", DefaultName: "کلید عبور افزوده در %s",
	Remove: "حذف", RemoveLabel: "حذف کلید عبور %s",
	RemoveHint:    "کلید عبورِ حذف‌شده دیگر نمی‌تواند شما را وارد کند. همچنان می‌توانید با پیوند ایمیلی وارد شوید.",
	AddedNotice:   "کلید عبور شما افزوده شد. دفعهٔ بعد در صفحهٔ ورود «ورود با کلید عبور» را بزنید.",
	RemovedNotice: "کلید عبور حذف شد و دیگر نمی‌تواند شما را وارد کند. می‌توانید آن را از دستگاه یا مدیر گذرواژه‌تان هم پاک کنید.",

	AddTitle: "افزودن کلید عبور",
	AddIntro: "مرورگر می‌پرسد آن را کجا نگه دارد (همین دستگاه، تلفنتان، مدیر گذرواژه یا کلید امنیتی) و قفل صفحه را از شما می‌خواهد.",
	Name:     "نام (اختیاری)", NameHint: "برای تشخیص کلیدهایتان از هم، مثلاً «لپ‌تاپ محل کار».", Add: "افزودن کلید عبور",
	NeedsScript: "افزودن کلید عبور به مرورگری با جاوااسکریپت روشن نیاز دارد. بقیهٔ پیشخوان بدون آن هم کار می‌کند.",
	Unsupported: "این مرورگر نمی‌تواند کلید عبور بسازد. مرورگری به‌روز را امتحان کنید، یا همچنان با پیوند ایمیلی وارد شوید.",
	Full:        "به اندازهٔ سقف مجاز کلید عبور دارید. برای افزودن کلیدی تازه، یکی را حذف کنید.",
	Working:     "راهنمای مرورگر را دنبال کنید…",
	AddFailed:   "کلید عبور افزوده نشد. لطفاً دوباره امتحان کنید.",
	Cancelled:   "چیزی افزوده نشد: پنجرهٔ مرورگر بسته شد یا زمانش گذشت.",
	Twice:       "این کلید عبور پیش‌تر افزوده شده است.",

	SignInTitle: "یا با کلید عبور وارد شوید", SignInIntro: "اگر کلید عبوری افزوده‌اید، می‌توانید همین حالا با آن وارد شوید.",
	SignInButton: "ورود با کلید عبور", SignInWorking: "راهنمای مرورگر را دنبال کنید…",
	SignInFailed:    "این کلید عبور نتوانست شما را وارد کند. دوباره امتحان کنید یا از پیوند ایمیلی استفاده کنید.",
	Busy:            "از شبکهٔ شما درخواست‌های ورود با کلید عبور بسیار بوده است. از پیوند ایمیلی استفاده کنید یا کمی بعد دوباره امتحان کنید.",
	SignInCancelled: "وارد نشدید: پنجرهٔ مرورگر بسته شد یا زمانش گذشت.",
}

// PasskeysIn is the passkey words in l (English for a language the console
// does not speak).
func PasskeysIn(l lang.Tag) *PasskeyWords { return inLang(l, &englishPasskeys, &persianPasskeys) }

// with is format with its one %s filled in.
func with(format, s string) string { return fmt.Sprintf(format, s) }
