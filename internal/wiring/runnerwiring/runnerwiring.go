// Package runnerwiring builds the functions that invoke Battlefield's match
// runner (BattlefieldFunction, LeaguePlayFunction) from the composition root
// (package wiring), as wiring builds every other function. It is a package
// of its own so that the AWS SDK's Lambda client, which invoking the runner
// needs, is in those two binaries only: every main links package wiring, and
// a client linked there would cost every function its megabyte and its
// start-up work (infra/contract checks that no other function links it).
package runnerwiring

import (
	"github.com/tehpug/backend/internal/battlefield"
	"github.com/tehpug/backend/internal/matchrunner"
	"github.com/tehpug/backend/internal/wiring"
)

// BattlefieldFunction serves robots, practice matches and replays.
func BattlefieldFunction(a *wiring.App) wiring.Handler {
	a.UseRunner(Runner(a))
	return wiring.BattlefieldFunction(a)
}

// LeaguePlayFunction plays the league fixtures due.
func LeaguePlayFunction(a *wiring.App) wiring.Handler {
	a.UseRunner(Runner(a))
	return wiring.LeaguePlayFunction(a)
}

// Runner is the match runner, MATCH_RUNNER_FUNCTION, invoked through
// Lambda's Invoke API (the local stack's when AWS_ENDPOINT_URL_LAMBDA says).
func Runner(a *wiring.App) battlefield.Runner {
	return matchrunner.Lambda(a.AWSConfig(), a.Env().Endpoint("LAMBDA"), a.Env().Required("MATCH_RUNNER_FUNCTION"))
}
