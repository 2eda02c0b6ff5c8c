package console

// RecordWords is what the record of organizer actions says, in one language.
type RecordWords struct {
	Intro, Empty, When, Who, What, On, Via, Console, API, NextPage string
	// Actions names each change by its route; a route not named here is
	// shown as its route.
	Actions map[string]string
	// Objects names what a path parameter identifies.
	Objects map[string]string
}

var englishRecord = RecordWords{
	Intro: "Every change an organizer made, in the console or through the API, the newest first. Members are never named here by their address.",
	Empty: "Nothing has been changed yet.", When: "When", Who: "Organizer", What: "Did", On: "On", Via: "Where",
	Console: "console", API: "API", NextPage: "Older changes",
	Actions: map[string]string{
		"POST /console/meetups":                                       "created a meetup",
		"POST /console/meetups/{meetupId}/edit":                       "edited a meetup",
		"POST /console/meetups/{meetupId}/cancel":                     "cancelled a meetup",
		"POST /console/meetups/{meetupId}/door":                       "marked who came",
		"POST /console/passkeys/register":                             "added a passkey",
		"POST /console/passkeys/remove":                               "removed a passkey",
		"POST /console/members/erase":                                 "erased a member",
		"POST /console/mentorships/applications/{applicationId}/pair": "paired a mentee with a mentor",
		"POST /console/mentorships/{pairId}/end":                      "ended a mentorship",
		"POST /console/talks/{talkId}/accept":                         "accepted a talk",
		"POST /console/talks/{talkId}/reject":                         "rejected a talk",
		"POST /console/topics/{topicId}/merge":                        "merged a duplicate topic",
		"POST /console/topics/{topicId}/hide":                         "hid a topic",
		"POST /console/leagues":                                       "opened a league",
		"POST /meetups":                                               "created a meetup",
		"PATCH /meetups/{meetupId}":                                   "edited a meetup",
		"POST /meetups/{meetupId}/cancel":                             "cancelled a meetup",
		"POST /meetups/{meetupId}/attendance":                         "marked who came",
		"POST /talks/{talkId}/decision":                               "decided on a talk",
		"POST /mentorships":                                           "paired a mentor and a mentee",
		"POST /mentorships/{mentorshipId}/end":                        "ended a mentorship",
		"POST /leagues":                                               "opened a league",
	},
	Objects: map[string]string{"meetupId": "meetup", "talkId": "talk", "mentorshipId": "mentorship", "pairId": "mentorship", "applicationId": "application", "member": "member", "topicId": "topic", "leagueId": "league"},
}

var persianRecord = RecordWords{
	Intro: "هر تغییری که برگزارکننده‌ای در پیشخوان یا با API داده است، تازه‌ترین اول. نشانی ایمیل اعضا هرگز اینجا نمی‌آید.",
	Empty: "هنوز چیزی تغییر نکرده است.", When: "زمان", Who: "برگزارکننده", What: "کار", On: "روی", Via: "از",
	Console: "پیشخوان", API: "API", NextPage: "تغییرهای قدیمی‌تر",
	Actions: map[string]string{
		"POST /console/meetups":                                       "دورهمی ساخت",
		"POST /console/meetups/{meetupId}/edit":                       "دورهمی را ویرایش کرد",
		"POST /console/meetups/{meetupId}/cancel":                     "دورهمی را لغو کرد",
		"POST /console/meetups/{meetupId}/door":                       "حاضران را ثبت کرد",
		"POST /console/passkeys/register":                             "کلید عبور افزود",
		"POST /console/passkeys/remove":                               "کلید عبور را برداشت",
		"POST /console/members/erase":                                 "عضوی را پاک کرد",
		"POST /console/mentorships/applications/{applicationId}/pair": "منتی‌ای را با منتوری جفت کرد",
		"POST /console/mentorships/{pairId}/end":                      "منتورشیپی را پایان داد",
		"POST /console/talks/{talkId}/accept":                         "ارائه‌ای را پذیرفت",
		"POST /console/talks/{talkId}/reject":                         "ارائه‌ای را رد کرد",
		"POST /console/topics/{topicId}/merge":                        "موضوع تکراری‌ای را ادغام کرد",
		"POST /console/topics/{topicId}/hide":                         "موضوعی را پنهان کرد",
		"POST /console/leagues":                                       "لیگی را باز کرد",
		"POST /meetups":                                               "دورهمی ساخت",
		"PATCH /meetups/{meetupId}":                                   "دورهمی را ویرایش کرد",
		"POST /meetups/{meetupId}/cancel":                             "دورهمی را لغو کرد",
		"POST /meetups/{meetupId}/attendance":                         "حاضران را ثبت کرد",
		"POST /talks/{talkId}/decision":                               "دربارهٔ ارائه‌ای تصمیم گرفت",
		"POST /mentorships":                                           "منتور و منتی را جفت کرد",
		"POST /mentorships/{mentorshipId}/end":                        "منتورشیپی را پایان داد",
		"POST /leagues":                                               "لیگی را باز کرد",
	},
	Objects: map[string]string{"meetupId": "دورهمی", "talkId": "ارائه", "mentorshipId": "منتورشیپ", "pairId": "منتورشیپ", "applicationId": "درخواست", "member": "عضو", "topicId": "موضوع", "leagueId": "لیگ"},
}

// RW is the record's words in the frame's language.
func (f Frame) RW() *RecordWords { return inLang(f.Lang, &englishRecord, &persianRecord) }
