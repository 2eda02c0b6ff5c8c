package local

import (
	"context"
	"testing"
	"time"
)

// TestColdStart measures a cold start of the echo function, with its own
// bootstrap and with another one given, and leaves no environment behind.
func TestColdStart(t *testing.T) {
	s := echoStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	before := len(s.pids())
	for _, bootstrap := range []string{"", echoBootstrap(t)} {
		d, err := s.ColdStart(ctx, "EchoFunction", bootstrap, []byte(`{"rawPath":"/echo"}`))
		if err != nil {
			t.Fatal(err)
		}
		if d <= 0 || d > 10*time.Second {
			t.Errorf("INIT duration %s", d)
		}
	}
	if _, err := s.ColdStart(ctx, "NoSuchFunction", "", nil); err == nil {
		t.Error("a cold start of a function the stack does not run succeeded")
	}
	if after := len(s.pids()); after != before {
		t.Errorf("%d processes after the cold starts, %d before", after, before)
	}
}
