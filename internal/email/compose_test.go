package email

import (
	"slices"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/lang"
)

func TestComposeLanguage(t *testing.T) {
	e := MemberConfirm{Name: "Ali", ConfirmLink: sampleLinks.ConfirmMembership("abc")}
	tests := []struct {
		in          lang.Tag
		wantLang    string
		wantSubject string
	}{
		{lang.English, `<html lang="en" dir="ltr">`, "Confirm you want to join TehPUG"},
		{lang.Persian, `<html lang="fa" dir="rtl">`, "عضویت در TehPUG را تأیید کنید"},
		{"", `<html lang="en" dir="ltr">`, "Confirm you want to join TehPUG"},
		{"de", `<html lang="en" dir="ltr">`, "Confirm you want to join TehPUG"},
		{"fa-IR", `<html lang="fa" dir="rtl">`, "عضویت در TehPUG را تأیید کنید"},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			m := compose(t, tt.in, e)
			if m.Subject != tt.wantSubject || !strings.Contains(m.HTML, tt.wantLang) {
				t.Errorf("subject %q, html %.120s...", m.Subject, m.HTML)
			}
		})
	}
}

func TestComposeUnsubscribe(t *testing.T) {
	unsub := sampleLinks.Unsubscribe("u")
	tests := []struct {
		name    string
		e       Email
		want    string // Message.Unsubscribe
		wantErr bool
	}{
		{"welcome", MemberWelcome{Name: "Ali", Unsubscribe: unsub}, unsub, false},
		{"welcome without a link", MemberWelcome{Name: "Ali"}, "", true},
		{"call for speakers without a link", CallForSpeakers{Title: "T", When: "W", SubmitLink: "https://tehpug.ir"}, "", true},
		{"backlog ask to a member", SpeakerBacklogAsk{TalkTitle: "T", Title: "M", When: "W", Unsubscribe: unsub}, unsub, false},
		{"backlog ask to a speaker who is not a member", SpeakerBacklogAsk{TalkTitle: "T", Title: "M", When: "W"}, "", false},
		{"transactional", MemberConfirm{ConfirmLink: sampleLinks.ConfirmMembership("c")}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range lang.All {
				m, err := Compose(Recipient{Address: "ali@example.org", Lang: l}, tt.e)
				if tt.wantErr {
					if err == nil {
						t.Fatalf("%s: Compose sent it without an unsubscribe link", l)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", l, err)
				}
				if m.Unsubscribe != tt.want {
					t.Errorf("%s: Unsubscribe = %q, want %q", l, m.Unsubscribe, tt.want)
				}
				checkText(t, m)
			}
		})
	}
}

func TestComposeRefusesBadLinks(t *testing.T) {
	const secret = "s3cr3t-token"
	tests := []struct {
		name string
		e    Email
	}{
		{"missing button link", MemberConfirm{Name: "Ali"}},
		{"javascript", MemberErase{EraseLink: "javascript:alert('" + secret + "')"}},
		{"relative", OrganizerLogin{SignInLink: "/auth/session?token=" + secret}},
		{"links of a zero Links", TalkConfirmed{WithdrawLink: Links{}.WithdrawTalk(secret)}},
		{"no host", RegistrationConfirmed{CancelLink: "https:///registrations/cancel?token=" + secret}},
		{"ftp", MentorCheckinReminder{CheckInLink: "ftp://tehpug.ir/" + secret}},
		{"bad red meetup link", OrganizerPairStalled{PairsLink: sampleLinks.Console(consolepath.Mentorships("stalled")), RedMeetups: []RedMeetup{{Title: "T", Link: "data:" + secret}}}},
		{"bad unsubscribe link", MemberWelcome{Unsubscribe: "mailto:" + secret + "@x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compose(Recipient{Address: "ali@example.org"}, tt.e)
			if err == nil {
				t.Fatal("Compose accepted it")
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q shows the link", err)
			}
		})
	}
	if _, err := Compose(Recipient{Address: "ali@example.org"}, nil); err == nil {
		t.Error("Compose accepted no email")
	}
}

// TestComposeOptionalParts checks the parts of an email that come and go
// with its data, in both languages.
func TestComposeOptionalParts(t *testing.T) {
	red := []RedMeetup{{Title: "Django night", When: "Thursday 5 June", Days: 9, Link: sampleLinks.Meetup("m 1/x")}}
	tests := []struct {
		name          string
		e             Email
		want, wantNot map[lang.Tag][]string // in the text (and so in the HTML's words)
		attachments   int
	}{
		{
			name: "reminder to a registrant, with the invite",
			e:    MeetupReminder{Title: "M", When: "W", Venue: "V", CancelLink: sampleLinks.CancelRegistration("c"), Invite: []byte("BEGIN:VCALENDAR")},
			want: map[lang.Tag][]string{
				lang.English: {"you have a seat at", "The attached invite", "Cancel my registration: https://api.tehpug.ir/registrations/cancel?token=c"},
				lang.Persian: {"جا دارید", "دعوت‌نامهٔ پیوست", "لغو ثبت‌نام: https://api.tehpug.ir/registrations/cancel?token=c"},
			},
			attachments: 1,
		},
		{
			name: "reminder to a speaker, without an invite",
			e:    MeetupReminder{Title: "M", When: "W", Venue: "V", Talk: "Async Python"},
			want: map[lang.Tag][]string{lang.English: {"you are speaking at", "Async Python"}, lang.Persian: {"ارائهٔ «\u2068Async Python\u2069»"}},
			wantNot: map[lang.Tag][]string{
				lang.English: {"attached", "Cancel", "https://"},
				lang.Persian: {"پیوست", "لغو ثبت‌نام", "https://"},
			},
		},
		{
			name:    "schedule change without a cancel link",
			e:       MeetupChanged{Title: "M", When: "W", Venue: "V"},
			want:    map[lang.Tag][]string{lang.English: {"Your registration stands."}, lang.Persian: {"به قوت خود باقی است."}},
			wantNot: map[lang.Tag][]string{lang.English: {"free your place", "https://"}, lang.Persian: {"آزاد کنید", "https://"}},
		},
		{
			name: "acceptance with the organizers' message",
			e: TalkAccepted{Title: "T", Meetup: "M", Message: "Line one\nLine two",
				ConfirmLink: sampleLinks.ConfirmTalk("c"), WithdrawLink: sampleLinks.WithdrawTalk("w")},
			want: map[lang.Tag][]string{
				lang.English: {"A word from the organizers:\n\nLine one\nLine two\n"},
				lang.Persian: {"پیامی از برگزارکنندگان:\n\nLine one\nLine two\n"},
			},
		},
		{
			name:    "rejection without a message",
			e:       TalkRejected{Title: "T"},
			wantNot: map[lang.Tag][]string{lang.English: {"A word from"}, lang.Persian: {"پیامی از"}},
		},
		{
			name: "alarm with the red banner",
			e:    OrganizerEmptySlot{Title: "Flask night", When: "W", Days: 40, MeetupLink: sampleLinks.Meetup("m2"), RedMeetups: red},
			want: map[lang.Tag][]string{
				lang.English: {"RED ALERT: no talk yet", "\n\n- “\u2068Django night\u2069”, Thursday 5 June: 9 days away. https://api.tehpug.ir/meetups/m%201%2Fx\n\n"},
				lang.Persian: {"هشدار قرمز: تا این دورهمی‌ها", "\n\n- «\u2068Django night\u2069»، \u2066Thursday 5 June\u2069: ۹ روز مانده. https://api.tehpug.ir/meetups/m%201%2Fx\n\n"},
			},
			wantNot: map[lang.Tag][]string{lang.English: {"RED ALERT: no talk two weeks"}, lang.Persian: {"هشدار قرمز: دو هفته"}},
		},
		{
			name:    "alarm without red meetups",
			e:       OrganizerSilentSpeaker{Title: "M", TalkTitle: "T", SpeakerName: "S", Days: 5, MeetupLink: sampleLinks.Meetup("m2")},
			wantNot: map[lang.Tag][]string{lang.English: {"RED"}, lang.Persian: {"هشدار قرمز"}},
		},
		{
			name: "a quiet week in the digest",
			e:    OrganizerDigest{Date: "Monday 2 June 2025", Week: []DigestItem{{Text: "No new members this week."}}},
			want: map[lang.Tag][]string{
				lang.English: {"Nothing needs action this week.", "- No new members this week."},
				lang.Persian: {"این هفته کاری معطل نمانده است."},
			},
			wantNot: map[lang.Tag][]string{lang.English: {"RED", "Needs action"}, lang.Persian: {"هشدار", "نیازمند اقدام"}},
		},
		{
			name: "digest lines lead to the console",
			e: OrganizerDigest{Date: "Monday 2 June 2025",
				Urgent:  []DigestItem{{Text: "No talk for Flask night.", Link: sampleLinks.Console(consolepath.Meetup("m 1"))}},
				Actions: []DigestItem{{Text: "Talks waiting: 2.", Link: sampleLinks.Console(consolepath.Talks("submitted"))}},
				Week:    []DigestItem{{Text: "No new members this week."}}},
			want: map[lang.Tag][]string{
				lang.English: {
					"Needs action now\n\n- No talk for Flask night.: https://api.tehpug.ir/console/meetups/m%201\n",
					"Needs action\n\n- Talks waiting: 2.: https://api.tehpug.ir/console/talks?status=submitted\n",
					"- No new members this week.\n",
				},
				lang.Persian: {"- No talk for Flask night.: https://api.tehpug.ir/console/meetups/m%201\n"},
			},
			wantNot: map[lang.Tag][]string{lang.English: {"Nothing needs action"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range lang.All {
				m := compose(t, l, tt.e)
				for _, s := range tt.want[l] {
					if !strings.Contains(m.Text, s) {
						t.Errorf("%s: text lacks %q:\n%s", l, s, m.Text)
					}
				}
				for _, s := range tt.wantNot[l] {
					if strings.Contains(m.Subject+m.Text, s) {
						t.Errorf("%s: email has %q:\n%s\n%s", l, s, m.Subject, m.Text)
					}
				}
				if len(m.Attachments) != tt.attachments {
					t.Errorf("%s: %d attachments, want %d", l, len(m.Attachments), tt.attachments)
				}
				checkText(t, m)
			}
		})
	}
}

func TestComposeSubjects(t *testing.T) {
	tests := []struct {
		e      Email
		en, fa string
	}{
		{e: RegistrationWaitlisted{Title: "Django\r\nBcc: x@y", Position: 12, CancelLink: sampleLinks.CancelRegistration("c")},
			en: "You are number 12 on the waitlist for Django Bcc: x@y", fa: "شما نفر ۱۲ فهرست انتظار Django Bcc: x@y هستید"},
		{e: OrganizerDigest{Date: "Monday", Urgent: []DigestItem{{Text: "x", Link: sampleLinks.Console(consolepath.Meetups())}}},
			en: "RED: TehPUG weekly digest, Monday", fa: "هشدار قرمز: گزارش هفتگی TehPUG، Monday"},
		{e: OrganizerEmptySlot{Title: "  PyCon\tnight ", Days: 30, MeetupLink: sampleLinks.Meetup("m")},
			en: "No talk yet for PyCon night (30 days away)", fa: "PyCon night هنوز ارائه‌ای ندارد (۳۰ روز مانده)"},
		{e: OrganizerSilentSpeaker{Title: "M", TalkTitle: "T", MeetupLink: sampleLinks.Meetup("m")},
			en: `Speaker silent: "T" at M is not confirmed`, fa: "سخنران بی‌پاسخ: «T» در M تأیید نشده است"},
	}
	for _, tt := range tests {
		t.Run(tt.e.kind(), func(t *testing.T) {
			if got := compose(t, lang.English, tt.e).Subject; got != tt.en {
				t.Errorf("English subject %q, want %q", got, tt.en)
			}
			if got := compose(t, lang.Persian, tt.e).Subject; got != tt.fa {
				t.Errorf("Persian subject %q, want %q", got, tt.fa)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Welcome to TehPUG", "Welcome to TehPUG"},
		{"  Your talk\r\nBcc: x@y\n was accepted ", "Your talk Bcc: x@y was accepted"},
		{"سلام\u2028علی\t!", "سلام علی !"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := oneLine(tt.in); got != tt.want {
				t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestComposeThenEncode checks a composed email survives MIME encoding as
// it was composed.
func TestComposeThenEncode(t *testing.T) {
	for _, tt := range []struct {
		l    lang.Tag
		name string
	}{{lang.Persian, "علی"}, {lang.English, "Ali"}} {
		t.Run(string(tt.l), func(t *testing.T) {
			m, err := Compose(Recipient{Address: "ali@example.org", Name: tt.name, Lang: tt.l},
				MeetupReminder{Name: tt.name, Title: "Django", When: "W", Venue: "V", Invite: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")})
			if err != nil {
				t.Fatal(err)
			}
			raw, err := Encode(testFrom, m, testNow)
			if err != nil {
				t.Fatal(err)
			}
			p := parseMessage(t, raw)
			if got, _ := p.header.Subject(); got != m.Subject {
				t.Errorf("subject = %q, want %q", got, m.Subject)
			}
			if p.text != m.Text || p.html != m.HTML {
				t.Errorf("bodies changed on the way:\ntext %q\nhtml %q", p.text, p.html)
			}
			if len(p.attachments) != 1 || p.attachments[0].filename != "meetup.ics" || p.attachments[0].contentType != "text/calendar" {
				t.Errorf("attachments = %+v", p.attachments)
			}
			if tt.l == lang.Persian && !strings.Contains(p.html, `dir="rtl"`) {
				t.Error("Persian email is not right-to-left")
			}
		})
	}
}

// TestComposeMemberPageFooter: an email to a member that carries the link to
// their page shows it in the footer, in both parts and both languages, as
// "Your TehPUG page"; one without it has no such line.
func TestComposeMemberPageFooter(t *testing.T) {
	page := sampleLinks.MemberPage("p")
	words := map[lang.Tag]string{lang.English: "Your TehPUG page", lang.Persian: "صفحهٔ شما در TehPUG"}
	for l, w := range words {
		m, err := Compose(Recipient{Address: "ali@example.org", Lang: l}, MemberWelcome{Name: "Ali", Unsubscribe: sampleLinks.Unsubscribe("u"), PageLink: page})
		if err != nil {
			t.Fatal(err)
		}
		_, footer, _ := strings.Cut(m.HTML, "<hr")
		if !strings.Contains(footer, w) || !strings.Contains(footer, page) || !strings.Contains(m.Text, page) {
			t.Errorf("%s: the footer does not link to the member's page", l)
		}
		m, err = Compose(Recipient{Address: "ali@example.org", Lang: l}, MemberWelcome{Name: "Ali", Unsubscribe: sampleLinks.Unsubscribe("u")})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(m.HTML, w) {
			t.Errorf("%s: a footer without a page link names the page", l)
		}
	}
}

// notToMembers are the emails that never go to a confirmed member as one:
// the first "confirm your membership" and the "confirm my seat" of a held
// place go to an address nobody has proven yet, the rest to organizers.
var notToMembers = []string{
	"member-confirm", "registration-held",
	"organizer-digest", "organizer-empty-slot", "organizer-login", "organizer-pair-stalled", "organizer-silent-speaker",
}

// TestEveryEmailToAMemberCarriesTheirPage: every email that can go to a
// member (all but notToMembers) takes the link to their page and shows it
// in its footer, in both languages and both parts; the others cannot carry
// one.
func TestEveryEmailToAMemberCarriesTheirPage(t *testing.T) {
	page := sampleLinks.MemberPage(sampleToken)
	words := map[lang.Tag]string{lang.English: "Your TehPUG page", lang.Persian: "صفحهٔ شما در TehPUG"}
	toMembers := 0
	for _, e := range samples("Ali") {
		tm, ok := e.(toMember)
		if slices.Contains(notToMembers, e.kind()) {
			if ok {
				t.Errorf("%s goes to no member, yet takes a member page link", e.kind())
			}
			continue
		}
		toMembers++
		if !ok || tm.memberPage() != page {
			t.Errorf("%s goes to members and carries no link to their page", e.kind())
			continue
		}
		for l, w := range words {
			m := compose(t, l, e)
			_, footer, _ := strings.Cut(m.HTML, "<hr")
			_, textFooter, _ := strings.Cut(m.Text, "\n-- \n")
			if !strings.Contains(footer, w) || !strings.Contains(footer, `href="`+page+`"`) || !strings.Contains(textFooter, page) {
				t.Errorf("%s (%s): the footer does not link to the member's page", e.kind(), l)
			}
		}
	}
	if toMembers != 29 {
		t.Errorf("%d emails go to members, want 29", toMembers)
	}
}
