// Command auth is the Lambda function behind organizer sign-in: the emailed
// link and its exchange for a session token (template.yaml's AuthFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.AuthFunction) }
