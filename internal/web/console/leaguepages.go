package console

// LeaguesList is the leagues page: every league, the newest first, and
// the form that opens one.
type LeaguesList struct {
	Frame
	Rows []LeagueRow
	Next string
	// Notice says what was just done.
	Notice string
	Form   LeagueForm
}

// LeagueRow is one league in the list, its times written already.
type LeagueRow struct {
	ID, Title, Game, Status, Registration string
	Entrants, MaxRobots                   int
	// Played and Total count the league's matches; Failed those the
	// runner failed on that wait for a retry.
	Played, Total, Failed int
}

// LeagueForm is the form that opens a league: after a refused post, each
// field keeps what the organizer typed and shows what is wrong with it.
type LeagueForm struct {
	Title, Opens, Closes, FirstDay, MatchTime, MaxRobots Field
	// Game is a choice among Games, Days a set of Weekdays; their Fields
	// carry their label, hint and error. A Choice's Selected is a chosen
	// option, or a checked box.
	Game, Days Field
	Games      []Choice
	Weekdays   []Choice
	// Other are problems with no field of their own.
	Other []string
}

// Fields are the form's fields in the order the page shows them.
func (p LeagueForm) Fields() []Field {
	return []Field{p.Title, p.Game, p.Opens, p.Closes, p.FirstDay, p.Days, p.MatchTime, p.MaxRobots}
}

// LeagueConsole is one league's page in the console.
type LeagueConsole struct {
	Frame
	ID, Status, Rules, Notice string
	// Public is the league's public page, in the page's language.
	Public   string
	Entrants []string
	Fixtures []LeagueFixture
	Failures []LeagueFailure
	Table    []LeagueStanding
	// Champion is the champion's robot, once the league is finished.
	Champion string
	// Empty: the league finished with no matches.
	Empty bool
}

// LeagueFixture is one fixture, its result once played.
type LeagueFixture struct {
	Round, When, Home, Away string
	// Result is the score, "" until played; Forfeit says why a robot
	// forfeited; Replay is the played match's page.
	Result, Forfeit, Replay string
}

// LeagueFailure is a fixture the runner failed on, waiting for a retry.
type LeagueFailure struct {
	Round, When, Home, Away string
	Attempts                int
	LastFailure, FailedAt   string
}

// LeagueStanding is one row of the table.
type LeagueStanding struct {
	Robot                                                             string
	Place, Played, Won, Drawn, Lost, For, Against, Difference, Points int
}

func (p LeagueConsole) replayLabel(f LeagueFixture) string {
	return p.LgW().Replay + ": " + f.Home + " – " + f.Away + ", " + with(p.LgW().Round, f.Round)
}
