// Package battlefield is the Go side of Battlefield, where members' Python
// robots fight: a member submits a robot for a game, confirms it by the
// emailed link, and plays practice matches against the house robots, whose
// replays anyone with the link can watch. Robot code runs in one place
// only, the match runner (the Runner here; MatchRunnerFunction in AWS):
// this package never executes it, it only stores it and hands it over.
// docs/BATTLEFIELD.md has the games, the robot API and the threat model.
package battlefield

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Game is one of the games robots play, as the runner names it.
type Game struct {
	Name string
	// Title and Blurb are the game's name and one line about it, in
	// English and in Persian.
	Title, Blurb [2]string
	// House are the house robots a practice match can be played against,
	// the easiest first.
	House []string
	// Rules are the rules as a player needs them, a few sentences, in
	// English and in Persian (docs/BATTLEFIELD.md has them whole).
	Rules [2][]string
}

// Games are the games the runner plays; a test checks that it agrees.
var Games = []Game{
	{
		Name:  "duel",
		Title: [2]string{"Arithmetic duel", "دوئل حساب"},
		Blurb: [2]string{"Both robots get the same sums; one point for each right answer.", "هر دو ربات همان پرسش‌های حساب را می‌گیرند؛ هر پاسخ درست یک امتیاز."},
		House: []string{"sloppy", "calculator"},
		Rules: [2][]string{{
			"20 rounds. Each round both robots get the same question, state[\"question\"], an expression on integers such as \"(7 + 5) * 3\": sums first, then - and *, parentheses, and at last // and %, meaning what they mean in Python.",
			"step answers an int within 200 ms; a late answer scores nothing. One point per right answer; the higher score wins.",
			"state also has \"round\" (1 to 20), \"scores\" ({\"me\", \"them\"}) and \"last\" (the previous question, its answer and both robots' answers).",
		}, {
			"۲۰ دور. در هر دور هر دو ربات همان پرسش را در state[\"question\"] می‌گیرند، عبارتی روی عددهای صحیح مثل \"(7 + 5) * 3\": اول جمع، بعد تفریق و ضرب، پرانتز، و در آخر // و % به همان معنای پایتون.",
			"step باید ظرف ۲۰۰ میلی‌ثانیه یک عدد صحیح (int) برگرداند؛ پاسخ دیرهنگام امتیازی ندارد. هر پاسخ درست یک امتیاز؛ امتیاز بیشتر می‌برد.",
			"state همچنین \"round\" (۱ تا ۲۰)، \"scores\" ({\"me\", \"them\"}) و \"last\" (پرسش قبلی، پاسخ درستش و پاسخ هر دو ربات) را دارد.",
		}},
	},
	{
		Name:  "grid",
		Title: [2]string{"Light cycles", "موتورهای نوری"},
		Blurb: [2]string{"Two cycles on a walled grid leave trails; the one that crashes last wins.", "دو موتور در زمینی دیواردار رد می‌گذارند؛ آن که دیرتر بکوبد می‌برد."},
		House: []string{"straight", "flood"},
		Rules: [2][]string{{
			"Two cycles on a 25 × 15 grid with walls. Each turn both answer a heading, \"N\", \"E\", \"S\" or \"W\", within 200 ms, and move one cell, leaving a trail; a late answer keeps the heading.",
			"A cycle that leaves the grid or rides into a wall or a trail crashes, and the match ends; two at once draw, as does reaching turn 200. One point per move survived, 10 more for the one still riding.",
			"state has \"me\" and \"them\" ({\"x\", \"y\", \"heading\"}; x from the left, y from the top) and \"grid\": 15 strings of 25 characters, grid[y][x] being . free, # wall, m your trail, t theirs.",
		}, {
			"دو موتور در زمینی ۲۵ × ۱۵ با دیوار. در هر نوبت هر دو ظرف ۲۰۰ میلی‌ثانیه جهتی می‌دهند، \"N\" یا \"E\" یا \"S\" یا \"W\"، و یک خانه جلو می‌روند و ردی می‌گذارند؛ پاسخ دیرهنگام یعنی همان جهت قبلی.",
			"موتوری که از زمین بیرون برود یا به دیوار یا ردی بخورد می‌کوبد و مسابقه تمام می‌شود؛ کوبیدن هم‌زمان مساوی است، رسیدن به نوبت ۲۰۰ هم. هر حرکت سالم یک امتیاز، و ۱۰ امتیاز بیشتر برای آن که هنوز می‌راند.",
			"state شامل \"me\" و \"them\" ({\"x\", \"y\", \"heading\"}؛ x از چپ، y از بالا) و \"grid\" است: ۱۵ رشتهٔ ۲۵ نویسه‌ای که در آن grid[y][x] یکی از این‌هاست: . خالی، # دیوار، m ردِ شما، t ردِ حریف.",
		}},
	},
}

// GameNamed returns the game called name.
func GameNamed(name string) (Game, bool) {
	i := slices.IndexFunc(Games, func(g Game) bool { return g.Name == name })
	if i < 0 {
		return Game{}, false
	}
	return Games[i], true
}

// HasHouse reports whether house is one of g's house robots.
func (g Game) HasHouse(house string) bool { return slices.Contains(g.House, house) }

// Status is where a robot version stands.
type Status string

// Robot statuses.
const (
	// Pending robots wait for their owner to confirm the emailed link;
	// nothing plays them.
	Pending Status = "pending"
	// Confirmed robots play.
	Confirmed Status = "confirmed"
)

// Robot is one submitted version of a member's robot for a game: each
// submission under the same name is the next version.
type Robot struct {
	ID    string
	Owner string // the owner's person key
	Email string // the owner's address, as given
	// OwnerName is the owner's name; Lang the language of their emails.
	OwnerName, Lang string
	Game            string
	Name            string // the robot's name, the same for every version
	Version         int
	Code            string
	Status          Status
	CreatedAt       time.Time
	// ConfirmedAt is when the owner confirmed it (zero while pending).
	ConfirmedAt time.Time
}

// Label is how a robot is named to people: its name and version.
func (r Robot) Label() string { return r.Name + " v" + itoa(r.Version) }

// Side is one of a match's two contenders: a member's robot (its id and
// label) or a house robot (its name).
type Side struct {
	Robot string `json:"robot,omitempty"`
	House string `json:"house,omitempty"`
	Label string `json:"label"`
}

// Forfeit is how a robot lost a match without playing it out: which side,
// the runner's reason code and its words.
type Forfeit struct {
	Side   int    `json:"robot"`
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// Result is a played match as the runner reports it.
type Result struct {
	// Winner is 0 or 1, or -1 for a draw.
	Winner  int
	Scores  [2]int
	Forfeit *Forfeit
	Turns   int
	// Replay is the match move by move, compact JSON exactly as the runner
	// wrote it (the same seed and robots give the same bytes).
	Replay string
}

// Match is a played match.
type Match struct {
	ID    string
	Kind  string // "practice", or "league" for a league's match
	Owner string // the person key of the member who asked for it
	Game  string
	Seed  int64
	Sides [2]Side
	Result
	PlayedAt time.Time
}

// Outcome is how the match ended for side: "won", "lost" or "drew".
func (m Match) Outcome(side int) string {
	switch m.Winner {
	case -1:
		return "drew"
	case side:
		return "won"
	default:
		return "lost"
	}
}

// Contender is a side as the runner takes it: code, or a house robot.
type Contender struct {
	Code  string `json:"code,omitempty"`
	House string `json:"house,omitempty"`
}

// Check is the runner's verdict on a robot's code, which it parses and
// never runs: OK with the robot's class, or the line and what is wrong.
type Check struct {
	OK      bool
	Class   string
	Line    int
	Message string
}

// Runner is the match runner, the one place robot code runs.
type Runner interface {
	// Check parses code as a robot for game, without running it.
	Check(ctx context.Context, game, code string) (Check, error)
	// Play plays one match of game with seed between two contenders. An
	// error is the runner failing, never a robot: a robot's failures are
	// forfeits in the Result.
	Play(ctx context.Context, game string, seed int64, sides [2]Contender) (Result, error)
}

// Errors a Store returns.
var (
	ErrNotFound = errors.New("battlefield: not found")
	ErrExists   = errors.New("battlefield: exists")
)

// Store keeps robots and matches.
type Store interface {
	// NextRobotVersion counts one more version of the robot owner calls
	// name for game and returns its number, 1 for the first: two at once
	// get two numbers.
	NextRobotVersion(ctx context.Context, owner, game, name string) (int, error)
	CreateRobot(ctx context.Context, r Robot) error
	GetRobot(ctx context.Context, id string) (Robot, error)
	// DeleteRobot removes a robot version that is still pending.
	DeleteRobot(ctx context.Context, id string) error
	// ConfirmRobot marks a pending robot confirmed at at; one already
	// confirmed stays as it was.
	ConfirmRobot(ctx context.Context, id string, at time.Time) (Robot, error)
	CreateMatch(ctx context.Context, m Match) error
	GetMatch(ctx context.Context, id string) (Match, error)
	// RobotMatches lists up to limit of the latest matches robot played,
	// newest first, without their replays.
	RobotMatches(ctx context.Context, robot string, limit int) ([]Match, error)
}
