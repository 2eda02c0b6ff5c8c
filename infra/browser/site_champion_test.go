package browser

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// meetupAt schedules a meetup starting at start, for three hours.
func meetupAt(t *testing.T, token, title string, start time.Time) string {
	t.Helper()
	return postMeetup(t, token, fmt.Sprintf(`{"title":%q,"starts_at":%q,"ends_at":%q,"venue":"Tehran","capacity":40}`, title,
		start.Format(time.RFC3339), start.Add(3*time.Hour).Format(time.RFC3339)))
}

// championBefore writes a league of two robots finished a second before
// the meetup starting at start: the meetup announces its champion.
func championBefore(t *testing.T, id, title, champion string, start time.Time) {
	t.Helper()
	tehran, _ := time.LoadLocation("Asia/Tehran")
	finished := start.Add(-time.Second)
	wiringtest.WriteLeague(t, stackTable(), wiringtest.League{ID: id, Title: title, Closes: finished.AddDate(0, 0, -10), Robots: 2,
		Finished: true, FinishedAt: finished, Zone: tehran, Labels: []string{champion, "Runner-up v1"}, Champion: "e0"})
}

// The website's list of upcoming meetups announces under each the
// champions of the leagues finished since the meetup before it, escaped,
// each a link to the league's page: the list built with the site, and,
// with JavaScript, a champion announced since the build.
func TestSiteAnnouncesTheChampion(t *testing.T) {
	token := organizerToken(t)
	tag := testenv.RandomHex(4)
	// Starting at an odd second, so no other meetup starts between the
	// league's end and it.
	start := time.Now().Add(20*time.Hour + time.Duration(time.Now().Nanosecond()%3600)*time.Second).Truncate(time.Second)
	built := meetupAt(t, token, "Champions' night "+tag, start)
	builtLeague := "cup-" + tag
	championBefore(t, builtLeague, "<b>Cup</b> "+tag, "Bolt <i>x</i> v1", start)
	if err := stack.BuildSite(t.Context()); err != nil {
		t.Fatal(err)
	}
	later := start.Add(30*time.Hour + 17*time.Second)
	since := meetupAt(t, token, "Announced since "+tag, later)
	sinceLeague := "later-" + tag
	championBefore(t, sinceLeague, "Later cup "+tag, "Nova v2", later)
	news := func(meetup, league string) string {
		return `[data-tehpug-meetups] li[data-id="` + meetup + `"] .tehpug-announcement[data-league="` + league + `"] a`
	}

	t.Run("without JavaScript", func(t *testing.T) {
		ctx := browser(t)
		noScript(t, ctx)
		site(t, ctx, "/")
		wantText(t, ctx, news(built, builtLeague), "Champion of the Battlefield league “<b>Cup</b> "+tag+"”: Bolt <i>x</i> v1.")
		if href := get(t, ctx, chromedp.AttributeValue(chromedp.CSS(news(built, builtLeague)), "href")).Value; href != stack.HTTPURL()+"/leagues/"+builtLeague+"?lang=en" {
			t.Errorf("the announcement links to %q", href)
		}
		if n := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.tehpug-announcement b, .tehpug-announcement i').length`)); n != 0 {
			t.Error("the league's title or the robot's name is markup on the page, not text")
		}
		if n := get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('[data-tehpug-meetups] li[data-id="%s"]').length`, since))); n != 0 {
			t.Error("without JavaScript the list shows a meetup planned after the build")
		}
		checkPage(t, ctx, "home-champion-nojs-en")
	})

	t.Run("with JavaScript, in Persian", func(t *testing.T) {
		ctx := browser(t)
		site(t, ctx, "/fa/")
		wantText(t, ctx, news(since, sinceLeague), "قهرمان لیگ میدان نبرد")
		wantText(t, ctx, news(since, sinceLeague), "Nova v2")
		wantText(t, ctx, news(built, builtLeague), "<b>Cup</b> "+tag)
		if href := get(t, ctx, chromedp.AttributeValue(chromedp.CSS(news(since, sinceLeague)), "href")).Value; href != stack.HTTPURL()+"/leagues/"+sinceLeague+"?lang=fa" {
			t.Errorf("the announcement links to %q", href)
		}
		if n := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.tehpug-announcement b, .tehpug-announcement i').length`)); n != 0 {
			t.Error("the script wrote the league's title or the robot's name as markup")
		}
		if n := get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('li[data-id="%s"] .tehpug-announcement[data-league="%s"]').length`, built, sinceLeague))); n != 0 {
			t.Error("a champion is announced at a meetup before the one after it finished")
		}
		checkPage(t, ctx, "home-champion-fa")
	})
}
