package email

import (
	"reflect"
	"strings"

	"github.com/tehpug/backend/internal/consolepath"
)

// Sample links, as Links builds them.
const (
	sampleBase  = "https://api.tehpug.ir"
	sampleToken = "tok+en/=" // escaped inside every link
)

// sampleLinks are the links of the sample emails.
var sampleLinks = func() Links {
	l, err := NewLinks(sampleBase)
	if err != nil {
		panic(err)
	}
	return l
}()

// samples returns every email with every field set: user text from text,
// every link a working one. Optional parts (a message, a talk, the red
// banner) are all present, so every part of every template renders.
func samples(text string) []Email {
	l := sampleLinks
	red := []RedMeetup{
		{Title: text + " red one", When: text + " soon", Days: 9, Link: l.Console(consolepath.Meetup("m-red-1"))},
		{Title: text + " red two", When: text + " later", Days: 13, Link: l.Console(consolepath.Meetup("m-red-2"))},
	}
	return []Email{
		CallForSpeakers{Name: text, Title: text, When: text, SubmitLink: "https://tehpug.ir", Unsubscribe: l.Unsubscribe(sampleToken), PageLink: l.MemberPage(sampleToken), Wanted: []WantedTopic{{Title: text, Votes: 3}}},
		MeetupCancelled{Name: text, Title: text, When: text, PageLink: l.MemberPage(sampleToken)},
		MeetupChanged{Name: text, Title: text, When: text, Venue: text, CancelLink: l.CancelRegistration(sampleToken), PageLink: l.MemberPage(sampleToken)},
		MeetupReminder{Name: text, Title: text, When: text, Venue: text, Talk: text, CancelLink: l.CancelRegistration(sampleToken),
			Invite: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), PageLink: l.MemberPage(sampleToken)},
		MemberConfirm{Name: text, ConfirmLink: l.ConfirmMembership(sampleToken)},
		MemberErase{Name: text, EraseLink: l.Erase(sampleToken), PageLink: l.MemberPage(sampleToken)},
		MemberPageLink{Name: text, PageLink: l.MemberPage(sampleToken)},
		RobotSubmitted{Name: text, Robot: text, Game: text, RobotLink: l.Robot(sampleToken), Days: 90, PageLink: l.MemberPage(sampleToken)},
		PracticePlayed{Name: text, Robot: text, Game: text, Opponent: text, Outcome: "won", Scores: "12 : 9", Forfeit: text,
			ReplayLink: l.Match("abc", "fa"), RobotLink: l.Robot(sampleToken), PageLink: l.MemberPage(sampleToken)},
		LeagueNews{Kind: LeagueDay, Name: text, League: text, Robot: text, Game: text, Champion: text, LeagueLink: l.League("lg1", "fa"), PageLink: l.MemberPage(sampleToken),
			Matches: []LeagueMatch{{When: text, Opponent: text, Outcome: "won", Scores: "3 : 1", Forfeit: text, ReplayLink: l.Match("lg1-r01m01", "fa")}},
			Table:   []LeagueRow{{Place: 1, Robot: text, Played: 2, Points: 6}}},
		MemberWelcome{Name: text, Unsubscribe: l.Unsubscribe(sampleToken), PageLink: l.MemberPage(sampleToken)},
		MentorAppliedAsMentee{Name: text, PageLink: l.MemberPage(sampleToken)},
		MentorAppliedAsMentor{Name: text, PageLink: l.MemberPage(sampleToken)},
		MentorCapstoneInvite{Name: text, Partner: text, Goals: text + "\n" + text, TalkLink: l.Capstone(sampleToken), PageLink: l.MemberPage(sampleToken)},
		MentorCoSpeakerAsk{Name: text, Partner: text, TalkTitle: text, AgreeLink: l.CoSpeaker(sampleToken), PageLink: l.MemberPage(sampleToken)},
		MentorFadeAsk{Name: text, Partner: text, Dropped: true, NoTimeLink: l.Fade(sampleToken, "no_time"), NoAnswerLink: l.Fade(sampleToken, "no_answer"),
			GoalsUnclearLink: l.Fade(sampleToken, "goals_unclear"), GotWhatINeededLink: l.Fade(sampleToken, "got_what_i_needed"), OtherLink: l.Fade(sampleToken, "other"), PageLink: l.MemberPage(sampleToken)},
		MentorCheckinReminder{Name: text, Partner: text, Days: 15, CheckInLink: l.CheckIn(sampleToken), PageLink: l.MemberPage(sampleToken)},
		MentorIntroToMentee{Name: text, Partner: text, PartnerEmail: text, Topics: []string{text, text + " 2"},
			Availability: text + "\n" + text, Goals: text + "\n" + text, CheckInLink: l.CheckIn(sampleToken), PageLink: l.MemberPage(sampleToken)},
		MentorIntroToMentor{Name: text, Partner: text, PartnerEmail: text, Topics: []string{text, text + " 2"},
			Goals: text + "\n" + text, CheckInLink: l.CheckIn(sampleToken), PageLink: l.MemberPage(sampleToken)},
		OrganizerDigest{Date: text, Urgent: []DigestItem{{Text: text, Link: l.Console(consolepath.Meetup("m1"))}, {Text: text + " 2", Link: l.Console(consolepath.Mentorships("stalled"))}},
			Actions: []DigestItem{{Text: text, Link: l.Console(consolepath.Talks("submitted"))}},
			Week:    []DigestItem{{Text: text, Link: l.Console(consolepath.Meetup("m1"))}, {Text: text + " 3"}}},
		OrganizerEmptySlot{Title: text, When: text, Days: 12, Red: true, MeetupLink: l.Console(consolepath.Meetup("m1")), RedMeetups: red,
			Candidates: []Candidate{{Title: text, Speaker: text, Capstone: true, Link: l.Console(consolepath.Talk("t1"))}, {Title: text + " 2", Speaker: text, Link: l.Console(consolepath.Talk("t2"))}}},
		OrganizerLogin{Name: text, SignInLink: l.SignIn(sampleToken, "")},
		OrganizerPairStalled{Mentor: text, Mentee: text, Days: 30, Since: text, PairsLink: l.Console(consolepath.Mentorships("stalled")), RedMeetups: red},
		OrganizerSilentSpeaker{Title: text, When: text, Days: 5, TalkTitle: text, SpeakerName: text, MeetupLink: l.Console(consolepath.Meetup("m1")), RedMeetups: red},
		RegistrationConfirmed{Name: text, Title: text, When: text, Venue: text, CancelLink: l.CancelRegistration(sampleToken), PageLink: l.MemberPage(sampleToken)},
		RegistrationHeld{Name: text, Title: text, When: text, Venue: text, Position: 2, Until: text, ConfirmLink: l.ConfirmRegistration(sampleToken)},
		RegistrationPromoted{Name: text, Title: text, When: text, Venue: text, CancelLink: l.CancelRegistration(sampleToken), PageLink: l.MemberPage(sampleToken)},
		RegistrationWaitlisted{Name: text, Title: text, When: text, Venue: text, Position: 3, CancelLink: l.CancelRegistration(sampleToken), PageLink: l.MemberPage(sampleToken)},
		SpeakerBacklogAsk{Name: text, TalkTitle: text, Title: text, When: text, Contact: "organizers@tehpug.ir", Unsubscribe: l.Unsubscribe(sampleToken), Wanted: []WantedTopic{{Title: text, Votes: 2}}, PageLink: l.MemberPage(sampleToken)},
		SpeakerConfirmAsk{Name: text, TalkTitle: text, Title: text, When: text, Days: 14, ConfirmLink: l.ConfirmTalk(sampleToken), PageLink: l.MemberPage(sampleToken)},
		TalkAccepted{Name: text, Title: text, Meetup: text, When: text, Venue: text, Message: text + "\n" + text,
			ConfirmLink: l.ConfirmTalk(sampleToken), WithdrawLink: l.WithdrawTalk(sampleToken), PageLink: l.MemberPage(sampleToken)},
		TalkConfirmed{Name: text, Title: text, Meetup: text, When: text, Venue: text, WithdrawLink: l.WithdrawTalk(sampleToken), PageLink: l.MemberPage(sampleToken)},
		TalkRejected{Name: text, Title: text, Message: text, PageLink: l.MemberPage(sampleToken)},
		TalkReturned{Name: text, Title: text, Meetup: text, When: text, WithdrawLink: l.WithdrawTalk(sampleToken), PageLink: l.MemberPage(sampleToken)},
		TalkSubmitted{Name: text, Title: text, Abstract: text + "\n\n" + text, Format: "lightning", Minutes: 5, Level: "beginner", Days: 7,
			VerifyLink: l.VerifyTalk(sampleToken), WithdrawLink: l.WithdrawTalk(sampleToken), PageLink: l.MemberPage(sampleToken)},
		TalkWithdrawn{Name: text, Title: text, PageLink: l.MemberPage(sampleToken)},
	}
}

// isLinkField reports whether a field of an email holds a link (set by the
// caller from Links, not typed by a user).
func isLinkField(name string) bool {
	return strings.HasSuffix(name, "Link") || name == "Unsubscribe"
}

// withUserText returns a copy of e with every field a user or an organizer
// could have typed set to text: every string field but links (in
// RedMeetups too) and every element of a []string.
func withUserText(e Email, text string) Email {
	v := reflect.New(reflect.TypeOf(e)).Elem()
	v.Set(reflect.ValueOf(e))
	setUserText(v, text)
	return v.Interface().(Email)
}

func setUserText(v reflect.Value, text string) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && !isLinkField(f.Name) {
				setUserText(v.Field(i), text)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // an attachment's bytes
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(s, v)
		for i := range s.Len() {
			setUserText(s.Index(i), text)
		}
		v.Set(s)
	case reflect.String:
		v.SetString(text)
	}
}
