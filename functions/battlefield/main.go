// Command battlefield is the Lambda function behind Battlefield's routes:
// robots sent and confirmed, practice matches, replays (template.yaml's
// BattlefieldFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.BattlefieldFunction) }
