// Command league-draw is the scheduled draw of the leagues whose
// registration has closed (template.yaml's LeagueDrawFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.LeagueDrawFunction) }
