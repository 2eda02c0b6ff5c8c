package memberforms

import (
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/validate"
	"github.com/tehpug/backend/internal/web"
)

// listCap is the length of a one-line list of at most items items of at
// most each characters, with a comma and a space between them.
func listCap(items, each int) int { return items * (each + 2) }

// The fields more than one form asks, alike everywhere.
func name(limit int) Field {
	return Field{Name: "name", Kind: web.TextField, Label: Words{"Your name", "نام شما"}, Required: true, MaxLength: limit, Autocomplete: "name"}
}

var (
	email = Field{Name: "email", Kind: web.EmailField, Label: Words{"Email", "ایمیل"}, Required: true,
		MaxLength: validate.MaxEmailLen, Autocomplete: "email",
		Hint: Words{"We write to you here, and only about what you ask for.", "فقط دربارهٔ آنچه خودتان بخواهید، به این نشانی می‌نویسیم."}}
	emailLanguage = Field{Name: "language", Kind: web.ChoiceField, Label: Words{"Language of our emails", "زبان ایمیل‌های ما"},
		Required: true, Default: PageLang, Options: languages}
	languages = []Option{{"en", Words{"English", "انگلیسی"}}, {"fa", Words{"Persian (فارسی)", "فارسی"}}}
)

// Join is the join form (POST /members).
var Join = Form{
	ID: "join", Route: "POST /members", Path: "/members", Done: "joined",
	Title:        Words{"Join TehPUG", "عضو TehPUG شوید"},
	Submit:       Words{"Join", "عضو شوید"},
	PageLanguage: []string{LangField},
	Fields: []Field{
		name(members.MaxName), email, emailLanguage,
		{Name: "interests", Kind: web.ListField, Label: Words{"Your interests", "علاقه‌های شما"},
			Hint:      Words{"Separated by commas, such as: django, data, async", "با ویرگول جدا کنید، مثلاً: django، داده، async"},
			MaxLength: listCap(members.MaxInterests, members.MaxInterest)},
		{Name: "wants_to_speak", Kind: web.CheckField, Label: Words{"I would like to give a talk some day", "دوست دارم روزی ارائه بدهم"}},
		{Name: "mentorship", Kind: web.ChoiceField, Label: Words{"Mentorship", "منتورشیپ"}, Default: "none", Options: []Option{
			{"none", Words{"Not now", "فعلاً نه"}},
			{"mentor", Words{"I could mentor someone", "می‌توانم منتور کسی باشم"}},
			{"mentee", Words{"I would like a mentor", "دوست دارم منتور داشته باشم"}},
		}},
	},
}

// Register is the registration form of a meetup (POST
// /meetups/{meetupId}/registrations); the page it is on chooses the meetup.
var Register = Form{
	ID: "register", Route: "POST /meetups/{meetupId}/registrations", Path: "/meetups/{meetupId}/registrations", Done: "registration-received",
	Title:        Words{"Register for the meetup", "ثبت‌نام در دورهمی"},
	Submit:       Words{"Register", "ثبت‌نام"},
	PageLanguage: []string{LangField, "language"},
	Fields:       []Field{name(meetups.MaxName), email},
}

// Talk is the call for proposals (POST /talks).
var Talk = Form{
	ID: "talk", Route: "POST /talks", Path: "/talks", Done: "talk-submitted",
	Title:        Words{"Submit a talk", "پیشنهاد ارائه"},
	Submit:       Words{"Submit my talk", "پیشنهادم را بفرست"},
	PageLanguage: []string{LangField},
	Fields: []Field{
		name(talks.MaxName), email,
		{Name: "title", Kind: web.TextField, Label: Words{"Title of the talk", "عنوان ارائه"}, Required: true, MaxLength: talks.MaxTitle},
		{Name: "abstract", Kind: web.LongTextField, Label: Words{"Abstract", "چکیده"}, Required: true, MaxLength: talks.MaxAbstract, Rows: 6,
			Hint: Words{"What the audience will learn, in a few sentences.", "در چند جمله: شنوندگان چه یاد می‌گیرند."}},
		{Name: "format", Kind: web.ChoiceField, Label: Words{"Length", "مدت"}, Required: true, Options: []Option{
			{string(talks.Lightning), Words{"Lightning talk (5 minutes)", "ارائهٔ کوتاه (۵ دقیقه)"}},
			{string(talks.Short), Words{"Short talk (20 minutes)", "ارائهٔ معمولی (۲۰ دقیقه)"}},
			{string(talks.Long), Words{"Long talk (40 minutes)", "ارائهٔ بلند (۴۰ دقیقه)"}},
		}},
		{Name: "level", Kind: web.ChoiceField, Label: Words{"Level", "سطح"}, Required: true, Options: []Option{
			{string(talks.Beginner), Words{"Beginner", "مقدماتی"}},
			{string(talks.Intermediate), Words{"Intermediate", "متوسط"}},
			{string(talks.Advanced), Words{"Advanced", "پیشرفته"}},
		}},
		{Name: "language", Kind: web.ChoiceField, Label: Words{"Language of the talk", "زبان ارائه"}, Required: true, Default: PageLang, Options: languages},
		{Name: "meetup_id", Kind: web.SelectField, Label: Words{"Preferred meetup", "دورهمی دلخواه"}, MaxLength: talks.MaxMeetupID, Meetups: true,
			Options: []Option{{"", Words{"Any meetup", "هر دورهمی"}}}},
		{Name: "topic_id", Kind: web.SelectField, Label: Words{"From the topics members want to hear", "از موضوع‌هایی که اعضا می‌خواهند بشنوند"},
			MaxLength: talks.MaxTopicID, Topics: true, Options: []Option{{"", Words{"None: my own topic", "هیچ‌کدام: موضوع خودم"}}}},
	},
}

// Mentorship is the application to the mentorship program (POST
// /mentorship/applications), as a mentor or as a mentee.
var Mentorship = Form{
	ID: "mentorship", Route: "POST /mentorship/applications", Path: "/mentorship/applications", Done: "mentorship-applied",
	Title:        Words{"Apply to the mentorship program", "درخواست برنامهٔ منتورشیپ"},
	Submit:       Words{"Apply", "درخواست بدهید"},
	PageLanguage: []string{LangField},
	Fields: []Field{
		{Name: "role", Kind: web.ChoiceField, Label: Words{"I apply as", "درخواست می‌دهم به عنوان"}, Required: true, Options: []Option{
			{string(mentorship.Mentor), Words{"Mentor: I guide someone", "منتور: کسی را راهنمایی می‌کنم"}},
			{string(mentorship.Mentee), Words{"Mentee: I would like guidance", "منتی: راهنمایی می‌خواهم"}},
		}},
		name(mentorship.MaxName), email, emailLanguage,
		{Name: "topics", Kind: web.ListField, Label: Words{"Topics", "موضوع‌ها"}, Required: true,
			Hint:      Words{"Separated by commas, such as: web, testing, packaging", "با ویرگول جدا کنید، مثلاً: وب، تست، بسته‌بندی"},
			MaxLength: listCap(mentorship.MaxTopics, mentorship.MaxTopic)},
		{Name: "capacity", Kind: web.NumberField, Label: Words{"Mentors: how many mentees you can take", "منتورها: چند منتی می‌پذیرید"},
			Min: 1, Max: mentorship.MaxCapacity},
		{Name: "availability", Kind: web.LongTextField, Label: Words{"Mentors: when you are available", "منتورها: چه زمان‌هایی در دسترسید"},
			MaxLength: mentorship.MaxAvailability, Rows: 2},
		{Name: "goals", Kind: web.LongTextField, Label: Words{"Mentees: your concrete goal", "منتی‌ها: هدف مشخص شما"},
			Hint: Words{"Required for mentees: what you want to have learned or built when the mentorship ends, such as: deploy my first Django app",
				"برای منتی‌ها لازم است: در پایان منتورشیپ چه چیزی را یاد گرفته یا ساخته‌اید، مثلاً: نخستین برنامهٔ جنگوی خودم را منتشر کنم"},
			MaxLength: mentorship.MaxGoals, Rows: 3},
	},
}

// All are the member forms, in the order the website's data file lists them.
var All = []Form{Join, Register, Talk, Mentorship}
