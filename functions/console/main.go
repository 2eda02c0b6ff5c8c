// Command console is the Lambda function behind the organizers' console:
// its pages, sign-in by emailed link and by passkey, and every form an
// organizer sends from a browser (template.yaml's ConsoleFunction).
package main

import (
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/consolewiring"
)

func main() { wiring.Start(consolewiring.ConsoleFunction) }
