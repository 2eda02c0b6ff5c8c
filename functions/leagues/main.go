// Command leagues is the Lambda function behind Battlefield's leagues:
// opening one, the list and each league's page, entering a robot
// (template.yaml's LeaguesFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.LeaguesFunction) }
