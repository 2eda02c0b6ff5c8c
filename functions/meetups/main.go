// Command meetups is the Lambda function behind the meetup and registration
// routes (template.yaml's MeetupsFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.MeetupsFunction) }
