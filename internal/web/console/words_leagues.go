package console

// LeagueWords is what the league pages say, in one language.
type LeagueWords struct {
	// The list.
	Intro, None, League, Game, Status, Registration, Entrants, Matches, Failed string
	// EntrantsOf and MatchesOf take two numbers: so many of so many.
	EntrantsOf, MatchesOf, NextPage string
	// Statuses names each league status.
	Statuses map[string]string

	// The form that opens a league.
	OpenTitle, OpenIntro, Title, Opens, Closes, TimeHint, FirstDay, FirstDayHint string
	Days, DaysHint, MatchTime, MatchTimeHint, MaxRobots, MaxRobotsHint, Open     string
	Created                                                                      string

	// One league.
	Back, PublicPage, Rules, RulesLine, NoEntrants, Fixtures, NoFixtures, Round string
	Home, Away, Result, Replay, NotPlayed, Forfeit, Draw                        string
	FailedTitle, FailedIntro, Attempts, LastFailure, FailedAt, NoFailures       string
	Table, TieBreakers, Place, Robot, Played, Won, Drawn, Lost, For, Against    string
	Difference, Points, Champion, NoChampion                                    string
}

// englishWeekdays and shortWeekdays name the days of the week, Sunday
// first as time.Weekday counts them.
var englishWeekdays = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

var englishLeagues = LeagueWords{
	Intro: "Battlefield's leagues: robots entered by their members, a double round-robin played on the match days, and the table.",
	None:  "No league has been opened yet.", League: "League", Game: "Game", Status: "Status", Registration: "Registration",
	Entrants: "Robots", Matches: "Matches played", Failed: "Failed, waiting for a retry",
	EntrantsOf: "%s of %s", MatchesOf: "%s of %s", NextPage: "Older leagues",
	Statuses: map[string]string{"open": "open for entries", "drawn": "being played", "finished": "finished"},

	OpenTitle: "Open a league",
	OpenIntro: "Members enter a robot of the league's game while registration is open; the fixtures are drawn when it closes.",
	Title:     "Title", Opens: "Registration opens", Closes: "Registration closes", TimeHint: "In the group's time zone (%s).",
	FirstDay: "First match day", FirstDayHint: "A day after registration closes.",
	Days: "Match days", DaysHint: "One round is played on each of these days of the week, from the first match day on.",
	MatchTime: "Match time", MatchTimeHint: "The time of day the matches are played, in the group's time zone (%s).",
	MaxRobots: "Most robots", MaxRobotsHint: "From 2 to 32.", Open: "Open the league",
	Created: "The league is open: members can enter their robots while registration is open.",

	Back: "All leagues", PublicPage: "The league's public page", Rules: "Rules",
	RulesLine:  "%s; registration %s – %s; first match day %s; %s at %s.",
	NoEntrants: "No robot has entered yet.", Fixtures: "Fixtures by match day", NoFixtures: "The fixtures are drawn when registration closes.",
	Round: "Match day %s", Home: "Home", Away: "Away", Result: "Result", Replay: "Replay", NotPlayed: "not played yet",
	Forfeit: "forfeit", Draw: "draw",
	FailedTitle: "Failed matches waiting for a retry",
	FailedIntro: "The match runner failed on these; each is played again on the next day's run, with the same seed.",
	Attempts:    "Attempts", LastFailure: "Last failure", FailedAt: "When", NoFailures: "No match is waiting for a retry.",
	Table: "Table", TieBreakers: "Robots level on points are ranked by head to head, then the difference, then points for, then who entered first.",
	Place: "Place", Robot: "Robot", Played: "Played", Won: "Won", Drawn: "Drawn", Lost: "Lost", For: "For", Against: "Against",
	Difference: "Difference", Points: "Points", Champion: "Champion: %s", NoChampion: "The league ended with no matches: fewer than two robots entered.",
}

var persianLeagues = LeagueWords{
	Intro: "لیگ‌های میدان نبرد: ربات‌هایی که اعضا ثبت کرده‌اند، مسابقه‌های رفت و برگشت در روزهای مسابقه، و جدول.",
	None:  "هنوز لیگی باز نشده است.", League: "لیگ", Game: "بازی", Status: "وضعیت", Registration: "ثبت‌نام",
	Entrants: "ربات‌ها", Matches: "مسابقه‌های انجام‌شده", Failed: "ناموفق، در انتظار تکرار",
	EntrantsOf: "%s از %s", MatchesOf: "%s از %s", NextPage: "لیگ‌های قدیمی‌تر",
	Statuses: map[string]string{"open": "باز برای ثبت‌نام", "drawn": "در حال برگزاری", "finished": "پایان‌یافته"},

	OpenTitle: "باز کردن لیگ",
	OpenIntro: "اعضا تا وقتی ثبت‌نام باز است رباتی از بازی لیگ را ثبت می‌کنند؛ با بسته شدن ثبت‌نام، برنامهٔ مسابقه‌ها قرعه‌کشی می‌شود.",
	Title:     "عنوان", Opens: "شروع ثبت‌نام", Closes: "پایان ثبت‌نام", TimeHint: "به وقت منطقهٔ زمانی گروه (%s).",
	FirstDay: "نخستین روز مسابقه", FirstDayHint: "روزی پس از پایان ثبت‌نام.",
	Days: "روزهای مسابقه", DaysHint: "از نخستین روز مسابقه به بعد، در هر یک از این روزهای هفته یک دور بازی می‌شود.",
	MatchTime: "ساعت مسابقه", MatchTimeHint: "ساعتی از روز که مسابقه‌ها بازی می‌شوند، به وقت منطقهٔ زمانی گروه (%s).",
	MaxRobots: "بیشترین شمار ربات‌ها", MaxRobotsHint: "از ۲ تا ۳۲.", Open: "باز کردن لیگ",
	Created: "لیگ باز شد: اعضا تا وقتی ثبت‌نام باز است می‌توانند ربات‌هایشان را ثبت کنند.",

	Back: "همهٔ لیگ‌ها", PublicPage: "صفحهٔ عمومی لیگ", Rules: "قواعد",
	RulesLine:  "%s؛ ثبت‌نام %s تا %s؛ نخستین روز مسابقه %s؛ %s ساعت %s.",
	NoEntrants: "هنوز رباتی ثبت نشده است.", Fixtures: "برنامهٔ مسابقه‌ها به ترتیب روز", NoFixtures: "برنامهٔ مسابقه‌ها با بسته شدن ثبت‌نام قرعه‌کشی می‌شود.",
	Round: "روز مسابقهٔ %s", Home: "میزبان", Away: "میهمان", Result: "نتیجه", Replay: "بازپخش", NotPlayed: "هنوز بازی نشده",
	Forfeit: "باخت فنی", Draw: "مساوی",
	FailedTitle: "مسابقه‌های ناموفق در انتظار تکرار",
	FailedIntro: "اجراکنندهٔ مسابقه در این‌ها شکست خورد؛ هر کدام در اجرای روز بعد با همان بذر دوباره بازی می‌شود.",
	Attempts:    "تلاش‌ها", LastFailure: "آخرین خطا", FailedAt: "زمان", NoFailures: "هیچ مسابقه‌ای در انتظار تکرار نیست.",
	Table: "جدول", TieBreakers: "ربات‌های هم‌امتیاز به ترتیب رودررو، سپس تفاضل، سپس امتیازهای زده، سپس زودتر ثبت‌شدن رتبه می‌گیرند.",
	Place: "رتبه", Robot: "ربات", Played: "بازی", Won: "برد", Drawn: "مساوی", Lost: "باخت", For: "زده", Against: "خورده",
	Difference: "تفاضل", Points: "امتیاز", Champion: "قهرمان: %s", NoChampion: "لیگ بی مسابقه پایان یافت: کمتر از دو ربات ثبت شد.",
}

// LgW is the league pages' words in the frame's language.
func (f Frame) LgW() *LeagueWords { return inLang(f.Lang, &englishLeagues, &persianLeagues) }

// Weekday names the day of the week d (0 Sunday) in the frame's language.
func (f Frame) Weekday(d int) string { return inLang(f.Lang, &englishWeekdays, &persianWeekdays)[d] }
