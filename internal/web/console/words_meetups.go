package console

import "fmt"

// MeetupWords is what the meetup pages say (the list, the form, a
// meetup's page and its cancellation), in one language. A format takes its
// numbers already written in the page's digits.
type MeetupWords struct {
	// The list.
	Upcoming, Past, Cancelled, WhichMeetups, NewMeetup, NoMeetups, NextPage, PreviousPage string
	Meetup, When, Venue, Seats, Waiting                                                   string
	// SeatsOf is "taken of capacity".
	SeatsOf string

	// The form.
	NewTitle, EditTitle, Title, Starts, Ends, TimeHint, Capacity, CapacityHint string
	Description, DescriptionHint, Create, Save, Back                           string

	// What the page says after a change.
	Created, Saved, CancelledDone, UntoldChange string

	// A meetup's page.
	Status, Scheduled, IsCancelled, Edit, CancelMeetup, Door, Download      string
	Programme, NoTalks, Registrations, NoPlaces, Number, Name, Email, Place string
	Came, Seat, OnWaitlist, HeldUntil, Yes, No, Erased                      string
	// Reminder says what the meetup reminder job will send.
	Reminder, ReminderOff, ReminderOver, ReminderAt, ReminderDue, ReminderLast, ReminderSpeakers string

	// Cancelling.
	CancelTitle, CancelEmails, CancelTalks, CancelConfirm, Keep string
	AlreadyCancelled, Retry, RetryText, UntoldText, FailedText  string
}

var englishMeetups = MeetupWords{
	Upcoming: "Upcoming", Past: "Past", Cancelled: "Cancelled", WhichMeetups: "Which meetups",
	NewMeetup: "New meetup", NoMeetups: "No meetups here.", NextPage: "Next page", PreviousPage: "Previous page",
	Meetup: "Meetup", When: "When", Venue: "Venue", Seats: "Seats", Waiting: "Waiting",
	SeatsOf: "%[1]s of %[2]s",

	NewTitle: "New meetup", EditTitle: "Edit the meetup", Title: "Title", Starts: "Starts", Ends: "Ends",
	TimeHint: "Date and time in the group's time zone, %s.", Capacity: "Seats",
	CapacityHint: "From 1 to 1,000. Once they are taken, people join the waitlist.",
	Description:  "Description", DescriptionHint: "Optional. Shown on the meetup's public page.",
	Create: "Create the meetup", Save: "Save the changes", Back: "Back without saving",

	Created: "The meetup is created.", Saved: "Your changes are saved.",
	CancelledDone: "The meetup is cancelled, and everyone who held a place has been emailed.",
	UntoldChange:  "Still to be told of the new time or place: %s. Save the meetup again to tell them.",

	Status: "Status", Scheduled: "Scheduled", IsCancelled: "Cancelled", Edit: "Edit", CancelMeetup: "Cancel the meetup",
	Door: "At the door", Download: "Download the registrations (CSV)",
	Programme: "Programme", NoTalks: "No accepted talks yet.", Registrations: "Seats, then the waitlist",
	NoPlaces: "Nobody holds a place yet.", Number: "#", Name: "Name", Email: "Email", Place: "Place",
	Came: "Came", Seat: "Seat", OnWaitlist: "Waitlist %s", Yes: "Yes", No: "No", Erased: "(data erased)",
	HeldUntil:        "held until %s: the address is not confirmed yet",
	Reminder:         "Reminder",
	ReminderOff:      "The meetup is cancelled: no reminder will be sent.",
	ReminderOver:     "The meetup has begun: no more reminders.",
	ReminderAt:       "On %[1]s the reminder goes to everyone then holding a seat (%[2]s now), with a calendar invite and a link to give the seat up.",
	ReminderDue:      "The reminder is due: the next daily run, on %[1]s, sends it to everyone holding a seat who has not had it yet (holding a seat now: %[2]s).",
	ReminderLast:     "The meetup starts before the next daily run: nobody else will be reminded.",
	ReminderSpeakers: "It also goes to these speakers, who hold no seat:",

	CancelTitle:   "Cancel this meetup?",
	CancelEmails:  "Everyone holding a place will be emailed that it is off: %[2]s holding a seat and %[3]s on the waitlist, %[1]s in all.",
	CancelTalks:   "Talks on its programme: %s. They go back to the backlog, and their speakers are told.",
	CancelConfirm: "Cancel the meetup and email them", Keep: "Keep the meetup",
	AlreadyCancelled: "This meetup is cancelled.", Retry: "Email anyone not yet told",
	RetryText:  "Nobody who was told already is emailed again.",
	UntoldText: "The meetup is cancelled, but not everyone could be emailed yet: there was not time to tell everyone at once. Still to be told: %s.",
	FailedText: "The meetup is cancelled, but some emails could not be sent.",
}

var persianMeetups = MeetupWords{
	Upcoming: "پیش رو", Past: "گذشته", Cancelled: "لغوشده", WhichMeetups: "کدام دورهمی‌ها",
	NewMeetup: "دورهمی تازه", NoMeetups: "دورهمی‌ای اینجا نیست.", NextPage: "صفحهٔ بعد", PreviousPage: "صفحهٔ قبل",
	Meetup: "دورهمی", When: "زمان", Venue: "مکان", Seats: "جاها", Waiting: "در انتظار",
	SeatsOf: "%[1]s از %[2]s",

	NewTitle: "دورهمی تازه", EditTitle: "ویرایش دورهمی", Title: "عنوان", Starts: "آغاز", Ends: "پایان",
	TimeHint: "تاریخ و ساعت به وقت منطقهٔ زمانی گروه، %s.", Capacity: "تعداد جا",
	CapacityHint: "از ۱ تا ۱٬۰۰۰. وقتی جاها پر شوند، افراد به فهرست انتظار می‌روند.",
	Description:  "توضیحات", DescriptionHint: "اختیاری. در صفحهٔ عمومی دورهمی نشان داده می‌شود.",
	Create: "ساختن دورهمی", Save: "ذخیرهٔ تغییرات", Back: "بازگشت بدون ذخیره",

	Created: "دورهمی ساخته شد.", Saved: "تغییرات ذخیره شد.",
	CancelledDone: "دورهمی لغو شد و به همهٔ کسانی که جا داشتند ایمیل زده شد.",
	UntoldChange:  "هنوز باید زمان یا مکان تازه به %s نفر گفته شود: دورهمی را دوباره ذخیره کنید تا به آن‌ها گفته شود.",

	Status: "وضعیت", Scheduled: "برنامه‌ریزی‌شده", IsCancelled: "لغوشده", Edit: "ویرایش", CancelMeetup: "لغو دورهمی",
	Door: "دم در", Download: "دریافت فهرست ثبت‌نام‌ها (CSV)",
	Programme: "برنامه", NoTalks: "هنوز ارائهٔ پذیرفته‌شده‌ای نیست.", Registrations: "جاها، سپس فهرست انتظار",
	NoPlaces: "هنوز کسی جا نگرفته است.", Number: "#", Name: "نام", Email: "ایمیل", Place: "جا",
	Came: "آمد", Seat: "جا دارد", OnWaitlist: "انتظار %s", Yes: "بله", No: "نه", Erased: "(داده‌ها پاک شده)",
	HeldUntil:        "نگه‌داشته تا %s: نشانی هنوز تأیید نشده",
	Reminder:         "یادآوری",
	ReminderOff:      "دورهمی لغو شده است: یادآوری‌ای فرستاده نمی‌شود.",
	ReminderOver:     "دورهمی آغاز شده است: یادآوری دیگری فرستاده نمی‌شود.",
	ReminderAt:       "در %[1]s یادآوری به همهٔ کسانی که آن زمان جا دارند (اکنون %[2]s نفر) فرستاده می‌شود، با دعوت‌نامهٔ تقویم و پیوند واگذاری جا.",
	ReminderDue:      "زمان یادآوری رسیده است: اجرای روزانهٔ بعدی، در %[1]s، آن را به هر کس جا دارد و هنوز یادآوری نگرفته می‌فرستد (اکنون %[2]s نفر جا دارند).",
	ReminderLast:     "دورهمی پیش از اجرای روزانهٔ بعدی آغاز می‌شود: به کس دیگری یادآوری نمی‌شود.",
	ReminderSpeakers: "به این ارائه‌دهندگان هم که جا ندارند فرستاده می‌شود:",

	CancelTitle:   "این دورهمی لغو شود؟",
	CancelEmails:  "به %[1]s نفر ایمیل زده می‌شود که دورهمی لغو شده است: %[2]s نفر با جا و %[3]s نفر در فهرست انتظار.",
	CancelTalks:   "%s ارائهٔ پذیرفته‌شده‌اش به فهرست ارائه‌های در انتظار برمی‌گردد و به ارائه‌دهندگانش گفته می‌شود.",
	CancelConfirm: "لغو دورهمی و ایمیل به آن‌ها", Keep: "دورهمی بماند",
	AlreadyCancelled: "این دورهمی لغو شده است.", Retry: "ایمیل به کسانی که هنوز خبر ندارند",
	RetryText:  "به کسی که پیش‌تر خبر گرفته دوباره ایمیل زده نمی‌شود.",
	UntoldText: "دورهمی لغو شد، اما هنوز به %s نفر ایمیل زده نشده است: وقت نشد به همه یک‌جا خبر داده شود.",
	FailedText: "دورهمی لغو شد، اما برخی ایمیل‌ها فرستاده نشدند.",
}

// MW is the meetup pages' words in the frame's language.
func (f Frame) MW() *MeetupWords { return inLang(f.Lang, &englishMeetups, &persianMeetups) }

// Num is n in the frame's language's digits.
func (f Frame) Num(n int) string { return Number(f.Lang, n) }

// Say fills a format of the frame's words with numbers, in its digits.
func (f Frame) Say(format string, n ...int) string {
	args := make([]any, len(n))
	for i, v := range n {
		args[i] = f.Num(v)
	}
	return fmt.Sprintf(format, args...)
}
