package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/samtemplate"
)

// maxColdStartRatio is the limit: a function's median cold start
// at most this many times hello-world's.
const maxColdStartRatio = 2.0

// coldStarts are the INIT durations measured, by function, hello-world first.
type coldStarts struct {
	ids     []string
	samples map[string][]time.Duration
	rounds  int
}

// apiEvent is what a function with HTTP routes is invoked with: a payload
// format 2.0 GET of a route none serves, so every router answers 404
// without touching DynamoDB. Initialisation does not depend on it.
const apiEvent = `{"version":"2.0","routeKey":"$default","rawPath":"/bench/cold-start","headers":{},` +
	`"requestContext":{"requestId":"cold-start","routeKey":"$default","http":{"method":"GET","path":"/bench/cold-start"}}}`

// measureColdStarts runs rounds of cold starts, round-robin: hello-world,
// then each function in template order, each sample a fresh emulator
// process whose first invocation initialises the runtime. One first round
// is run and discarded, so that no sample pays for reading a binary from
// disk the first time.
func measureColdStarts(ctx context.Context, s *local.Stack, tpl *samtemplate.Template, hello string, rounds int) (coldStarts, error) {
	if len(tpl.Functions) == 0 {
		return coldStarts{}, fmt.Errorf("no functions in the template")
	}
	type subject struct {
		id, envOf, bootstrap string
		payload              []byte
	}
	// Hello-world runs with the first function's environment: it reads none of it.
	subjects := []subject{{id: helloID, envOf: tpl.Functions[0].LogicalID, bootstrap: hello, payload: []byte(apiEvent)}}
	for _, fn := range tpl.Functions {
		if fn.Python() {
			continue // the match runner: its own section (battlefield.go)
		}
		payload := []byte(apiEvent)
		if len(fn.Routes) == 0 {
			payload = []byte(`{}`) // a scheduled function
		}
		subjects = append(subjects, subject{id: fn.LogicalID, envOf: fn.LogicalID, payload: payload})
	}
	cs := coldStarts{samples: map[string][]time.Duration{}, rounds: rounds}
	for _, sub := range subjects {
		cs.ids = append(cs.ids, sub.id)
	}
	for round := 0; round <= rounds; round++ {
		for _, sub := range subjects {
			d, err := s.ColdStart(ctx, sub.envOf, sub.bootstrap, sub.payload)
			if err != nil {
				return coldStarts{}, fmt.Errorf("cold start of %s: %w", sub.id, err)
			}
			if round > 0 {
				cs.samples[sub.id] = append(cs.samples[sub.id], d)
			}
		}
		if round > 0 && (round%5 == 0 || round == rounds) {
			progress("cold starts: %d of %d rounds", round, rounds)
		}
	}
	return cs, nil
}

func printColdStarts(w io.Writer, cs coldStarts) {
	hello := percentile(cs.samples[helloID], 50)
	fmt.Fprintf(w, "\n## Cold starts\n\n")
	fmt.Fprintf(w, "INIT duration reported by the Lambda Runtime Interface Emulator, in ms; %d rounds, round-robin, "+
		"each sample a fresh emulator and runtime process (one warm-up round discarded). Limit: median ≤ %.0f× hello-world's.\n\n", cs.rounds, maxColdStartRatio)
	fmt.Fprintf(w, "| Function | Samples | Min | Median | p90 | Max | Median ÷ hello-world | ≤ %.0f× |\n|---|--:|--:|--:|--:|--:|--:|:-:|\n", maxColdStartRatio)
	var over []string
	worst := 0.0
	for _, id := range cs.ids {
		s := cs.samples[id]
		med := percentile(s, 50)
		ratio := float64(med) / float64(hello)
		ok := ratio <= maxColdStartRatio
		if !ok {
			over = append(over, id)
		}
		if id != helloID {
			worst = max(worst, ratio)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %.2f× | %s |\n", id, len(s),
			ms(percentile(s, 0)), ms(med), ms(percentile(s, 90)), ms(percentile(s, 100)), ratio, yesNo(ok))
	}
	if len(over) == 0 {
		fmt.Fprintf(w, "\nEvery function starts within %.2f× hello-world's median (limit %.0f×).\n", worst, maxColdStartRatio)
	} else {
		fmt.Fprintf(w, "\nNOT MET: %s above %.0f× hello-world's median.\n", strings.Join(over, ", "), maxColdStartRatio)
	}
}
