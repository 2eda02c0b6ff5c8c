// Package agenda is what needs the organizers' action, found one way for
// every place that shows it: the weekly digest, the console's dashboard and
// any organizer email. It finds meetups with no talk at their alarm step,
// speakers who have not confirmed, talks waiting for a decision, mentorship
// pairs at risk or stalled, long waitlists, league matches the runner failed
// on, and then the week (the coming meetups with their seats and
// programme, the running leagues, the pairs, the new members).
//
// An Agenda holds facts, not sentences: each Item has a level, a kind, what
// it is about, and the console page where it is acted on (package
// consolepath). Item.Text writes it in English or Persian.
package agenda

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tehpug/backend/internal/consolepath"
	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/jobs/callforspeakers"
	"github.com/tehpug/backend/internal/leagues"
	"github.com/tehpug/backend/internal/meetups"
	"github.com/tehpug/backend/internal/members"
	"github.com/tehpug/backend/internal/mentorship"
	"github.com/tehpug/backend/internal/talks"
	"github.com/tehpug/backend/internal/topics"
)

// How far ahead the agenda looks, and what counts as a long waitlist.
const (
	HorizonDays      = 60
	LongWaitlistSize = 10
)

// An accepted speaker who has not confirmed needs action from
// unconfirmedAction calendar days before the meetup, and now from fewer
// than unconfirmedUrgent.
const (
	unconfirmedAction = 14
	unconfirmedUrgent = 7
)

// Level is how pressing an item is.
type Level int

// The levels, the most pressing first.
const (
	// Urgent needs action now: red wherever it is shown.
	Urgent Level = iota
	// Action needs action.
	Action
	// Info is the week, for information.
	Info
)

func (l Level) String() string {
	switch l {
	case Urgent:
		return "urgent"
	case Action:
		return "action"
	}
	return "info"
}

// Kind is what an item is about; it says which of an Item's facts are set.
type Kind string

// The kinds of items.
const (
	// NoTalk: Meetup is at an alarm step with no accepted or confirmed
	// talk; Urgent at the last step (two weeks or less), else Action.
	// Count is how many mentorship capstone talks wait in the backlog, and
	// Talk the longest waiting of them: the first candidate for the slot.
	NoTalk Kind = "no_talk"
	// UnconfirmedSpeaker: Talk, on Meetup's programme, is accepted and not
	// confirmed two weeks or less before; Urgent under a week before.
	UnconfirmedSpeaker Kind = "unconfirmed_speaker"
	// LongWaitlist: Meetup has LongWaitlistSize people or more waiting.
	LongWaitlist Kind = "long_waitlist"
	// NoMeetup: no meetup starts within Count (HorizonDays) days. Urgent.
	NoMeetup Kind = "no_meetup"
	// UndecidedTalks: Count talks wait for a decision; Talk is the oldest.
	UndecidedTalks Kind = "undecided_talks"
	// StalledPair: Pair has stalled. Urgent.
	StalledPair Kind = "stalled_pair"
	// AtRiskPair: Pair is at risk.
	AtRiskPair Kind = "at_risk_pair"
	// ComingMeetup: Meetup starts within the horizon. Info.
	ComingMeetup Kind = "coming_meetup"
	// PairCounts: Pairs counts the pairs that have not ended. Info.
	PairCounts Kind = "pair_counts"
	// FadeReasons: Fades counts the answers to why pairs faded, per
	// reason, over every dropped or stalled pair asked. Info; only when
	// someone answered.
	FadeReasons Kind = "fade_reasons"
	// NewMembers: Count members confirmed in the last week, Names theirs. Info.
	NewMembers Kind = "new_members"
	// WantedTopics: Topics are the most-wanted open topics of the
	// wishlist, most votes first, for someone to speak about. Info; none
	// when the wishlist is empty.
	WantedTopics Kind = "wanted_topics"
	// RunningLeague: League is running: taking entries, or drawn and
	// playing. Info.
	RunningLeague Kind = "running_league"
	// FailedLeagueMatch: the match runner failed on Match, a fixture of
	// League, which waits to be played again on a later day. Action.
	FailedLeagueMatch Kind = "failed_league_match"
	// ThinLeague: League's registration closes within ClosingDays days
	// with fewer than Count (leagues.MinRobots) robots entered: as it
	// stands, it ends with no matches. Info.
	ThinLeague Kind = "thin_league"
)

// Item is one thing the agenda says. Only the facts its Kind names are set.
type Item struct {
	Level Level
	Kind  Kind
	// Path is the console page where the item is acted on (package
	// consolepath); "" for an item no console page is about (new members).
	Path   string
	Meetup Meetup
	Talk   Talk
	Pair   Pair
	Pairs  PairTally
	Fades  mentorship.FadeCounts
	Count  int
	Names  []string
	Topics []Topic
	League League
	Match  LeagueMatch
}

// Topic is a wishlist topic as the agenda shows it.
type Topic struct {
	ID, Title string
	Votes     int
}

// Wanted is the most-wanted open topics of ts (up to topics.Top), for
// every place that asks for speakers.
func Wanted(ts []topics.Topic) []Topic {
	ts = topics.Ranked(ts)
	out := make([]Topic, 0, min(len(ts), topics.Top))
	for _, t := range ts[:min(len(ts), topics.Top)] {
		out = append(out, Topic{ID: t.ID, Title: t.Title, Votes: t.Votes})
	}
	return out
}

// Meetup is a meetup starting within the horizon, as the agenda read it.
// Its times are in the group's zone.
type Meetup struct {
	ID, Title string
	StartsAt  time.Time
	When      string // as people read it, in the group's zone
	Days      int    // calendar days away in the group's zone
	Capacity  int
	Seats     int // seats taken
	Waiting   int // on the waitlist
	// Programme is its accepted and confirmed talks, in the order they
	// were submitted.
	Programme []Talk
	Path      string // its console page
}

// SeatsLeft is how many seats are free.
func (m Meetup) SeatsLeft() int { return max(0, m.Capacity-m.Seats) }

// Confirmed is how many talks of its programme the speakers confirmed.
func (m Meetup) Confirmed() int {
	n := 0
	for _, t := range m.Programme {
		if t.Status == talks.Confirmed {
			n++
		}
	}
	return n
}

// Talk is a talk as the agenda shows it.
type Talk struct {
	ID, Title string
	Speaker   string // "" once the speaker erased their data
	Status    talks.Status
	Submitted time.Time // in the group's zone
}

// Pair is a mentorship pair that has not ended, with its state at the
// agenda's now.
type Pair struct {
	ID             string
	Mentor, Mentee string // names; "" once erased
	State          mentorship.State
	LastCheckIn    time.Time // zero if nobody ever checked in; in the group's zone once in an Agenda
}

// PairTally counts the pairs that have not ended, by state.
type PairTally struct {
	All, Active, Overdue, AtRisk, Stalled int
}

// Agenda is what needs action at one moment, then the week.
type Agenda struct {
	At time.Time // when it was built, in the group's zone
	// Items are the urgent items first, then those needing action, then
	// the week; in each level in the order they were found.
	Items []Item
	// Meetups are the meetups starting within the horizon, soonest first.
	Meetups []Meetup
}

// Of is the items at level l.
func (a Agenda) Of(l Level) []Item {
	var out []Item
	for _, it := range a.Items {
		if it.Level == l {
			out = append(out, it)
		}
	}
	return out
}

// Red reports whether anything needs action now.
func (a Agenda) Red() bool { return len(a.Of(Urgent)) > 0 }

// Store reads what the agenda reports.
type Store interface {
	MeetupsStarting(ctx context.Context, from, to time.Time) ([]meetups.Meetup, error)
	ListTalks(ctx context.Context, f talks.Filter, cursor string, limit int) ([]talks.Talk, string, error)
	// MembersConfirmedSince lists members who confirmed at or after since.
	MembersConfirmedSince(ctx context.Context, since time.Time) ([]members.Member, error)
	// OpenTopics lists the wishlist's open topics (at most topics.MaxOpen,
	// one query).
	OpenTopics(ctx context.Context) ([]topics.Topic, error)
	// RunningLeagues lists the leagues not finished (two queries of the
	// leagues to draw and those playing).
	RunningLeagues(ctx context.Context) ([]leagues.League, error)
	// LeagueFixtures lists every fixture of one league (one query).
	LeagueFixtures(ctx context.Context, id string) ([]leagues.Fixture, error)
}

// Pairs lists the pairs that have not ended, with their state at now, and
// counts the answers to why pairs faded.
type Pairs interface {
	OpenPairs(ctx context.Context, now time.Time) ([]Pair, error)
	FadeCounts(ctx context.Context) (mentorship.FadeCounts, error)
}

// Service builds agendas. Build it with New.
type Service struct {
	store Store
	pairs Pairs
	zone  *time.Location
}

// Deps is what a Service is built from.
type Deps struct {
	Store Store
	Pairs Pairs
	Zone  *time.Location // the group's
}

// New builds the Service, refusing to without any of its dependencies.
func New(d Deps) (*Service, error) {
	err := deps.Require("agenda", deps.Given("Store", d.Store), deps.Given("Pairs", d.Pairs), deps.Given("Zone", d.Zone))
	if err != nil {
		return nil, err
	}
	return &Service{store: d.Store, pairs: d.Pairs, zone: d.Zone}, nil
}

// Build finds what needs action at now. It reads the meetups starting in
// the next HorizonDays days (one query) and the programme of each (two),
// the talks waiting for a decision, the pairs that have not ended, the
// running leagues (two queries) and the fixtures of each league playing
// (one), the members confirmed in the last week and the wishlist's open
// topics (one query of at most topics.MaxOpen): what is due, never the
// history.
func (s *Service) Build(ctx context.Context, now time.Time) (Agenda, error) {
	a := Agenda{At: now.In(s.zone)}
	ms, err := s.meetups(ctx, now)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	a.Meetups = ms
	undecided, err := s.talks(ctx, talks.Filter{Status: talks.Submitted})
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	// The capstone talks waiting in the backlog, the longest waiting
	// first: an empty slot's first candidates.
	var capstones []talks.Talk
	for _, t := range undecided {
		if t.InBacklog() && t.Capstone != "" {
			capstones = append(capstones, t)
		}
	}
	slices.SortStableFunc(capstones, func(x, y talks.Talk) int { return x.WaitingSince().Compare(y.WaitingSince()) })
	for _, m := range ms {
		items := meetupItems(m)
		for i := range items {
			if items[i].Kind == NoTalk && len(capstones) > 0 {
				items[i].Count, items[i].Talk = len(capstones), s.talk(capstones[0])
			}
		}
		a.Items = append(a.Items, items...)
	}
	if len(ms) == 0 {
		a.Items = append(a.Items, Item{Level: Urgent, Kind: NoMeetup, Path: consolepath.Meetups(), Count: HorizonDays})
	}

	if n := len(undecided); n > 0 {
		oldest := slices.MinFunc(undecided, func(x, y talks.Talk) int { return x.CreatedAt.Compare(y.CreatedAt) })
		a.Items = append(a.Items, Item{Level: Action, Kind: UndecidedTalks, Path: consolepath.Talks(string(talks.Submitted)),
			Talk: s.talk(oldest), Count: n})
	}

	pairs, err := s.pairs.OpenPairs(ctx, now)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	var tally PairTally
	for _, p := range pairs {
		if !p.LastCheckIn.IsZero() {
			p.LastCheckIn = p.LastCheckIn.In(s.zone)
		}
		tally.All++
		switch p.State {
		case mentorship.StateActive:
			tally.Active++
		case mentorship.StateOverdue:
			tally.Overdue++
		case mentorship.StateAtRisk:
			tally.AtRisk++
			a.Items = append(a.Items, Item{Level: Action, Kind: AtRiskPair, Path: consolepath.Mentorships(string(p.State)), Pair: p})
		case mentorship.StateStalled:
			tally.Stalled++
			a.Items = append(a.Items, Item{Level: Urgent, Kind: StalledPair, Path: consolepath.Mentorships(string(p.State)), Pair: p})
		}
	}
	leagueItems, err := s.leagueItems(ctx, now)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	a.Items = append(a.Items, leagueItems...)
	for _, m := range ms {
		a.Items = append(a.Items, Item{Level: Info, Kind: ComingMeetup, Path: m.Path, Meetup: m})
	}
	a.Items = append(a.Items, Item{Level: Info, Kind: PairCounts, Path: consolepath.Mentorships(""), Pairs: tally})
	fades, err := s.pairs.FadeCounts(ctx)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	if fades.Total() > 0 {
		a.Items = append(a.Items, Item{Level: Info, Kind: FadeReasons, Path: consolepath.Mentorships(""), Fades: fades})
	}

	joined, err := s.store.MembersConfirmedSince(ctx, now.Add(-7*24*time.Hour))
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: new members: %w", err)
	}
	names := make([]string, 0, len(joined))
	for _, m := range joined {
		names = append(names, m.Name)
	}
	a.Items = append(a.Items, Item{Level: Info, Kind: NewMembers, Count: len(names), Names: names})

	open, err := s.store.OpenTopics(ctx)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: wanted topics: %w", err)
	}
	if len(open) > 0 {
		a.Items = append(a.Items, Item{Level: Info, Kind: WantedTopics, Path: consolepath.Topics, Topics: Wanted(open)})
	}

	slices.SortStableFunc(a.Items, func(x, y Item) int { return cmp.Compare(x.Level, y.Level) })
	return a, nil
}

// meetupItems is what needs action about one coming meetup.
func meetupItems(m Meetup) []Item {
	var out []Item
	switch step := callforspeakers.StepFor(m.Days); {
	case len(m.Programme) > 0:
	case step == callforspeakers.TwoWeeks:
		out = append(out, Item{Level: Urgent, Kind: NoTalk, Path: m.Path, Meetup: m})
	case step != callforspeakers.None:
		out = append(out, Item{Level: Action, Kind: NoTalk, Path: m.Path, Meetup: m})
	}
	for _, t := range m.Programme {
		if t.Status != talks.Accepted {
			continue
		}
		it := Item{Kind: UnconfirmedSpeaker, Path: m.Path, Meetup: m, Talk: t}
		switch {
		case m.Days < unconfirmedUrgent:
			it.Level = Urgent
		case m.Days <= unconfirmedAction:
			it.Level = Action
		default:
			continue
		}
		out = append(out, it)
	}
	if m.Waiting >= LongWaitlistSize {
		out = append(out, Item{Level: Action, Kind: LongWaitlist, Path: m.Path, Meetup: m})
	}
	return out
}

// meetups reads the meetups starting within the horizon, each with its
// programme, soonest first.
func (s *Service) meetups(ctx context.Context, now time.Time) ([]Meetup, error) {
	ms, err := s.store.MeetupsStarting(ctx, now, now.Add(HorizonDays*24*time.Hour))
	if err != nil {
		return nil, fmt.Errorf("meetups: %w", err)
	}
	slices.SortStableFunc(ms, func(x, y meetups.Meetup) int { return x.StartsAt.Compare(y.StartsAt) })
	out := make([]Meetup, 0, len(ms))
	for _, m := range ms {
		m = m.AsOf(now) // seats held past their time count as free
		var programme []Talk
		for _, st := range []talks.Status{talks.Accepted, talks.Confirmed} {
			ts, err := s.talks(ctx, talks.Filter{MeetupID: m.ID, Status: st})
			if err != nil {
				return nil, fmt.Errorf("programme of %s: %w", m.ID, err)
			}
			for _, t := range ts {
				programme = append(programme, s.talk(t))
			}
		}
		slices.SortStableFunc(programme, func(x, y Talk) int { return x.Submitted.Compare(y.Submitted) })
		out = append(out, Meetup{
			ID: m.ID, Title: m.Title, StartsAt: m.StartsAt.In(s.zone), When: m.When(s.zone),
			Days: callforspeakers.DaysUntil(now, m.StartsAt, s.zone), Capacity: m.Capacity, Seats: len(m.Seats),
			Waiting: len(m.Waitlist), Programme: programme, Path: consolepath.Meetup(m.ID),
		})
	}
	return out, nil
}

func (s *Service) talk(t talks.Talk) Talk {
	return Talk{ID: t.ID, Title: t.Title, Speaker: t.Name, Status: t.Status, Submitted: t.CreatedAt.In(s.zone)}
}

// talks reads every talk f selects, page by page.
func (s *Service) talks(ctx context.Context, f talks.Filter) ([]talks.Talk, error) {
	var out []talks.Talk
	cursor := ""
	for {
		page, next, err := s.store.ListTalks(ctx, f, cursor, 100)
		if err != nil {
			return nil, fmt.Errorf("talks: %w", err)
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}
