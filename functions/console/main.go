// Command console is the Lambda function behind the organizers' console:
// its pages, sign-in by emailed link, and every form an organizer sends
// from a browser (template.yaml's ConsoleFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.ConsoleFunction) }
