package consolepath_test

import (
	"testing"

	"github.com/tehpug/backend/internal/consolepath"
)

func TestTalkPaths(t *testing.T) {
	for got, want := range map[string]string{
		consolepath.Talk("a/b"):                                        "/console/talks/a%2Fb",
		consolepath.AcceptTalk("x"):                                    "/console/talks/x/accept",
		consolepath.RejectTalk("x"):                                    "/console/talks/x/reject",
		consolepath.TalkDecision("x", "reject", "", ""):                "/console/talks/x?decision=reject",
		consolepath.TalkDecision("x", "accept", "m 1", "see you & #1"): "/console/talks/x?decision=accept&meetup=m+1&message=see+you+%26+%231",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
	// A talk's page is a console page a sign-in link may lead back to.
	if p := consolepath.TalkDecision("x", "accept", "m", ""); consolepath.Next(p) != p {
		t.Errorf("Next(%q) = %q", p, consolepath.Next(p))
	}
}
