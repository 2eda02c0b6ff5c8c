package battlefieldapi_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// runnerDir is the match runner's code, run by a local python3.
func runnerDir() string { return filepath.Join(testenv.Root(), "battlefield") }

func newClient(t *testing.T) *apitest.Client {
	t.Helper()
	sys := wiringtest.New(t, wiring.WithRunner(matchrunner.Process(runnerDir())))
	return apitest.New(t, sys, wiring.BattlefieldFunction)
}

// starter is the duel's starter robot, as a member would send it.
func starter(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.Root(), "battlefield", "starters", "duel.py"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// multipartForm is a browser's post of the robot form: fields, and the
// code as an uploaded file when file is set.
func multipartForm(t *testing.T, fields map[string]string, file string) (contentType, body string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile("file", "robot.py")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write([]byte(file))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.String()
}

func submit(c *apitest.Client, addr, name, code string) events.APIGatewayV2HTTPResponse {
	c.T.Helper()
	ct, body := multipartForm(c.T.(*testing.T), map[string]string{"name": "Sara", "email": addr, "language": "en", "game": "duel", "robot": name, "lang": "en"}, code)
	return c.Do("POST", "/battlefield/robots", ct, body, "Accept", "text/html")
}

func TestARobotFromUploadToReplay(t *testing.T) {
	c := newClient(t)
	addr := apitest.UniqueEmail("robot")

	// Code that does not parse is refused on the form, naming its line.
	resp := submit(c, addr, "Adder", "from battlefield import Robot\n\nclass Adder(Robot:\n    pass\n")
	apitest.WantStatus(t, resp, 422)
	if !strings.Contains(resp.Body, "line 3") || !strings.Contains(resp.Body, "class Adder(Robot:") {
		t.Errorf("refused form does not name line 3 and keep the code:\n%s", resp.Body)
	}
	// Code with no robot class is refused too.
	resp = submit(c, addr, "Adder", "def step(state):\n    return 0\n")
	apitest.WantStatus(t, resp, 422)
	if len(testenv.EmailsTo(t, addr)) != 0 {
		t.Fatal("a refused robot was emailed about")
	}

	// The starter robot, uploaded: stored pending, and its link emailed.
	resp = submit(c, addr, "Adder", starter(t))
	apitest.WantStatus(t, resp, 303)
	mails := testenv.EmailsTo(t, addr)
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "Adder v1") {
		t.Fatalf("emails %+v, want one confirming Adder v1", mails)
	}
	raw := apitest.LinkIn(t, mails[0], "/battlefield/robot")

	// A pending robot plays nothing.
	practice := func(opponent string) events.APIGatewayV2HTTPResponse {
		return c.PostJSON("/battlefield/robot/practice", map[string]string{"token": raw, "opponent": opponent})
	}
	apitest.WantStatus(t, practice("calculator"), 409)

	page := c.Do("GET", "/battlefield/robot?token="+url.QueryEscape(raw), "", "", "Accept", "text/html")
	apitest.WantStatus(t, page, 200)
	if !strings.Contains(page.Body, `action="/battlefield/robot/confirm"`) {
		t.Fatalf("pending robot's page has no confirm button:\n%s", page.Body)
	}
	resp = c.Do("POST", "/battlefield/robot/confirm", "application/x-www-form-urlencoded", "token="+url.QueryEscape(raw), "Accept", "text/html")
	apitest.WantStatus(t, resp, 303)

	// Only a house robot of its game is an opponent.
	apitest.WantStatus(t, practice("straight"), 422)

	resp = practice("calculator")
	apitest.WantStatus(t, resp, 201)
	var m struct {
		ID     string          `json:"id"`
		Winner *int            `json:"winner"`
		Scores [2]int          `json:"scores"`
		Turns  int             `json:"turns"`
		Replay json.RawMessage `json:"replay"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &m); err != nil {
		t.Fatal(err)
	}
	if m.ID == "" || m.Turns == 0 || len(m.Replay) == 0 {
		t.Fatalf("practice answered %s", resp.Body)
	}
	// The result is emailed with the replay's link; so is every practice
	// match's, past the daily cap of form emails (3 here).
	mails = testenv.EmailsTo(t, addr)
	if len(mails) != 2 || !strings.Contains(mails[1].Text, "/battlefield/matches/"+m.ID+"?lang=en") {
		t.Fatalf("no practice email with the replay link: %+v", mails)
	}
	for range 3 {
		apitest.WantStatus(t, practice("sloppy"), 201)
	}
	if n := testenv.CountEmails(t, addr, "Practice match"); n != 4 {
		t.Errorf("%d practice emails after four practice matches", n)
	}

	// The replay as a page, as JSON, and the runner's JSON as it is.
	html := c.Serve("GET", "/battlefield/matches/{matchId}", "/battlefield/matches/"+m.ID, "", "", "Accept", "text/html")
	apitest.WantStatus(t, html, 200)
	apitest.WantContains(t, html.Body, "replay page", `id="replay-data"`, `src="/battlefield/replay.js"`, "Adder v1", "calculator")
	if csp := html.Headers["Content-Security-Policy"]; !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("replay page CSP %q", csp)
	}
	replay := c.Serve("GET", "/battlefield/matches/{matchId}/replay", "/battlefield/matches/"+m.ID+"/replay", "", "")
	apitest.WantStatus(t, replay, 200)
	var compact bytes.Buffer
	if err := json.Compact(&compact, m.Replay); err != nil || !json.Valid([]byte(replay.Body)) {
		t.Fatalf("replay not JSON: %v", err)
	}

	// The robot's page lists the match.
	page = c.Do("GET", "/battlefield/robot?token="+url.QueryEscape(raw), "", "", "Accept", "text/html")
	if !strings.Contains(page.Body, "/battlefield/matches/"+m.ID+"?lang=en") {
		t.Errorf("robot page does not list its match")
	}

	// Everything stored is the owner's: erasing them takes it all.
	keys := strings.Join(c.OwnerKeys(addr), " ")
	apitest.WantContains(t, keys, "the owner's items", "ROBOT#", "ROBOTNAME#", "MATCH#"+m.ID)

	// A member's practice matches are counted: past the day's, a 429.
	for range battlefield.PracticePerDay - 4 {
		if ok, err := c.Store().AllowEmail(t.Context(), "practice-match", addr, battlefield.PracticePerDay, c.Now()); err != nil || !ok {
			t.Fatalf("count a practice match: %v %v", ok, err)
		}
	}
	resp = practice("sloppy")
	apitest.WantStatus(t, resp, 429)
	if resp.Headers["Retry-After"] == "" {
		t.Error("the refused practice match says nothing of when to come back")
	}

	// The same name again is the next version.
	resp = submit(c, addr, "adder", starter(t))
	apitest.WantStatus(t, resp, 303)
	if mails = testenv.EmailsTo(t, addr); !strings.Contains(mails[len(mails)-1].Subject, "adder v2") {
		t.Errorf("second submission's email %q, want version 2", mails[len(mails)-1].Subject)
	}
}

// A member's robot emails carry the link to their own page, like every
// email a member gets; a stranger's carry none.
func TestRobotEmailsCarryTheMembersPage(t *testing.T) {
	c := newClient(t)
	member, stranger := apitest.UniqueEmail("robot-member"), apitest.UniqueEmail("robot-stranger")
	c.ConfirmedMember("Sara", member)
	for _, addr := range []string{member, stranger} {
		apitest.WantStatus(t, submit(c, addr, "Adder", starter(t)), 303)
		mails := testenv.EmailsTo(t, addr)
		raw := apitest.LinkIn(t, mails[len(mails)-1], "/battlefield/robot")
		apitest.WantStatus(t, c.PostJSON("/battlefield/robot/confirm", map[string]string{"token": raw}), 200)
		apitest.WantStatus(t, c.PostJSON("/battlefield/robot/practice", map[string]string{"token": raw, "opponent": "sloppy"}), 201)
		mails = testenv.EmailsTo(t, addr)
		for _, m := range mails[len(mails)-2:] {
			has := strings.Contains(m.Text, wiringtest.BaseURL+"/me?token=")
			if has != (addr == member) {
				t.Errorf("%s: %q carries a page link: %v", addr, m.Subject, has)
			}
		}
	}
}

// A robot form that fills the honeypot is answered like any other and
// dropped: nothing stored, nothing emailed.
func TestRobotHoneypot(t *testing.T) {
	c := newClient(t)
	addr := apitest.UniqueEmail("robot-bot")
	ct, body := multipartForm(t, map[string]string{"name": "Bot", "email": addr, "game": "duel", "robot": "Spam", "website": "spam.example"}, starter(t))
	apitest.WantStatus(t, c.Do("POST", "/battlefield/robots", ct, body, "Accept", "text/html"), 303)
	if n := len(testenv.EmailsTo(t, addr)); n != 0 || len(c.OwnerKeys(addr)) != 0 {
		t.Errorf("a honeypot post was emailed (%d) or stored (%v)", n, c.OwnerKeys(addr))
	}
}

func TestRobotLinksNameNobodyElse(t *testing.T) {
	c := newClient(t)
	resp := c.Do("GET", "/battlefield/robot?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", "", "Accept", "text/html")
	if resp.StatusCode != 404 {
		t.Fatalf("forged link: %d", resp.StatusCode)
	}
	resp = c.PostJSON("/battlefield/robot/practice", map[string]string{"token": "nope", "opponent": "calculator"})
	apitest.WantStatus(t, resp, 404)
	resp = c.Serve("GET", "/battlefield/matches/{matchId}", "/battlefield/matches/nosuchmatch", "", "")
	apitest.WantStatus(t, resp, 404)
}

func TestStarterRobots(t *testing.T) {
	c := newClient(t)
	resp := c.Serve("GET", "/battlefield/starters/{game}", "/battlefield/starters/duel", "", "")
	apitest.WantStatus(t, resp, 200)
	if resp.Body != starter(t) || !strings.Contains(resp.Headers["Content-Disposition"], "duel.py") {
		t.Errorf("the duel's starter download is %q with %v", resp.Body[:min(len(resp.Body), 80)], resp.Headers)
	}
	apitest.WantStatus(t, c.Serve("GET", "/battlefield/starters/{game}", "/battlefield/starters/chess", "", ""), 404)
	page := c.Do("GET", "/battlefield?lang=fa", "", "", "Accept", "text/html")
	for _, g := range battlefield.Games {
		if !strings.Contains(page.Body, `href="/battlefield/starters/`+g.Name+`"`) || !strings.Contains(page.Body, g.Title[1]) {
			t.Errorf("the Persian page does not offer %s and its starter", g.Name)
		}
	}
}

func TestGamesAgreeWithTheRunner(t *testing.T) {
	out, err := matchrunner.Process(runnerDir()).Games(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(battlefield.Games) {
		t.Fatalf("runner plays %v; Go knows %v", out, battlefield.Games)
	}
	for _, g := range battlefield.Games {
		house, ok := out[g.Name]
		if !ok {
			t.Errorf("the runner does not play %s", g.Name)
			continue
		}
		for _, h := range g.House {
			if !strings.Contains(" "+strings.Join(house, " ")+" ", " "+h+" ") {
				t.Errorf("%s: the runner has no house robot %s (it has %v)", g.Name, h, house)
			}
		}
	}
}
