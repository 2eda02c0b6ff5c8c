// Command league-play is the scheduled play of the league matches due
// (template.yaml's LeaguePlayFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.LeaguePlayFunction) }
