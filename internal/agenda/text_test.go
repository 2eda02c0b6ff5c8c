package agenda_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tehpug/backend/internal/agenda"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
)

// Unicode isolates, as Persian text sets names, titles and dates apart.
const (
	lri = "\u2066"
	fsi = "\u2068"
	pdi = "\u2069"
)

// TestTextInPersian: every item reads in Persian with Persian digits, the
// wording of the English, and each name, title and English date isolated in
// its own direction.
func TestTextInPersian(t *testing.T) {
	when := "Saturday 19 December 2026, 18:00–21:00 (Asia/Tehran)"
	m := agenda.Meetup{ID: "m1", Title: "Django night", When: when, Days: 12, Capacity: 40, Seats: 38, Waiting: 14,
		Programme: []agenda.Talk{{Title: "Typing", Status: talks.Accepted}, {Title: "Async", Status: talks.Confirmed}}}
	talk := agenda.Talk{Title: "Typing", Speaker: "سینا", Submitted: time.Date(2026, 11, 3, 10, 0, 0, 0, tehran)}
	pair := agenda.Pair{Mentor: "Mina", Mentee: "امید", State: mentorship.StateAtRisk, LastCheckIn: time.Date(2026, 11, 20, 10, 0, 0, 0, tehran)}
	iso := func(s string) string { return fsi + s + pdi }
	ltr := func(s string) string { return lri + s + pdi }
	tests := []struct {
		item   agenda.Item
		en, fa string
	}{
		{agenda.Item{Level: agenda.Urgent, Kind: agenda.NoTalk, Meetup: m},
			`No talk for "Django night", 12 days away (` + when + `).`,
			"«" + iso("Django night") + "» هیچ ارائه‌ای ندارد و ۱۲ روز مانده است (" + ltr(when) + ")."},
		{agenda.Item{Level: agenda.Action, Kind: agenda.NoTalk, Meetup: m},
			`No talk yet for "Django night", 12 days away (` + when + `).`,
			"«" + iso("Django night") + "» هنوز ارائه‌ای ندارد؛ ۱۲ روز مانده است (" + ltr(when) + ")."},
		{agenda.Item{Level: agenda.Action, Kind: agenda.UnconfirmedSpeaker, Meetup: m, Talk: talk},
			`سینا has not confirmed "Typing" at "Django night", 12 days away.`,
			iso("سینا") + " ارائهٔ «" + iso("Typing") + "» در «" + iso("Django night") + "» را تأیید نکرده است؛ ۱۲ روز مانده."},
		{agenda.Item{Level: agenda.Action, Kind: agenda.UnconfirmedSpeaker, Meetup: m, Talk: agenda.Talk{Title: "Typing"}},
			`A speaker has not confirmed "Typing" at "Django night", 12 days away.`,
			"سخنران ارائهٔ «" + iso("Typing") + "» در «" + iso("Django night") + "» را تأیید نکرده است؛ ۱۲ روز مانده."},
		{agenda.Item{Level: agenda.Action, Kind: agenda.LongWaitlist, Meetup: m},
			`Waiting for a seat at "Django night": 14 people (capacity 40). A bigger room?`,
			"در «" + iso("Django night") + "» ۱۴ نفر منتظر جا هستند (ظرفیت ۴۰). سالن بزرگ‌تر؟"},
		{agenda.Item{Level: agenda.Urgent, Kind: agenda.NoMeetup, Count: 60},
			"No meetup is scheduled in the next 60 days.",
			"در ۶۰ روز آینده هیچ دورهمی‌ای برنامه‌ریزی نشده است."},
		{agenda.Item{Level: agenda.Action, Kind: agenda.UndecidedTalks, Count: 3, Talk: talk},
			`Talks waiting for a decision: 3; the oldest, "Typing" by سینا, since 3 November.`,
			"ارائه‌های منتظر تصمیم: ۳؛ قدیمی‌ترین «" + iso("Typing") + "» از " + iso("سینا") + "، از " + ltr("3 November") + "."},
		{agenda.Item{Level: agenda.Urgent, Kind: agenda.StalledPair, Pair: agenda.Pair{Mentor: "Mina", Mentee: "امید"}},
			"Mentorship Mina and امید has stalled (last check-in: never).",
			"منتورشیپ " + iso("Mina") + " و " + iso("امید") + " متوقف شده است (آخرین گزارش: هرگز)."},
		{agenda.Item{Level: agenda.Action, Kind: agenda.AtRiskPair, Pair: pair},
			"Mentorship Mina and امید is at risk (last check-in: 20 November).",
			"منتورشیپ " + iso("Mina") + " و " + iso("امید") + " در خطر است (آخرین گزارش: " + ltr("20 November") + ")."},
		{agenda.Item{Level: agenda.Info, Kind: agenda.ComingMeetup, Meetup: m},
			"Django night: " + when + "; seats left: 2 of 40; waiting: 14; talks: 2 (1 confirmed).",
			iso("Django night") + ": " + ltr(when) + "؛ جای خالی: ۲ از ۴۰؛ در انتظار: ۱۴؛ ارائه‌ها: ۲ (۱ تأییدشده)."},
		{agenda.Item{Level: agenda.Info, Kind: agenda.PairCounts, Pairs: agenda.PairTally{All: 12, Active: 7, Overdue: 2, AtRisk: 2, Stalled: 1}},
			"Mentorship pairs: 12 (7 active, 2 overdue, 2 at risk, 1 stalled).",
			"جفت‌های منتورشیپ: ۱۲ (۷ فعال، ۲ با تأخیر، ۲ در خطر، ۱ متوقف)."},
		{agenda.Item{Level: agenda.Info, Kind: agenda.NewMembers, Count: 2, Names: []string{"Ali", "سارا"}},
			"New members this week (2): Ali, سارا.",
			"اعضای تازهٔ این هفته (۲): " + iso("Ali") + "، " + iso("سارا") + "."},
		{agenda.Item{Level: agenda.Info, Kind: agenda.NewMembers},
			"No new members this week.",
			"این هفته عضو تازه‌ای نداشتیم."},
	}
	for _, tt := range tests {
		t.Run(string(tt.item.Kind), func(t *testing.T) {
			if got := tt.item.Text(lang.English); got != tt.en {
				t.Errorf("English:\n got %q\nwant %q", got, tt.en)
			}
			if got := tt.item.Text(lang.Persian); got != tt.fa {
				t.Errorf("Persian:\n got %q\nwant %q", got, tt.fa)
			}
			if got := tt.item.Text("de"); got != tt.en {
				t.Errorf("a language the group does not speak: %q, want the English", got)
			}
		})
	}
}

// TestEveryKindHasText: each kind of item is written in every language,
// with nothing left unformatted.
func TestEveryKindHasText(t *testing.T) {
	kinds := []agenda.Kind{agenda.NoTalk, agenda.UnconfirmedSpeaker, agenda.LongWaitlist, agenda.NoMeetup, agenda.UndecidedTalks,
		agenda.StalledPair, agenda.AtRiskPair, agenda.ComingMeetup, agenda.PairCounts, agenda.NewMembers,
		agenda.RunningLeague, agenda.FailedLeagueMatch, agenda.ThinLeague}
	for _, k := range kinds {
		for _, l := range lang.All {
			got := agenda.Item{Kind: k, Count: 1, Names: []string{"N"}}.Text(l)
			if got == "" || strings.Contains(got, "%!") {
				t.Errorf("%s in %s: %q", k, l, got)
			}
			if l == lang.Persian && strings.ContainsAny(withoutLTR(got), "0123456789") {
				t.Errorf("%s in Persian has Latin digits outside an English date: %q", k, got)
			}
		}
	}
}

// withoutLTR is s without its left-to-right isolates (the English dates).
func withoutLTR(s string) string {
	for {
		i := strings.Index(s, lri)
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], pdi)
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+len(pdi):]
	}
}
