package web

import (
	_ "embed"
	"encoding/json"
	"time"

	"github.com/tehpug/backend/internal/lang"
)

// RobotForm is Battlefield's page: the games, and the form that submits a
// robot (code pasted, or its file uploaded), filled again with what was
// typed and what to correct when the server refused it.
type RobotForm struct {
	Lang  lang.Tag
	Games []GameInfo
	// Fields are the one-line and choice fields, in order; the code is
	// apart, as it reads left to right in monospace on any page.
	Fields    []Field
	Code      string
	CodeError string
	Honeypot  string
	Hidden    []Hidden
	// Sent is set when the robot arrived: the page says to open the
	// emailed link.
	Sent bool
}

// Problems are the fields to correct, the code last.
func (f RobotForm) Problems() []Field {
	out := Form{Fields: f.Fields}.Problems()
	if f.CodeError != "" {
		out = append(out, Field{Name: "code", Label: f.Words().Code, Error: f.CodeError})
	}
	return out
}

// Words are the page's texts in its language.
func (f RobotForm) Words() BattlefieldWords { return BattlefieldText[known(f.Lang)] }

// GameInfo is a game as pages name it.
type GameInfo struct {
	Name, Title, Blurb string
	House              []string
	Rules              []string
}

// RobotView is a robot's page, opened from its emailed link: a pending
// robot's confirm button, a confirmed robot's practice matches.
type RobotView struct {
	Lang    lang.Tag
	Token   string
	Label   string // the robot's name and version
	Game    GameInfo
	Pending bool
	Created time.Time
	Zone    *time.Location
	Matches []MatchRow
	// Errors is what to correct in the practice form, if it was refused.
	Errors []FieldError
	// Leagues are the open leagues of the robot's game it can enter.
	Leagues []LeagueOffer
}

// LeagueOffer is an open league a robot's page offers: its page, the
// route the entry posts to, and when registration closes.
type LeagueOffer struct {
	Action, Href, Title string
	Closes              time.Time
}

// LeagueWords are the words of the page's league section.
func (v RobotView) LeagueWords() LeagueWords { return leagueWords(v.Lang) }

// Words are the page's texts in its language.
func (v RobotView) Words() BattlefieldWords { return BattlefieldText[known(v.Lang)] }

// MatchRow is one match in a list: who played, how it ended, its replay.
type MatchRow struct {
	Href     string
	Opponent string
	Outcome  string // "won", "lost" or "drew", for the list's robot
	Scores   string
	Forfeit  string
	Played   time.Time
}

// MatchView is a match's page: the result and the replay that plays it
// back (the page's script animates ReplayJSON; without it, Turns tells the
// match as text).
type MatchView struct {
	Lang       lang.Tag
	Game       GameInfo
	Sides      [2]string
	Winner     int // 0 or 1, -1 for a draw
	Scores     [2]int
	Forfeit    string // who forfeited and why, in the runner's words; "" if none
	Turns      int
	Played     time.Time
	Zone       *time.Location
	ReplayJSON string
	JSONHref   string
	// Story is the match told turn by turn, for readers without the
	// animation.
	Story []string
}

// Words are the page's texts in its language.
func (v MatchView) Words() BattlefieldWords { return BattlefieldText[known(v.Lang)] }

// BattlefieldWords are the Battlefield pages' texts in one language.
type BattlefieldWords struct {
	Title, Intro, GamesHeading, Rules                  string
	FormHeading, Fix, Name, Email, Language, Game      string
	Robot, RobotHint, Code, CodeHint, File, FileHint   string
	RulesOf, Starter, HouseRobots                      string
	Submit, SentTitle, Sent                            string
	Pending, Confirm, Confirmed, PracticeHeading       string
	Opponent, Play, MatchesHeading, NoMatches, Replay  string
	Won, Lost, Drew, Versus, Result, ForfeitBy, Turns  string
	Step, PlayPause, Back, Draw, Winner, JSON, Story   string
	Submitted, Played, HouseRobot, RobotHeading, Again string
}

// BattlefieldText are the Battlefield pages' texts, by language.
var BattlefieldText = map[lang.Tag]BattlefieldWords{
	lang.English: {
		Title: "Battlefield", Intro: "Write a robot in Python that plays one of these games, send it here, and play practice matches against the house robots. Leagues follow.",
		GamesHeading: "The games", Rules: "A robot is one Python file with a class derived from Robot (from battlefield import Robot) whose step(self, state) answers each turn. Start from a game's starter robot.",
		RulesOf: "How it is played", Starter: "Download the starter robot", HouseRobots: "House robots:",
		FormHeading: "Send a robot", Fix: "Please correct:", Name: "Your name", Email: "Email", Language: "Language of our emails", Game: "Game",
		Robot: "Robot's name", RobotHint: "Send a robot again under the same name and it becomes its next version.",
		Code: "The robot's code", CodeHint: "One Python file, at most 64 KiB, with a class derived from Robot.",
		File: "Or upload the file", FileHint: "A .py file; it is used instead of the box above.",
		Submit: "Send my robot", SentTitle: "Check your email", Sent: "We sent you a link: open it to confirm your robot and play it.",
		Pending: "This robot waits for you to confirm it was you who sent it. Until then it plays no match.", Confirm: "Confirm my robot",
		Confirmed: "Confirmed: your robot plays.", PracticeHeading: "Play a practice match", Opponent: "Against the house robot",
		Play: "Play the match", MatchesHeading: "Latest matches", NoMatches: "No matches yet.", Replay: "Replay",
		Won: "won", Lost: "lost", Drew: "draw", Versus: "against", Result: "Result", ForfeitBy: "Ended by forfeit:",
		Turns: "Turns", Step: "Next turn", PlayPause: "Play / pause", Back: "Start again", Draw: "A draw", Winner: "Winner:",
		JSON: "The replay as JSON", Story: "Turn by turn", Submitted: "Sent", Played: "Played", HouseRobot: "house robot",
		RobotHeading: "Robot", Again: "Play another",
	},
	lang.Persian: {
		Title: "میدان نبرد", Intro: "رباتی به زبان پایتون بنویسید که یکی از این بازی‌ها را بازی کند، آن را اینجا بفرستید و با ربات‌های خانه مسابقهٔ تمرینی بدهید. لیگ‌ها در راه‌اند.",
		GamesHeading: "بازی‌ها", Rules: "ربات یک پروندهٔ پایتون است با کلاسی مشتق از Robot (from battlefield import Robot) که متد step(self, state) آن به هر نوبت پاسخ می‌دهد. از ربات آغازین هر بازی شروع کنید.",
		RulesOf: "چطور بازی می‌شود", Starter: "دریافت ربات آغازین", HouseRobots: "ربات‌های خانه:",
		FormHeading: "فرستادن ربات", Fix: "لطفاً این‌ها را درست کنید:", Name: "نام شما", Email: "ایمیل", Language: "زبان ایمیل‌های ما", Game: "بازی",
		Robot: "نام ربات", RobotHint: "اگر رباتی را دوباره با همین نام بفرستید، نسخهٔ بعدی آن می‌شود.",
		Code: "کد ربات", CodeHint: "یک پروندهٔ پایتون، حداکثر ۶۴ کیلوبایت، با کلاسی که از Robot مشتق شده است.",
		File: "یا پرونده را بارگذاری کنید", FileHint: "پرونده‌ای با پسوند ‎.py؛ به جای متن بالا به کار می‌رود.",
		Submit: "ربات مرا بفرست", SentTitle: "ایمیل خود را ببینید", Sent: "پیوندی برایتان فرستادیم: بازش کنید تا ربات را تأیید کنید و بازی‌اش دهید.",
		Pending: "این ربات منتظر است تأیید کنید که شما آن را فرستاده‌اید. تا آن وقت در هیچ مسابقه‌ای بازی نمی‌کند.", Confirm: "تأیید ربات من",
		Confirmed: "تأیید شد: ربات شما بازی می‌کند.", PracticeHeading: "مسابقهٔ تمرینی", Opponent: "در برابر ربات خانه",
		Play: "شروع مسابقه", MatchesHeading: "آخرین مسابقه‌ها", NoMatches: "هنوز مسابقه‌ای نیست.", Replay: "بازپخش",
		Won: "برد", Lost: "باخت", Drew: "مساوی", Versus: "در برابر", Result: "نتیجه", ForfeitBy: "پایان با انصراف:",
		Turns: "نوبت‌ها", Step: "نوبت بعد", PlayPause: "پخش / مکث", Back: "از اول", Draw: "مساوی", Winner: "برنده:",
		JSON: "بازپخش به صورت JSON", Story: "نوبت به نوبت", Submitted: "فرستاده شده", Played: "بازی شده", HouseRobot: "ربات خانه",
		RobotHeading: "ربات", Again: "مسابقهٔ دیگر",
	},
}

// Outcome names an outcome in the page's words.
func (w BattlefieldWords) Outcome(o string) string {
	switch o {
	case "won":
		return w.Won
	case "lost":
		return w.Lost
	}
	return w.Drew
}

// ReplayScript is the replay page's script (replay.js), served at
// /battlefield/replay.js.
//
//go:embed replay.js
var ReplayScript string

// replayData is a replay as the page embeds it for its script: the
// runner's JSON as it is, or null when it is not JSON.
func replayData(s string) json.RawMessage {
	if !json.Valid([]byte(s)) {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}
