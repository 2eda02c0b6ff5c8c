package web

import "github.com/tehpug/backend/internal/lang"

// LeagueView is a league's public page: its rules, its robots, its
// fixtures and results, and its table.
type LeagueView struct {
	Lang  lang.Tag
	Title string
	Game  GameInfo
	// Status is the league's status ("open", "drawn", "finished").
	Status string
	// Registration, MatchDays and Champion are already written in Lang.
	Registration, MatchDays, MaxRobots, Champion string
	Entrants                                     []string
	Table                                        []LeagueTableRow
	Fixtures                                     []LeagueFixtureRow
}

// LeagueTableRow is one line of the table, its numbers written in Lang.
type LeagueTableRow struct {
	Place, Robot                                               string
	Played, Won, Drawn, Lost, For, Against, Difference, Points string
}

// LeagueFixtureRow is one fixture: when, who, and the result once played
// with its replay's link.
type LeagueFixtureRow struct {
	Round, When, Home, Away string
	Result                  string // "" until played
	Forfeit                 string
	Replay                  string // the replay page's path, when the runner played it
	// Failed is set while the fixture waits for a later day because the
	// match runner failed on it.
	Failed bool
}

// LeagueWords are the league page's words in one language.
type LeagueWords struct {
	Rules, Game, Registration, MatchDays, MaxRobots, Status, Champion, Entrants, NoEntrants string
	Table, Place, Robot, Played, Won, Drawn, Lost, For, Against, Difference, Points         string
	Fixtures, Round, When, Home, Away, Result, Replay, NotPlayed, NoFixtures                string
	// On a robot\'s page: the open leagues it can enter.
	EnterHeading, EnterIntro, Enter, ClosesOn string
	Retry                                     string
	Statuses                                  map[string]string
}

// LeagueText is the league page's words, by language.
var LeagueText = map[lang.Tag]LeagueWords{
	lang.English: {
		Rules: "Rules", Game: "Game", Registration: "Registration", MatchDays: "Match days", MaxRobots: "Robots at most",
		Status: "Status", Champion: "Champion", Entrants: "Robots", NoEntrants: "No robot has entered yet.",
		Table: "Table", Place: "#", Robot: "Robot", Played: "Played", Won: "Won", Drawn: "Drawn", Lost: "Lost",
		For: "For", Against: "Against", Difference: "Difference", Points: "Points",
		Fixtures: "Fixtures and results", Round: "Round", When: "When", Home: "Home", Away: "Away", Result: "Result",
		Replay: "Replay", NotPlayed: "to be played", NoFixtures: "The fixtures are drawn when registration closes.",
		Statuses:     map[string]string{"open": "open for entries until registration closes", "drawn": "playing", "finished": "finished"},
		EnterHeading: "Enter a league", EnterIntro: "These leagues of your robot's game take entries now. A member enters one robot per league; a newer version of the same robot can replace it until the first match.",
		Enter: "Enter this robot", ClosesOn: "registration closes",
		Retry: "the match runner failed on this match; it is played on a later day",
	},
	lang.Persian: {
		Rules: "قاعده‌ها", Game: "بازی", Registration: "ثبت‌نام", MatchDays: "روزهای مسابقه", MaxRobots: "بیشترین شمار ربات‌ها",
		Status: "وضعیت", Champion: "قهرمان", Entrants: "ربات‌ها", NoEntrants: "هنوز هیچ رباتی ثبت‌نام نکرده است.",
		Table: "جدول", Place: "رتبه", Robot: "ربات", Played: "بازی", Won: "برد", Drawn: "مساوی", Lost: "باخت",
		For: "امتیاز گرفته", Against: "امتیاز داده", Difference: "تفاضل", Points: "امتیاز",
		Fixtures: "برنامه و نتیجه‌ها", Round: "دور", When: "زمان", Home: "میزبان", Away: "میهمان", Result: "نتیجه",
		Replay: "بازپخش", NotPlayed: "بازی نشده", NoFixtures: "برنامهٔ مسابقه‌ها پس از بسته شدن ثبت‌نام کشیده می‌شود.",
		Statuses:     map[string]string{"open": "باز برای ثبت‌نام تا پایان آن", "drawn": "در حال بازی", "finished": "تمام‌شده"},
		EnterHeading: "شرکت در لیگ", EnterIntro: "این لیگ‌های بازی ربات شما اکنون ثبت‌نام می‌پذیرند. هر عضو در هر لیگ یک ربات دارد؛ نسخهٔ تازه‌تر همان ربات تا نخستین مسابقه می‌تواند جای آن را بگیرد.",
		Enter: "ثبت‌نام این ربات", ClosesOn: "پایان ثبت‌نام",
		Retry: "اجرای این مسابقه شکست خورد؛ روزی دیگر بازی می‌شود",
	},
}

// Words are the page's words in its language.
func (v LeagueView) Words() LeagueWords { return leagueWords(v.Lang) }

// leagueWords are the league words in l, or in English when l is not
// exactly one of LeagueText's languages.
func leagueWords(l lang.Tag) LeagueWords {
	if w, ok := LeagueText[l]; ok {
		return w
	}
	return LeagueText[lang.English]
}
