package agenda

import (
	"fmt"
	"strings"
	"time"

	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/mentorship"
)

// Text is the item as one sentence in language l (English for any language
// but Persian). Persian writes numbers in its own digits, and sets names,
// titles and the English dates apart with Unicode isolates, so each keeps
// its own direction inside the right-to-left sentence.
func (it Item) Text(l lang.Tag) string {
	l = lang.Parse(string(l))
	w := writer{l: l, p: phrases[l]}
	m, t, p := it.Meetup, it.Talk, it.Pair
	switch it.Kind {
	case NoTalk:
		key := "noTalk"
		if it.Level == Urgent {
			key = "noTalkRed"
		}
		out := w.say(key, w.user(m.Title), w.num(m.Days), w.ltr(m.When))
		if it.Count > 0 {
			out += " " + w.say("capstone", w.num(it.Count), w.user(t.Title), w.user(t.Speaker))
		}
		return out
	case UnconfirmedSpeaker:
		speaker := w.user(t.Speaker)
		if t.Speaker == "" {
			speaker = w.p["someone"]
		}
		return w.say("unconfirmed", speaker, w.user(t.Title), w.user(m.Title), w.num(m.Days))
	case LongWaitlist:
		return w.say("waitlist", w.user(m.Title), w.num(m.Waiting), w.num(m.Capacity))
	case NoMeetup:
		return w.say("noMeetup", w.num(it.Count))
	case UndecidedTalks:
		return w.say("undecided", w.num(it.Count), w.user(t.Title), w.user(t.Speaker), w.ltr(day(t.Submitted)))
	case StalledPair, AtRiskPair:
		last := w.p["never"]
		if !p.LastCheckIn.IsZero() {
			last = w.ltr(day(p.LastCheckIn))
		}
		key := "atRisk"
		if it.Kind == StalledPair {
			key = "stalled"
		}
		return w.say(key, w.user(p.Mentor), w.user(p.Mentee), last)
	case ComingMeetup:
		return w.say("meetup", w.user(m.Title), w.ltr(m.When), w.num(m.SeatsLeft()), w.num(m.Capacity),
			w.num(m.Waiting), w.num(len(m.Programme)), w.num(m.Confirmed()))
	case PairCounts:
		c := it.Pairs
		return w.say("pairs", w.num(c.All), w.num(c.Active), w.num(c.Overdue), w.num(c.AtRisk), w.num(c.Stalled))
	case FadeReasons:
		parts := make([]string, 0, len(mentorship.FadeReasons))
		for _, r := range mentorship.FadeReasons {
			parts = append(parts, w.say("fade_"+string(r), w.num(it.Fades[r])))
		}
		return w.say("fades", w.num(it.Fades.Total()), strings.Join(parts, w.p["and"]))
	case NewMembers:
		if it.Count == 0 {
			return w.say("noNewMembers")
		}
		names := make([]string, len(it.Names))
		for i, n := range it.Names {
			names[i] = w.user(n)
		}
		return w.say("newMembers", w.num(it.Count), strings.Join(names, w.p["and"]))
	case WantedTopics:
		ts := make([]string, len(it.Topics))
		for i, t := range it.Topics {
			ts[i] = w.say("topicVotes", w.user(t.Title), w.num(t.Votes))
		}
		return w.say("wantedTopics", strings.Join(ts, w.p["and"]))
	case RunningLeague:
		lg := it.League
		switch {
		case lg.Status == leagues.Open:
			return w.say("leagueOpen", w.user(lg.Title), w.user(lg.Game), w.ltr(moment(lg.RegistrationCloses)), w.num(lg.Entrants), w.num(lg.MaxRobots))
		case lg.NextMatch.IsZero():
			return w.say("leaguePlayed", w.user(lg.Title), w.user(lg.Game), w.num(lg.Played), w.num(lg.Fixtures))
		}
		return w.say("leaguePlaying", w.user(lg.Title), w.user(lg.Game), w.num(lg.Played), w.num(lg.Fixtures), w.ltr(moment(lg.NextMatch)))
	case FailedLeagueMatch:
		lg, mt := it.League, it.Match
		return w.say("leagueFailed", w.user(lg.Title), w.user(mt.Home), w.user(mt.Away), w.num(mt.Round), w.num(mt.Attempts),
			w.ltr(moment(mt.FailedAt)), w.ltr(mt.LastFailure))
	case ThinLeague:
		lg := it.League
		return w.say("leagueThin", w.user(lg.Title), w.ltr(moment(lg.RegistrationCloses)), w.num(lg.Entrants), w.num(it.Count))
	}
	return ""
}

// moment is a time as the agenda writes it: "Sun 2 January 18:00".
func moment(t time.Time) string { return t.Format("Mon 2 January 15:04") }

// day is a date as the agenda writes it: "2 January".
func day(t time.Time) string { return t.Format("2 January") }

// Unicode isolates (what <bdi> and dir="ltr" do in HTML).
const (
	lri = "\u2066" // left-to-right isolate
	fsi = "\u2068" // first-strong isolate
	pdi = "\u2069" // pop directional isolate
)

// writer writes the sentences of one language.
type writer struct {
	l lang.Tag
	p map[string]string
}

func (w writer) say(key string, args ...any) string { return fmt.Sprintf(w.p[key], args...) }

func (w writer) num(n int) string { return w.l.Number(n) }

// user is text someone typed (a title, a name): quoted in English, set
// apart in its own direction in Persian, where the phrase quotes it.
func (w writer) user(s string) string {
	if w.l == lang.Persian {
		return fsi + s + pdi
	}
	return s
}

// ltr is text always written left to right (an English date).
func (w writer) ltr(s string) string {
	if w.l == lang.Persian {
		return lri + s + pdi
	}
	return s
}

// phrases are the agenda's sentences in each language. English quotes
// titles with %q.
var phrases = map[lang.Tag]map[string]string{
	lang.English: {
		"noTalkRed":              "No talk for %q, %s days away (%s).",
		"noTalk":                 "No talk yet for %q, %s days away (%s).",
		"unconfirmed":            "%s has not confirmed %q at %q, %s days away.",
		"someone":                "A speaker",
		"waitlist":               "Waiting for a seat at %q: %s people (capacity %s). A bigger room?",
		"meetup":                 "%s: %s; seats left: %s of %s; waiting: %s; talks: %s (%s confirmed).",
		"noMeetup":               "No meetup is scheduled in the next %s days.",
		"undecided":              "Talks waiting for a decision: %s; the oldest, %q by %s, since %s.",
		"never":                  "never",
		"stalled":                "Mentorship %s and %s has stalled (last check-in: %s).",
		"atRisk":                 "Mentorship %s and %s is at risk (last check-in: %s).",
		"pairs":                  "Mentorship pairs: %s (%s active, %s overdue, %s at risk, %s stalled).",
		"newMembers":             "New members this week (%s): %s.",
		"and":                    ", ",
		"noNewMembers":           "No new members this week.",
		"capstone":               "Mentorship capstone talks in the backlog: %s; the first candidate, %q by %s.",
		"fades":                  "Why pairs faded (%s answers): %s.",
		"fade_no_time":           "no time %s",
		"fade_no_answer":         "the other side did not answer %s",
		"fade_goals_unclear":     "goals unclear %s",
		"fade_got_what_i_needed": "got what they needed %s",
		"fade_other":             "other %s",
		"wantedTopics":           "Most-wanted topics nobody has claimed yet: %s.",
		"topicVotes":             "%s (%s votes)",
		"leagueOpen":             "League %q (%s): registration closes %s; robots entered: %s of %s.",
		"leaguePlaying":          "League %q (%s): %s of %s matches played; the next match day %s.",
		"leaguePlayed":           "League %q (%s): %s of %s matches played.",
		"leagueFailed":           "League %q: the match runner failed on %s against %s (round %s); failures: %s, the last on %s: %s. It is tried again on a later day.",
		"leagueThin":             "League %q closes registration %s; robots entered: %s, fewer than the %s it needs to be played.",
	},
	lang.Persian: {
		"noTalkRed":              "«%s» هیچ ارائه‌ای ندارد و %s روز مانده است (%s).",
		"noTalk":                 "«%s» هنوز ارائه‌ای ندارد؛ %s روز مانده است (%s).",
		"unconfirmed":            "%s ارائهٔ «%s» در «%s» را تأیید نکرده است؛ %s روز مانده.",
		"someone":                "سخنران",
		"waitlist":               "در «%s» %s نفر منتظر جا هستند (ظرفیت %s). سالن بزرگ‌تر؟",
		"meetup":                 "%s: %s؛ جای خالی: %s از %s؛ در انتظار: %s؛ ارائه‌ها: %s (%s تأییدشده).",
		"noMeetup":               "در %s روز آینده هیچ دورهمی‌ای برنامه‌ریزی نشده است.",
		"undecided":              "ارائه‌های منتظر تصمیم: %s؛ قدیمی‌ترین «%s» از %s، از %s.",
		"never":                  "هرگز",
		"stalled":                "منتورشیپ %s و %s متوقف شده است (آخرین گزارش: %s).",
		"atRisk":                 "منتورشیپ %s و %s در خطر است (آخرین گزارش: %s).",
		"pairs":                  "جفت‌های منتورشیپ: %s (%s فعال، %s با تأخیر، %s در خطر، %s متوقف).",
		"newMembers":             "اعضای تازهٔ این هفته (%s): %s.",
		"and":                    "، ",
		"noNewMembers":           "این هفته عضو تازه‌ای نداشتیم.",
		"capstone":               "ارائه‌های پایان منتورشیپ در فهرست انتظار: %s؛ نخستین گزینه «%s» از %s.",
		"fades":                  "چرا همراهی‌ها کم‌رنگ شد (%s پاسخ): %s.",
		"fade_no_time":           "وقت نداشتم %s",
		"fade_no_answer":         "طرف مقابل پاسخ نداد %s",
		"fade_goals_unclear":     "هدف‌ها روشن نبود %s",
		"fade_got_what_i_needed": "آنچه می‌خواستم را گرفتم %s",
		"fade_other":             "دلیل دیگر %s",
		"wantedTopics":           "پرطرفدارترین موضوع‌هایی که هنوز کسی برنداشته: %s.",
		"topicVotes":             "%s (%s رأی)",
		"leagueOpen":             "لیگ «%s» (%s): ثبت‌نام %s بسته می‌شود؛ ربات‌های ثبت‌شده: %s از %s.",
		"leaguePlaying":          "لیگ «%s» (%s): %s از %s مسابقه انجام شده؛ روز مسابقهٔ بعدی %s.",
		"leaguePlayed":           "لیگ «%s» (%s): %s از %s مسابقه انجام شده.",
		"leagueFailed":           "لیگ «%s»: اجراکنندهٔ مسابقه در بازی %s با %s (دور %s) شکست خورد؛ شمار شکست‌ها: %s، آخرین بار %s: %s. در روزی دیگر دوباره اجرا می‌شود.",
		"leagueThin":             "ثبت‌نام لیگ «%s» %s بسته می‌شود و تنها %s ربات دارد: برای برگزاری دست‌کم %s ربات لازم است.",
	},
}
