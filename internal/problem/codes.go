package problem

// The codes, each with what the JSON API says (English, for a developer)
// and what a page says to a member or an organizer, in English and in
// Persian. %[1]s, %[2]s are the problem's arguments.
var (
	Required             = Code{"required"}
	NotText              = Code{"not_text"}
	TooLong              = Code{"too_long"} // the limit
	SingleLine           = Code{"single_line"}
	NoControl            = Code{"no_control"}
	TooManyItems         = Code{"too_many_items"} // the limit
	EmptyItem            = Code{"empty_item"}
	ItemSingleLine       = Code{"item_single_line"}
	ItemTooLong          = Code{"item_too_long"} // the limit
	OneOf                = Code{"one_of"}        // the choices (Choices)
	Between              = Code{"between"}       // the lowest, the highest
	DateTime             = Code{"date_time"}
	Email                = Code{"email"}
	PlainEmail           = Code{"plain_email"}
	OneEmail             = Code{"one_email"}
	Future               = Code{"future"}
	AfterStart           = Code{"after_start"}
	Within24Hours        = Code{"within_24_hours"}
	BelowSeats           = Code{"below_seats"} // the seats taken
	Bool                 = Code{"bool"}
	WholeNumber          = Code{"whole_number"}
	Number               = Code{"number"}
	TextValue            = Code{"text"}
	TextList             = Code{"text_list"}
	List                 = Code{"list"}
	Object               = Code{"object"}
	NotValid             = Code{"not_valid"}
	NotMeetup            = Code{"not_meetup"}
	CancelledMeetup      = Code{"cancelled_meetup"}
	StartedMeetup        = Code{"started_meetup"}
	TopicRequired        = Code{"topic_required"}
	CapacityRequired     = Code{"capacity_required"}
	AnswerOrForm         = Code{"answer_or_form"}
	AnswerRequired       = Code{"answer_required"}
	RequiredOnFullForm   = Code{"required_on_full_form"}
	TooManyInterests     = Code{"too_many_interests"} // the limit
	NotMentorApplication = Code{"not_mentor_application"}
	NotMenteeApplication = Code{"not_mentee_application"}
	OwnApplication       = Code{"own_application"}
	NotWithBacklog       = Code{"not_with_backlog"}
	BacklogSubmitted     = Code{"backlog_submitted"}
	OnlyWithAccept       = Code{"only_with_accept"}
	AtMostAtATime        = Code{"at_most_at_a_time"} // the limit
	NotRegistered        = Code{"not_registered"}    // the addresses
	NotCursor            = Code{"not_cursor"}
	PageSize             = Code{"page_size"} // the lowest, the highest
	WrongType            = Code{"wrong_type"}
	NotOpenTopic         = Code{"not_open_topic"}
	SameTopic            = Code{"same_topic"}
	TooLongBytes         = Code{"too_long_bytes"} // the limit
	RobotCode            = Code{"robot_code"}     // the line, what is wrong there
	Date                 = Code{"date"}
	ClockTime            = Code{"clock_time"}
	AfterOpens           = Code{"after_opens"}
	AfterCloses          = Code{"after_closes"}
)

// text is what a code says: to the JSON API, and on a page in each language.
type text struct{ api, en, fa string }

var texts = map[Code]text{
	Required:             {"is required", "is required.", "لازم است."},
	NotText:              {"is not valid UTF-8 text", "is not valid text.", "متن معتبری نیست."},
	TooLong:              {"must be at most %[1]s characters", "must be at most %[1]s characters.", "حداکثر %[1]s نویسه می‌تواند باشد."},
	SingleLine:           {"must be a single line without control characters", "must be a single line.", "باید یک سطر باشد."},
	NoControl:            {"must not contain control characters", "must not contain control characters.", "نباید نویسهٔ کنترلی داشته باشد."},
	TooManyItems:         {"must have at most %[1]s items", "can have at most %[1]s items.", "حداکثر %[1]s مورد می‌تواند داشته باشد."},
	EmptyItem:            {"must not have empty items", "must not have empty items.", "نباید مورد خالی داشته باشد."},
	ItemSingleLine:       {"items must be single lines without control characters", "must have each item on a single line.", "هر مورد باید یک سطر باشد."},
	ItemTooLong:          {"items must be at most %[1]s characters each", "can have items of at most %[1]s characters each.", "هر مورد حداکثر %[1]s نویسه می‌تواند باشد."},
	OneOf:                {"must be one of: %[1]s", "must be one of the choices offered.", "باید یکی از گزینه‌ها باشد."},
	Between:              {"must be between %[1]s and %[2]s", "must be a whole number from %[1]s to %[2]s.", "باید عددی درست از %[1]s تا %[2]s باشد."},
	DateTime:             {"must be a date and time like 2025-06-01T18:00:00+03:30", "must be a date and time.", "باید تاریخ و ساعت باشد."},
	Email:                {"must be a valid email address", "must be a valid email address.", "باید نشانی ایمیل معتبری باشد."},
	PlainEmail:           {"must be a plain email address", "must be a plain email address, with no name around it.", "باید فقط نشانی ایمیل باشد، بی‌نام."},
	OneEmail:             {"must be a single valid email address", "must be one valid email address.", "باید یک نشانی ایمیل معتبر باشد."},
	Future:               {"must be in the future", "must be in the future.", "باید در آینده باشد."},
	AfterStart:           {"must be after starts_at", "must be after the start.", "باید پس از آغاز باشد."},
	Within24Hours:        {"must be within 24 hours of starts_at", "must be within 24 hours of the start.", "باید تا ۲۴ ساعت پس از آغاز باشد."},
	BelowSeats:           {"is below the %[1]s seats already taken", "is below the %[1]s seats already taken.", "از %[1]s جای گرفته‌شده کمتر است."},
	Bool:                 {"must be true or false", "must be yes or no.", "باید بله یا نه باشد."},
	WholeNumber:          {"must be a whole number", "must be a whole number.", "باید عددی درست باشد."},
	Number:               {"must be a number", "must be a number.", "باید عدد باشد."},
	TextValue:            {"must be text", "must be text.", "باید متن باشد."},
	TextList:             {"must be a list of text", "must be a list of text.", "باید فهرستی از متن باشد."},
	List:                 {"must be a list", "must be a list.", "باید فهرست باشد."},
	Object:               {"must be an object", "must be a group of fields.", "باید گروهی از فیلدها باشد."},
	NotValid:             {"is not valid", "is not valid.", "معتبر نیست."},
	NotMeetup:            {"is not a meetup", "is not one of our meetups.", "از دورهمی‌های ما نیست."},
	CancelledMeetup:      {"is a cancelled meetup", "is a cancelled meetup.", "دورهمی لغوشده‌ای است."},
	StartedMeetup:        {"is a meetup that has already started", "is a meetup that has already started.", "دورهمی‌ای است که آغاز شده است."},
	TopicRequired:        {"name at least one topic", "needs at least one topic.", "دست‌کم یک موضوع لازم است."},
	CapacityRequired:     {"is required: how many mentees you can take (1 to 5)", "is required of a mentor: how many mentees you can take.", "برای منتور لازم است: چند منتی می‌پذیرید."},
	AnswerOrForm:         {"send either a one-tap answer or the full form, not both", "goes either as a one-tap answer or with the full form, not both.", "یا پاسخ یک‌ضربه‌ای، یا فرم کامل؛ نه هر دو."},
	AnswerRequired:       {"is required: met, not_yet or need_help, or fill in the full form", "is required: choose an answer, or fill in the full form.", "لازم است: پاسخی برگزینید، یا فرم کامل را پر کنید."},
	RequiredOnFullForm:   {"is required on the full form", "is required on the full form.", "در فرم کامل لازم است."},
	TooManyInterests:     {"at most %[1]s interests", "can have at most %[1]s interests.", "حداکثر %[1]s علاقه می‌تواند داشته باشد."},
	NotMentorApplication: {"is not a mentor's application", "is not a mentor's application.", "درخواست منتور نیست."},
	NotMenteeApplication: {"is not a mentee's application", "is not a mentee's application.", "درخواست منتی نیست."},
	OwnApplication:       {"is the mentor's own application", "is the mentor's own application.", "درخواست خود منتور است."},
	NotWithBacklog:       {"cannot be combined with backlog", "cannot be combined with the backlog.", "با فهرست انتظار جمع نمی‌شود."},
	BacklogSubmitted:     {"the backlog holds only submitted talks", "the backlog holds only undecided talks.", "فهرست انتظار فقط ارائه‌های بی‌تصمیم را دارد."},
	OnlyWithAccept:       {"goes only with accept", "goes only with accepting.", "فقط با پذیرفتن می‌آید."},
	AtMostAtATime:        {"at most %[1]s at a time", "can be at most %[1]s at a time.", "هر بار حداکثر %[1]s."},
	NotRegistered:        {"not registered: %[1]s", "has addresses not registered: %[1]s.", "نشانی‌هایی دارد که ثبت‌نام نکرده‌اند: %[1]s."},
	NotCursor:            {"is not a cursor this list gave out", "is not a page of this list.", "صفحه‌ای از این فهرست نیست."},
	WrongType:            {"has the wrong type", "has the wrong kind of value.", "مقدارش از نوع نادرستی است."},
	PageSize:             {"must be a whole number from %[1]s to %[2]s", "must be a whole number from %[1]s to %[2]s.", "باید عددی درست از %[1]s تا %[2]s باشد."},
	NotOpenTopic:         {"is not an open topic of the wishlist", "is not an open topic of the wishlist.", "موضوع بازی از فهرست خواسته‌ها نیست."},
	SameTopic:            {"is the topic itself", "is the topic itself.", "خود همین موضوع است."},
	TooLongBytes:         {"must be at most %[1]s bytes", "must be at most %[1]s bytes long.", "حداکثر %[1]s بایت می‌تواند باشد."},
	RobotCode:            {"line %[1]s: %[2]s", "has a problem on line %[1]s: %[2]s", "در خط %[1]s مشکلی دارد: %[2]s"},
	Date:                 {"must be a date like 2027-01-15", "must be a date.", "باید تاریخ باشد."},
	ClockTime:            {"must be a time of day like 18:30", "must be a time of day, hours and minutes.", "باید ساعت و دقیقه باشد."},
	AfterOpens:           {"must be after registration_opens", "must be after registration opens.", "باید پس از باز شدن ثبت‌نام باشد."},
	AfterCloses:          {"must be a day after registration_closes", "must be a day after registration closes.", "باید روزی پس از بسته شدن ثبت‌نام باشد."},
}
