// Command talks is the Lambda function behind the call-for-proposals routes
// (template.yaml's TalksFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.TalksFunction) }
